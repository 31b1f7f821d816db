"""The pypi format: wheels and sdists, PEP 503 names, PEP 440 versions.

The stored name is the PEP 503 normal form, but the service does not
normalise names given to its API: callers must use the normal form there.
Metadata comes from the core-metadata file (``*.dist-info/METADATA`` in a
wheel, ``PKG-INFO`` in an sdist), an RFC 822 document whose body is the
long description (the readme), read with ``packaging.metadata``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ._archive import (
    basename,
    check_files,
    decode_text,
    depth,
    names_with_suffix,
    read_tar,
    read_zip,
)
from ._hooks import hookimpl
from ._metadata import License, PackageMetadata, make_dependency, make_license
from ._versions import VersionKey
from .base import PackageFormat

_SDIST_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip")
_WHEEL_METADATA = re.compile(r"[^/]+\.dist-info/METADATA")
_HOME_LABELS = {"homepage", "home"}
_SOURCE_LABELS = {"source", "sourcecode", "repository"}
_UNSET = {"", "unknown"}


class PypiFormat(PackageFormat):
    """Python packages: no namespace, PEP 503 names, ``packaging`` versions."""

    name = "pypi"
    namespace_rule = "forbidden"
    normalizes_api_input = False

    def normalize_name(self, name: str) -> str:
        from packaging.utils import canonicalize_name

        return str(canonicalize_name(name))

    def parsed_version_key(self, version: str) -> VersionKey | None:
        from packaging.version import InvalidVersion, Version

        try:
            return (Version(version),)
        except (InvalidVersion, ValueError):  # ValueError: a number beyond int()'s digit limit
            return None


    def extract_metadata(self, files: Mapping[str, bytes]) -> PackageMetadata:
        files = check_files(self.name, files)
        text = _find_core_metadata(files)
        return _parse_core_metadata(text, self.normalize_name)


def _find_core_metadata(files: Mapping[str, bytes]) -> str:
    """The core-metadata text of the first wheel, else sdist, else bare file."""
    for wheel in names_with_suffix(files, ".whl"):
        found = read_zip("pypi", wheel, files[wheel], _is_wheel_metadata)
        if not found:
            raise ValueError(f"pypi: wheel {wheel!r} has no *.dist-info/METADATA")
        return decode_text(found[min(found)])
    for sdist in names_with_suffix(files, *_SDIST_SUFFIXES):
        reader = read_zip if sdist.lower().endswith(".zip") else read_tar
        found = reader("pypi", sdist, files[sdist], _is_sdist_pkg_info)
        if not found:
            raise ValueError(f"pypi: sdist {sdist!r} has no top-level PKG-INFO")
        return decode_text(found[min(found, key=lambda n: (depth(n), n))])
    for name in sorted(files):
        if basename(name) in ("METADATA", "PKG-INFO"):
            return decode_text(files[name])
    raise ValueError(
        f"pypi: no wheel (.whl), sdist (.tar.gz, .zip) or METADATA/PKG-INFO among {sorted(files)}"
    )


def _is_wheel_metadata(member: str) -> bool:
    # 'pkg-1.0.dist-info/METADATA' at the top of the wheel.
    return _WHEEL_METADATA.fullmatch(member) is not None


def _is_sdist_pkg_info(member: str) -> bool:
    # 'pkg-1.0/PKG-INFO' (or a flat 'PKG-INFO'); egg-info copies sit deeper.
    return basename(member) == "PKG-INFO" and depth(member) <= 1


def _parse_core_metadata(text: str, normalize_name: Callable[[str], str]) -> PackageMetadata:
    """Read core metadata with ``packaging.metadata`` (linear in the text).

    ``parse_email`` is lenient: fields it cannot type (a repeated single
    field, duplicate Project-URL labels) land in its ``unparsed`` dict, and
    are read from there the way the service's lenient reader would.
    """
    from packaging.metadata import parse_email

    raw, unparsed = parse_email(text)
    fields = _Fields(raw, unparsed)
    raw_name = fields.single("name", "name")
    version = fields.single("version", "version")
    if not raw_name or not version:
        raise ValueError("pypi: core metadata has no Name or no Version field")

    urls = _project_urls(fields.project_urls())
    return PackageMetadata(
        name=normalize_name(raw_name),
        version=version,
        display_name=raw_name,
        summary=fields.single("summary", "summary"),
        home_page=fields.single("home_page", "home-page") or _first(urls, _HOME_LABELS),
        source_code_repository=_first(urls, _SOURCE_LABELS),
        licenses=_licenses(fields),
        readme=_readme(fields, _declares_description_header(text)),
        dependencies=[
            _dependency(value, normalize_name) for value in fields.many("requires_dist", "requires-dist")
        ],
    )


class _Fields:
    """Typed access to ``parse_email``'s two dicts."""

    def __init__(self, raw: Any, unparsed: dict[str, list[str]]) -> None:
        self.raw: dict[str, Any] = dict(raw)
        self.unparsed = unparsed

    def text(self, key: str, email_name: str) -> str | None:
        """A field as written (the first of repeated ones), not unfolded."""
        value = self.raw.get(key)
        if isinstance(value, str):
            return value
        repeated = self.unparsed.get(email_name)
        return repeated[0] if repeated and isinstance(repeated[0], str) else None

    def single(self, key: str, email_name: str) -> str | None:
        """A single-line field, unfolded; 'UNKNOWN' (old setuptools) means unset."""
        value = self.text(key, email_name)
        if value is None:
            return None
        value = _unfold(value)
        return None if value.lower() in _UNSET else value

    def many(self, key: str, email_name: str) -> list[str]:
        value = self.raw.get(key)
        if isinstance(value, list):
            return [str(v) for v in value]
        return [str(v) for v in self.unparsed.get(email_name, [])]

    def project_urls(self) -> list[str]:
        """``Label, URL`` entries in order (duplicates included)."""
        parsed = self.raw.get("project_urls")
        if isinstance(parsed, dict):
            return [f"{label}, {url}" for label, url in parsed.items()]
        return [str(v) for v in self.unparsed.get("project-url", [])]


