"""The mock's lifecycle: start/stop/reset, decorator, context manager, nesting."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, overload

from . import _active as _doors
from ._active import FAKE_CREDENTIALS
from ._active import lock as _active_lock
from ._active import stack as _active
from ._calls import CallLog
from ._strict import UnfiredFaultsError, unfired_faults
from ._backend.registry import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Registry
from ._backend.state import Identity
from ._call import Call
from ._transport import botocore_hook, requests_door

if TYPE_CHECKING:
    from ._backend import Backend
    from ._clock import Clock
    from ._faults import Fault
    from ._backend.persistence import Snapshot

T = TypeVar("T")
P = TypeVar("P")

#: Fake credentials set while a mock is active, so no real ones are ever used.
#: Hidden while a mock is active: the rest of the real credentials, the
#: named profile (its keys or role would win over the fake keys in a
#: ``boto3.Session()``), and the pointers that make botocore fetch
#: credentials over the network when a client is created (a container's
#: credential endpoint).
_UNSET_WHILE_ACTIVE = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
)


class CodeArtifactMock:
    """A running (or ready) CodeArtifact mock.

    Use it as a decorator (functions, coroutine functions, classes), as a
    context manager, or with :meth:`start`/:meth:`stop`. A mock started while
    another is active shares that one's state, so nested decorators and
    fixtures see the same domains; the outermost start begins with fresh state.
    """

    def __init__(
        self,
        account_id: str = DEFAULT_ACCOUNT_ID,
        region: str = DEFAULT_REGION,
        *,
        registry: Registry | None = None,
        seed: Any = None,
        record_calls: bool = True,
        strict: bool = False,
    ) -> None:
        self.account_id = account_id
        self.region = region
        self.record_calls = record_calls
        #: Fail :meth:`stop` when a fault registered through
        #: :meth:`register_plugin` never fired (see docs/faults-and-state.md).
        self.strict = strict
        #: Calls answered while this mock was active, oldest first, with
        #: ``of(operation)`` and ``assert_called(operation, **params)``.
        self.calls = CallLog()
        self._seed = seed
        self._given_registry = registry
        self._registry: Registry | None = registry
        self._plugins: list[object] = []
        #: Identities given to this mock (see add_identity).
        self._identities: dict[str, Identity] = {}
        self._depth = 0

    # -- state ----------------------------------------------------------------
    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = Registry(self.account_id, self.region, seed=self._seed)
        return self._registry

    @property
    def clock(self) -> Clock:
        """The clock every timestamp comes from (``mock.clock.advance(3600)``)."""
        return self.registry.clock

    def backend(self, account_id: str | None = None, region: str | None = None) -> Backend:
        """Direct access to the state of one account and Region, for seeding and
        assertions. Defaults: this mock's account and Region."""
        return self.registry.backend(account_id or self.account_id, region or self.region)

    def reset(self) -> None:
        """Forget every domain, repository, token and recorded call."""
        self.registry.reset()
        self.calls.clear()

    # -- saving and restoring state -----------------------------------------------
    def snapshot(self) -> Snapshot:
        """A copy of all state, for :meth:`restore` (e.g. a session-scoped seed
        restored before every test)."""
        return self.registry.snapshot()

    def restore(self, saved: Snapshot) -> None:
        """Make all state what ``saved`` (from :meth:`snapshot`) holds."""
        self.registry.restore(saved)

    def export_json(self, indent: int | None = None) -> str:
        """All state as a JSON document (asset blobs in base64)."""
        return self.registry.export_json(indent=indent)

    def import_json(self, document: str | bytes | dict[str, Any]) -> None:
        """Replace all state with a document from :meth:`export_json`."""
        self.registry.import_json(document)

    # -- identity -------------------------------------------------------------
    def add_identity(self, access_key_id: str, account_id: str, principal_arn: str | None = None) -> None:
        """Clients signing with ``access_key_id`` (any secret) act as
        ``account_id``, and as ``principal_arn`` (an IAM user or role ARN, or
        an assumed-role session ARN, of that account) in resource policies;
        without one, as the account itself (``arn:aws:iam::{account}:root``).
        Every other key acts as this mock's account.

        Identities belong to the state (:attr:`registry`): a nested mock that
        shares it sees them, and snapshots and JSON exports hold them. The
        mock also keeps the ones it was given and puts them into the state
        it starts with (so they may be added before :meth:`start`)."""
        identity = Identity(account_id, principal_arn)  # validates the ARN
        self._identities[access_key_id] = identity
        if self._depth > 0 or self._registry is not None:
            self.registry.add_identity(access_key_id, account_id, principal_arn)

    def account_for(self, access_key_id: str | None) -> str:
        identity = self.registry.identity(access_key_id)
        return identity.account_id if identity else self.account_id

    def principal_for(self, access_key_id: str | None) -> str | None:
        """The principal ARN registered for ``access_key_id``, else None (the
        caller is then its account's root, ``arn:aws:iam::{account}:root``)."""
        identity = self.registry.identity(access_key_id)
        return identity.principal_arn if identity else None

    # -- plugins --------------------------------------------------------------
    def register_plugin(self, plugin: P) -> P:
        """Register a hook plugin for as long as this mock is active; returns
        it (typed as given: ``faults = mock.register_plugin(Faults())``). A
        plugin naming a hook that does not exist is refused here
        (``PluginValidationError``)."""
        from ._hooks import plugin_manager  # pluggy, once a plugin is registered

        plugin_manager().register(plugin)
        self._plugins.append(plugin)
        return plugin

    # -- asserting on the calls ------------------------------------------------------
    def assert_called(self, operation: str, /, **params: Any) -> Call:
        """Assert ``operation`` (API or boto3 name) was called with ``params``
        (a subset of the call's parameters); returns the first such call. On
        failure the message lists every call made and how each differs."""
        return self.calls.assert_called(operation, **params)

    def assert_not_called(self, operation: str, /, **params: Any) -> None:
        """Assert no call of ``operation`` had ``params``."""
        self.calls.assert_not_called(operation, **params)

    # -- lifecycle ------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._depth > 0

    def start(self) -> CodeArtifactMock:
        with _active_lock:
            if self._depth == 0:
                outer = active_mock()
                if outer is not None and self._given_registry is None:
                    self._registry = outer.registry
                elif self._given_registry is None:
                    self._registry = None  # fresh state for every outermost start
                self.calls = CallLog()
                if self._identities:
                    with self.registry.lock:
                        self.registry.identities.update(self._identities)
            if not _active:
                _contain(self.region)
            self._depth += 1
            _active.append(self)
        return self

    def stop(self) -> None:
        with _active_lock:
            if self._depth == 0:
                raise RuntimeError("mock_codeartifact was stopped more often than it was started")
            self._depth -= 1
            # Remove our innermost entry even if stops come out of order.
            for index in range(len(_active) - 1, -1, -1):
                if _active[index] is self:
                    del _active[index]
                    break
            if not _active:
                _release()
            unfired: list[Fault] = []
            if self._depth == 0:
                if self.strict:
                    unfired = unfired_faults(self._plugins)
                if self._plugins:
                    from ._hooks import plugin_manager

                    for plugin in self._plugins:
                        plugin_manager().unregister(plugin)
                self._plugins.clear()
        if unfired:
            raise UnfiredFaultsError(unfired)

    def __enter__(self) -> CodeArtifactMock:
        return self.start()

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        try:
            self.stop()
        except UnfiredFaultsError:
            if exc_type is None:  # the test's own failure is the news, not ours
                raise

    def __repr__(self) -> str:
        state = "active" if self.active else "inactive"
        return f"<CodeArtifactMock {state} account={self.account_id} region={self.region} calls={len(self.calls)}>"

    # -- decorator ------------------------------------------------------------
    def __call__(self, target: T) -> T:
        if inspect.isclass(target):
            return _decorate_class(self, target)  # type: ignore[return-value]
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await target(*args, **kwargs)

            return run_async  # type: ignore[return-value]
        if callable(target):

            @functools.wraps(target)
            def run(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return target(*args, **kwargs)

            return run  # type: ignore[return-value]
        raise TypeError(f"mock_codeartifact cannot decorate {target!r}")


#: The environment as it was before the first mock of the stack started.
_saved_environment: dict[str, str | None] = {}


def _contain(region: str) -> None:
    """Everything the first mock of the stack applies (lock held): fake
    credentials in the environment, the botocore and ``requests`` doors."""
    global _saved_environment
    _saved_environment = _patch_environment(region)
    try:
        botocore_hook.start()
        requests_door.start()
    except BaseException:
        _release()
        raise


def _release() -> None:
    """Undo :func:`_contain` (the last mock of the stack stopped), whatever
    order the mocks stopped in."""
    global _saved_environment
    try:
        requests_door.stop()
        botocore_hook.stop()
    finally:
        _restore_environment(_saved_environment)
        _saved_environment = {}


def _patch_environment(region: str) -> dict[str, str | None]:
    # No instance-metadata look-ups (a network call) while credentials resolve.
    changes: dict[str, str | None] = {**FAKE_CREDENTIALS, "AWS_EC2_METADATA_DISABLED": "true"}
    changes.update(dict.fromkeys(_UNSET_WHILE_ACTIVE))
    if not os.environ.get("AWS_DEFAULT_REGION") and not os.environ.get("AWS_REGION"):
        changes["AWS_DEFAULT_REGION"] = region
    saved = {name: os.environ.get(name) for name in changes}
    _restore_environment(changes)
    return saved


def _restore_environment(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _decorate_class(mock: CodeArtifactMock, cls: type) -> type:
    """Run every test of ``cls`` inside the mock, set-up and tear-down
    included: per test (``setUp``/``tearDown``, ``setup_method``/
    ``teardown_method``) and per class (``setUpClass``/``tearDownClass``,
    ``setup_class``/``teardown_class``). With class-level set-up, the mock
    runs from it to the class's tear-down, so what it created is there for
    every test; without, each test starts with fresh state."""
    unittest = sys.modules.get("unittest")  # a TestCase implies it is loaded
    if unittest is not None and issubclass(cls, unittest.TestCase):
        _span_class(mock, cls, "setUpClass", "tearDownClass", unittest.TestCase)
        # run() covers setUp, the test, tearDown and cleanups in one mock.
        setattr(cls, "run", mock(getattr(cls, "run")))  # cls is typed as a bare type
        return cls
    _span_class(mock, cls, "setup_class", "teardown_class", object)
    for name, attr in list(vars(cls).items()):
        if name.startswith("test") and callable(attr):
            setattr(cls, name, mock(attr))
    setup, teardown = vars(cls).get("setup_method"), vars(cls).get("teardown_method")
    if setup is not None:
        # pytest's setup_method and teardown_method bracket the test: the mock
        # starts in the first and stops in the second, so state set up survives.
        @functools.wraps(setup)
        def setup_method(self: Any, method: Any = None) -> None:
            mock.start()
            try:
                _call_hook_method(setup, self, method)
            except BaseException:
                mock.stop()
                raise

        def teardown_method(self: Any, method: Any = None) -> None:
            try:
                if teardown is not None:
                    _call_hook_method(teardown, self, method)
            finally:
                mock.stop()

        cls.setup_method = setup_method  # type: ignore[attr-defined]
        cls.teardown_method = teardown_method  # type: ignore[attr-defined]
    elif teardown is not None:

        @functools.wraps(teardown)
        def teardown_in_mock(self: Any, method: Any = None) -> None:
            with mock:
                _call_hook_method(teardown, self, method)

        cls.teardown_method = teardown_in_mock  # type: ignore[attr-defined]
    return cls


def _span_class(mock: CodeArtifactMock, cls: type, setup_name: str, teardown_name: str, base: type) -> None:
    """Start the mock before the class-level set-up and stop it after the
    class-level tear-down, when the class (or a base of its own) has either."""
    setup, teardown = getattr(cls, setup_name, None), getattr(cls, teardown_name, None)
    inherited = getattr(base, setup_name, None), getattr(base, teardown_name, None)
    own_setup = setup is not None and _function(setup) is not _function(inherited[0])
    own_teardown = teardown is not None and _function(teardown) is not _function(inherited[1])
    if not own_setup and not own_teardown:
        return

    def start_then_set_up(klass: type) -> None:
        mock.start()
        try:
            if setup is not None:
                _call_class_hook(setup, klass)
        except BaseException:
            mock.stop()  # the framework skips the tear-down when set-up fails
            raise

    def tear_down_then_stop(klass: type) -> None:
        try:
            if teardown is not None:
                _call_class_hook(teardown, klass)
        finally:
            mock.stop()

    setattr(cls, setup_name, classmethod(start_then_set_up))
    setattr(cls, teardown_name, classmethod(tear_down_then_stop))


def _function(method: Any) -> Any:
    """The plain function behind a (class) method."""
    return getattr(method, "__func__", method)


def _call_class_hook(method: Any, klass: type) -> None:
    """Call a class-level hook as pytest does: with the class when it takes
    an argument (a classmethod or a plain function), else without (a
    staticmethod)."""
    function = _function(method)
    if inspect.ismethod(method) or getattr(function, "__code__", None) is None or function.__code__.co_argcount:
        function(klass)
    else:
        function()


def _call_hook_method(method: Callable[..., Any], instance: Any, test_method: Any) -> None:
    """pytest passes the test method only to hooks that declare it."""
    if method.__code__.co_argcount > 1:
        method(instance, test_method)
    else:
        method(instance)


@overload
def mock_codeartifact(target: T) -> T: ...
@overload
def mock_codeartifact(
    target: None = None, *, account_id: str = ..., region: str = ..., registry: Registry | None = ...,
    seed: Any = ..., record_calls: bool = ..., strict: bool = ...,
) -> CodeArtifactMock: ...
def mock_codeartifact(target: Any = None, **options: Any) -> Any:
    """Mock AWS CodeArtifact: ``@mock_codeartifact``, ``@mock_codeartifact(...)``,
    or ``with mock_codeartifact() as m:``."""
    mock = CodeArtifactMock(**options)
    return mock if target is None else mock(target)


def active_mock() -> CodeArtifactMock | None:
    """The innermost active mock, which answers CodeArtifact calls (None
    outside any mock)."""
    mock = _doors.active_mock()
    return mock if isinstance(mock, CodeArtifactMock) else None


_doors.new_mock = CodeArtifactMock


def current_mock() -> CodeArtifactMock:
    """The running mock, for code inside ``@mock_codeartifact`` (typed: never
    None, unlike :func:`active_mock`). Raises ``RuntimeError`` if none runs."""
    mock = active_mock()
    if mock is None:
        raise RuntimeError("no mock_codeartifact is active")
    return mock


def get_backend(account_id: str | None = None, region: str | None = None) -> Backend:
    """The active mock's backend (for code decorated with ``@mock_codeartifact``)."""
    mock = active_mock()
    if mock is None:
        raise RuntimeError("no mock_codeartifact is active")
    return mock.backend(account_id, region)
