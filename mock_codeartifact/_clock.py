"""The one source of time for the whole mock.

Everything that stamps or expires (createdTime, token expiration, publish
times) asks the clock, so a test can move time with :meth:`Clock.advance` or
:meth:`Clock.freeze`, and ``freezegun``/``time-machine`` work because the
default reads ``datetime.now`` at call time.
"""

from __future__ import annotations

import datetime as _dt

from ._time import as_utc

#: A clock's whole state: the time it is frozen at (None: running) and its offset.
ClockState = tuple[_dt.datetime | None, _dt.timedelta]


class Clock:
    """Wall-clock time, optionally frozen and/or shifted."""

    def __init__(self) -> None:
        self._frozen: _dt.datetime | None = None
        self._offset = _dt.timedelta(0)

    def now(self) -> _dt.datetime:
        """The current time, timezone-aware UTC."""
        base = self._frozen if self._frozen is not None else _dt.datetime.now(_dt.timezone.utc)
        return base + self._offset

    def advance(self, seconds: float = 0, **delta: float) -> None:
        """Move time forward (``advance(3600)`` or ``advance(hours=13)``)."""
        self._offset += _dt.timedelta(seconds=seconds, **delta)

    def freeze(self, at: _dt.datetime | None = None) -> None:
        """Stop time at ``at`` (default: now) until :meth:`unfreeze`."""
        at = as_utc(at) if at is not None else self.now()  # naive means UTC
        self._frozen, self._offset = at, _dt.timedelta(0)

    def unfreeze(self) -> None:
        self._frozen = None

    def reset(self) -> None:
        """Back to wall-clock time: not frozen, not shifted."""
        self._frozen, self._offset = None, _dt.timedelta(0)

    @property
    def frozen(self) -> bool:
        """Whether the clock stands still (``freeze``) rather than runs."""
        return self._frozen is not None

    def state(self) -> ClockState:
        """What :meth:`set_state` puts back (snapshots and the JSON document keep it)."""
        return self._frozen, self._offset

    def set_state(self, state: ClockState) -> None:
        """Frozen at, and shifted by, what :meth:`state` returned."""
        self._frozen, self._offset = state

    def __repr__(self) -> str:
        state = "frozen" if self._frozen is not None else "running"
        return f"<Clock {state} now={self.now().isoformat()}>"
