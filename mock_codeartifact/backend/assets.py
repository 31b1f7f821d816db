"""The domain's content-addressed asset store: each distinct blob is kept once,
however many versions in however many repositories reference it, and is freed
when the last reference goes. ``assetSizeBytes`` is the sum of distinct blobs.

Where the bytes live is pluggable (:func:`use_storage`): in memory by default,
or one file per SHA-256 in a directory (``mock-codeartifact server
--data-dir``, :mod:`mock_codeartifact.backend._disk_storage`). A blob then
holds a small reference to its file instead of the bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Protocol


class BlobStorage(Protocol):
    """Where blob bytes are kept. ``keep`` returns what the blob holds: the
    bytes themselves, or a reference with ``len()`` (the size) and ``read()``
    (the bytes). The store never deletes through it: a snapshot may still
    share a released blob (a disk storage collects its own garbage)."""

    def keep(self, sha256: str, data: bytes) -> Any: ...


class MemoryStorage:
    """The default: the blob holds its bytes."""

    def keep(self, sha256: str, data: bytes) -> bytes:
        return bytes(data)

    def __repr__(self) -> str:
        return "<MemoryStorage>"


_storage: BlobStorage = MemoryStorage()


def use_storage(storage: BlobStorage) -> BlobStorage:
    """Keep the bytes of blobs stored from now on in ``storage`` (process-wide;
    the server sets it once at start). Returns the storage used before."""
    global _storage
    previous, _storage = _storage, storage
    return previous


def current_storage() -> BlobStorage:
    return _storage


@dataclass(slots=True)
class _Blob:
    #: The bytes, or a storage's reference to them (anything with ``len()``
    #: and a ``read()`` giving the bytes).
    data: Any
    hashes: dict[str, str]
    references: int = 0


def content_hashes(data: bytes) -> dict[str, str]:
    """The four hashes the service reports for an asset, lower-case hex."""
    return {
        "MD5": hashlib.md5(data).hexdigest(),
        "SHA-1": hashlib.sha1(data).hexdigest(),
        "SHA-256": hashlib.sha256(data).hexdigest(),
        "SHA-512": hashlib.sha512(data).hexdigest(),
    }


class AssetStore:
    def __init__(self) -> None:
        self._blobs: dict[str, _Blob] = {}
        self.total_bytes = 0

    def __repr__(self) -> str:
        return f"<AssetStore blobs={len(self._blobs)} bytes={self.total_bytes}>"

    def __len__(self) -> int:
        return len(self._blobs)

    def __contains__(self, sha256: object) -> bool:
        return sha256 in self._blobs

    def put(self, data: bytes, sha256: str | None = None, hashes: dict[str, str] | None = None) -> str:
        """Store ``data`` (if new) and return its SHA-256; call :meth:`retain`
        for each reference a version takes. ``hashes`` (from
        :func:`content_hashes`, computed before taking the registry lock)
        spares hashing a large blob while the lock is held."""
        digest = sha256 or (hashes["SHA-256"] if hashes else hashlib.sha256(data).hexdigest())
        if digest not in self._blobs:
            # MemoryStorage keeps bytes(data): the same object for bytes, so a
            # large upload is kept once.
            self._blobs[digest] = _Blob(_storage.keep(digest, data), hashes or content_hashes(data))
            self.total_bytes += len(data)
        return digest

    def retain(self, sha256: str) -> None:
        self._blobs[sha256].references += 1

    def release(self, sha256: str) -> None:
        blob = self._blobs.get(sha256)
        if blob is None:
            return
        blob.references -= 1
        if blob.references <= 0:
            del self._blobs[sha256]
            self.total_bytes -= len(blob.data)

    def discard_unreferenced(self, sha256: str) -> None:
        """Drop a blob stored by :meth:`put` that nothing ended up referencing."""
        blob = self._blobs.get(sha256)
        if blob is not None and blob.references <= 0:
            del self._blobs[sha256]
            self.total_bytes -= len(blob.data)

    def data(self, sha256: str) -> bytes:
        held = self._blobs[sha256].data
        return held if type(held) is bytes else held.read()

    def hashes(self, sha256: str) -> dict[str, str]:
        return self._blobs[sha256].hashes

    def references(self, sha256: str) -> int:
        blob = self._blobs.get(sha256)
        return blob.references if blob else 0
