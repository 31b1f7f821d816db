"""Decompression that stops at a budget: the defence against archive bombs.

Package files are untrusted. A 76 KiB ``.tar.xz`` can expand to gigabytes,
so nothing here asks a decompressor for "everything": bytes come out in
chunks, are counted, and reading stops with a ``ValueError`` as soon as an
archive produces more than it may (:meth:`Limits.expansion_budget`). The
decompressors themselves are the standard library's (zlib, lzma, bz2); only
the loop that drives them is ours, because the stdlib file wrappers offer no
byte budget and ``lzma.LZMAFile`` no memory limit.

Compressed data is recognised by its magic bytes, not by its file name: a
``.tgz`` that is really xz is read as xz, and anything else as plain bytes.
A compressed stream that ends early (a truncated upload) is an error, as is
anything but zero padding after its end.
"""

from __future__ import annotations

import bz2
import lzma
import zlib
from collections.abc import Callable
from typing import Any, Protocol

_CHUNK = 64 * 1024
#: liblzma allocates the dictionary a file declares (up to 4 GiB); xz -9 needs 64 MiB.
_LZMA_MEMLIMIT = 128 * 1024 * 1024


class _Decompressor(Protocol):
    eof: bool
    unused_data: bytes

    def decompress(self, data: bytes, max_length: int = ...) -> bytes: ...


def _gzip() -> Any:
    return zlib.decompressobj(16 + zlib.MAX_WBITS)


def _xz() -> Any:
    return lzma.LZMADecompressor(memlimit=_LZMA_MEMLIMIT)


def _bz2() -> Any:
    return bz2.BZ2Decompressor()


_MAGIC: tuple[tuple[bytes, str, Callable[[], Any]], ...] = (
    (b"\x1f\x8b", "gzip", _gzip),
    (b"\xfd7zXZ\x00", "xz", _xz),
    (b"BZh", "bzip2", _bz2),
)


def compression_of(data: bytes) -> str | None:
    """``"gzip"``, ``"xz"``, ``"bzip2"`` or ``None`` (not compressed), by magic bytes."""
    return next((name for magic, name, _ in _MAGIC if data.startswith(magic)), None)


class BoundedStream:
    """The (decompressed) content of ``data``, read at most ``budget`` bytes far.

    ``read(n)`` returns up to ``n`` bytes (fewer only at the end) and raises
    ``ValueError`` once more than ``budget`` bytes in total have come out,
    or when the compressed data is corrupt or cut short.
    """

    def __init__(self, data: bytes, budget: int) -> None:
        self._input = memoryview(data)
        self._offset = 0
        self.budget = budget
        self.produced = 0
        self.compression = compression_of(data)
        factory = next((f for magic, _, f in _MAGIC if data.startswith(magic)), None)
        self._factory = factory
        self._decompressor: Any = factory() if factory is not None else None
        self._pending = b""  # input handed to the decompressor but not consumed (zlib)
        self._finished = factory is None and not data

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes; ``b""`` only at the end of the content."""
        if size <= 0:
            return b""
        if self._decompressor is None:
            chunk = bytes(self._input[self._offset : self._offset + size])
            self._offset += len(chunk)
        else:
            parts: list[bytes] = []
            wanted = size
            while wanted > 0:
                piece = self._next_piece(min(wanted, _CHUNK))
                if not piece:
                    break
                self._count(len(piece))  # stop a bomb as it expands, not after
                parts.append(piece)
                wanted -= len(piece)
            return b"".join(parts)
        self._count(len(chunk))
        return chunk

    def skip(self, size: int) -> int:
        """Pass over ``size`` bytes without keeping them; how many there were."""
        if self._decompressor is None:
            skipped = max(0, min(size, len(self._input) - self._offset))
            self._offset += skipped
            self._count(skipped)
            return skipped
        skipped = 0
        while skipped < size:
            piece = self.read(min(size - skipped, _CHUNK))
            if not piece:
                break
            skipped += len(piece)
        return skipped

    def drain(self) -> None:
        """Read to the end, so corruption or truncation anywhere is noticed."""
        if self._decompressor is None:
            return
        while self.read(_CHUNK):
            pass

    def _count(self, produced: int) -> None:
        self.produced += produced
        if self.produced > self.budget:
            what = f"{self.compression} data" if self.compression else "the archive"
            raise ValueError(
                f"{what} expands beyond {self.budget} bytes (decompression bomb?); "
                "see mock_codeartifact.limits"
            )

    def _next_piece(self, size: int) -> bytes:
        """Decompress up to ``size`` more bytes, starting a new stream after
        the end of one (gzip and xz files may hold several)."""
        decompressor = self._decompressor
        while True:
            if decompressor.eof:
                # What follows the stream: the decompressor's leftover, then
                # input it was not given yet (the offset moves back over the leftover).
                self._offset -= len(decompressor.unused_data)
                self._pending = b""
                rest = self._input[self._offset :]
                if not bytes(rest[:_CHUNK]).strip(b"\0") and not bytes(rest).strip(b"\0"):
                    self._offset = len(self._input)
                    return b""  # the end, possibly followed by zero padding
                if self._factory is None or compression_of(bytes(rest[:8])) != self.compression:
                    raise ValueError(f"unexpected data after the end of the {self.compression} stream")
                decompressor = self._decompressor = self._factory()
            feed = self._feed(decompressor)
            try:
                out: bytes = decompressor.decompress(feed, size)
            except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
                raise ValueError(f"corrupt {self.compression} data ({exc})") from None
            if hasattr(decompressor, "unconsumed_tail"):  # zlib hands unread input back
                # At the end of a stream zlib puts what follows in unused_data
                # *and* unconsumed_tail: take it once.
                self._pending = b"" if decompressor.eof else decompressor.unconsumed_tail
            if out:
                return out
            if decompressor.eof:
                continue
            if not feed and not self._pending and self._offset >= len(self._input):
                raise ValueError(f"the {self.compression} data is cut short (truncated upload?)")

    def _feed(self, decompressor: Any) -> bytes:
        if self._pending:
            feed, self._pending = self._pending, b""
            return feed
        if getattr(decompressor, "needs_input", True) is False:
            return b""
        feed = bytes(self._input[self._offset : self._offset + _CHUNK])
        self._offset += len(feed)
        return feed
