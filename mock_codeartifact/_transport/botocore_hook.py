"""The botocore door: every ``codeartifact`` request of the process is answered
in-process while a mock is active.

The interception point is :meth:`botocore.endpoint.Endpoint.make_request`,
which every request of every client passes through whenever and however the
client was made (default session, its own ``botocore.session``, a
``boto3.Session``, before ``import mock_codeartifact``), and which
aiobotocore's ``AioEndpoint`` inherits. :func:`start` wraps it when the first
mock starts and :func:`stop` puts the original back when the last one stops.

The wrapper does not answer by itself: the first time a codeartifact client
sends while a mock is active, it registers two handlers on that client's
event emitter, ahead of any other:

- ``before-sign.codeartifact``: credentials that would have to be fetched over
  the network (a role to assume, SSO, a container endpoint) or that are
  missing are replaced, for this request only, by the mock's fake ones;
- ``before-send.codeartifact``: the fully serialised and signed HTTP request
  is answered in-process, and botocore parses the answer exactly as it parses
  AWS's (retries, paginators and error parsing run their real code). A client
  whose ``endpoint_url`` is on the loopback interface (a ``ThreadedServer``)
  is left to reach that server over HTTP.

Other services are never touched: their requests only pay one comparison.
The handlers are removed from every emitter at :func:`stop`.
"""

from __future__ import annotations

import inspect
import io
import re
import threading
import weakref
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlsplit

from .._active import active_mock
from .._protocol.restjson import Request
from ._patch import MethodPatch

SERVICE = "codeartifact"
SEND_EVENT = "before-send.codeartifact"
SIGN_EVENT = "before-sign.codeartifact"
_SEND_ID = "mock_codeartifact.answer"
_SIGN_ID = "mock_codeartifact.credentials"

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]+/([^/]+)/")
_HOST_REGION = re.compile(r"codeartifact(?:-fips)?\.([a-z0-9-]+)\.")


class _RawBody(io.BytesIO):
    """What botocore reads an ``AWSResponse`` body from."""

    def stream(self, **_: Any) -> Any:
        chunk = self.read()
        while chunk:
            yield chunk
            chunk = self.read()


class _AsyncContent:
    """The awaitable half of an aiohttp ``ClientResponse`` that aiobotocore's
    bodies read from (``content.read(n)``, ``content.at_eof()``)."""

    def __init__(self, data: bytes) -> None:
        self._buffer = io.BytesIO(data)
        self._size = len(data)

    async def read(self, amount: int = -1) -> bytes:
        return self._buffer.read(amount if amount is not None and amount >= 0 else -1)

    def at_eof(self) -> bool:
        return self._buffer.tell() >= self._size


class _AsyncRawBody:
    """An in-memory stand-in for the aiohttp response aiobotocore expects as
    ``AioAWSResponse.raw``: ``await raw.read()`` for whole bodies, ``raw.content``
    for streamed ones."""

    def __init__(self, url: str, data: bytes) -> None:
        self.url = url
        self.content = _AsyncContent(data)

    async def read(self) -> bytes:
        return await self.content.read()

    def close(self) -> None:
        pass

    def release(self) -> None:
        pass

    async def __aenter__(self) -> _AsyncRawBody:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


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


_LOOPBACK = re.compile(r"^(?:127\.\d+\.\d+\.\d+|::1|localhost)$", re.IGNORECASE)


def _respond(request: Any) -> tuple[int, dict[str, str], bytes] | None:
    """The mock's answer to a signed codeartifact request (None: no mock, or
    a client pointed at a server on this machine, which answers it)."""
    mock = active_mock()
    if mock is None:
        return None
    url = urlsplit(request.url)
    if _LOOPBACK.match(url.hostname or ""):
        return None  # endpoint_url of a ThreadedServer (or the CLI's server): over real HTTP
    from .._dispatch import handle_http
    from .._protocol.regions import known_region

    headers = request.headers
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
    # A bug of the mock raises here (MockInternalError, chained): botocore
    # hands the exception to the caller instead of retrying a fake 500.
    response = handle_http(
        mock.registry, http_request, mock.account_for(access_key), region or mock.region, access_key,
        principal_arn=mock.principal_for(access_key), raise_internal_errors=True,
    )
    response.headers["Content-Length"] = str(len(response.body))
    response.headers["x-amzn-RequestId"] = mock.registry.request_id()
    return response.status, response.headers, response.body


