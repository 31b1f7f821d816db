"""Hook markers and the hook specification for package-format plugins.

Kept apart from ``__init__`` so that format modules can import the markers
without importing the registry (no import cycle, however the package grows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._hookmarkers import PROJECT
# the same markers as the call hooks, re-exported for the format modules
from .._hookmarkers import hookimpl as hookimpl
from .._hookmarkers import hookspec as hookspec

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .base import PackageFormat


#: The project name of the format plugin manager (the same as the call hooks').
PROJECT_NAME = PROJECT


class FormatHookSpecs:
    """The hook specifications of the format plugin manager."""

    @hookspec
    def codeartifact_package_formats(self) -> list[PackageFormat]:
        """Return the package formats this plugin provides.

        Implement it in a module, class or object and register that plugin
        with :func:`mock_codeartifact._formats.register_format_plugin`, or
        advertise it in the ``mock_codeartifact`` entry-point group::

            from mock_codeartifact._formats import PackageFormat, hookimpl

            class ConanFormat(PackageFormat):
                name = "conan"
                namespace_rule = "forbidden"

            @hookimpl
            def codeartifact_package_formats():
                return [ConanFormat()]

        Each item must be a :class:`~mock_codeartifact._formats.PackageFormat`
        instance (a single instance or ``None`` is accepted too). A format
        whose ``name`` equals one already known replaces it: third-party
        plugins win over the built-in ones, and among third-party plugins the
        one registered last wins.
        """
        raise NotImplementedError  # a specification: pluggy calls the implementations
