"""Opaque, cursor-style pagination shared by every List operation.

A token encodes the sort key of the last item returned, not an offset, so a
walk stays correct while items are added or removed between pages.
"""

from __future__ import annotations

import base64
import bisect
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .. import _json as bounded_json
from ..errors import ValidationException

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50


def encode_token(key: Any) -> str:
    raw = json.dumps(key, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii")


def decode_token(token: str) -> Any:
    try:
        # bounded: a forged token may be 1,500 '[' deep (JsonTooDeep is a ValueError)
        key = bounded_json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
    except (ValueError, UnicodeError):
        raise ValidationException("The provided nextToken is not valid", reason="OTHER") from None
    return tuple(key) if isinstance(key, list) else key


def paginate(
    items: Sequence[T],
    key: Callable[[T], Any],
    max_results: int | None,
    next_token: str | None,
    keys: Sequence[Any] | None = None,
    default_size: int = DEFAULT_PAGE_SIZE,
) -> tuple[list[T], str | None]:
    """One page of ``items`` (already sorted by ``key``) and the next token.

    Pass ``keys`` (the sorted keys, precomputed) to make a page cost
    O(log n + page) on large collections.
    """
    size = max_results or default_size
    start = 0
    if next_token:
        after = decode_token(next_token)
        sort_keys = keys if keys is not None else [key(item) for item in items]
        try:
            start = bisect.bisect_right(sort_keys, after)
        except TypeError:
            raise ValidationException("The provided nextToken is not valid", reason="OTHER") from None
    page = list(items[start : start + size])
    token = encode_token(key(page[-1])) if page and start + size < len(items) else None
    return page, token


def page_result(result_key: str, items: list[Any], token: str | None, **extra: Any) -> dict[str, Any]:
    """A List result: the page under ``result_key``, ``nextToken`` only when more remain."""
    result: dict[str, Any] = {**extra, result_key: items}
    if token:
        result["nextToken"] = token
    return result
