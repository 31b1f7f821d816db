"""JSON from untrusted callers, parsed only when it nests within the limit.

``json.loads`` recurses once per level of nesting: a 3,000-deep document
raises ``RecursionError`` (or, under a raised recursion limit, overflows the
C stack). Request bodies and policy documents are checked first by a linear
scan that skips string literals and counts brackets, so too deep a document
is a ``ValueError`` before the parser sees it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .limits import get_limits

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_OPEN = frozenset(b"[{")


class JsonTooDeep(ValueError):
    """The document nests deeper than ``Limits.max_nesting_depth``."""


def nesting_depth(document: str | bytes) -> int:
    """How deeply ``document``'s arrays and objects nest (linear time)."""
    data = document.encode("utf-8", "surrogatepass") if isinstance(document, str) else bytes(document)
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", data))
    depth = deepest = 0
    for byte in brackets:
        depth = depth + 1 if byte in _OPEN else depth - 1
        deepest = max(deepest, depth)
    return deepest


def loads(document: str | bytes) -> Any:
    """``json.loads``, refusing documents that nest deeper than the limit.

    Raises :class:`JsonTooDeep` (a ``ValueError``) for those, and
    ``ValueError`` for anything ``json.loads`` refuses.
    """
    limit = get_limits().max_nesting_depth
    if isinstance(document, str):
        brackets = document.count("[") + document.count("{")
    else:
        brackets = document.count(b"[") + document.count(b"{")
    if brackets > limit and nesting_depth(document) > limit:  # few brackets: shallow for sure
        raise JsonTooDeep(f"nests deeper than {limit} levels")
    try:
        return json.loads(document)
    except RecursionError:  # an encoding the scan cannot see through (UTF-16/32)
        raise JsonTooDeep(f"nests deeper than {limit} levels") from None
