"""Replacing one method of a class while mocks are active, and putting it
back in a way that survives other libraries patching the same method."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class MethodPatch:
    """``owner.name`` replaced by ``make_wrapper(original)`` between
    :meth:`apply` and :meth:`remove`.

    :meth:`remove` puts the original back only while ours is still the one
    installed: if another library wrapped ours since, taking ours out would
    take theirs too, so ours stays (every wrapper must therefore be inert
    while no mock is active) and is reused by the next :meth:`apply`.
    """

    def __init__(self, owner: Callable[[], type], name: str, make_wrapper: Callable[[Any], Any]) -> None:
        self._owner = owner
        self._name = name
        self._make_wrapper = make_wrapper
        self._lock = threading.Lock()
        self._original: Any = None
        self._wrapper: Any = None

    def apply(self) -> None:
        owner = self._owner()
        with self._lock:
            current = owner.__dict__[self._name]
            if self._wrapper is not None and _reaches(current, self._wrapper):
                return  # still in place, perhaps under someone else's wrapper
            wrapper = self._make_wrapper(current)
            wrapper.__wrapped__ = current
            self._original, self._wrapper = current, wrapper
            setattr(owner, self._name, wrapper)

    def remove(self) -> None:
        owner = self._owner()
        with self._lock:
            if self._wrapper is not None and owner.__dict__.get(self._name) is self._wrapper:
                setattr(owner, self._name, self._original)
                self._original = self._wrapper = None

    @property
    def applied(self) -> bool:
        owner = self._owner()
        return self._wrapper is not None and _reaches(owner.__dict__.get(self._name), self._wrapper)


def _reaches(method: Any, target: Any) -> bool:
    """Whether ``method`` is ``target`` or wraps it (``__wrapped__`` chain)."""
    for _ in range(50):
        if method is None:
            return False
        if method is target:
            return True
        method = getattr(method, "__wrapped__", None)
    return False
