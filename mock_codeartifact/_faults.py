"""Fault injection: make operations throttle, fail or be slow.

A :class:`Faults` object is a plugin of the call hooks
(``codeartifact_before_call``): it fires before the backend runs, so a fault
that fails a call leaves the state exactly as it was, and botocore sees the
error the service would send (``ThrottlingException`` is HTTP 429 with a
``Retry-After`` header, ``InternalServerException`` 500), so its retry modes
retry as against AWS::

    faults = Faults()
    mock.register_plugin(faults)            # or the ``codeartifact_faults`` fixture
    faults.throttle("CopyPackageVersions", times=2, retry_after=3)
    faults.fail("publish_package_version", when={"package": "broken"})
    faults.delay("*", 0.01)
    ...
    assert faults.fired["CopyPackageVersions"] == 2

``operation`` is the API name (``"CopyPackageVersions"``), boto3's name
(``"copy_package_versions"``) or ``"*"`` for every operation. ``when`` narrows
a fault to some calls: a dict of request parameters that must match (a value
may be a callable taking the parameter's value and returning a bool), or a
callable taking the :class:`~mock_codeartifact.Call`. ``times`` is how
many matching calls the fault fires on (``None``: every one).
"""

from __future__ import annotations

import collections
import copy
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InternalServerException, ServiceError, ThrottlingException
from ._call import Call
from ._hooks import hookimpl

__all__ = ["Fault", "Faults"]

#: ``when``: parameters that must match, or a predicate on the call.
When = Mapping[str, Any] | Callable[[Call], bool] | None
ANY = "*"
_MISSING = object()


@dataclass(eq=False)
class Fault:
    """One registered fault. ``fired`` counts the calls it fired on;
    ``remaining`` is how many more it will fire on (None: unlimited)."""

    kind: str  # "throttle", "fail" or "delay"
    operation: str  # API name or "*"
    remaining: int | None
    when: When = None
    retry_after: int | None = None
    error: Any = None
    seconds: float = 0.0
    fired: int = 0
    #: The calls it fired on, oldest first.
    calls: list[Call] = field(default_factory=list, repr=False)

    @property
    def exhausted(self) -> bool:
        return self.remaining is not None and self.remaining <= 0

    def matches(self, call: Call) -> bool:
        if self.exhausted or (self.operation != ANY and self.operation != call.operation):
            return False
        if self.when is None:
            return True
        if callable(self.when):
            return bool(self.when(call))
        for name, expected in self.when.items():
            value = call.params.get(name, _MISSING)
            if callable(expected):
                if value is _MISSING or not expected(value):
                    return False
            elif value is _MISSING or value != expected:
                return False
        return True

    def make_error(self, call: Call) -> ServiceError:
        if self.kind == "throttle":
            return ThrottlingException(
                f"Rate exceeded (fault injected by mock_codeartifact for {call.operation})",
                retry_after_seconds=self.retry_after,
            )
        error = self.error
        if error is None:
            return InternalServerException(
                f"Internal failure (fault injected by mock_codeartifact for {call.operation})"
            )
        if isinstance(error, ServiceError):
            return copy.copy(error)  # a fresh exception per call: tracebacks do not pile up
        if isinstance(error, type) and issubclass(error, ServiceError):
            return error(f"fault injected by mock_codeartifact for {call.operation}")
        made = error(call)  # a factory taking the call
        if not isinstance(made, ServiceError):
            raise TypeError(f"the fault's error factory returned {made!r}, not a ServiceError")
        return made


def _operation_name(operation: str) -> str:
    """The API name of ``operation`` (API name, boto3 name, or ``*``)."""
    if operation == ANY:
        return ANY
    from ._calls import api_operation_name

    try:
        return api_operation_name(operation)
    except ValueError:
        raise ValueError(f"{operation!r} is not a CodeArtifact operation (API or boto3 name) or '*'") from None


class Faults:
    """Faults to inject into calls; register with ``mock.register_plugin``.

    Faults are checked in the order they were added. Every matching delay
    sleeps (before anything else happens); the first matching throttle or
    failure then fails the call. Thread-safe: concurrent calls each consume
    one of a fault's ``times``.
    """

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.RLock()  # a ``when`` predicate may itself call the API
        self._sleep = sleep
        #: How many times faults fired, by API operation name.
        self.fired: collections.Counter[str] = collections.Counter()

    # -- adding faults ------------------------------------------------------------
    def throttle(
        self, operation: str, times: int | None = 1, retry_after: int | None = 1, when: When = None
    ) -> Fault:
        """Answer ``ThrottlingException`` (HTTP 429, ``Retry-After: retry_after``,
        ``retryAfterSeconds`` in the parsed error) on the next ``times`` calls."""
        return self._add(Fault("throttle", _operation_name(operation), times, when, retry_after=retry_after))

    def fail(
        self, operation: str, times: int | None = 1, error: Any = None, when: When = None
    ) -> Fault:
        """Fail the next ``times`` calls with ``error``: a ServiceError instance
        (copied per call), a ServiceError class, or a callable taking the Call
        and returning one. Default: ``InternalServerException`` (HTTP 500)."""
        if error is not None and not (
            isinstance(error, ServiceError)
            or (isinstance(error, type) and issubclass(error, ServiceError))
            or (callable(error) and not isinstance(error, type))
        ):
            raise TypeError(f"error must be a ServiceError, its class or a factory, not {error!r}")
        return self._add(Fault("fail", _operation_name(operation), times, when, error=error))

    def delay(self, operation: str, seconds: float, times: int | None = None, when: When = None) -> Fault:
        """Make matching calls take ``seconds`` longer (a real sleep, in the
        calling thread, outside the registry lock)."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        return self._add(Fault("delay", _operation_name(operation), times, when, seconds=seconds))

    def _add(self, fault: Fault) -> Fault:
        if fault.remaining is not None and fault.remaining < 0:
            raise ValueError("times must be None or >= 0")
        with self._lock:
            self._faults.append(fault)
        return fault

    # -- inspecting and clearing -------------------------------------------------
    @property
    def faults(self) -> list[Fault]:
        """Every fault added since the last :meth:`clear`, exhausted ones too."""
        with self._lock:
            return list(self._faults)

    def remove(self, fault: Fault) -> None:
        with self._lock:
            self._faults.remove(fault)

    def clear(self) -> None:
        """Forget every fault and reset the counters."""
        with self._lock:
            self._faults.clear()
            self.fired.clear()

    def __repr__(self) -> str:
        active = sum(not f.exhausted for f in self._faults)
        return f"<Faults active={active} fired={dict(self.fired)}>"

    # -- the hook -------------------------------------------------------------------
    @hookimpl
    def codeartifact_before_call(self, call: Call) -> None:
        delays: list[float] = []
        raising: Fault | None = None
        with self._lock:
            for fault in self._faults:
                if fault.kind != "delay" and raising is not None:
                    continue
                if not fault.matches(call):
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
                fault.fired += 1
                fault.calls.append(call)
                self.fired[call.operation] += 1
                if fault.kind == "delay":
                    delays.append(fault.seconds)
                else:
                    raising = fault
        for seconds in delays:
            self._sleep(seconds)
        if raising is not None:
            raise raising.make_error(call)
