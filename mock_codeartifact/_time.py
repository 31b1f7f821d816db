"""One rule for times given by a test: a naive ``datetime`` is UTC.

Python reads a naive datetime as local time (``datetime.timestamp()``), so
without this rule a test would pass in CI (on UTC) and fail on a laptop in
another time zone. Every place that accepts a datetime from the user
(``publish_package(published_time=...)``, ``clock.freeze(...)``, the
factory fixture) goes through :func:`as_utc`.
"""

from __future__ import annotations

import datetime as _dt

__all__ = ["as_utc"]


def as_utc(moment: _dt.datetime) -> _dt.datetime:
    """``moment`` as an aware UTC datetime; a naive one is taken to be UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=_dt.timezone.utc)
    return moment.astimezone(_dt.timezone.utc)
