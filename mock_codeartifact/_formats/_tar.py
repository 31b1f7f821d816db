"""A strict, streaming reader of tar archives (ustar, GNU and pax).

Why not ``tarfile``: the interpreter the mock runs on decides how safe it is.
Unpatched Pythons loop forever on a header with a negative size
(CVE-2025-8194), backtrack quadratically on crafted pax headers
(CVE-2024-6232) and materialise GNU sparse members of any declared size. The
mock reads package archives uploaded by anyone, inside a shared server, so
it validates every header itself and only ever moves forward:

- sizes are octal digits or positive base-256 numbers, never negative;
- header checksums must match;
- pax records are parsed by their length prefix, in linear time;
- GNU sparse members (type ``S`` or ``GNU.sparse.*`` pax keys) and
  multi-volume members are refused: no package manager writes them;
- the archive must end with its end-of-archive block: a truncated upload is
  refused rather than stored and served broken;
- the number of entries and the size of kept members and extended headers
  are bounded (:mod:`mock_codeartifact.limits`).

Only regular files are returned; links, directories and devices are skipped.
"""

from __future__ import annotations

from collections.abc import Callable

from ..limits import Limits
from ._stream import BoundedStream

BLOCK = 512
_ZERO_BLOCK = bytes(BLOCK)
_REGULAR = (b"0", b"\0", b"7")
#: Hard link, symlink, character/block device, directory, FIFO: no data follows.
_NO_DATA = (b"1", b"2", b"3", b"4", b"5", b"6")
_LONG_NAME, _LONG_LINK, _PAX, _PAX_GLOBAL = b"L", b"K", b"x", b"g"
_POSIX_MAGIC = b"ustar\x00"
_MAX_PAX_LENGTH_DIGITS = 20


def read_members(
    stream: BoundedStream, select: Callable[[str], bool], clean: Callable[[str], str], limits: Limits
) -> dict[str, bytes]:
    """The regular files whose cleaned name ``select`` accepts, ``{name: bytes}``.

    Raises ``ValueError`` (with a short reason) for anything malformed,
    hostile or cut short.
    """
    found: dict[str, bytes] = {}
    entries = 0
    long_name: str | None = None
    pax: dict[str, str] = {}
    while True:
        header = _read_exact(stream, BLOCK, "a header")
        if header == _ZERO_BLOCK:
            return found
        entries += 1
        if entries > limits.max_archive_members:
            raise ValueError(f"the archive has more than {limits.max_archive_members} entries")
        _check_checksum(header)
        kind = header[156:157]
        size = _size(header)
        if kind == b"S":
            raise ValueError("the archive holds a GNU sparse member, which package archives never contain")
        if kind == b"M":
            raise ValueError("the archive holds a multi-volume member, which package archives never contain")
        if kind in (_LONG_NAME, _LONG_LINK, _PAX, _PAX_GLOBAL):
            if size > limits.max_header_bytes:
                raise ValueError(f"an extended header has {size} bytes (at most {limits.max_header_bytes})")
            data = _read_exact(stream, size, "an extended header")
            _skip_padding(stream, size)
            if kind == _LONG_NAME:
                long_name = _text(data.split(b"\0", 1)[0])
            elif kind == _PAX:
                pax = _pax_records(data)
            continue  # a long link name or global pax values matter to no package
        name = pax.get("path") or long_name or _ustar_name(header)
        if "size" in pax:
            size = _pax_size(pax["size"])
        long_name, pax = None, {}
        if kind in _NO_DATA:
            size = 0  # as tar does: these entries have no data whatever the field says
        name = clean(name)
        if kind in _REGULAR and not name.endswith("/") and select(name):
            if size > limits.max_member_bytes:
                raise ValueError(f"member {name[:200]!r} has {size} bytes (at most {limits.max_member_bytes} are read)")
            found[name] = _read_exact(stream, size, f"member {name[:200]!r}")
        elif stream.skip(size) != size:
            raise ValueError(f"the archive is cut short inside member {name[:200]!r} (truncated upload?)")
        _skip_padding(stream, size)


def _read_exact(stream: BoundedStream, size: int, what: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        if what == "a header" and not data:
            raise ValueError("the archive ends without its end-of-archive block (truncated upload?)")
        raise ValueError(f"the archive is cut short inside {what} (truncated upload?)")
    return data


def _skip_padding(stream: BoundedStream, size: int) -> None:
    padding = -size % BLOCK
    if padding and stream.skip(padding) != padding:
        raise ValueError("the archive is cut short (truncated upload?)")


def _check_checksum(header: bytes) -> None:
    stored = _octal(header[148:156], "checksum")
    unsigned = sum(header[:148]) + 8 * 0x20 + sum(header[156:])
    signed = unsigned - 256 * sum(1 for byte in header[:148] + header[156:] if byte > 127)
    if stored not in (unsigned, signed):
        raise ValueError("a header's checksum does not match (not a tar archive, or corrupt)")


def _size(header: bytes) -> int:
    """The size field: octal digits, or a GNU base-256 number (positive only)."""
    field = header[124:136]
    if field[0] & 0x80:
        if field[0] == 0xFF:
            raise ValueError("a header declares a negative size")
        return int.from_bytes(bytes([field[0] & 0x7F]) + field[1:], "big")
    return _octal(field, "size")


def _octal(field: bytes, what: str) -> int:
    text = field.split(b"\0", 1)[0].strip(b" ")
    if not text:
        return 0
    if text.strip(b"01234567"):
        raise ValueError(f"a header's {what} field is not an octal number")
    return int(text, 8)


def _ustar_name(header: bytes) -> str:
    name = _text(header[:100].split(b"\0", 1)[0])
    if header[257:263] == _POSIX_MAGIC:
        prefix = _text(header[345:500].split(b"\0", 1)[0])
        if prefix:
            return f"{prefix}/{name}"
    return name


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _pax_records(data: bytes) -> dict[str, str]:
    """``"%d %s=%s\\n"`` records, each read by its length prefix (linear time)."""
    records: dict[str, str] = {}
    position = 0
    while position < len(data) and data[position] != 0:
        space = data.find(b" ", position, position + _MAX_PAX_LENGTH_DIGITS + 1)
        digits = data[position:space] if space != -1 else b""
        if not digits.isdigit():
            raise ValueError("a pax header is malformed")
        length = int(digits)
        end = position + length
        if end > len(data) or end <= space + 1 or data[end - 1 : end] != b"\n":
            raise ValueError("a pax header is malformed")
        key, equals, value = data[space + 1 : end - 1].partition(b"=")
        if not equals:
            raise ValueError("a pax header is malformed")
        keyword = _text(key)
        if keyword.startswith("GNU.sparse."):
            raise ValueError("the archive holds a GNU sparse member, which package archives never contain")
        records[keyword] = _text(value)
        position = end
    return records


def _pax_size(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > _MAX_PAX_LENGTH_DIGITS:
        raise ValueError("a pax header has an invalid size")
    return int(value)
