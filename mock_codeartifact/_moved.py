"""Old import paths of modules that became internal, kept for one release.

In 0.1 the package's internals had public names (``mock_codeartifact.
transport.server``, ``mock_codeartifact.backend.registry``...), and the docs
imported some of them. They now carry a leading underscore; the public API is
what ``mock_codeartifact.__all__`` lists. Importing an old path still works,
gives the very same module object (so ``isinstance`` checks and monkeypatches
keep working), and the first import of each old package or module warns with
a :class:`DeprecationWarning` that points at the public names.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

#: Old name under ``mock_codeartifact`` -> its internal name now.
MOVED = {
    "access": "_access",
    "backend": "_backend",
    "endpoints": "_endpoints",
    "formats": "_formats",
    "protocol": "_protocol",
    "transport": "_transport",
    "clock": "_clock",
    "dispatch": "_dispatch",
    "faults": "_faults",
    "hooks": "_hooks",
    "mock": "_mock",
    "cli": "_cli",
    "coverage": "_coverage",
}

_PACKAGE = __name__.rpartition(".")[0]
_PREFIX = _PACKAGE + "."


def new_name(old: str) -> str | None:
    """The internal module an old dotted path now names, or None."""
    if not old.startswith(_PREFIX):
        return None
    head, dot, rest = old[len(_PREFIX):].partition(".")
    moved = MOVED.get(head)
    return None if moved is None else _PREFIX + moved + dot + rest


def warn(old: str) -> None:
    warnings.warn(
        f"{old} is internal now and this import path will be removed in the next release; "
        f"import the public names from {_PACKAGE} instead (see its __all__)",
        DeprecationWarning,
        stacklevel=3,
    )


class _Alias:
    """Loads an old path as the module it now names (no second copy)."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        if spec.name.count(".") == 1:
            # once per old package: ``import mock_codeartifact.transport.server``
            # imports (and names) ``mock_codeartifact.transport`` first
            warn(spec.name)
        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module was imported under its new name."""


class _OldPathFinder:
    """A meta path finder for the old paths (and only those)."""

    @staticmethod
    def find_spec(name: str, path: Sequence[str] | None = None, target: ModuleType | None = None) -> ModuleSpec | None:
        moved = new_name(name)
        return None if moved is None else ModuleSpec(name, _Alias(moved))  # type: ignore[arg-type]  # typeshed wants a Loader subclass; the import system needs only the two methods


def install() -> None:
    """Answer the old paths from now on (idempotent)."""
    if not any(isinstance(finder, _OldPathFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _OldPathFinder())
