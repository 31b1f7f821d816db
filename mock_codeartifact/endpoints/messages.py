"""What an endpoint protocol receives and answers: plain data, so the
protocols stay free of any HTTP library and every transport (``responses``,
the HTTP server, any WSGI server) drives them the same way."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class EndpointRequest:
    """A package manager's request to a repository endpoint.

    ``path`` is what follows ``/{format}/{repository}/`` (URL-decoded, no
    leading slash); ``form`` and ``files`` hold a parsed form body
    (``files``: field name -> (file name, bytes))."""

    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    form: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, tuple[str, bytes]] = field(default_factory=dict)

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



__all__ = ["EndpointRequest", "EndpointResponse"]
