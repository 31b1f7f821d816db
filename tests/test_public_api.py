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
