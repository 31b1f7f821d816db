"""The metadata a format reads from real package files.

The field names follow CodeArtifact's ``PackageVersionDescription`` (in
snake_case) so the backend can map them one to one; licenses and
dependencies are already shaped like the API's ``LicenseInfo`` and
``PackageDependency`` so they can be returned as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

#: ``{"name": ..., "url": ...}`` as in the API's ``LicenseInfo``.
License = dict[str, "str | None"]
#: ``{"namespace", "package", "dependencyType", "versionRequirement"}``.
Dependency = dict[str, "str | None"]

_README_PREVIEW = 40


def make_license(name: str | None, url: str | None = None) -> License:
    """Build a license entry; both keys are always present (``None`` allowed)."""
    return {"name": name, "url": url}


def make_dependency(
    package: str,
    version_requirement: str | None = None,
    *,
    namespace: str | None = None,
    dependency_type: str | None = None,
) -> Dependency:
    """Build a dependency entry with the API's four keys, ``None`` allowed."""
    return {
        "namespace": namespace,
        "package": package,
        "dependencyType": dependency_type,
        "versionRequirement": version_requirement,
    }


@dataclass
class PackageMetadata:
    """What a package's own files say about it.

    ``name``/``namespace``/``version`` are in the stored (normalised) form
    of the format; ``display_name`` is the human form. Every field may be
    ``None`` (or empty) when the files do not say: e.g. generic packages and
    Swift source archives carry no version, which the caller then supplies.

    ``dist_tags`` holds npm-style tags (``{"latest": "1.2.3"}``) when a format
    knows them; ``extra`` holds anything else format-specific (for example
    Maven's ``packaging`` or NuGet's original version string).
    """

    name: str | None = None
    namespace: str | None = None
    version: str | None = None
    display_name: str | None = None
    summary: str | None = None
    home_page: str | None = None
    source_code_repository: str | None = None
    licenses: list[License] = field(default_factory=list)
    readme: str | None = None
    dependencies: list[Dependency] = field(default_factory=list)
    dist_tags: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        # Only what is set, and a short readme: metadata reprs show up in
        # assertion failures, where a 20 kB README would hide everything.
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or (isinstance(value, (list, dict)) and not value):
                continue
            if f.name == "readme" and len(value) > _README_PREVIEW:
                shown = value[:_README_PREVIEW] + "..."
                parts.append(f"readme=<{len(value)} chars: {shown!r}>")
                continue
            parts.append(f"{f.name}={value!r}")
        return f"PackageMetadata({', '.join(parts)})"


PackageMetadata.__module__ = "mock_codeartifact._formats"
