"""Which mock is answering: the stack of active mocks (innermost last), and
what a door may ask of it.

The doors (``_transport/``) sit below the lifecycle (``_mock.py``): they see a
mock only as :class:`AnsweringMock`, never import the lifecycle, and reach
state through its registry. ``_mock.py`` pushes and pops the stack, and names
the factory :class:`~mock_codeartifact.ThreadedServer` uses when it is given
no mock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ._backend.registry import Registry
    from ._call import Call

#: The credentials a client signs with while a mock is active (put in the
#: environment, and used for clients whose own would need the network).
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "FOOBARKEY", "AWS_SECRET_ACCESS_KEY": "FOOBARSECRET"}


class AnsweringMock(Protocol):
    """What a door uses of a mock: its state and who a caller is."""

    account_id: str
    region: str
    #: Whether calls are kept in ``calls`` (the dispatcher appends them).
    record_calls: bool

    @property
    def calls(self) -> list[Call]: ...

    @property
    def registry(self) -> Registry: ...

    def account_for(self, access_key_id: str | None) -> str: ...

    def principal_for(self, access_key_id: str | None) -> str | None: ...

    def add_identity(self, access_key_id: str, account_id: str, principal_arn: str | None = None) -> None: ...

    def register_plugin(self, plugin: Any) -> Any: ...

    def reset(self) -> None: ...

    def start(self) -> Any: ...

    def stop(self) -> None: ...


stack: list[AnsweringMock] = []
lock = threading.Lock()
#: Makes a new, unstarted mock (set by ``_mock.py`` when it is imported).
new_mock: Callable[[], AnsweringMock] | None = None


def active_mock() -> AnsweringMock | None:
    """The innermost active mock, which answers CodeArtifact calls."""
    return stack[-1] if stack else None


def make_mock() -> AnsweringMock:
    """A new mock with the defaults (what ``ThreadedServer()`` serves)."""
    if new_mock is None:
        raise RuntimeError("no mock to serve: pass one (ThreadedServer(mock)) or import "
                           "ThreadedServer from mock_codeartifact")
    return new_mock()
