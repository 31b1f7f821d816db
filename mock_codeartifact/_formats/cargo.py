"""The cargo format: crates, SemVer versions, metadata from ``Cargo.toml``.

A ``.crate`` is a gzip tarball with everything under ``<name>-<version>/``.
Names are not normalised. ``Cargo.toml`` is read with ``tomllib`` (Python
3.11+) or, on 3.10, with ``tomli``, the same parser published on PyPI.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

from ._archive import (
    basename,
    check_files,
    clean_member_name,
    decode_text,
    depth,
    find_readme,
    names_with_suffix,
    read_tar,
)
from ._hooks import hookimpl
from ._metadata import Dependency, PackageMetadata, make_dependency, make_license
from ._versions import VersionKey, semver_key
from .base import PackageFormat

#: Cargo.toml table -> dependencyType (cargo's own kind names)
_DEPENDENCY_TABLES = {
    "dependencies": "normal",
    "dev-dependencies": "dev",
    "build-dependencies": "build",
}


#: reads one more member of the crate by its full name; None when absent
_MemberReader = Callable[[str], "bytes | None"]


class CargoFormat(PackageFormat):
    """Rust crates: no namespace, nothing normalised, SemVer ordering."""

    name = "cargo"
    namespace_rule = "forbidden"
    normalizes_api_input = False

    def parsed_version_key(self, version: str) -> VersionKey | None:
        return semver_key(version)

    def extract_metadata(self, files: Mapping[str, bytes]) -> PackageMetadata:
        files = check_files(self.name, files)
        filename, manifest, members, directory, read_member = _find_manifest(files)
        table = parse_cargo_toml(filename, decode_text(manifest))
        package = table.get("package")
        if not isinstance(package, dict):
            raise ValueError(f"cargo: {filename!r} has no [package] table")
        name, version = package.get("name"), package.get("version")
        if not isinstance(name, str) or not name or not isinstance(version, str) or not version:
            raise ValueError(f"cargo: {filename!r} lacks a literal package name or version")
        license_expression = _string(package.get("license"))
        return PackageMetadata(
            name=name,
            version=version,
            display_name=name,
            summary=_string(package.get("description")),
            home_page=_string(package.get("homepage")),
            source_code_repository=_string(package.get("repository")),
            licenses=[make_license(license_expression)] if license_expression else [],
            readme=_readme(package.get("readme"), members, directory, read_member),
            dependencies=_dependencies(table),
        )


def parse_cargo_toml(filename: str, text: str) -> dict[str, Any]:
    """The manifest as a dict, or a ``ValueError`` naming the file.

    ``ValueError`` covers tomllib's own errors and Python's refusal of an
    integer with thousands of digits; ``RecursionError`` absurd nesting.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"cargo: {filename!r} is not valid TOML ({str(exc)[:200]})") from None


def _find_manifest(
    files: Mapping[str, bytes],
) -> tuple[str, bytes, dict[str, bytes], str, _MemberReader]:
    """Cargo.toml of the first .crate, the crate's top-level files, and a
    reader for deeper members (a ``readme`` in a subdirectory); or a bare
    Cargo.toml."""
    for crate in names_with_suffix(files, ".crate"):
        data = files[crate]
        members = read_tar("cargo", crate, data, lambda name: depth(name) <= 1)
        manifests = sorted(n for n in members if basename(n) == "Cargo.toml")
        if not manifests:
            raise ValueError(f"cargo: crate {crate!r} has no <name>-<version>/Cargo.toml")
        directory = manifests[0].rpartition("/")[0]

        def read_member(wanted: str, crate: str = crate, data: bytes = data) -> bytes | None:
            return read_tar("cargo", crate, data, lambda name: name == wanted).get(wanted)

        return f"{crate}:{manifests[0]}", members[manifests[0]], members, directory, read_member
    for name in sorted(files):
        if basename(name) == "Cargo.toml":
            return name, files[name], {}, "", lambda wanted: None
    raise ValueError(f"cargo: no .crate or Cargo.toml among {sorted(files)}")


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _readme(
    setting: object, members: dict[str, bytes], directory: str, read_member: _MemberReader
) -> str | None:
    """The file ``readme`` names; if unset, a README file cargo would pick; ``false``: none."""
    if setting is False:
        return None
    if isinstance(setting, str) and setting:
        wanted = clean_member_name(setting)
        wanted = f"{directory}/{wanted}" if directory else wanted
        data = members[wanted] if wanted in members else read_member(wanted)
        return None if data is None else decode_text(data)
    return find_readme(members, directory)


def _dependencies(table: Mapping[str, object]) -> list[Dependency]:
    """Dependencies of all kinds, including ``[target.'cfg(..)'.*]`` tables."""
    scopes = [table]
    targets = table.get("target")
    if isinstance(targets, dict):
        scopes += [t for t in targets.values() if isinstance(t, dict)]
    dependencies = []
    for scope in scopes:
        for section, dependency_type in _DEPENDENCY_TABLES.items():
            declared = scope.get(section) or scope.get(section.replace("-", "_"))
            if not isinstance(declared, dict):
                continue
            for key, spec in declared.items():
                package, requirement = key, None
                if isinstance(spec, str):
                    requirement = spec
                elif isinstance(spec, dict):
                    package = _string(spec.get("package")) or key  # renamed dependency
                    requirement = _string(spec.get("version"))
                dependencies.append(
                    make_dependency(package, requirement, dependency_type=dependency_type)
                )
    return dependencies


@hookimpl(trylast=True)
def codeartifact_package_formats() -> list[PackageFormat]:
    return [CargoFormat()]
