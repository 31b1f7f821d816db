"""Real crates built in memory for the Cargo endpoint tests: what
``cargo package`` makes (a gzipped tar with ``{name}-{version}/Cargo.toml``
normalised, the sources and the readme), and the body ``cargo publish`` sends."""

from __future__ import annotations

import gzip
import io
import json
import struct
import tarfile


def build_crate(
    name: str, version: str, *, description: str = "A test crate", dependencies: str = "", features: str = "",
    readme: str | None = None,
) -> bytes:
    """A .crate whose Cargo.toml declares ``dependencies`` (TOML tables, as
    ``cargo package`` writes them) and ``features``."""
    manifest = (
        "[package]\n"
        f'name = "{name}"\nversion = "{version}"\nedition = "2021"\n'
        f'description = "{description}"\nlicense = "MIT"\n'
        'repository = "https://example.invalid/acme/' + name + '"\n'
        + ('readme = "README.md"\n' if readme is not None else "")
        + "\n" + dependencies + ("\n[features]\n" + features if features else "")
    )
    files = {
        "Cargo.toml": manifest,
        "src/lib.rs": f'pub fn version() -> &\'static str {{ "{version}" }}\n',
    }
    if readme is not None:
        files["README.md"] = readme
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{name}-{version}/{path}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), mtime=0)  # the same bytes every time


def publish_body(name: str, version: str, crate: bytes, **document: object) -> bytes:
    """The body of ``PUT api/v1/crates/new``: both parts length-prefixed (u32 LE)."""
    metadata = json.dumps({"name": name, "vers": version, "deps": [], "features": {}, **document}).encode()
    return struct.pack("<I", len(metadata)) + metadata + struct.pack("<I", len(crate)) + crate
