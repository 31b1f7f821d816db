"""pytest plugin (entry point ``pytest11``): fixtures and ini options.

Loading it costs next to nothing: nothing heavy is imported until a fixture
is used. Fixtures:

- ``codeartifact_mock``: the active :class:`~mock_codeartifact.CodeArtifactMock`;
- ``codeartifact_client``: a boto3 ``codeartifact`` client inside it;
- ``codeartifact_backend``: the backend of the mock's account and Region;
- ``codeartifact_faults``: a :class:`~mock_codeartifact.faults.Faults` plugin
  registered on the mock (throttle, fail or delay operations).

ini options ``codeartifact_region`` and ``codeartifact_account_id`` set the
defaults (``us-east-1`` and ``123456789012``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mock_codeartifact.backend import Backend
    from mock_codeartifact.faults import Faults
    from mock_codeartifact.mock import CodeArtifactMock

    try:
        from mypy_boto3_codeartifact import CodeArtifactClient
    except ImportError:  # the stubs are optional
        CodeArtifactClient = Any  # type: ignore[misc,assignment]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("codeartifact_region", "Default AWS Region of the CodeArtifact mock", default="us-east-1")
    parser.addini("codeartifact_account_id", "Default account id of the CodeArtifact mock", default="123456789012")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "codeartifact: the test uses the CodeArtifact mock fixtures")
    # Nothing to install: a started mock answers every codeartifact client,
    # whenever it was created (see docs/intercepts.md).


@pytest.fixture
def codeartifact_mock(request: pytest.FixtureRequest) -> Iterator[CodeArtifactMock]:
    """A started mock; stopped, with all its state dropped, after the test."""
    from mock_codeartifact.mock import CodeArtifactMock

    ini = request.config.getini
    with CodeArtifactMock(
        account_id=ini("codeartifact_account_id"), region=ini("codeartifact_region")
    ) as mock:
        yield mock


@pytest.fixture
def codeartifact_client(codeartifact_mock: CodeArtifactMock) -> CodeArtifactClient:
    """A boto3 CodeArtifact client in the mock's Region."""
    import boto3

    return boto3.client("codeartifact", region_name=codeartifact_mock.region)


@pytest.fixture
def codeartifact_backend(codeartifact_mock: CodeArtifactMock) -> Backend:
    """The state behind ``codeartifact_client``, for seeding and assertions."""
    return codeartifact_mock.backend()


@pytest.fixture
def codeartifact_faults(codeartifact_mock: CodeArtifactMock) -> Faults:
    """Fault injection for this test's calls (registered on the mock, gone with it)::

        codeartifact_faults.throttle("CopyPackageVersions", times=2, retry_after=1)
    """
    from mock_codeartifact.faults import Faults

    faults = Faults()
    codeartifact_mock.register_plugin(faults)
    return faults
