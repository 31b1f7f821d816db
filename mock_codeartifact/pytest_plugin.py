"""pytest plugin (entry point ``pytest11``): fixtures, the marker, ini options.

Loading it costs next to nothing: nothing heavy is imported until a fixture
is used. Fixtures (see docs/fixtures.md):

- ``codeartifact_mock``: the active :class:`~mock_codeartifact.CodeArtifactMock`;
- ``codeartifact_client``: a boto3 ``codeartifact`` client inside it;
- ``codeartifact_backend``: the backend of the mock's account and Region;
- ``codeartifact_faults``: a :class:`~mock_codeartifact._faults.Faults` plugin
  registered on the mock (throttle, fail or delay operations);
- ``codeartifact_factory``: a :class:`~mock_codeartifact.CodeArtifactFactory`
  making repositories and package versions;
- ``codeartifact_domain``: the domain the factory works in, created.

The ``codeartifact`` marker configures them for one test, class or module:
``@pytest.mark.codeartifact(region="eu-west-1", account_id="210987654321")``.
ini options ``codeartifact_region``, ``codeartifact_account_id`` and
``codeartifact_strict`` set the defaults.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mock_codeartifact._factory import CodeArtifactFactory
    from mock_codeartifact._backend import Backend
    from mock_codeartifact._faults import Faults
    from mock_codeartifact._mock import CodeArtifactMock

    try:
        from mypy_boto3_codeartifact import CodeArtifactClient
    except ImportError:  # the stubs are optional
        CodeArtifactClient = Any  # type: ignore[misc,assignment]

MARKER = "codeartifact"


@dataclass(frozen=True)
class MarkerOptions:
    """What ``@pytest.mark.codeartifact(...)`` may set (keywords only)."""

    #: Region of the mock, its client and its backend.
    region: str = "us-east-1"
    #: Account of the mock (the caller's account) and its backend.
    account_id: str = "123456789012"
    #: Fail the test at teardown when an injected fault never fired.
    strict: bool = False
    #: Name of the domain ``codeartifact_domain`` creates.
    domain: str = "acme"
    #: Seed of the mock's random source (reproducible ids and tokens).
    seed: Any = None


VALID_KEYWORDS = tuple(field.name for field in fields(MarkerOptions))
_OPTIONS = pytest.StashKey[MarkerOptions]()
_CALL_FAILED = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("codeartifact_region", "Default AWS Region of the CodeArtifact mock", default="us-east-1")
    parser.addini("codeartifact_account_id", "Default account id of the CodeArtifact mock", default="123456789012")
    parser.addini(
        "codeartifact_strict", "Fail a test whose injected CodeArtifact faults never fired", type="bool", default=False
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "codeartifact(region=..., account_id=..., strict=..., domain=..., seed=...): "
        "configure the CodeArtifact mock fixtures for this test, class or module",
    )
    # Nothing to install: a started mock answers every codeartifact client,
    # whenever it was created (see docs/intercepts.md).


def options_for(item: pytest.Item) -> MarkerOptions:
    """The ini defaults overridden by the ``codeartifact`` markers of the
    module, the class and the test (the closest wins). A positional argument
    or an unknown keyword is a usage error naming the valid keywords."""
    config = item.config
    options = MarkerOptions(
        region=config.getini("codeartifact_region"),
        account_id=config.getini("codeartifact_account_id"),
        strict=config.getini("codeartifact_strict"),
    )
    for mark in reversed(list(item.iter_markers(MARKER))):  # farthest first
        if mark.args:
            raise pytest.UsageError(
                f"{item.nodeid}: @pytest.mark.{MARKER} takes keywords only "
                f"({', '.join(VALID_KEYWORDS)}), not {mark.args!r}"
            )
        unknown = sorted(set(mark.kwargs) - set(VALID_KEYWORDS))
        if unknown:
            raise pytest.UsageError(
                f"{item.nodeid}: @pytest.mark.{MARKER} got unknown keyword(s) {', '.join(unknown)}; "
                f"valid: {', '.join(VALID_KEYWORDS)}"
            )
        options = replace(options, **mark.kwargs)
    return options


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Checked for every marked test, whether or not it uses the fixtures: a
    # misspelt keyword must not be silently ignored.
    if item.get_closest_marker(MARKER) is not None:
        try:
            item.stash[_OPTIONS] = options_for(item)
        except pytest.UsageError as error:
            pytest.fail(str(error), pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    if call.when == "call":
        item.stash[_CALL_FAILED] = outcome.get_result().failed


def _options(request: pytest.FixtureRequest) -> MarkerOptions:
    node: pytest.Item = request.node
    if _OPTIONS not in node.stash:
        node.stash[_OPTIONS] = options_for(node)
    return node.stash[_OPTIONS]


@pytest.fixture
def codeartifact_mock(request: pytest.FixtureRequest) -> Iterator[CodeArtifactMock]:
    """A started mock in the marker's (else the ini's) account and Region;
    stopped, with all its state dropped, after the test. In strict mode a
    fault that never fired fails the test at teardown (unless it failed)."""
    from mock_codeartifact._strict import UnfiredFaultsError
    from mock_codeartifact._mock import CodeArtifactMock

    options = _options(request)
    mock = CodeArtifactMock(
        account_id=options.account_id, region=options.region, seed=options.seed, strict=options.strict
    )
    mock.start()
    try:
        yield mock
    finally:
        try:
            mock.stop()
        except UnfiredFaultsError:
            if not request.node.stash.get(_CALL_FAILED, False):
                raise


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
    from mock_codeartifact._faults import Faults

    return codeartifact_mock.register_plugin(Faults())


@pytest.fixture
def codeartifact_factory(request: pytest.FixtureRequest, codeartifact_mock: CodeArtifactMock) -> CodeArtifactFactory:
    """Makes repositories (upstreams, external connection) and package
    versions (any format, status and publish time) in the mock's backend,
    in the domain ``codeartifact_domain`` (created on first use)."""
    from mock_codeartifact._factory import CodeArtifactFactory

    return CodeArtifactFactory(codeartifact_mock.backend(), codeartifact_mock.clock, _options(request).domain)


@pytest.fixture
def codeartifact_domain(codeartifact_factory: CodeArtifactFactory) -> dict[str, Any]:
    """A domain (``acme``, or the marker's ``domain=``) in the mock's account
    and Region: what ``DescribeDomain`` returns as ``domain``."""
    return codeartifact_factory.domain()