def answer(request: Any, **_: Any) -> Any:
    """The ``before-send`` handler of botocore clients: an ``AWSResponse``
    while a mock is active, else None (the request goes on as usual)."""
    answered = _respond(request)
    if answered is None:
        return None
    from botocore.awsrequest import AWSResponse

    status, headers, body = answered
    # botocore-stubs declare HTTPHeaders, but AWSResponse copies any mapping
    # into a HeadersDict (botocore's own stub.py passes a dict, httpsession.py items()).
    return AWSResponse(request.url, status, headers, _RawBody(body))  # type: ignore[arg-type]


def answer_async(request: Any, **_: Any) -> Any:
    """The ``before-send`` handler of aiobotocore clients: the same answer
    with a body aiobotocore can await."""
    answered = _respond(request)
    if answered is None:
        return None
    from aiobotocore.awsrequest import AioAWSResponse

    status, headers, body = answered
    return AioAWSResponse(request.url, status, headers, _AsyncRawBody(request.url, body))


def _lend(request: Any, request_signer: Any, credentials_class: Any) -> None:
    """While a mock is active, a codeartifact request whose client has no
    credentials, or credentials that are fetched over the network when first
    used (an assumed role, SSO, a container or instance endpoint), is signed
    with the mock's fake credentials instead. Only this request: the
    client's own credentials stay as they are."""
    if request_signer is None or request is None or active_mock() is None:
        return
    from botocore.credentials import RefreshableCredentials

    own = request_signer._credentials
    if own is not None and not isinstance(own, RefreshableCredentials):
        return  # static keys: signing with them needs no network, and add_identity maps them
    from .._active import FAKE_CREDENTIALS

    signing = request.context.setdefault("signing", {})
    signing["request_credentials"] = credentials_class(
        FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"], FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]
    )


def lend_credentials(request: Any = None, request_signer: Any = None, **_: Any) -> None:
    """The ``before-sign`` handler of botocore clients (see :func:`_lend`)."""
    from botocore.credentials import Credentials

    _lend(request, request_signer, Credentials)


def lend_credentials_async(request: Any = None, request_signer: Any = None, **_: Any) -> None:
    """The ``before-sign`` handler of aiobotocore clients, whose signer awaits
    the credentials it is given."""
    from aiobotocore.credentials import AioCredentials

    _lend(request, request_signer, AioCredentials)


# -- applying and removing the interception -----------------------------------------------
_lock = threading.Lock()
#: Emitters our handlers are registered on (removed from them at stop()).
_emitters: weakref.WeakSet[Any] = weakref.WeakSet()


def _is_async(endpoint: Any) -> bool:
    return inspect.iscoroutinefunction(getattr(type(endpoint), "_send_request", None))


def _attach(endpoint: Any) -> None:
    emitter = endpoint._event_emitter
    if emitter in _emitters:
        return
    with _lock:
        if emitter in _emitters:
            return
        if _is_async(endpoint):
            sign, send = lend_credentials_async, answer_async
        else:
            sign, send = lend_credentials, answer
        emitter.register_first(SIGN_EVENT, sign, unique_id=_SIGN_ID)
        emitter.register_first(SEND_EVENT, send, unique_id=_SEND_ID)
        _emitters.add(emitter)


def _detach_all() -> None:
    with _lock:
        for emitter in list(_emitters):
            emitter.unregister(SIGN_EVENT, unique_id=_SIGN_ID)
            emitter.unregister(SEND_EVENT, unique_id=_SEND_ID)
        _emitters.clear()


def _wrap_make_request(original: Callable[..., Any]) -> Callable[..., Any]:
    def make_request(self: Any, operation_model: Any, request_dict: Any) -> Any:
        if active_mock() is not None and operation_model.service_model.service_name == SERVICE:
            _attach(self)
        return original(self, operation_model, request_dict)

    return make_request


def _endpoint_class() -> type:
    from botocore.endpoint import Endpoint

    return cast(type, Endpoint)


_patch = MethodPatch(_endpoint_class, "make_request", _wrap_make_request)


def start() -> None:
    """Intercept codeartifact requests (the first mock of the stack starts)."""
    _patch.apply()


def stop() -> None:
    """Stop intercepting (the last mock of the stack stopped): the original
    method is back, and no emitter holds our handlers any more."""
    _detach_all()
    _patch.remove()


def applied() -> bool:
    """Whether the interception is in place (for tests and diagnostics)."""
    return _patch.applied
