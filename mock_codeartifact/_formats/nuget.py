"""The nuget format: lower-cased ids, normalised versions, ``.nuspec`` metadata.

The service stores ids lower-cased and versions normalised, and applies the
same normalisation to ``package`` and ``version`` given to its API. The
original id from the ``.nuspec`` is the ``displayName``. NuGet dependencies
never carry a ``dependencyType``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ._archive import (
    check_files,
    clean_member_name,
    decode_text,
    depth,
    names_with_suffix,
    read_zip,
)
from ._hooks import hookimpl
from ._metadata import Dependency, License, PackageMetadata, make_dependency, make_license
from ._versions import VersionKey, number_key, prerelease_key
from ._xml import child, child_text, local_name, parse_xml
from .base import PackageFormat

if TYPE_CHECKING:  # pragma: no cover - typing only
    from xml.etree.ElementTree import Element

_VERSION = re.compile(
    r"(?P<numbers>[0-9]+(?:\.[0-9]+){0,3})"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)


#: reads a package member by lower-cased name; None when absent
_MemberReader = Callable[[str], "bytes | None"]


class NugetFormat(PackageFormat):
    """NuGet packages: no namespace, case-insensitive ids, 4-part versions."""

    name = "nuget"
    namespace_rule = "forbidden"
    normalizes_api_input = True

    def normalize_name(self, name: str) -> str:
        return name.lower()

    def normalize_version(self, version: str) -> str:
        """``1.01.1`` -> ``1.1.1``, ``1.0.0.0`` -> ``1.0.0``, ``1.0.7+r3456`` -> ``1.0.7``.

        Also pads to three parts (``1.2`` -> ``1.2.0``) as NuGet does;
        strings that are not NuGet versions are returned unchanged.
        """
        match = _VERSION.fullmatch(version.strip())
        if match is None:
            return version
        # Leading zeros go without int(): a part may have thousands of digits.
        numbers = [part.lstrip("0") or "0" for part in match["numbers"].split(".")]
        numbers += ["0"] * (3 - len(numbers))
        if len(numbers) == 4 and numbers[3] == "0":
            numbers.pop()
        normalized = ".".join(numbers)
        return f"{normalized}-{match['pre']}" if match["pre"] else normalized

    def parsed_version_key(self, version: str) -> VersionKey | None:
        match = _VERSION.fullmatch(version.strip())
        if match is None:
            return None
        numbers = [number_key(part) for part in match["numbers"].split(".")]
        numbers += [number_key("0")] * (4 - len(numbers))
        # NuGet compares release labels case-insensitively.
        return (tuple(numbers), prerelease_key(match["pre"], fold_case=True))


    def extract_metadata(self, files: Mapping[str, bytes]) -> PackageMetadata:
        files = check_files(self.name, files)
        filename, nuspec, read_member = _find_nuspec(files)
        return self._parse_nuspec(filename, nuspec, read_member)

    def _parse_nuspec(
        self, filename: str, data: bytes, read_member: _MemberReader
    ) -> PackageMetadata:
        package = parse_xml("nuget", filename, data)
        metadata = child(package, "metadata")
        if local_name(package) != "package" or metadata is None:
            raise ValueError(f"nuget: {filename!r} is not a nuspec (no <package><metadata>)")
        package_id = child_text(metadata, "id")
        version = child_text(metadata, "version")
        if not package_id or not version:
            raise ValueError(f"nuget: {filename!r} lacks <id> or <version>")
        repository = child(metadata, "repository")
        return PackageMetadata(
            name=self.normalize_name(package_id),
            version=self.normalize_version(version),
            display_name=package_id,
            summary=child_text(metadata, "description"),
            home_page=child_text(metadata, "projectUrl"),
            source_code_repository=(repository.get("url") or None)
            if repository is not None
            else None,
            licenses=_licenses(metadata),
            readme=_readme(metadata, read_member),
            dependencies=_dependencies(metadata),
            extra={"original_version": version}
            if version != self.normalize_version(version)
            else {},
        )


def _find_nuspec(files: Mapping[str, bytes]) -> tuple[str, bytes, _MemberReader]:
    """The nuspec of the first .nupkg, or a bare .nuspec, and a reader for
    the package's other members (the readme), so big DLLs are never read."""
    for nupkg in names_with_suffix(files, ".nupkg"):
        data = files[nupkg]
        members = read_zip("nuget", nupkg, data, lambda name: name.lower().endswith(".nuspec"))
        if not members:
            raise ValueError(f"nuget: {nupkg!r} contains no .nuspec")
        nuspec = min(members, key=lambda n: (depth(n), n))

        def read_member(wanted: str, nupkg: str = nupkg, data: bytes = data) -> bytes | None:
            found = read_zip("nuget", nupkg, data, lambda name: name.lower() == wanted)
            return next(iter(found.values()), None)

        return f"{nupkg}:{nuspec}", members[nuspec], read_member
    for name in names_with_suffix(files, ".nuspec"):
        return name, files[name], lambda wanted: None
    raise ValueError(f"nuget: no .nupkg or .nuspec among {sorted(files)}")


def _licenses(metadata: Element) -> list[License]:
    """``<license>`` (expression or file path) with ``<licenseUrl>``, or the URL alone."""
    license_text = child_text(metadata, "license")
    license_url = child_text(metadata, "licenseUrl")
    if license_text or license_url:
        return [make_license(license_text, license_url)]
    return []


def _readme(metadata: Element, read_member: _MemberReader) -> str | None:
    """The file named by ``<readme>`` inside the package, matched case-insensitively."""
    path = child_text(metadata, "readme")
    if not path:
        return None
    data = read_member(clean_member_name(path).lower())
    return None if data is None else decode_text(data)


def _dependencies(metadata: Element) -> list[Dependency]:
    """Every ``<dependency>``, flat or in framework groups, each listed once."""
    declared = child(metadata, "dependencies")
    if declared is None:
        return []
    seen: set[tuple[str, str | None]] = set()
    dependencies = []
    for node in declared.iter():
        package_id = node.get("id")
        if local_name(node) != "dependency" or not package_id:
            continue
        key = (package_id, node.get("version") or None)
        if key not in seen:
            seen.add(key)
            dependencies.append(make_dependency(key[0], key[1]))
    return dependencies


@hookimpl(trylast=True)
def codeartifact_package_formats() -> list[PackageFormat]:
    return [NugetFormat()]
