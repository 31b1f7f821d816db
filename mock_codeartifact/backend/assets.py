"""The domain's content-addressed asset store: each distinct blob is kept once,
however many versions in however many repositories reference it, and is freed
when the last reference goes. ``assetSizeBytes`` is the sum of distinct blobs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(slots=True)
class _Blob:
    data: bytes
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
            # bytes(data) is the same object for bytes: a large upload is kept once.
            self._blobs[digest] = _Blob(bytes(data), hashes or content_hashes(data))
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
        return self._blobs[sha256].data

    def hashes(self, sha256: str) -> dict[str, str]:
        return self._blobs[sha256].hashes

    def references(self, sha256: str) -> int:
        blob = self._blobs.get(sha256)
        return blob.references if blob else 0
