"""The bounds the mock puts on hostile input, in one place.

Every package file, JSON body, policy document and version string the mock
reads is untrusted: a test may feed it a decompression bomb, a tar header
with a negative size or a 3,000-deep JSON document, and the mock must answer
with a modelled error (``ValidationException`` through the API, 400 through
a repository endpoint) in bounded time and memory. These are the bounds.
The defaults are far above what any real package needs; change them for a
whole process with :func:`set_limits`, or for a block with
:func:`limits_changed`::

    from mock_codeartifact import get_limits, limits_changed

    with limits_changed(max_archive_members=50):
        assert get_limits().max_archive_members == 50
    assert get_limits().max_archive_members == 100_000

The limits are read when an input is parsed, so a change applies to the
next call, in every thread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = ["Limits", "get_limits", "limits_changed", "set_limits", "shorten"]

_MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds on what the mock reads from untrusted input.

    Archives (zip, tar, tar.gz, tar.xz, tar.bz2, gzip):

    ``max_expansion_ratio`` and ``expansion_floor_bytes``
        An archive may expand to ``max(expansion_floor_bytes,
        max_expansion_ratio × its size)`` bytes in total: the floor lets
        small packages compress well, the ratio stops bombs.
    ``max_expanded_bytes``
        An absolute cap on the bytes decompressed from one archive.
    ``max_member_bytes``
        The largest single file the mock keeps in memory from an archive
        (a ``package.json``, ``PKG-INFO``, POM, nuspec, readme...).
    ``max_archive_members``
        Entries (files, directories, links, headers) in one archive.
    ``max_header_bytes``
        The largest tar extended header (pax or GNU long name).

    Documents:

    ``max_nesting_depth``
        How deeply JSON (request bodies, policy documents, ``package.json``)
        and YAML (gem specifications) may nest.
    ``max_yaml_aliases`` and ``max_yaml_expanded_nodes``
        YAML anchors may be referred to this many times, and the document
        with its aliases expanded may have this many nodes.
    ``max_property_references`` and ``max_interpolated_chars``
        Maven ``${property}`` references substituted in one POM value, and
        the longest value interpolation may produce.

    Values:

    ``max_version_digits``
        The longest run of digits in a version (npm, NuGet, Maven build
        numbers...): longer versions are refused when published.
    ``max_quoted_value_chars`` and ``max_reported_problems``
        A validation error quotes at most this much of a value, and lists at
        most this many problems (the count in the message stays exact).

    Connections (the HTTP servers):

    ``client_timeout_seconds``
        How long a client may keep a server thread waiting (for its request
        line, headers or body, or idle between keep-alive requests) before
        its connection is closed.
    """

    max_expansion_ratio: int = 200
    expansion_floor_bytes: int = 16 * _MIB
    max_expanded_bytes: int = 1024 * _MIB
    max_member_bytes: int = 16 * _MIB
    max_archive_members: int = 100_000
    max_header_bytes: int = 1 * _MIB
    max_nesting_depth: int = 100
    max_yaml_aliases: int = 10_000
    max_yaml_expanded_nodes: int = 200_000
    max_property_references: int = 1_000
    max_interpolated_chars: int = 1 * _MIB
    max_version_digits: int = 64
    max_quoted_value_chars: int = 256
    max_reported_problems: int = 10
    client_timeout_seconds: float = 60.0

    def expansion_budget(self, compressed_size: int) -> int:
        """The bytes an archive of ``compressed_size`` bytes may expand to."""
        allowed = max(self.expansion_floor_bytes, self.max_expansion_ratio * compressed_size)
        return min(self.max_expanded_bytes, allowed)


_current = Limits()


def get_limits() -> Limits:
    """The limits in force."""
    return _current


def shorten(text: str) -> str:
    """``text``, or its start and its length when longer than
    ``max_quoted_value_chars``: how every error message quotes a value."""
    limit = _current.max_quoted_value_chars
    return text if len(text) <= limit else f"{text[:limit]}...({len(text)} characters)"


def set_limits(limits: Limits | None = None, **changes: Any) -> Limits:
    """Put ``limits`` (or the current limits with ``changes``) in force for
    the whole process; returns the limits that were in force before.

    ``set_limits()`` with no arguments restores the defaults.
    """
    global _current
    previous = _current
    base = limits if limits is not None else (previous if changes else Limits())
    _current = dataclasses.replace(base, **changes) if changes else base
    return previous


@contextmanager
def limits_changed(**changes: Any) -> Iterator[Limits]:
    """Change some limits for the duration of a ``with`` block."""
    previous = set_limits(**changes)
    try:
        yield _current
    finally:
        set_limits(previous)
