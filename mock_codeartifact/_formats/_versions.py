"""Version keys shared by several formats: SemVer and natural ordering.

A *parsed key* is a tuple that only needs to compare with other parsed keys
of the same function; ``PackageFormat.version_sort_key`` wraps it so that
unparseable versions sort first and ties are broken by the raw string.

Numbers are compared through :func:`number_key`, never converted with
``int()``: a version may hold a run of thousands of digits, which ``int()``
refuses (Python's integer-string limit) and which must still sort.
"""

from __future__ import annotations

import re

#: A parsed version key: a tuple compared only with keys made by the same
#: function (its items are numbers, strings, ``number_key`` pairs and nested
#: keys, differently shaped from one format to the next).
VersionKey = tuple[object, ...]

_SEMVER = re.compile(
    r"v?(?P<major>[0-9]+)\.(?P<minor>[0-9]+)\.(?P<patch>[0-9]+)"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)
_NATURAL_TOKEN = re.compile(r"[0-9]+|[^0-9]+")
_DIGIT_RUN = re.compile(r"[0-9]+")


def number_key(digits: str) -> tuple[int, str]:
    """A key ordering ASCII digit strings by their value, of any length:
    ``number_key("010") == number_key("10") < number_key("9" * 5000)``."""
    significant = digits.lstrip("0")
    return (len(significant), significant)


def longest_digit_run(text: str) -> int:
    """The length of the longest run of ASCII digits in ``text``."""
    return max((len(run) for run in _DIGIT_RUN.findall(text)), default=0)


def prerelease_key(identifiers: str | None, *, fold_case: bool = False) -> VersionKey:
    """SemVer precedence of a pre-release part.

    No pre-release sorts after any pre-release; numeric identifiers sort
    before alphanumeric ones; a shorter identifier list wins a tie.
    """
    if identifiers is None:
        return (1,)
    parts = []
    for ident in identifiers.split("."):
        if ident.isascii() and ident.isdigit():
            parts.append((0, number_key(ident), ""))
        else:
            parts.append((1, (0, ""), ident.lower() if fold_case else ident))
    return (0, tuple(parts))


def semver_key(version: str) -> VersionKey | None:
    """SemVer 2.0 precedence (build metadata ignored), or ``None``.

    Lenient on purpose where registries are: a leading ``v`` and leading
    zeros are accepted, as npm's loose parser and SwiftPM's tags do.
    """
    match = _SEMVER.fullmatch(version.strip())
    if match is None:
        return None
    return (
        number_key(match["major"]),
        number_key(match["minor"]),
        number_key(match["patch"]),
        prerelease_key(match["pre"]),
    )


def natural_key(version: str) -> VersionKey | None:
    """Digits compare as numbers, everything else as text ('1.10' > '1.9').

    A number sorts before text at the same position ('2' < 'release-1').
    Only the empty string is unparseable: any other text has a natural key.
    """
    if not version:
        return None
    return tuple(
        (0, number_key(token), "") if "0" <= token[0] <= "9" else (1, (0, ""), token)
        for token in _NATURAL_TOKEN.findall(version)
    )
