"""Real package files built in memory for the backend tests."""

from __future__ import annotations

import gzip
import io
import json
import tarfile


def npm_tarball(name: str, version: str, **manifest: object) -> bytes:
    """A real npm package tarball (deterministic bytes: no timestamps)."""
    data = json.dumps({"name": name, "version": version, **manifest}).encode()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as archive:
        info = tarfile.TarInfo("package/package.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)
