"""Replacing one method of a class while mocks are active, and putting it
back in a way that survives other libraries patching the same method; and
running code right after a module is imported, for a door whose library is
not imported yet."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any


class MethodPatch:
    """``owner.name`` replaced by ``make_wrapper(original)`` between
    :meth:`apply` and :meth:`remove`.

    :meth:`remove` puts the original back only while ours is still the one
    installed: if another library wrapped ours since, taking ours out would
    take theirs too, so ours stays (every wrapper must therefore be inert
    while no mock is active) and is reused by the next :meth:`apply`.

    ``owner()`` may answer None (the library is not imported): there is then
    nothing to apply or remove.
    """

    def __init__(self, owner: Callable[[], type | None], name: str, make_wrapper: Callable[[Any], Any]) -> None:
        self._owner = owner
        self._name = name
        self._make_wrapper = make_wrapper
        self._lock = threading.Lock()
        self._original: Any = None
        self._wrapper: Any = None

    def apply(self) -> None:
        owner = self._owner()
        if owner is None:
            return
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
        if owner is None:
            return
        with self._lock:
            if self._wrapper is not None and owner.__dict__.get(self._name) is self._wrapper:
                setattr(owner, self._name, self._original)
                self._original = self._wrapper = None

    @property
    def applied(self) -> bool:
        owner = self._owner()
        return owner is not None and self._wrapper is not None and _reaches(owner.__dict__.get(self._name), self._wrapper)


def _reaches(method: Any, target: Any) -> bool:
    """Whether ``method`` is ``target`` or wraps it (``__wrapped__`` chain)."""
    for _ in range(50):
        if method is None:
            return False
        if method is target:
            return True
        method = getattr(method, "__wrapped__", None)
    return False


class AfterImport:
    """A finder on ``sys.meta_path`` (between :meth:`install` and
    :meth:`remove`) that calls ``callback(module)`` right after the module
    named ``name`` has been executed, wherever it is imported from.

    It finds nothing itself: the spec is the one the other finders give,
    with the loader wrapped for the import only (the module's ``__loader__``
    and ``__spec__.loader`` are the real loader)."""

    def __init__(self, name: str, callback: Callable[[ModuleType], None]) -> None:
        self._name = name
        self._callback = callback
        self._finding = threading.local()

    def install(self) -> None:
        if not any(finder is self for finder in sys.meta_path):
            sys.meta_path.insert(0, self)

    def remove(self) -> None:
        if self.installed:
            sys.meta_path[:] = [finder for finder in sys.meta_path if finder is not self]

    @property
    def installed(self) -> bool:
        return any(finder is self for finder in sys.meta_path)

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != self._name or getattr(self._finding, "active", False):
            return None
        self._finding.active = True  # a finder that asks importlib in turn must not come back here
        try:
            spec = _find_spec_without(self, fullname, path, target)
        finally:
            self._finding.active = False
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _LoaderThenCallback(spec.loader, self._callback)
        return spec


def _find_spec_without(skipped: object, fullname: str, path: Any, target: Any) -> Any:
    """The spec the finders after ``skipped`` give, as the import system asks them."""
    for finder in list(sys.meta_path):
        find_spec = None if finder is skipped else getattr(finder, "find_spec", None)
        if find_spec is not None:
            spec = find_spec(fullname, path, target)
            if spec is not None:
                return spec
    return None


class _LoaderThenCallback:
    """A module's own loader, and the callback once the module is executed."""

    def __init__(self, loader: Any, callback: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._callback = callback

    def create_module(self, spec: Any) -> ModuleType | None:
        create = getattr(self._loader, "create_module", None)
        return None if create is None else create(spec)

    def exec_module(self, module: ModuleType) -> None:
        # The module keeps its real loader (reload, inspect, pkgutil read it).
        module.__loader__ = self._loader
        spec: Any = module.__spec__
        if spec is not None and spec.loader is self:
            spec.loader = self._loader
        self._loader.exec_module(module)
        self._callback(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)