def _unfold(value: str) -> str:
    """Join a folded header's lines with one space: split, never a regex, so
    a value of 100,000 spaces costs what its length does."""
    return " ".join(line.strip() for line in value.splitlines() if line.strip())


def _declares_description_header(text: str) -> bool:
    """Whether the header block has a ``Description:`` field (else a
    description ``parse_email`` reports is the message body)."""
    for line in text.splitlines():
        if not line.strip():
            return False
        if line[:12].lower() == "description:":
            return True
    return False


def _project_urls(values: list[str]) -> dict[str, str]:
    """``Project-URL: Label, URL`` entries keyed by normalised label."""
    urls: dict[str, str] = {}
    for value in values:
        label, _, url = str(value).partition(",")
        key = re.sub(r"[\W_]+", "", label).lower()
        if url.strip():
            urls.setdefault(key, url.strip())
    return urls


def _first(urls: dict[str, str], labels: set[str]) -> str | None:
    return next((url for label, url in urls.items() if label in labels), None)


def _licenses(fields: _Fields) -> list[License]:
    """License-Expression, else License, else the ``License ::`` classifiers.

    The SPDX expression wins over ``License`` because newer tools fill only
    the expression and older ones sometimes put the whole license text in
    ``License``.
    """
    single = fields.single("license_expression", "license-expression") or fields.single("license", "license")
    if single:
        return [make_license(single)]
    licenses = []
    for classifier in fields.many("classifiers", "classifier"):
        parts = [p.strip() for p in str(classifier).split("::")]
        if parts[0] == "License" and len(parts) > 1:
            licenses.append(make_license(parts[-1]))
    return licenses


def _readme(fields: _Fields, from_header: bool) -> str | None:
    """The body (metadata 2.1+), else the folded ``Description`` field."""
    candidates = fields.raw.get("description")
    values = [candidates] if isinstance(candidates, str) else list(fields.unparsed.get("description", []))
    if not values:
        return None
    body = values[-1] if (len(values) > 1 or not from_header) else None
    if isinstance(body, str) and body.strip():
        return body
    description = values[0] if from_header else None
    if not isinstance(description, str) or not description:
        return None
    first, *rest = description.splitlines()
    # setuptools folds continuation lines with 8 spaces, older tools with '       |'.
    lines = [first] + [_unindent(line) for line in rest]
    text = "\n".join(lines).strip("\n")
    return text if text.strip() and text.strip().lower() != "unknown" else None


def _unindent(line: str) -> str:
    for prefix in ("       |", "        ", "\t"):
        if line.startswith(prefix):
            return line[len(prefix) :]
    return line


def _dependency(value: str, normalize_name: Callable[[str], str]) -> dict[str, str | None]:
    """A ``Requires-Dist`` entry; unparseable ones are kept, split at the name."""
    from packaging.requirements import InvalidRequirement, Requirement

    value = str(value).strip()
    try:
        requirement = Requirement(value)
    except InvalidRequirement:
        match = re.match(r"\s*([A-Za-z0-9._-]+)\s*(.*)", value)
        package, rest = (match.group(1), match.group(2).strip()) if match else (value, "")
        return make_dependency(
            normalize_name(package), rest or None, dependency_type="Requires-Dist"
        )
    requirement_text = str(requirement.specifier)
    if requirement.marker is not None:
        requirement_text = f"{requirement_text}; {requirement.marker}"
    return make_dependency(
        normalize_name(requirement.name),
        requirement_text or None,
        dependency_type="Requires-Dist",
    )


@hookimpl(trylast=True)
def codeartifact_package_formats() -> list[PackageFormat]:
    return [PypiFormat()]
