"""Run the botocore hook installation the moment botocore loads, so the pytest
plugin neither pays for importing botocore nor misses early clients."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from typing import Any


class _InstallAfterImport(importlib.abc.MetaPathFinder):
    def __init__(self, target: str) -> None:
        self.target = target

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != self.target:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module  # type: ignore[union-attr]

        def exec_module(module: Any) -> None:
            original_exec(module)
            from .botocore_hook import install

            install()

        loader.exec_module = exec_module  # type: ignore[union-attr,method-assign]
        return spec


def install_when_imported(module: str) -> None:
    if not any(isinstance(f, _InstallAfterImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _InstallAfterImport(module))
