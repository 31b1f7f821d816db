"""The maven format: groupId namespace, ComparableVersion-like ordering.

Metadata comes from the version's own ``.pom`` (parent POMs are not
fetched, as on the service). A version published with jars only has no
metadata beyond its coordinates, which the caller knows. Maven has no
readme in CodeArtifact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..limits import Limits, get_limits
from ._archive import basename, check_files, names_with_suffix
from ._hooks import hookimpl
from ._metadata import PackageMetadata, make_dependency, make_license
from ._versions import VersionKey, number_key
from ._xml import child, child_text, children, local_name, parse_xml
from .base import PackageFormat

if TYPE_CHECKING:  # pragma: no cover - typing only
    from xml.etree.ElementTree import Element

_QUALIFIER_RANKS = {"alpha": 0, "beta": 1, "milestone": 2, "rc": 3, "snapshot": 4}
_RELEASE_QUALIFIERS = {"", "ga", "final", "release"}
_SHORT_QUALIFIERS = {"a": "alpha", "b": "beta", "m": "milestone"}
_TOKEN = re.compile(r"[0-9]+|[^0-9]+")
#: One item of a Maven version key: (rank, number or qualifier rank, qualifier).
_Item = tuple[int, tuple[int, str], str]
_ZERO_ITEM: _Item = (3, number_key("0"), "")
#: ``${name}``; the name excludes '$' and braces so every scan is linear.
_PROPERTY = re.compile(r"\$\{([^${}]+)\}")


class MavenFormat(PackageFormat):
    """Maven artifacts: groupId namespace required, artifactId as display name."""

    name = "maven"
    namespace_rule = "required"
    normalizes_api_input = False

    def display_name(
        self, namespace: str | None, name: str, metadata_name: str | None = None
    ) -> str:
        return name

    def parsed_version_key(self, version: str) -> VersionKey | None:
        return maven_version_key(version)


    def extract_metadata(self, files: Mapping[str, bytes]) -> PackageMetadata:
        files = check_files(self.name, files)
        poms = names_with_suffix(files, ".pom") or [
            n for n in sorted(files) if basename(n) == "pom.xml"
        ]
        if not poms:
            return PackageMetadata()  # jars and the like say nothing reliable
        return _parse_pom(poms[0], files[poms[0]])


def maven_version_key(version: str) -> VersionKey | None:
    """A flat approximation of Maven's ``ComparableVersion``.

    Items are split at '.', '-' and digit/letter changes. Qualifiers rank
    alpha < beta < milestone < rc (= cr) < snapshot < release (ga, final) <
    sp < any other qualifier (lexical) < numbers; release-equivalent items
    and zeros standing before a qualifier or at the end are dropped, so
    ``1.0.0`` == ``1`` and ``1.0-RC1`` == ``1-rc-1``.
    """
    text = version.strip().lower()
    if not text:
        return None
    items: list[_Item] = []
    for part in re.split(r"[.-]", text):
        tokens = _TOKEN.findall(part)
        for index, token in enumerate(tokens):
            if "0" <= token[0] <= "9":
                items.append((3, number_key(token), ""))
                continue
            followed_by_digit = index + 1 < len(tokens)
            if followed_by_digit and token in _SHORT_QUALIFIERS:
                token = _SHORT_QUALIFIERS[token]
            token = "rc" if token == "cr" else token
            if token in _RELEASE_QUALIFIERS:
                continue
            if token in _QUALIFIER_RANKS:
                items.append((0, (0, str(_QUALIFIER_RANKS[token])), ""))
            elif token == "sp":
                items.append((2, (0, ""), ""))
            else:
                items.append((2, (1, ""), token))
    trimmed: list[_Item] = []
    for item in reversed(items):  # drop zeros at the end or before a qualifier
        if item == _ZERO_ITEM and (not trimmed or trimmed[-1][0] != 3):
            continue
        trimmed.append(item)
    trimmed.reverse()
    # The end marker ranks like an absent item: above pre-release qualifiers,
    # below sp, other qualifiers and numbers.
    return tuple(trimmed) + ((1, (0, ""), ""),)


def _parse_pom(filename: str, data: bytes) -> PackageMetadata:
    project = parse_xml("maven", filename, data)
    if local_name(project) != "project":
        raise ValueError(
            f"maven: {filename!r} is not a POM (root element is <{local_name(project)}>)"
        )
    parent = child(project, "parent")
    properties = _properties(project, parent)

    def text(element: Element | None, name: str) -> str | None:
        return _interpolate(child_text(element, name), properties)

    group_id = text(project, "groupId") or text(parent, "groupId")
    artifact_id = text(project, "artifactId")
    version = text(project, "version") or text(parent, "version")
    if not group_id or not artifact_id or not version:
        raise ValueError(f"maven: {filename!r} lacks groupId, artifactId or version")

    dependencies = []
    parent_artifact_id = text(parent, "artifactId")  # None without a <parent>
    if parent_artifact_id:
        dependencies.append(
            make_dependency(
                parent_artifact_id,
                text(parent, "version"),
                namespace=text(parent, "groupId"),
                dependency_type="parent",
            )
        )
    for dependency in children(child(project, "dependencies"), "dependency"):
        scope = (text(dependency, "scope") or "compile").lower()
        optional = (text(dependency, "optional") or "").lower() == "true"
        dependencies.append(
            make_dependency(
                text(dependency, "artifactId") or "",
                text(dependency, "version"),
                namespace=text(dependency, "groupId"),
                dependency_type="optional" if optional else scope,
            )
        )

    licenses = [
        make_license(text(entry, "name"), text(entry, "url"))
        for entry in children(child(project, "licenses"), "license")
        if text(entry, "name") or text(entry, "url")
    ]
    extra = {"packaging": text(project, "packaging") or "jar"}
    project_name = text(project, "name")
    if project_name:
        extra["name"] = project_name
    return PackageMetadata(
        name=artifact_id,
        namespace=group_id,
        version=version,
        display_name=artifact_id,
        summary=text(project, "description"),
        home_page=text(project, "url"),
        source_code_repository=text(child(project, "scm"), "url"),
        licenses=licenses,
        dependencies=dependencies,
        extra=extra,
    )


def _properties(project: Element, parent: Element | None) -> dict[str, str]:
    """``${...}`` values resolvable from this POM alone."""
    declared = child(project, "properties")
    values = {
        local_name(node): (node.text or "").strip()
        for node in (declared if declared is not None else [])
        if local_name(node)
    }
    for prefix, element in (("project.parent.", parent), ("project.", project), ("pom.", project)):
        for key in ("groupId", "artifactId", "version"):
            value = child_text(element, key)
            if value is not None:
                values[prefix + key] = value
    for key in ("groupId", "version"):  # inherited coordinates
        if f"project.{key}" not in values and f"project.parent.{key}" in values:
            values[f"project.{key}"] = values[f"project.parent.{key}"]
    return values


def _interpolate(value: str | None, properties: dict[str, str]) -> str | None:
    """Replace known ``${name}`` references; unknown ones stay as written.

    Properties may refer to properties, so a few rounds are made; a POM whose
    references multiply (each property doubling the one before) is refused
    once it substitutes more references, or produces a longer value, than
    :mod:`mock_codeartifact.limits` allows.
    """
    if value is None or "${" not in value:
        return value
    limits = get_limits()
    references = 0
    for _ in range(5):
        parts: list[str] = []
        length, position, changed = 0, 0, False
        for match in _PROPERTY.finditer(value):
            replacement = properties.get(match.group(1))
            if replacement is None:
                continue
            references += 1
            if references > limits.max_property_references:
                raise ValueError(
                    f"maven: a POM value refers to properties more than {limits.max_property_references} times"
                )
            parts += (value[position : match.start()], replacement)
            length += match.start() - position + len(replacement)
            position, changed = match.end(), True
            if length > limits.max_interpolated_chars:
                raise _too_long(limits)
        if not changed:
            break
        parts.append(value[position:])
        value = "".join(parts)
        if len(value) > limits.max_interpolated_chars:
            raise _too_long(limits)
    return value


def _too_long(limits: Limits) -> ValueError:
    return ValueError(
        f"maven: ${{property}} interpolation makes a POM value longer than {limits.max_interpolated_chars} characters"
    )


@hookimpl(trylast=True)
def codeartifact_package_formats() -> list[PackageFormat]:
    return [MavenFormat()]
