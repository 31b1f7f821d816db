"""The npm format: scoped names, SemVer, metadata from ``package.json``.

A scoped name ``@scope/pkg`` is stored as namespace ``scope`` (no ``@``)
and package ``pkg``; ``displayName`` puts them back together. Nothing is
normalised. The default display version follows the ``latest`` dist-tag.
The repository endpoint speaks the npm registry protocol
(:mod:`mock_codeartifact._endpoints.npm`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ._archive import (
    basename,
    check_files,
    decode_text,
    depth,
    find_readme,
    names_with_suffix,
    read_tar,
)
from ._hooks import hookimpl
from ._metadata import Dependency, License, PackageMetadata, make_dependency, make_license
from ._versions import VersionKey, semver_key
from .base import PackageFormat

#: package.json section -> CodeArtifact dependencyType
_DEPENDENCY_SECTIONS = {
    "dependencies": "regular",
    "devDependencies": "dev",
    "peerDependencies": "peer",
    "optionalDependencies": "optional",
}


def split_npm_name(full_name: str) -> tuple[str | None, str]:
    """``'@types/node'`` -> ``('types', 'node')``; ``'react'`` -> ``(None, 'react')``."""
    if full_name.startswith("@"):
        scope, slash, package = full_name[1:].partition("/")
        if not scope or not slash or not package:
            raise ValueError(f"npm: {full_name!r} is not a valid scoped package name")
        return scope, package
    return None, full_name


class NpmFormat(PackageFormat):
    """npm packages: optional scope namespace, SemVer ordering."""

    name = "npm"
    namespace_rule = "optional"
    normalizes_api_input = False

    def display_name(
        self, namespace: str | None, name: str, metadata_name: str | None = None
    ) -> str:
        return f"@{namespace}/{name}" if namespace else name

    def parsed_version_key(self, version: str) -> VersionKey | None:
        return semver_key(version)

    def default_display_version(
        self, versions: Iterable[str], dist_tags: Mapping[str, str] | None = None
    ) -> str | None:
        """The ``latest`` dist-tag's version when published, else the newest."""
        ordered = list(versions)
        latest = (dist_tags or {}).get("latest")
        if latest is not None and latest in ordered:
            return latest
        return ordered[-1] if ordered else None


    def extract_metadata(self, files: Mapping[str, bytes]) -> PackageMetadata:
        files = check_files(self.name, files)
        manifest, readme = _find_manifest(files)
        return _parse_manifest(manifest, readme)


def _find_manifest(files: Mapping[str, bytes]) -> tuple[bytes, str | None]:
    """package.json (and README) from the tarball, or a bare package.json."""
    for tarball in names_with_suffix(files, ".tgz", ".tar.gz"):
        members = read_tar("npm", tarball, files[tarball], _is_wanted_member)
        manifests = sorted(
            (n for n in members if basename(n) == "package.json"),
            key=lambda n: (not n.startswith("package/"), n),
        )
        if not manifests:
            raise ValueError(f"npm: tarball {tarball!r} has no package/package.json")
        directory = manifests[0].rsplit("/", 1)[0]
        return members[manifests[0]], find_readme(members, directory)
    for name in sorted(files):
        if basename(name) == "package.json":
            return files[name], None
    raise ValueError(f"npm: no package tarball (.tgz) or package.json among {sorted(files)}")


def _is_wanted_member(member: str) -> bool:
    # npm packs everything under one top directory, normally 'package/'.
    if depth(member) != 1:
        return False
    name = basename(member).lower()
    return name == "package.json" or name.startswith("readme")


def _parse_manifest(data: bytes, readme: str | None) -> PackageMetadata:
    try:
        manifest = json.loads(decode_text(data))
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"npm: package.json is not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict):
        raise ValueError("npm: package.json is not a JSON object")
    full_name, version = manifest.get("name"), manifest.get("version")
    if (
        not isinstance(full_name, str)
        or not full_name
        or not isinstance(version, str)
        or not version
    ):
        raise ValueError("npm: package.json needs string 'name' and 'version' fields")
    namespace, name = split_npm_name(full_name)

    if readme is None and isinstance(manifest.get("readme"), str):
        readme = manifest["readme"]
    return PackageMetadata(
        name=name,
        namespace=namespace,
        version=version,
        display_name=full_name,
        summary=_string(manifest.get("description")),
        home_page=_string(manifest.get("homepage")),
        source_code_repository=_repository(manifest.get("repository")),
        licenses=_licenses(manifest),
        readme=readme,
        dependencies=_dependencies(manifest),
    )


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _repository(value: object) -> str | None:
    """``"repository"`` as a string (kept as written) or ``{"url": ...}``."""
    if isinstance(value, dict):
        return _string(value.get("url"))
    return _string(value)


def _licenses(manifest: Mapping[str, object]) -> list[License]:
    """``license`` (SPDX string or legacy ``{type, url}``) or legacy ``licenses``."""
    declared = manifest.get("license")
    if declared is None:
        declared = manifest.get("licenses")
    licenses = []
    for entry in declared if isinstance(declared, list) else [declared]:
        if isinstance(entry, str) and entry:
            licenses.append(make_license(entry))
        elif isinstance(entry, dict) and (entry.get("type") or entry.get("url")):
            licenses.append(make_license(_string(entry.get("type")), _string(entry.get("url"))))
    return licenses


def _dependencies(manifest: Mapping[str, object]) -> list[Dependency]:
    dependencies = []
    for section, dependency_type in _DEPENDENCY_SECTIONS.items():
        declared = manifest.get(section)
        if not isinstance(declared, dict):
            continue
        for full_name, requirement in declared.items():
            try:
                namespace, package = split_npm_name(full_name)
            except ValueError:
                namespace, package = None, full_name
            dependencies.append(
                make_dependency(
                    package,
                    requirement if isinstance(requirement, str) else None,
                    namespace=namespace,
                    dependency_type=dependency_type,
                )
            )
    return dependencies


@hookimpl(trylast=True)
def codeartifact_package_formats() -> list[PackageFormat]:
    return [NpmFormat()]
