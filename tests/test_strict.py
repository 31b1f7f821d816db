"""Strict mode: a fault injected but never triggered fails the mock's stop."""

from __future__ import annotations

import boto3
import pytest

from mock_codeartifact import AccessDeniedException, Faults, UnfiredFaultsError, mock_codeartifact


def test_an_unfired_fault_fails_the_with_block():
    with pytest.raises(UnfiredFaultsError) as caught:
        with mock_codeartifact(strict=True) as mock:
            faults = mock.register_plugin(Faults())
            faults.throttle("CopyPackageVersions", when={"package": "widgets"})
            fired = faults.fail("ListDomains", error=AccessDeniedException)
            with pytest.raises(Exception):
                boto3.client("codeartifact", region_name="us-east-1").list_domains()
    assert caught.value.faults[0].operation == "CopyPackageVersions" and fired.fired
    assert "throttle CopyPackageVersions when {'package': 'widgets'}" in str(caught.value)
    assert not mock.active and isinstance(caught.value, AssertionError)


def test_the_test_s_own_error_wins_over_strict_mode():
    with pytest.raises(KeyError):
        with mock_codeartifact(strict=True) as mock:
            mock.register_plugin(Faults()).throttle("CopyPackageVersions")
            raise KeyError("the real problem")


def test_stop_raises_after_cleaning_up_and_the_decorator_too():
    mock = mock_codeartifact(strict=True)
    mock.start()
    mock.register_plugin(Faults()).delay("ListDomains", 0)
    with pytest.raises(UnfiredFaultsError):
        mock.stop()
    assert not mock.active

    @mock_codeartifact(strict=True)
    def decorated() -> None:
        from mock_codeartifact import current_mock

        current_mock().register_plugin(Faults()).delay("ListDomains", 0)

    with pytest.raises(UnfiredFaultsError):
        decorated()


def test_not_strict_by_default():
    with mock_codeartifact() as mock:
        mock.register_plugin(Faults()).throttle("CopyPackageVersions")
