"""Package formats of the CodeArtifact mock, as pluggy plugins.

Each format (generic, npm, pypi, maven, nuget, swift, ruby, cargo) is a
:class:`PackageFormat` provided by a plugin through the
``codeartifact_package_formats`` hook. The registry is built on first use:
the built-in plugins, then plugins from the ``mock_codeartifact`` entry-point
group, then whatever :func:`register_format_plugin` adds. A format whose name
is already known replaces the earlier one, so a third party can swap out a
built-in format or add a new one::

    from mock_codeartifact._formats import get_format

    pypi = get_format("pypi")
    pypi.normalize_name("PyHamcrest")   # 'pyhamcrest'
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable
from typing import Any

import pluggy

from ._hooks import PROJECT_NAME, FormatHookSpecs, hookimpl, hookspec
from ._metadata import PackageMetadata, make_dependency, make_license
from .base import NamespaceRule, PackageFormat, _check_rule

__all__ = [
    "BUILTIN_FORMATS",
    "PROJECT_NAME",
    "FormatHookSpecs",
    "NamespaceRule",
    "PackageFormat",
    "PackageMetadata",
    "all_formats",
    "get_format",
    "hookimpl",
    "hookspec",
    "make_dependency",
    "make_license",
    "register_format_plugin",
    "unregister_format_plugin",
]

#: The formats CodeArtifact supports, each in the module of the same name.
BUILTIN_FORMATS = ("generic", "npm", "pypi", "maven", "nuget", "swift", "ruby", "cargo")

_lock = threading.RLock()
_manager: pluggy.PluginManager | None = None
_formats: dict[str, PackageFormat] | None = None


def _plugin_manager() -> pluggy.PluginManager:
    """The format plugin manager, created (with built-ins loaded) on first use."""
    global _manager
    with _lock:
        if _manager is None:
            manager = pluggy.PluginManager(PROJECT_NAME)
            manager.add_hookspecs(FormatHookSpecs)
            for module_name in BUILTIN_FORMATS:
                module = importlib.import_module(f"{__name__}.{module_name}")
                manager.register(module, name=f"{__name__}.{module_name}")
            manager.load_setuptools_entrypoints(PROJECT_NAME)
            _manager = manager
        return _manager


def _collect(manager: pluggy.PluginManager) -> dict[str, PackageFormat]:
    """Ask every plugin for its formats; higher-priority answers win.

    Priority, lowest first: built-ins, then third-party plugins in pluggy's
    order (``trylast`` ones, then by registration, then ``tryfirst`` ones).
    Implementations are called directly so the built-ins' place does not
    depend on how pluggy sorts ``trylast`` among plugins.
    """
    builtin_names = {f"{__name__}.{module}" for module in BUILTIN_FORMATS}
    impls = manager.hook.codeartifact_package_formats.get_hookimpls()
    ordered = [i for i in impls if i.plugin_name in builtin_names]
    ordered += [i for i in impls if i.plugin_name not in builtin_names]
    formats: dict[str, PackageFormat] = {}
    for impl in ordered:
        provided = impl.function()
        if provided is None:
            continue
        if isinstance(provided, PackageFormat):
            provided = [provided]
        if not isinstance(provided, Iterable):
            raise TypeError(
                f"codeartifact_package_formats must return PackageFormat instances, got {provided!r}"
            )
        for fmt in provided:
            _check_format(fmt)
            formats[fmt.name] = fmt
    return dict(sorted(formats.items()))


def _check_format(fmt: Any) -> None:
    """Reject plugin output the rest of the mock could not work with."""
    if not isinstance(fmt, PackageFormat):
        raise TypeError(
            f"codeartifact_package_formats must return PackageFormat instances, got {fmt!r}"
        )
    if not isinstance(fmt.name, str) or not fmt.name:
        raise ValueError(f"{fmt!r} has no format name")
    _check_rule(fmt.namespace_rule)


def all_formats() -> dict[str, PackageFormat]:
    """Every known format by name (a fresh dict; the formats are shared)."""
    global _formats
    with _lock:
        if _formats is None:
            _formats = _collect(_plugin_manager())
        return dict(_formats)


def get_format(name: str) -> PackageFormat:
    """The format called ``name`` (the API's ``format`` value).

    Raises ``KeyError`` naming the known formats when there is none.
    """
    formats = all_formats()
    try:
        return formats[name]
    except KeyError:
        known = ", ".join(sorted(formats))
        raise KeyError(f"unknown package format {name!r} (known: {known})") from None


def register_format_plugin(plugin: object, name: str | None = None) -> str:
    """Register a plugin (module, class or object) implementing the hook.

    Takes effect at once and returns the plugin's registered name. Its
    formats override built-in and earlier-registered ones of the same name.
    """
    with _lock:
        registered = _plugin_manager().register(plugin, name=name)
        _invalidate()
        if registered is None:  # blocked by name
            raise ValueError(f"format plugin {name or plugin!r} is blocked")
        return registered


def unregister_format_plugin(plugin: object) -> None:
    """Remove a plugin added with :func:`register_format_plugin`.

    Formats it overrode come back. Unknown plugins are ignored, so tests can
    clean up unconditionally.
    """
    with _lock:
        manager = _plugin_manager()
        if manager.is_registered(plugin):
            manager.unregister(plugin)
        _invalidate()


def _invalidate() -> None:
    global _formats
    _formats = None


def _reset_registry() -> None:
    """Forget plugins and formats; the next use rebuilds from scratch (tests)."""
    global _manager
    with _lock:
        _manager = None
        _invalidate()
