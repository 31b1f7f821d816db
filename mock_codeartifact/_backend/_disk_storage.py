"""Asset bytes on disk, content-addressed: one file per SHA-256 under a
directory (``mock-codeartifact server --data-dir``), so large artifacts do
not live in memory. A blob then holds a :class:`DiskBlob`, a reference to
its file; the state file names blobs by hash and this directory holds them.

Files are written once, atomically (a temporary file renamed into place),
and never changed. They are removed only by :meth:`DiskStorage.collect`,
which the server runs at start, when nothing else references them.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class DiskBlob:
    """The bytes of one blob, in a file."""

    path: str
    size: int

    def __len__(self) -> int:
        return self.size

    def read(self) -> bytes:
        with open(self.path, "rb") as source:
            return source.read()


class DiskStorage:
    """Blob bytes as files ``{directory}/{sha[:2]}/{sha}``."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        return f"<DiskStorage {self.directory}>"

    def path_for(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise ValueError(f"not a SHA-256 in lower-case hex: {sha256!r}")
        return self.directory / sha256[:2] / sha256

    def keep(self, sha256: str, data: bytes) -> DiskBlob:
        path = self.path_for(sha256)
        if not path.exists() or path.stat().st_size != len(data):
            path.parent.mkdir(exist_ok=True)
            # Written beside its place then renamed: a reader never sees half a file.
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
            try:
                with os.fdopen(handle, "wb") as target:
                    target.write(data)
                os.replace(temporary, path)
            except BaseException:
                os.unlink(temporary)
                raise
        return DiskBlob(str(path), len(data))

    def find(self, sha256: str) -> DiskBlob | None:
        """The blob's file if this directory holds it."""
        try:
            path = self.path_for(sha256)
            return DiskBlob(str(path), path.stat().st_size)
        except (ValueError, OSError):
            return None

    def collect(self, referenced: Iterable[str]) -> int:
        """Remove every file (and left-over temporary file) whose hash is not
        in ``referenced``; returns how many were removed."""
        keep = set(referenced)
        removed = 0
        for path in self.directory.glob("*/*"):
            if path.is_file() and path.name not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
