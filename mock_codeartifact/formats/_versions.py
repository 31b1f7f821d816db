"""Version keys shared by several formats: SemVer and natural ordering.

A *parsed key* is a tuple that only needs to compare with other parsed keys
of the same function; ``PackageFormat.version_sort_key`` wraps it so that
unparseable versions sort first and ties are broken by the raw string.
"""

from __future__ import annotations

import re

_SEMVER = re.compile(
    r"v?(?P<major>[0-9]+)\.(?P<minor>[0-9]+)\.(?P<patch>[0-9]+)"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)
_NATURAL_TOKEN = re.compile(r"[0-9]+|[^0-9]+")


def prerelease_key(identifiers: str | None, *, fold_case: bool = False) -> tuple:
    """SemVer precedence of a pre-release part.

    No pre-release sorts after any pre-release; numeric identifiers sort
    before alphanumeric ones; a shorter identifier list wins a tie.
    """
    if identifiers is None:
        return (1,)
    parts = []
    for ident in identifiers.split("."):
        if ident.isascii() and ident.isdigit():
            parts.append((0, int(ident), ""))
        else:
            parts.append((1, 0, ident.lower() if fold_case else ident))
    return (0, tuple(parts))


def semver_key(version: str) -> tuple | None:
    """SemVer 2.0 precedence (build metadata ignored), or ``None``.

    Lenient on purpose where registries are: a leading ``v`` and leading
    zeros are accepted, as npm's loose parser and SwiftPM's tags do.
    """
    match = _SEMVER.fullmatch(version.strip())
    if match is None:
        return None
    return (
        int(match["major"]),
        int(match["minor"]),
        int(match["patch"]),
        prerelease_key(match["pre"]),
    )


def natural_key(version: str) -> tuple | None:
    """Digits compare as numbers, everything else as text ('1.10' > '1.9').

    A number sorts before text at the same position ('2' < 'release-1').
    Only the empty string is unparseable: any other text has a natural key.
    """
    if not version:
        return None
    return tuple(
        (0, int(token), "") if "0" <= token[0] <= "9" else (1, 0, token)
        for token in _NATURAL_TOKEN.findall(version)
    )
