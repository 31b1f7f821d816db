"""Request bodies read into memory once, within a size limit.

A large upload (hundreds of MiB) must not be held several times: the body is
read in chunks into one ``io.BytesIO``, whose ``getvalue()`` hands over its
buffer as ``bytes`` without copying it (CPython; elsewhere it copies once).
Multipart form bodies (twine, ``dotnet nuget push``) are parsed as they
arrive, each file into its own ``BytesIO``, never spooled to disk. A body
larger than the limit is refused with 413 before it is read (``Content-Length``)
or as soon as it grows past it (chunked transfer).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import parse_form_data

if TYPE_CHECKING:
    from werkzeug.wrappers import Request

    from .._backend.registry import Registry

#: How much is read from the socket at a time.
_CHUNK = 1 << 20
#: The most a form's non-file fields may hold together (twine sends the long
#: description as a field; werkzeug's default of 500 kB is too small for some).
MAX_FORM_FIELDS_BYTES = 16 * 1024**2
#: An oversized body is read and dropped up to this much before the 413 is
#: sent, so the client sees the answer rather than a reset connection.
_DISCARD_AT_MOST = 64 * 1024**2
#: Only a multipart body is a form (twine's upload, NuGet's push): any other
#: body is the body, whatever its Content-Type (curl sends --data-binary as
#: application/x-www-form-urlencoded, as AWS's "publishing with curl" does).
FORM_TYPES = ("multipart/form-data",)


class RequestTooLarge(Exception):
    """The body is over the limit: answer 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is larger than the limit of {limit} bytes")
        self.limit = limit


def request_limit(registry: Registry) -> int:
    """The largest request body accepted: ``registry.max_request_bytes``, by
    default the asset-size quota (``registry.quotas["asset_size_bytes"]``,
    5 GiB unless a test changes it)."""
    configured = getattr(registry, "max_request_bytes", None)
    return int(configured if configured is not None else registry.quotas["asset_size_bytes"])


def check_declared_length(request: Request, limit: int) -> None:
    """Refuse a body whose ``Content-Length`` is over ``limit`` before reading it."""
    length = request.content_length
    if length is not None and length > limit:
        _discard(request, min(length, _DISCARD_AT_MOST))
        raise RequestTooLarge(limit)


class RequestBody:
    """A request's body, read when a protocol first asks for it (never for a
    request that does not need it), within ``limit``. Implements
    ``_endpoints.messages.BodySource``."""

    def __init__(self, request: Request, limit: int) -> None:
        check_declared_length(request, limit)
        self._request = request
        self._limit = limit

    def __repr__(self) -> str:
        return f"<RequestBody {self._request.content_length} bytes declared, limit {self._limit}>"

    def read_bytes(self) -> bytes:
        """The body as bytes. With a ``Content-Length`` (and a server that
        does not de-chunk), one ``read`` of exactly that many bytes from the
        server's stream: a single allocation, filled as the data arrives
        (reserved, not resident, for a client that sends less)."""
        environ = self._request.environ
        length = self._request.content_length
        raw = environ.get("wsgi.input")
        if length is not None and raw is not None and not environ.get("wsgi.input_terminated"):
            data = raw.read(length)
            return data if isinstance(data, bytes) else bytes(data)
        return self.read_buffer().getvalue()

    def read_buffer(self) -> io.BytesIO:
        """The body in a writable buffer (for decoding in place), at its start."""
        return read_body(self._request, self._limit)


def read_body(request: Request, limit: int) -> io.BytesIO:
    """The whole body, in a ``BytesIO`` positioned at its start."""
    check_declared_length(request, limit)
    stream = request.stream
    # Grown as data arrives, never sized up front from Content-Length: a
    # request that declares gigabytes and sends nothing costs nothing.
    buffer = io.BytesIO()
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        if buffer.tell() + len(chunk) > limit:
            raise RequestTooLarge(limit)
        buffer.write(chunk)
    buffer.seek(0)
    return buffer


def read_form(request: Request, limit: int) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """A form body's fields and files (field name -> (file name, bytes))."""
    check_declared_length(request, limit)

    def in_memory(*_: Any, **__: Any) -> io.BytesIO:
        return io.BytesIO()

    try:
        _, form, files = parse_form_data(
            request.environ, stream_factory=in_memory, max_form_memory_size=MAX_FORM_FIELDS_BYTES,
            max_content_length=limit, silent=True,
        )
    except RequestEntityTooLarge:
        raise RequestTooLarge(limit) from None
    taken = {name: (stored.filename or name, _contents(stored.stream)) for name, stored in files.items()}
    return dict(form.items()), taken


def _contents(stream: Any) -> bytes:
    if isinstance(stream, io.BytesIO):
        return stream.getvalue()  # the buffer itself, not a copy
    stream.seek(0)
    return bytes(stream.read())


def _discard(request: Request, amount: int) -> None:
    stream = request.stream
    while amount > 0:
        chunk = stream.read(min(_CHUNK, amount))
        if not chunk:
            return
        amount -= len(chunk)
