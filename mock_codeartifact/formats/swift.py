"""The swift format: scope namespace, lower-cased names, SemVer versions.

Swift packages are published as a source archive (zip) holding
``Package.swift``; its version is not in the archive but given by the
publisher (``swift package-registry publish``), so metadata leaves the
version unset. Name and scope are lower-cased by the service, in storage
and in API input alike.
"""

from __future__ import annotations

import re

from ._archive import (
    basename,
    check_files,
    decode_text,
    depth,
    find_readme,
    names_with_suffix,
    read_zip,
)
from ._hooks import hookimpl
from ._metadata import PackageMetadata
from ._versions import semver_key
from .base import PackageFormat

_PACKAGE_NAME = re.compile(r"\bPackage\s*\(\s*name\s*:\s*\"((?:[^\"\\]|\\.)*)\"")
_ANY_NAME = re.compile(r"\bname\s*:\s*\"((?:[^\"\\]|\\.)*)\"")


class SwiftFormat(PackageFormat):
    """Swift packages: scope required, names lower-cased everywhere."""

    name = "swift"
    namespace_rule = "required"
    normalizes_api_input = True

    def normalize_name(self, name: str) -> str:
        return name.lower()

    def normalize_namespace(self, namespace: str | None) -> str | None:
        return None if namespace is None else namespace.lower()

    def parsed_version_key(self, version: str) -> tuple | None:
        return semver_key(version)

    def extract_metadata(self, files: dict[str, bytes]) -> PackageMetadata:
        files = check_files(self.name, files)
        manifest, readme = _find_manifest(files)
        text = decode_text(manifest)
        match = _PACKAGE_NAME.search(text) or _ANY_NAME.search(text)
        if match is None:
            raise ValueError('swift: Package.swift has no package name (name: "...")')
        display = match.group(1)
        return PackageMetadata(
            name=self.normalize_name(display), display_name=display, readme=readme
        )


def _find_manifest(files: dict[str, bytes]) -> tuple[bytes, str | None]:
    """Package.swift (and its README) from the archive's root or single top folder."""
    for archive in names_with_suffix(files, ".zip"):
        members = read_zip("swift", archive, files[archive], _is_wanted_member)
        manifests = sorted(
            (n for n in members if basename(n) == "Package.swift"), key=lambda n: (depth(n), n)
        )
        if not manifests:
            raise ValueError(f"swift: source archive {archive!r} has no Package.swift")
        directory = manifests[0].rpartition("/")[0]
        return members[manifests[0]], find_readme(members, directory)
    for name in sorted(files):
        if basename(name) == "Package.swift":
            return files[name], None
    raise ValueError(f"swift: no source archive (.zip) or Package.swift among {sorted(files)}")


def _is_wanted_member(member: str) -> bool:
    name = basename(member)
    return depth(member) <= 1 and (name == "Package.swift" or name.lower().startswith("readme"))


@hookimpl(trylast=True)
def codeartifact_package_formats() -> list[PackageFormat]:
    return [SwiftFormat()]
