"""The fixtures, their ini options, and isolation between tests."""

from __future__ import annotations

import pytest

from mock_codeartifact import CodeArtifactMock

pytest_plugins = ["pytester"]


def test_fixtures_share_one_mock(codeartifact_mock, codeartifact_client, codeartifact_backend):
    assert isinstance(codeartifact_mock, CodeArtifactMock) and codeartifact_mock.active
    codeartifact_backend.create_domain(domain="seeded")
    assert [d["name"] for d in codeartifact_client.list_domains()["domains"]] == ["seeded"]
    assert codeartifact_client.meta.region_name == codeartifact_mock.region == "us-east-1"


@pytest.mark.parametrize("round_", [1, 2])
def test_no_state_leaks_between_tests(codeartifact_client, round_):
    assert codeartifact_client.list_domains()["domains"] == []
    codeartifact_client.create_domain(domain="leak-check")


def test_ini_options_and_isolation_in_a_fresh_run(pytester):
    pytester.makeini(
        """
        [pytest]
        codeartifact_region = eu-central-1
        codeartifact_account_id = 210987654321
        """
    )
    pytester.makepyfile(
        """
        import boto3

        module_client = boto3.client("codeartifact", region_name="eu-central-1")

        def test_defaults(codeartifact_client, codeartifact_backend):
            domain = codeartifact_client.create_domain(domain="acme")["domain"]
            assert domain["arn"] == "arn:aws:codeartifact:eu-central-1:210987654321:domain/acme"
            assert codeartifact_backend.account_id == "210987654321"

        def test_client_made_at_collection_is_routed(codeartifact_mock):
            assert module_client.list_domains()["domains"] == []
            module_client.create_domain(domain="early")
            assert list(codeartifact_mock.backend().domains) == ["early"]
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_no_leak_under_xdist(pytester):
    pytest.importorskip("xdist")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", range(8))
        def test_fresh(codeartifact_client, codeartifact_backend, n):
            assert codeartifact_client.list_domains()["domains"] == []
            codeartifact_client.create_domain(domain=f"d{n}")
            assert list(codeartifact_backend.domains) == [f"d{n}"]
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=8)


def test_opting_out_with_no_codeartifact(pytester):
    """``-p no:codeartifact``: no fixtures, and nothing of the mock is loaded
    or patched (botocore and requests are their own)."""
    pytester.makepyfile(
        """
        import sys

        import botocore.endpoint
        import requests

        def test_nothing_is_loaded_or_patched(request):
            assert "mock_codeartifact" not in sys.modules
            assert "make_request" in vars(botocore.endpoint.Endpoint)
            assert botocore.endpoint.Endpoint.make_request.__module__ == "botocore.endpoint"
            assert requests.Session.get_adapter.__module__ == "requests.sessions"
            assert "codeartifact_client" not in request.fixturenames
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-p", "no:codeartifact")
    result.assert_outcomes(passed=1)
