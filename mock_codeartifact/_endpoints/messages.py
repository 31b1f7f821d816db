"""What an endpoint protocol receives and answers: plain data, so the
protocols stay free of any HTTP library and every transport (``responses``,
the HTTP server, any WSGI server) drives them the same way."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class BodySource(Protocol):
    """Where a request's body comes from, read when first asked for: as
    bytes, or as a writable buffer a protocol may decode in place."""

    def read_bytes(self) -> bytes: ...

    def read_buffer(self) -> io.BytesIO: ...


class EndpointRequest:
    """A package manager's request to a repository endpoint.

    ``path`` is what follows ``/{format}/{repository}/`` (URL-decoded, no
    leading slash); ``form`` and ``files`` hold a parsed form body
    (``files``: field name -> (file name, bytes)).

    The body is ``body`` (bytes), or, from a transport, a ``source`` it is
    read from on first use: as ``body``, or with :meth:`take_content` as a
    writable buffer by a protocol that decodes a large body in place (npm's
    base64 attachment) instead of holding it twice."""

    def __init__(
        self, method: str, path: str, query: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None, body: bytes = b"", form: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes]] | None = None, *, source: BodySource | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.query: Mapping[str, str] = query if query is not None else {}
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.form: Mapping[str, str] = form if form is not None else {}
        self.files: Mapping[str, tuple[str, bytes]] = files if files is not None else {}
        self._body: bytes | None = None if source is not None else body
        self._source = source

    def __repr__(self) -> str:
        return f"<EndpointRequest {self.method} {self.path!r}>"

    @property
    def body(self) -> bytes:
        if self._body is None:
            assert self._source is not None
            self._body = self._source.read_bytes()
            self._source = None
        return self._body

    def take_content(self) -> io.BytesIO:
        """The body as a writable buffer the caller now owns (the request's
        ``body`` is empty afterwards)."""
        if self._source is not None:
            content = self._source.read_buffer()
        else:
            content = io.BytesIO(self._body or b"")
        self._source, self._body = None, b""
        return content

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default) or default


@dataclass
class EndpointResponse:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, value: Any, status: int = 200, content_type: str = "application/json") -> EndpointResponse:
        return cls(status, json.dumps(value, separators=(",", ":")).encode(), {"Content-Type": content_type})

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> EndpointResponse:
        return cls(status, text.encode(), {"Content-Type": content_type})

    @classmethod
    def binary(cls, data: bytes, content_type: str = "application/octet-stream") -> EndpointResponse:
        return cls(200, data, {"Content-Type": content_type})

    @classmethod
    def download(cls, data: bytes, sha256: str | None, content_type: str = "application/octet-stream") -> EndpointResponse:
        """A stored file, with its SHA-256 as the ``ETag`` (the transport
        answers a matching ``If-None-Match`` with 304)."""
        response = cls.binary(data, content_type)
        if sha256:
            response.headers["ETag"] = f'"{sha256}"'
        return response

    @classmethod
    def not_found(cls, what: str = "Not found") -> EndpointResponse:
        return cls.json({"error": what}, 404)

    @classmethod
    def error(cls, status: int, message: str) -> EndpointResponse:
        return cls.json({"error": message}, status)



__all__ = ["BodySource", "EndpointRequest", "EndpointResponse"]
