"""The swift format: scope namespace, lower-cased names, SemVer versions.

Swift packages are published as a source archive (zip) holding
``Package.swift``; its version is not in the archive but given by the
publisher (``swift package-registry publish``), so metadata leaves the
version unset. Name and scope are lower-cased by the service, in storage
and in API input alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
from ._versions import VersionKey, semver_key
from .base import PackageFormat

#: Swift source as tokens: a string literal (to its closing quote or the end
#: of its line), a comment, an identifier or one other character. Every
#: alternative always matches once started, so tokenising is linear in the
#: text whatever it holds (unclosed strings and comments included).
_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"?'
    r"|//[^\n]*"
    r"|/\*(?:[^*]|\*(?!/))*(?:\*/)?"
    r"|[A-Za-z_][A-Za-z0-9_]*"
    r"|\S"
)


class SwiftFormat(PackageFormat):
    """Swift packages: scope required, names lower-cased everywhere."""

    name = "swift"
    namespace_rule = "required"
    normalizes_api_input = True

    def normalize_name(self, name: str) -> str:
        return name.lower()

    def normalize_namespace(self, namespace: str | None) -> str | None:
        return None if namespace is None else namespace.lower()

    def parsed_version_key(self, version: str) -> VersionKey | None:
        return semver_key(version)

    def extract_metadata(self, files: Mapping[str, bytes]) -> PackageMetadata:
        files = check_files(self.name, files)
        manifest, readme = _find_manifest(files)
        display = _package_name(decode_text(manifest))
        if display is None:
            raise ValueError('swift: Package.swift has no package name (name: "...")')
        return PackageMetadata(
            name=self.normalize_name(display), display_name=display, readme=readme
        )


def _package_name(text: str) -> str | None:
    """The string in ``Package(name: "...")``, else the first ``name: "..."``
    (as written, escapes included)."""
    # _TOKEN has no groups: findall gives the matched strings
    tokens: list[str] = [t for t in _TOKEN.findall(text) if not t.startswith(("//", "/*"))]
    first_name = None
    for i in range(len(tokens) - 2):
        if tokens[i] != "name" or tokens[i + 1] != ":" or not _closed_string(tokens[i + 2]):
            continue
        value = tokens[i + 2][1:-1]
        if i >= 2 and tokens[i - 2] == "Package" and tokens[i - 1] == "(":
            return value
        if first_name is None:
            first_name = value
    return first_name


def _closed_string(token: str) -> bool:
    """A string token ending in an unescaped quote (an odd run of
    backslashes before the last quote escapes it)."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        return False
    backslashes = len(token[1:-1]) - len(token[1:-1].rstrip("\\"))
    return backslashes % 2 == 0


def _find_manifest(files: Mapping[str, bytes]) -> tuple[bytes, str | None]:
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
