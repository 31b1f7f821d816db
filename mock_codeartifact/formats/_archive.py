"""Small, safe readers for the archives packages come in.

Nothing is ever written to disk: members are read into memory, and only the
members a format asks for. Every failure becomes a ``ValueError`` that names
the format and the file, because the caller (a publish call) has to turn it
into a clear service error.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping

Selector = Callable[[str], bool]


def check_files(fmt: str, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return ``files`` as a plain ``{name: bytes}`` dict, or explain why not."""
    if not isinstance(files, Mapping):
        raise TypeError(f"{fmt}: files must be a mapping of file name to bytes")
    if not files:
        raise ValueError(f"{fmt}: no files given")
    checked: dict[str, bytes] = {}
    for name, data in files.items():
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"{fmt}: content of {name!r} must be bytes, not {type(data).__name__}")
        checked[str(name)] = bytes(data)
    return checked


def basename(path: str) -> str:
    """The last component of a member or file name ('/' or '\\' separated)."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def clean_member_name(name: str) -> str:
    """Normalise an archive member name: '/' separators, no leading './' or '/'."""
    name = name.replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name.lstrip("/")


def names_with_suffix(files: Mapping[str, bytes], *suffixes: str) -> list[str]:
    """File names ending with one of ``suffixes`` (case-insensitive), sorted."""
    lowered = tuple(s.lower() for s in suffixes)
    return sorted(n for n in files if n.lower().endswith(lowered))


def decode_text(data: bytes) -> str:
    """Decode text files leniently: a BOM is dropped, bad bytes are replaced."""
    return data.decode("utf-8-sig", errors="replace")


def read_zip(fmt: str, filename: str, data: bytes, select: Selector) -> dict[str, bytes]:
    """Read the members of a zip whose cleaned name ``select`` accepts."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found: dict[str, bytes] = {}
            for info in archive.infolist():
                name = clean_member_name(info.filename)
                if info.is_dir() or not select(name):
                    continue
                found[name] = archive.read(info)
            return found
    except Exception as exc:  # BadZipFile, zlib.error, EOFError from a corrupt member
        raise ValueError(f"{fmt}: {filename!r} is not a readable zip archive ({exc})") from exc


def read_tar(fmt: str, filename: str, data: bytes, select: Selector) -> dict[str, bytes]:
    """Read the regular-file members of a (possibly compressed) tar archive."""
    import tarfile

    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            found: dict[str, bytes] = {}
            for member in archive:
                name = clean_member_name(member.name)
                if not member.isfile() or not select(name):
                    continue
                handle = archive.extractfile(member)
                if handle is not None:
                    found[name] = handle.read()
            return found
    except Exception as exc:  # TarError, gzip's BadGzipFile/EOFError, zlib.error
        raise ValueError(f"{fmt}: {filename!r} is not a readable tar archive ({exc})") from exc


def gunzip(fmt: str, filename: str, data: bytes) -> bytes:
    """Decompress gzip data, with a ``ValueError`` that names the file."""
    import gzip

    try:
        return gzip.decompress(data)
    except Exception as exc:
        raise ValueError(f"{fmt}: {filename!r} is not valid gzip data ({exc})") from exc


def depth(member: str) -> int:
    """How many directories deep a member sits ('a' -> 0, 'a/b' -> 1)."""
    return member.count("/")


def find_readme(members: Mapping[str, bytes], directory: str) -> str | None:
    """The text of the README next to a manifest in ``directory`` ('' = root).

    README.md is preferred, then any other 'readme*' file in name order,
    which is what npm and cargo do in practice.
    """
    prefix = f"{directory}/" if directory else ""
    candidates = [
        name
        for name in members
        if name.startswith(prefix)
        and "/" not in name[len(prefix) :]
        and basename(name).lower().startswith("readme")
    ]
    if not candidates:
        return None
    candidates.sort(key=lambda n: (basename(n).lower() != "readme.md", n))
    return decode_text(members[candidates[0]])
