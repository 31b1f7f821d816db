"""The botocore door: a ``before-send`` handler answers codeartifact requests.

The handler sees the fully serialised and signed HTTP request, answers it
in-process, and hands botocore an HTTP response that botocore then parses
exactly as it parses AWS's: retries, paginators and error parsing all run
their real code. Calls to other services are not touched (the handler is
registered for ``before-send.codeartifact`` only) and it does nothing while
no mock is active.
"""

from __future__ import annotations

import io
import re
import sys
from typing import Any
from urllib.parse import urlsplit

from .._active import active_mock
from ..protocol.restjson import Request

EVENT = "before-send.codeartifact"
SIGN_EVENT = "before-sign.codeartifact"

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]+/([^/]+)/")
_HOST_REGION = re.compile(r"codeartifact(?:-fips)?\.([a-z0-9-]+)\.")


class _RawBody(io.BytesIO):
    """What botocore reads an ``AWSResponse`` body from."""

    def stream(self, **_: Any) -> Any:
        chunk = self.read()
        while chunk:
            yield chunk
            chunk = self.read()


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        start = body.tell() if hasattr(body, "tell") else None
        data = body.read()
        if start is not None and hasattr(body, "seek"):
            body.seek(start)  # botocore may resend the same stream on retry
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return bytes(body)


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


class _Headers:
    """botocore's request headers, read as the protocol layer reads them (by
    lower-case name, as text) without copying them on every request."""

    __slots__ = ("_raw",)

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self._raw.get(name)
        return default if value is None else _text(value)

    def __iter__(self) -> Any:
        return (_text(name).lower() for name in self._raw.keys())

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value


def answer(request: Any, **_: Any) -> Any:
    """The handler: an ``AWSResponse`` while a mock is active, else None."""
    mock = active_mock()
    if mock is None:
        return None
    from botocore.awsrequest import AWSResponse

    from ..dispatch import handle_http
    from ..protocol.regions import known_region

    headers = request.headers
    url = urlsplit(request.url)
    access_key, region = None, None
    signed = _CREDENTIAL.search(_text(headers.get("Authorization") or ""))
    if signed:
        access_key, region = signed.group(1), signed.group(2)
    else:
        host = _HOST_REGION.search(url.hostname or "")
        region = host.group(1) if host else None
    if not known_region(region or mock.region):
        # A Region no partition lists has no endpoint: its host name does not resolve.
        from botocore.exceptions import EndpointConnectionError

        raise EndpointConnectionError(endpoint_url=request.url)
    http_request = Request(request.method, url.path or "/", url.query, _Headers(headers), _body_bytes(request.body))
    response = handle_http(
        mock.registry, http_request, mock.account_for(access_key), region or mock.region, access_key,
        principal_arn=mock.principal_for(access_key),
    )
    response.headers["Content-Length"] = str(len(response.body))
    response.headers["x-amzn-RequestId"] = mock.registry.request_id()
    return AWSResponse(request.url, response.status, response.headers, _RawBody(response.body))


def lend_credentials(request_signer: Any = None, **_: Any) -> None:
    """A client created on a machine without credentials cannot sign, and the
    mock needs no real ones: while a mock is active, such a client signs with
    the mock's fake credentials (it keeps them afterwards)."""
    if request_signer is None or request_signer._credentials is not None or active_mock() is None:
        return
    from botocore.credentials import Credentials

    from ..mock import FAKE_CREDENTIALS

    request_signer._credentials = Credentials(
        FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"], FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]
    )


_HANDLERS = ((EVENT, answer), (SIGN_EVENT, lend_credentials))
_installed = False


def install() -> None:
    """Route codeartifact requests of every botocore session created from now
    on, and of boto3's default session if it already exists, to the handler."""
    global _installed
    if _installed:
        return
    _installed = True  # first: importing botocore.handlers may re-enter install()
    from botocore import handlers

    # Idempotent even if this module or botocore's was imported afresh
    # (pytester restores sys.modules): a handler listed twice would run twice.
    present = {(spec[0], getattr(spec[1], "__qualname__", None)) for spec in handlers.BUILTIN_HANDLERS}
    handlers.BUILTIN_HANDLERS.extend(
        (event, handler) for event, handler in _HANDLERS if (event, handler.__qualname__) not in present
    )
    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None) if boto3 else None
    if session is not None:
        for event, handler in _HANDLERS:
            session._session.register(event, handler, unique_id=f"mock_codeartifact.{event}")
