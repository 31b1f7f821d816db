"""The generic format: arbitrary files, no rules beyond a required namespace.

CodeArtifact does not interpret generic assets (a README or LICENSE among
them is just another file), so metadata never comes from file contents and
the caller supplies name and version. Versions order naturally.
"""

from __future__ import annotations

from ._hooks import hookimpl
from .base import PackageFormat


class GenericFormat(PackageFormat):
    """Generic packages: namespace required, nothing normalised."""

    name = "generic"
    namespace_rule = "required"
    normalizes_api_input = False


@hookimpl(trylast=True)
def codeartifact_package_formats() -> list[PackageFormat]:
    return [GenericFormat()]
