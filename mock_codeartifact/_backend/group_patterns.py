"""Package-group patterns: syntax, validation, matching and specificity.

A package's *path* is ``/{format}/{namespace}/{name}`` (an empty namespace
stays an empty segment: ``/npm//react``). A pattern names a leading part of
that path and ends with a suffix: ``$`` matches the full coordinate, ``~`` a
prefix on a word boundary, ``*`` every value of the next component. Only six
shapes exist (the user guide's list)::

    level 0  /*                                  ALL
    level 1  /npm/*                              FORMAT
    level 2  /maven/com.anycompany~              NAMESPACE_PREFIX
    level 3  /npm/space/*                        NAMESPACE
    level 4  /npm/space/anycompany-ui~           NAME_PREFIX
    level 5  /maven/org.apache.logging.log4j/log4j-core$   EXACT

A *word* is ``[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*``: ``.``, ``-``, ``_`` and other
punctuation end one, so ``/npm/space/foo~`` matches ``foo`` and ``foo-bar``
but not ``food``. A *weak* match compares values after case-folding and
collapsing each run of ``-``, ``.``, ``_`` to one ``.`` (``foo-bar``,
``Foo_Bar`` and ``foo..bar`` are weakly equal; ``foobar`` is not).

Everything here is pure: no backend state, only the format plugins for
namespace rules and name normalisation.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .._formats import PackageFormat

ALL, FORMAT, NAMESPACE_PREFIX, NAMESPACE, NAME_PREFIX, EXACT = range(6)
ROOT = "/*"
STRONG, WEAK = "STRONG", "WEAK"

_SUFFIXES = "*~$"
_SEPARATOR_RUNS = re.compile(r"[-._]+")


class PatternError(ValueError):
    """A pattern the service refuses (the message says why)."""


class GroupPattern(NamedTuple):
    """A parsed pattern. ``namespace`` is the exact namespace (``""`` for
    none) or, for NAMESPACE_PREFIX, the prefix; ``name`` the exact name or,
    for NAME_PREFIX, the prefix."""

    text: str
    level: int
    format: str | None = None
    namespace: str | None = None
    name: str | None = None

    @property
    def specificity(self) -> tuple[int, int]:
        """Orders patterns from least to most specific: by shape, then (for
        two prefixes of one component) the longer prefix is more specific."""
        if self.level == NAMESPACE_PREFIX:
            return (self.level, len(self.namespace or ""))
        if self.level == NAME_PREFIX:
            return (self.level, len(self.name or ""))
        return (self.level, 0)


# -- words and weak forms -----------------------------------------------------
def _continues_word(char: str) -> bool:
    """Whether ``char`` can continue a word (letters, numbers, marks)."""
    return unicodedata.category(char)[0] in "LNM"


def prefix_matches(value: str, prefix: str) -> bool:
    """``value`` starts with ``prefix`` and a word ends where the prefix ends."""
    return value.startswith(prefix) and (len(value) == len(prefix) or not _continues_word(value[len(prefix)]))


@functools.lru_cache(maxsize=65536)
def weak_form(value: str) -> str:
    """The form two weakly equal values share: NFKC, case-folded, every run
    of ``-``, ``.``, ``_`` collapsed to one ``.``."""
    return _SEPARATOR_RUNS.sub(".", unicodedata.normalize("NFKC", value).casefold())


# -- parsing ------------------------------------------------------------------
_SHAPES = (
    "/* (all packages), /{format}/*, /{format}/{namespace prefix}~, /{format}/{namespace}/*, "
    "/{format}/{namespace}/{name prefix}~ or /{format}/{namespace}/{name}$"
)


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> GroupPattern:
    """The structure of ``text``, or :class:`PatternError` when it has none of
    the six shapes. Formats and names are not checked here (see :func:`validate`)."""
    if not text.startswith("/"):
        raise PatternError(f"Package group pattern '{text}' must start with '/'; allowed shapes: {_SHAPES}")
    suffix = text[-1]
    if len(text) < 2 or suffix not in _SUFFIXES:
        raise PatternError(
            f"Package group pattern '{text}' must end with a suffix: '$' (exact package), "
            f"'~' (prefix) or '*' (all values of the next component); allowed shapes: {_SHAPES}"
        )
    body = text[1:-1]
    for char in _SUFFIXES:
        if char in body:
            raise PatternError(
                f"Package group pattern '{text}': '{char}' may only appear once, as the last character"
            )
    if suffix == "*":
        if body == "":
            return GroupPattern(text, ALL)
        if not body.endswith("/"):
            raise PatternError(
                f"Package group pattern '{text}': '*' must directly follow a '/' "
                "(use '~' after a word character for a prefix match)"
            )
        parts = body[:-1].split("/")
        _check_format_part(text, parts[0])
        if len(parts) == 1:
            return GroupPattern(text, FORMAT, parts[0])
        if len(parts) == 2:
            return GroupPattern(text, NAMESPACE, parts[0], parts[1])
        raise PatternError(
            f"Package group pattern '{text}': '*' can only follow the format (/{{format}}/*) "
            f"or the namespace (/{{format}}/{{namespace}}/*)"
        )
    parts = body.split("/")
    _check_format_part(text, parts[0])
    if len(parts) > 3:
        raise PatternError(
            f"Package group pattern '{text}' has too many components: at most format, namespace and name"
        )
    if suffix == "~":
        if not body or body.endswith("/"):
            raise PatternError(
                f"Package group pattern '{text}': '~' must follow a word character; "
                "after '/' use '*' to match all values of the next component"
            )
        if not _continues_word(body[-1]):
            raise PatternError(
                f"Package group pattern '{text}': '~' must directly follow a letter or digit "
                f"(prefixes match on word boundaries), not '{body[-1]}'"
            )
        if len(parts) == 1:
            raise PatternError(
                f"Package group pattern '{text}': a format cannot be matched by prefix; "
                f"use /{{format}}/* for all packages of a format"
            )
        if len(parts) == 2:
            return GroupPattern(text, NAMESPACE_PREFIX, parts[0], parts[1])
        return GroupPattern(text, NAME_PREFIX, parts[0], parts[1], parts[2])
    # suffix == "$"
    if len(parts) != 3 or not parts[2]:
        raise PatternError(
            f"Package group pattern '{text}': '$' matches a full package coordinate and must end "
            "/{format}/{namespace}/{name}$ (blank namespace for packages without one)"
        )
    return GroupPattern(text, EXACT, parts[0], parts[1], parts[2])


def _check_format_part(text: str, fmt: str) -> None:
    if not fmt:
        raise PatternError(f"Package group pattern '{text}': the format component is empty")


def validate(text: str) -> GroupPattern:
    """:func:`parse` plus the rules that depend on the format: a known format
    (the API's ``format`` values), a blank namespace for formats without one,
    a namespace for formats that require one, and normalised names where the
    service normalises them (NuGet, Python, Swift)."""
    pattern = parse(text)
    if pattern.format is None:
        return pattern
    try:
        plugin = format_of(pattern.format)
    except KeyError:
        from .._formats import all_formats

        known = ", ".join(sorted(all_formats()))
        hint = " (Python packages use the format 'pypi')" if pattern.format == "python" else ""
        raise PatternError(
            f"Package group pattern '{text}': unknown package format '{pattern.format}'{hint}; known: {known}"
        ) from None
    fmt = plugin.name
    if pattern.level >= NAMESPACE_PREFIX:
        namespace = pattern.namespace or ""
        if plugin.namespace_rule == "forbidden" and namespace:
            raise PatternError(
                f"Package group pattern '{text}': {fmt} packages have no namespace; leave the namespace "
                f"segment blank, e.g. /{fmt}//{{name}}$"
            )
        if plugin.namespace_rule == "required" and not namespace:
            raise PatternError(
                f"Package group pattern '{text}': {fmt} packages always have a namespace; a pattern "
                "that names a package must name its namespace too"
            )
        normalized = plugin.normalize_namespace(namespace) if namespace else namespace
        if normalized != namespace:
            raise PatternError(
                f"Package group pattern '{text}': {fmt} namespaces are normalised; use '{normalized}' "
                f"instead of '{namespace}'"
            )
    if pattern.level >= NAME_PREFIX:
        name = pattern.name or ""
        normalized = plugin.normalize_name(name)
        if normalized != name:
            raise PatternError(
                f"Package group pattern '{text}': {fmt} package names are normalised; use '{normalized}' "
                f"instead of '{name}'"
            )
    return pattern


def format_of(name: str) -> PackageFormat:
    """``_formats.get_format(name)`` (``KeyError`` when unknown): the format
    registry loads when a pattern or a package first names a format."""
    return _get_format()(name)


@functools.cache
def _get_format() -> Callable[[str], PackageFormat]:
    from .._formats import get_format

    return get_format


# -- matching -------------------------------------------------------------------
def package_path(fmt: str, namespace: str | None, name: str) -> str:
    return f"/{fmt}/{namespace or ''}/{name}"


def normalized_coordinates(fmt: str, namespace: str | None, name: str) -> tuple[str, str, str]:
    """``(format, namespace or "", name)`` as group matching sees a package:
    namespace rules checked (``ValueError``), names normalised where the
    format normalises them (groups match normalised names)."""
    plugin = format_of(fmt)
    checked = plugin.validate_namespace(namespace)
    return fmt, checked or "", plugin.normalize_name(name)


def _component(value: str, wanted: str, prefix: bool) -> tuple[bool, bool]:
    """(strong, weak) match of one component."""
    if prefix:
        strong = prefix_matches(value, wanted)
        return strong, strong or prefix_matches(weak_form(value), weak_form(wanted))
    strong = value == wanted
    return strong, strong or weak_form(value) == weak_form(wanted)


def match(pattern: GroupPattern, fmt: str, namespace: str, name: str) -> str | None:
    """``STRONG``, ``WEAK`` or None: how the package ``(fmt, namespace, name)``
    (``namespace`` ``""`` when it has none) matches ``pattern``."""
    if pattern.level == ALL:
        return STRONG
    if fmt != pattern.format:
        return None
    if pattern.level == FORMAT:
        return STRONG
    strong, weak = _component(namespace, pattern.namespace or "", pattern.level == NAMESPACE_PREFIX)
    if pattern.level >= NAME_PREFIX and weak:
        name_strong, name_weak = _component(name, pattern.name or "", pattern.level == NAME_PREFIX)
        strong, weak = strong and name_strong, name_weak
    if strong:
        return STRONG
    return WEAK if weak else None


def contains(outer: GroupPattern, inner: GroupPattern) -> bool:
    """Whether every package ``inner`` matches is also matched by ``outer``,
    ``outer`` being a different, less specific pattern (an ancestor)."""
    if outer.text == inner.text:
        return False
    if outer.level == ALL:
        return True
    if outer.format != inner.format or inner.specificity <= outer.specificity:
        return False
    if outer.level == FORMAT:
        return True
    if outer.level == NAMESPACE_PREFIX:
        return prefix_matches(inner.namespace or "", outer.namespace or "")
    if inner.namespace != outer.namespace:
        return False
    if outer.level == NAMESPACE:
        return True
    if outer.level == NAME_PREFIX:
        return prefix_matches(inner.name or "", outer.name or "")
    return False  # an exact pattern contains no other
