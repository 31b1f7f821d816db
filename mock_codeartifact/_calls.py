"""The call log of a mock, with assertions that explain their failures.

``mock.calls`` is a :class:`CallLog`: a list of :class:`~mock_codeartifact.Call`
(oldest first) that also filters and asserts::

    mock.calls.of("CopyPackageVersions")              # only those calls
    mock.calls.assert_called("CopyPackageVersions", destinationRepository="release")

A failed assertion lists every call that was made and, for each call of the
wanted operation, how its parameters differ from the ones expected, as
pytest-httpx and responses do for HTTP requests.
"""

from __future__ import annotations

import functools
from typing import Any, SupportsIndex, overload

from ._call import Call

__all__ = ["CallLog", "api_operation_name"]

_MISSING = object()
#: A parameter shown in a failure message is cut after this many characters.
_SHOWN = 80


@functools.lru_cache(maxsize=None)
def api_operation_name(operation: str) -> str:
    """The API name of ``operation``, given as the API names it
    (``"CopyPackageVersions"``) or as boto3 does (``"copy_package_versions"``).

    A name that is neither raises ``ValueError`` (a misspelt name would
    otherwise make an assertion that can never match)."""
    from ._protocol.model import operation_names, python_name

    names = operation_names()
    if operation in names:
        return operation
    for name in names:
        if python_name(name) == operation:
            return name
    raise ValueError(f"{operation!r} is not a CodeArtifact operation (API or boto3 name)")


class CallLog(list[Call]):
    """Recorded calls, oldest first: a list with filters and assertions.

    ``params`` given to the filters and assertions are request parameters
    with the API's names (``domain``, ``destinationRepository``, ``versions``);
    a call matches when each given parameter is present and equal (the call
    may have more).
    """

    # -- filtering ------------------------------------------------------------------
    def of(self, operation: str) -> CallLog:
        """The calls of one operation (API or boto3 name), oldest first."""
        name = api_operation_name(operation)
        return CallLog(call for call in self if call.operation == name)

    def matching(self, operation: str, /, **params: Any) -> CallLog:
        """The calls of ``operation`` whose parameters include ``params``."""
        return CallLog(call for call in self.of(operation) if not _differences(call, params))

    @property
    def operations(self) -> list[str]:
        """The operation of every call, in order (``["CreateDomain", ...]``)."""
        return [call.operation for call in self]

    # -- assertions -----------------------------------------------------------------
    def assert_called(self, operation: str, /, **params: Any) -> Call:
        """Assert that ``operation`` was called with ``params`` at least once;
        returns the first matching call. The failure message lists the calls
        made and how each call of ``operation`` differs."""
        found = self.matching(operation, **params)
        if not found:
            raise AssertionError(self._explain(f"no {_signature(api_operation_name(operation), params)} call was made", operation, params))
        return found[0]

    def assert_called_once(self, operation: str, /, **params: Any) -> Call:
        """Assert that exactly one call of ``operation`` matched ``params``."""
        found = self.matching(operation, **params)
        if len(found) != 1:
            wanted = _signature(api_operation_name(operation), params)
            raise AssertionError(self._explain(f"expected 1 {wanted} call, {len(found)} were made", operation, params))
        return found[0]

    def assert_not_called(self, operation: str, /, **params: Any) -> None:
        """Assert that no call of ``operation`` matched ``params``."""
        found = self.matching(operation, **params)
        if found:
            wanted = _signature(api_operation_name(operation), params)
            raise AssertionError(self._explain(f"expected no {wanted} call, {len(found)} were made", operation, params))

    def _explain(self, headline: str, operation: str, params: dict[str, Any]) -> str:
        name = api_operation_name(operation)
        if not self:
            return f"{headline}; no CodeArtifact call was made at all"
        lines = [f"{headline}; the calls made were:"]
        for number, call in enumerate(self, 1):
            outcome = "" if call.succeeded else f"  -> {type(call.error).__name__}"
            lines.append(f"  {number}. {_signature(call.operation, call.params)}{outcome}")
            if call.operation == name:
                differences = _differences(call, params)
                lines.extend(f"       {difference}" for difference in differences)
                if not differences:
                    lines.append("       matches")
        return "\n".join(lines)

    # list methods that build new lists keep the type
    @overload
    def __getitem__(self, index: SupportsIndex) -> Call: ...
    @overload
    def __getitem__(self, index: slice) -> CallLog: ...
    def __getitem__(self, index: SupportsIndex | slice) -> Call | CallLog:
        if isinstance(index, slice):
            return CallLog(super().__getitem__(index))
        return super().__getitem__(index)

    def __repr__(self) -> str:
        return f"CallLog({self.operations!r})"


def _differences(call: Call, params: dict[str, Any]) -> list[str]:
    """How ``call``'s parameters differ from ``params`` (empty: it matches)."""
    found = []
    for name, expected in params.items():
        value = call.params.get(name, _MISSING)
        if value is _MISSING:
            found.append(f"{name}: not given (expected {_short(expected)})")
        elif value != expected:
            found.append(f"{name}: {_short(value)} != expected {_short(expected)}")
    return found


def _signature(operation: str, params: dict[str, Any]) -> str:
    shown = ", ".join(f"{name}={_short(value)}" for name, value in params.items())
    return f"{operation}({shown})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
