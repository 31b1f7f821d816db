"""The ruby format: gems, ``Gem::Version`` ordering, gemspec YAML metadata.

A ``.gem`` is a plain tar holding ``metadata.gz``, the gzipped YAML dump of
the gem's specification. Read from it: ``name``, ``version``, ``summary``,
``homepage`` (else ``metadata.homepage_uri``), ``licenses``/``license``,
``metadata.source_code_uri`` and ``dependencies`` (name, ``:runtime`` or
``:development`` as ``dependencyType``, requirements joined as
``">= 1.0, < 2"``). Gems have no readme in their metadata. The YAML is
read by PyYAML, as plain data (:mod:`._yaml`). Nothing is
normalised and there is no namespace.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ._archive import basename, check_files, decode_text, gunzip, names_with_suffix, read_tar
from ._hooks import hookimpl
from ._metadata import Dependency, License, PackageMetadata, make_dependency, make_license
from ._versions import VersionKey, number_key
from ._yaml import YamlData, load_yaml
from .base import PackageFormat

_VALID = re.compile(r"[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?")
_SEGMENT = re.compile(r"[0-9]+|[a-zA-Z]+")
_ZERO = number_key("0")


class RubyFormat(PackageFormat):
    """Ruby gems: no namespace, nothing normalised."""

    name = "ruby"
    namespace_rule = "forbidden"
    normalizes_api_input = False

    def parsed_version_key(self, version: str) -> VersionKey | None:
        return gem_version_key(version)

    def extract_metadata(self, files: Mapping[str, bytes]) -> PackageMetadata:
        files = check_files(self.name, files)
        filename, compressed = _find_metadata(files)
        text = decode_text(gunzip("ruby", filename, compressed))
        try:
            spec = load_yaml(text)
        except ValueError as exc:
            raise ValueError(f"ruby: {filename!r} {exc}") from None
        if not isinstance(spec, dict):
            raise ValueError(f"ruby: {filename!r} is not a gem specification")
        name, version = spec.get("name"), spec.get("version")
        if isinstance(version, dict):  # !ruby/object:Gem::Version
            version = version.get("version")
        if not isinstance(name, str) or not isinstance(version, str):
            raise ValueError(f"ruby: {filename!r} lacks the gem's name or version")
        declared_links = spec.get("metadata")
        links = declared_links if isinstance(declared_links, dict) else {}
        return PackageMetadata(
            name=name,
            version=version,
            display_name=name,
            summary=_string(spec.get("summary")),
            home_page=_string(spec.get("homepage")) or _string(links.get("homepage_uri")),
            source_code_repository=_string(links.get("source_code_uri")),
            licenses=_licenses(spec),
            dependencies=_dependencies(spec.get("dependencies")),
            extra={"platform": spec["platform"]} if _string(spec.get("platform")) else {},
        )


def gem_version_key(version: str) -> VersionKey | None:
    """``Gem::Version`` ordering as a tuple key.

    Segments are digit or letter runs ('-' means '.pre.'); a letter segment
    makes a pre-release and sorts below any number, missing segments count
    as 0, and trailing zeros (of the release and pre-release parts) do not
    matter. Runs of zeros are folded into the next segment so that a plain
    tuple comparison gives the same answer as Ruby's padded comparison.
    """
    text = version.strip()
    if not _VALID.fullmatch(text):
        return None
    segments: list[tuple[int, str] | str] = [
        number_key(s) if "0" <= s[0] <= "9" else s
        for s in _SEGMENT.findall(text.replace("-", ".pre."))
    ]
    first_letter = next((i for i, s in enumerate(segments) if isinstance(s, str)), len(segments))
    canonical = _drop_trailing_zeros(segments[:first_letter]) + _drop_trailing_zeros(
        segments[first_letter:]
    )
    key: list[tuple[int, int, tuple[int, str], str]] = []
    zeros = 0
    for segment in canonical:
        if segment == _ZERO:
            zeros += 1
        elif isinstance(segment, str):  # below the implicit 0 it is compared to
            key.append((0, zeros, _ZERO, segment))
            zeros = 0
        else:  # above the implicit 0 it is compared to
            key.append((2, -zeros, segment, ""))
            zeros = 0
    key.append((1, 0, _ZERO, ""))  # the end: as if followed by zeros forever
    return tuple(key)


def _drop_trailing_zeros(segments: list[tuple[int, str] | str]) -> list[tuple[int, str] | str]:
    while segments and segments[-1] == _ZERO:
        segments = segments[:-1]
    return segments


def _find_metadata(files: Mapping[str, bytes]) -> tuple[str, bytes]:
    """``metadata.gz`` from the first .gem, or a bare ``metadata.gz``."""
    for gem in names_with_suffix(files, ".gem"):
        members = read_tar("ruby", gem, files[gem], lambda name: name == "metadata.gz")
        if "metadata.gz" not in members:
            raise ValueError(f"ruby: gem {gem!r} has no metadata.gz")
        return f"{gem}:metadata.gz", members["metadata.gz"]
    for name in sorted(files):
        if basename(name) == "metadata.gz":
            return name, files[name]
    raise ValueError(f"ruby: no .gem or metadata.gz among {sorted(files)}")


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _licenses(spec: dict[str | None, YamlData]) -> list[License]:
    declared = spec.get("licenses")
    if declared is None:
        declared = spec.get("license")
    if isinstance(declared, str):
        declared = [declared]
    return [make_license(name) for name in declared or [] if isinstance(name, str) and name]


def _dependencies(declared: YamlData) -> list[Dependency]:
    dependencies = []
    for entry in declared if isinstance(declared, list) else []:
        if not isinstance(entry, dict):
            continue
        name = _string(entry.get("name"))
        if not name:
            continue
        requirement = entry.get("requirement") or entry.get("version_requirements")
        kind = _string(entry.get("type"))
        dependencies.append(
            make_dependency(
                name,
                _requirement_text(requirement),
                dependency_type=kind.lstrip(":") if kind else None,
            )
        )
    return dependencies


def _requirement_text(requirement: object) -> str | None:
    """``[[">=", {version: "1.0"}], ["<", "2"]]`` -> ``">= 1.0, < 2"``."""
    pairs = requirement.get("requirements") if isinstance(requirement, dict) else None
    parts = []
    for pair in pairs if isinstance(pairs, list) else []:
        if not isinstance(pair, list) or len(pair) != 2:
            continue
        operator, version = pair
        if isinstance(version, dict):
            version = version.get("version")
        if isinstance(operator, str) and isinstance(version, str):
            parts.append(f"{operator} {version}")
    return ", ".join(parts) or None


@hookimpl(trylast=True)
def codeartifact_package_formats() -> list[PackageFormat]:
    return [RubyFormat()]
