"""The public API is what ``mock_codeartifact.__all__`` lists, and importing
the package stays cheap (names load on first use)."""

from __future__ import annotations

import pytest

import subprocess
import sys

import mock_codeartifact


def test_every_public_name_resolves():
    assert set(mock_codeartifact.__all__) == set(mock_codeartifact._EXPORTS)
    for name in mock_codeartifact.__all__:
        assert getattr(mock_codeartifact, name) is not None
    assert set(mock_codeartifact.__all__) <= set(dir(mock_codeartifact))


def test_unknown_attribute_is_an_attribute_error():
    try:
        mock_codeartifact.does_not_exist  # noqa: B018
    except AttributeError as error:
        assert "does_not_exist" in str(error)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


@pytest.mark.slow
def test_importing_the_package_loads_neither_botocore_nor_the_model():
    code = "import sys, mock_codeartifact, mock_codeartifact.pytest_plugin; print(sorted(m for m in ('botocore', 'boto3', 'regex') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_a_first_call_loads_only_what_it_needs():
    """First use stays cheap (benchmarks/bench_first_use.py): a mock and a call
    that names no package load no format plugin, no persistence, no public
    registry, no requests, and no pluggy (no plugin is registered)."""
    code = """if True:
        import sys, boto3
        from mock_codeartifact import mock_codeartifact
        with mock_codeartifact():
            boto3.client("codeartifact", region_name="us-east-1").create_domain(domain="acme")
        print(sorted(m for m in ("requests", "pluggy", "sortedcontainers", "mock_codeartifact._backend.persistence",
                                 "mock_codeartifact._backend.public_registries", "mock_codeartifact._formats",
                                 "mock_codeartifact._policy_language") if m in sys.modules))
    """
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
