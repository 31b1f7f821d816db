"""What the endpoints derive from the state (an npm packument, a tarball's
``package.json``, a wheel's ``Requires-Python``), kept so it is computed once
per change instead of once per request.

One cache per mock (it lives on the :class:`~.registry.Registry`, so
``reset()`` and ``stop()`` drop it), bounded by bytes rather than entries: a
few large documents cannot push it to gigabytes, and many small ones do not
fall off a cliff at an entry count. Values are never mutated by readers, and
every key names the content it was derived from (a blob's SHA-256, or the
generations of the packages a document was built from), so a stale entry is
never served: it just ages out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

#: Default budget: plenty for thousands of packuments and their manifests.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class DerivedCache:
    """A least-recently-used map whose entries each declare their size.

    An entry larger than a quarter of the budget is not kept (computing it
    again is cheaper than evicting everything else for it)."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._bytes = 0
        self.max_bytes = max_bytes

    def __repr__(self) -> str:
        return f"<DerivedCache {len(self._entries)} entries, {self._bytes} of {self.max_bytes} bytes>"

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """The declared size of everything kept."""
        return self._bytes

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return default
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep ``value`` (declared ``size`` bytes), evicting the least recently used."""
        size = max(int(size), 1)
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._bytes -= previous[1]
            if size > self.max_bytes // 4:
                return
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
