"""Small, safe readers for the archives packages come in.

Nothing is ever written to disk: members are read into memory, and only the
members a format asks for. Archives are untrusted: every reader here stops
at the bounds of :mod:`mock_codeartifact.limits` (expanded bytes, expansion
ratio, entries, member size) and refuses malformed or truncated archives. Every failure becomes a ``ValueError`` that names
the format and the file, because the caller (a publish call) has to turn it
into a clear service error.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping

from ..limits import get_limits
from ._stream import BoundedStream, compression_of
from ._tar import read_members

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
    """Read the members of a zip whose cleaned name ``select`` accepts.

    The central directory's declared sizes are checked before anything is
    decompressed, and reading stops at the limits
    (:mod:`mock_codeartifact.limits`) whatever the sizes claimed.
    """
    import zipfile

    limits = get_limits()
    budget = limits.expansion_budget(len(data))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > limits.max_archive_members:
                raise _Refused(f"the archive has more than {limits.max_archive_members} entries")
            found: dict[str, bytes] = {}
            for info in entries:
                name = clean_member_name(info.filename)
                if info.is_dir() or not select(name):
                    continue
                if info.file_size > limits.max_member_bytes:
                    raise _Refused(
                        f"member {name[:200]!r} declares {info.file_size} bytes "
                        f"(at most {limits.max_member_bytes} are read)"
                    )
                if info.file_size > budget:
                    raise _Refused(f"the archive expands beyond {budget} bytes (decompression bomb?)")
                with archive.open(info) as member:
                    content = member.read(info.file_size + 1)
                if len(content) != info.file_size:
                    raise _Refused(f"member {name[:200]!r} is not the size its entry declares")
                budget -= len(content)
                found[name] = content
            return found
    except _Refused as refusal:
        raise ValueError(f"{fmt}: {filename!r} is not a readable zip archive ({refusal})") from None
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, RuntimeError (encrypted)
        raise ValueError(f"{fmt}: {filename!r} is not a readable zip archive ({_short(exc)})") from None


def read_tar(fmt: str, filename: str, data: bytes, select: Selector) -> dict[str, bytes]:
    """Read the regular-file members of a (possibly compressed) tar archive.

    The compression (gzip, xz, bzip2 or none) is recognised by magic bytes;
    the archive is read by :mod:`._tar` within the limits, to its very end,
    so truncated or corrupt uploads are refused.
    """
    limits = get_limits()
    stream = BoundedStream(data, limits.expansion_budget(len(data)))
    try:
        found = read_members(stream, select, clean_member_name, limits)
        stream.drain()
    except ValueError as exc:
        raise ValueError(f"{fmt}: {filename!r} is not a readable tar archive ({_short(exc)})") from None
    return found


def gunzip(fmt: str, filename: str, data: bytes) -> bytes:
    """Decompress gzip data within the limits, with a ``ValueError`` that names the file."""
    limits = get_limits()
    budget = min(limits.max_member_bytes, limits.expansion_budget(len(data)))
    if compression_of(data) != "gzip":
        raise ValueError(f"{fmt}: {filename!r} is not valid gzip data (no gzip header)")
    stream = BoundedStream(data, budget)
    try:
        parts = []
        while chunk := stream.read(1024 * 1024):
            parts.append(chunk)
    except ValueError as exc:
        raise ValueError(f"{fmt}: {filename!r} is not valid gzip data ({_short(exc)})") from None
    return b"".join(parts)


class _Refused(Exception):
    """A zip archive broke a limit."""


def _short(exc: BaseException) -> str:
    """An exception's message, cut short: it may quote attacker-chosen bytes."""
    text = str(exc)
    return text if len(text) <= 300 else text[:300] + "..."


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
