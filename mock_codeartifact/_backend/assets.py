"""The domain's content-addressed asset store: each distinct blob is kept once,
however many versions in however many repositories reference it, and is freed
when the last reference goes. ``assetSizeBytes`` is the sum of distinct blobs.

Where the bytes live is pluggable (:func:`use_storage`): in memory by default,
or one file per SHA-256 in a directory (``mock-codeartifact server
--data-dir``, :mod:`mock_codeartifact._backend._disk_storage`). A blob then
holds a small reference to its file instead of the bytes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator, Mapping
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
class Blob:
    """One distinct blob of a store, however many versions reference it."""

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
        self._blobs: dict[str, Blob] = {}
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
            self._blobs[digest] = Blob(_storage.keep(digest, data), hashes or content_hashes(data))
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

    def digests(self) -> Iterator[str]:
        """The SHA-256 of every blob held."""
        return iter(self._blobs)

    # -- copies and the state document (see ``_backend/persistence.py``) -------------
    def copy(self) -> AssetStore:
        """An independent store of the same blobs; the bytes are shared (never
        changed in place), the hashes and reference counts are the copy's own."""
        new = AssetStore()
        new._blobs = {sha: Blob(blob.data, dict(blob.hashes), blob.references) for sha, blob in self._blobs.items()}
        new.total_bytes = self.total_bytes
        return new

    def to_json(self, embed: bool = True) -> list[dict[str, Any]]:
        """Each blob as JSON-ready data: its bytes in base64, or (when ``embed``
        is false and a storage keeps them elsewhere, as a data directory does)
        its SHA-256, size and hashes. Reference counts are left out: the
        versions that hold the references say them again on import."""
        return [_blob_json(sha256, blob, embed) for sha256, blob in self._blobs.items()]

    @classmethod
    def from_json(cls, items: list[dict[str, Any]], references: Mapping[str, int], where: str) -> AssetStore:
        """The store of a :meth:`to_json` list, each blob's bytes kept in the
        current storage (or found there when named only), with ``references``
        counted from the versions; a defect raises ValueError naming ``where``."""
        store = cls()
        storage = current_storage()
        for item in items:
            sha256 = item["sha256"]
            if "data" in item:
                data = base64.b64decode(item["data"], validate=True)
                hashes = content_hashes(data)
                if hashes["SHA-256"] != sha256:
                    raise ValueError(f"{where}: asset blob {sha256} holds bytes of another hash")
                held: Any = storage.keep(sha256, data)
            else:  # named only: its bytes are in the data directory
                find = getattr(storage, "find", None)
                held = find(sha256) if find is not None else None
                if held is None or len(held) != item["size"]:
                    raise ValueError(
                        f"{where}: asset blob {sha256} is kept in a data directory (--data-dir) that does not hold it"
                    )
                hashes = dict(item["hashes"])
            store._blobs[sha256] = Blob(held, hashes, references.get(sha256, 0))
            store.total_bytes += len(held)
        missing = sorted(set(references) - set(store._blobs))
        if missing:
            raise ValueError(f"{where}: versions reference asset blobs the document lacks: {missing[:3]}")
        return store


def _blob_json(sha256: str, blob: Blob, embed: bool) -> dict[str, Any]:
    if embed or type(blob.data) is bytes:
        data = blob.data if type(blob.data) is bytes else blob.data.read()
        return {"sha256": sha256, "data": base64.b64encode(data).decode("ascii")}
    # In the data directory already: the document names it.
    return {"sha256": sha256, "size": len(blob.data), "hashes": dict(blob.hashes)}
