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
from types import CodeType, ModuleType
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from importlib.abc import InspectLoader

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


def warn(old: str, stacklevel: int) -> None:
    """``stacklevel`` counts from this function to the user's line (the
    import system's own frames are skipped by :func:`warnings.warn`)."""
    warnings.warn(
        f"{old} is internal now and this import path will be removed in the next release; "
        f"import the public names from {_PACKAGE} instead (see its __all__)",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def old_module(name: str) -> ModuleType:
    """``mock_codeartifact.<name>`` reached as an attribute of the package
    (``from mock_codeartifact import transport``) rather than imported."""
    warn(_PREFIX + name, stacklevel=4)  # warn <- old_module <- the package's __getattr__ <- the user
    module = importlib.import_module(_PREFIX + MOVED[name])
    sys.modules.setdefault(_PREFIX + name, module)
    return module


class _Alias:
    """Loads an old path as the module it now names (no second copy)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._spec: ModuleSpec | None = None

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        if spec.name.count(".") == 1:
            # once per old package: ``import mock_codeartifact.transport.server``
            # imports (and names) ``mock_codeartifact.transport`` first
            warn(spec.name, stacklevel=3)  # warn <- create_module <- the user
        module = importlib.import_module(self.target)
        # the import system now sets __spec__ to the old name's spec: keep the
        # real one, which relative imports and importlib.reload() rely on
        self._spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run (the module ran under its new name): put its own
        spec back."""
        module.__spec__ = self._spec

    # ``python -m mock_codeartifact.cli`` (runpy asks the loader for the code)
    def get_code(self, fullname: str) -> CodeType | None:
        warn(fullname, stacklevel=2)
        return _loader_of(self.target).get_code(self.target)

    def is_package(self, fullname: str) -> bool:
        return bool(_loader_of(self.target).is_package(self.target))


def _loader_of(name: str) -> InspectLoader:
    import importlib.util  # only for python -m: not at every import of the package

    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    return cast("InspectLoader", spec.loader)  # a source file's loader: SourceFileLoader


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
