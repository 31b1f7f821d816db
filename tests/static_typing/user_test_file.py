"""A user's test file as mypy --strict sees it (checked by tests/test_typing.py;
not collected: its name does not start with ``test_``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import pytest
from mypy_boto3_codeartifact import CodeArtifactClient

from mock_codeartifact import (
    Backend,
    Call,
    CodeArtifactFactory,
    CodeArtifactMock,
    Faults,
    Snapshot,
    current_mock,
    mock_codeartifact,
)


@mock_codeartifact
def test_decorator_style() -> None:
    client: CodeArtifactClient = boto3.client("codeartifact", region_name="us-east-1")
    client.create_domain(domain="acme")
    mock: CodeArtifactMock = current_mock()
    faults: Faults = mock.register_plugin(Faults())
    faults.throttle("CopyPackageVersions")
    saved: Snapshot = mock.snapshot()
    mock.restore(saved)
    call: Call = mock.calls.of("CreateDomain")[0]
    assert call.params["domain"] == "acme"
    mock.assert_called("CreateDomain", domain="acme")


@pytest.mark.codeartifact(region="eu-west-1")
def test_fixture_style(
    codeartifact_mock: CodeArtifactMock,
    codeartifact_client: CodeArtifactClient,
    codeartifact_backend: Backend,
    codeartifact_factory: CodeArtifactFactory,
    codeartifact_domain: dict[str, Any],
    codeartifact_faults: Faults,
) -> None:
    codeartifact_factory.repository("staging")
    codeartifact_factory.package_version("staging", "widgets", "1.0.0", format="npm",
                                         published_time=dt.timedelta(days=30))
    versions = codeartifact_client.list_package_versions(
        domain=codeartifact_domain["name"], repository="staging", format="npm", package="widgets")
    assert [v["version"] for v in versions["versions"]] == ["1.0.0"]
    with mock_codeartifact() as nested:
        assert nested.backend() is not None
    codeartifact_mock.calls.assert_called_once("ListPackageVersions", package="widgets")
