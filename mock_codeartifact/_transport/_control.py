"""The control API under ``/_mock/``: what a test written in any language
needs to drive the mock behind a server, as JSON over HTTP.

The prefix cannot collide with the service: the API lives under ``/v1/``
and the repository endpoints under ``/endpoints/`` (or on their own host).

========================================================  ==========================================
``GET /_mock/health``                                     ``{"status": "ok", "version", ...}``
``POST /_mock/reset``                                     fresh state: no domains, tokens, identities,
                                                          faults; the clock back to real time
``GET /_mock/state`` / ``PUT /_mock/state``               the JSON export (plus identities) / import
``GET /_mock/clock`` / ``POST /_mock/clock``              ``{"freeze": ISO-8601}``,
                                                          ``{"advance": seconds}``, ``{"unfreeze": true}``
``GET /_mock/identities`` / ``POST /_mock/identities``    ``{"accessKeyId", "accountId", "principalArn"}``
``GET /_mock/faults`` / ``POST`` / ``DELETE``             what :class:`~mock_codeartifact.Faults` does
``POST /_mock/public-registries/{connection}/packages``   a package file (the body) into the simulated
                                                          public registry behind ``connection``
========================================================  ==========================================

Errors are ``{"error": message}`` with 400 (bad input), 404 (no such route or
registry), 405 (method) or 409 (a conflicting package version).
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any, Protocol

from werkzeug.wrappers import Request as WsgiRequest
from werkzeug.wrappers import Response as WsgiResponse

from .. import _json as untrusted_json
from .._active import AnsweringMock
from .. import errors as _errors
from ..errors import ServiceError
from .._faults import Faults
from .._hooks import plugin_manager
from ._bodies import RequestBody, RequestTooLarge, read_form, request_limit
from ._state_file import (
    StateDocumentError,
    check_identity,
    identities,
    identity_table,
    load_state_document,
    state_document,
)



class ControlledApp(Protocol):
    """What the control routes use of the app serving them (``wsgi.CodeArtifactApp``)."""

    @property
    def mock(self) -> AnsweringMock: ...

    public_url: str | None

log = logging.getLogger("mock_codeartifact.server")

PREFIX = "/_mock/"

#: The faults each served mock has, registered on it at first use.
_faults: weakref.WeakKeyDictionary[Any, Faults] = weakref.WeakKeyDictionary()
_faults_lock = threading.Lock()


class _BadRequest(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _json_default(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("latin-1")
    raise TypeError(f"{type(value).__name__} is not JSON")


def _answer(status: int, body: Any, headers: dict[str, str] | None = None) -> WsgiResponse:
    return WsgiResponse(json.dumps(body, default=_json_default), status,
                        {"Content-Type": "application/json", **(headers or {})})


def _data(app: ControlledApp, request: WsgiRequest) -> bytes:
    """The request's body, read within the request-size limit of every door
    (413 beyond it)."""
    return RequestBody(request, request_limit(app.mock.registry)).read_bytes()


def _json_body(app: ControlledApp, request: WsgiRequest, default: bytes = b"") -> Any:
    try:
        return untrusted_json.loads(_data(app, request) or default)
    except (ValueError, UnicodeDecodeError) as error:  # JsonTooDeep is a ValueError too
        raise _BadRequest(f"the body is not JSON ({error})") from None


def _body(app: ControlledApp, request: WsgiRequest) -> dict[str, Any]:
    value = _json_body(app, request, b"{}")
    if not isinstance(value, dict):
        raise _BadRequest("the body must be a JSON object")
    return value


def respond(app: ControlledApp, request: WsgiRequest) -> WsgiResponse:
    """Answer a request under ``/_mock/``."""
    path = request.path[len(PREFIX):].strip("/")
    route, argument = path, None
    if path.startswith("public-registries/") and path.endswith("/packages"):
        route, argument = "public-registries", path[len("public-registries/"):-len("/packages")]
    handlers = _ROUTES.get(route)
    if handlers is None:
        return _answer(404, {"error": f"no control route {request.path} (see docs/server.md)"})
    handler = handlers.get(request.method)
    if handler is None:
        allowed = ", ".join(sorted(handlers))
        return _answer(405, {"error": f"{request.method} is not allowed on {request.path} (allowed: {allowed})"},
                       {"Allow": allowed})
    try:
        return handler(app, request, argument)
    except _BadRequest as error:
        return _answer(error.status, {"error": str(error)})
    except RequestTooLarge as error:
        return _answer(413, {"error": str(error)})
    except Exception as error:  # a bug of the mock: answer, say so, keep serving
        log.exception("control route %s %s failed", request.method, request.path)
        return _answer(500, {"error": f"mock_codeartifact internal error: {error!r}"})


# -- routes ----------------------------------------------------------------------------
def _health(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    from .._version import __version__

    mock = app.mock
    return _answer(200, {
        "status": "ok", "version": __version__, "accountId": mock.account_id, "region": mock.region,
        "publicUrl": app.public_url,
    })


def _reset(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    mock = app.mock
    registry = mock.registry
    with registry.lock:
        mock.reset()
        identity_table(mock).clear()
        registry.clock.reset()
    faults = _faults.get(mock)
    if faults is not None:
        faults.clear()
    return _answer(200, {"status": "reset"})


def _get_state(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    return _answer(200, state_document(app.mock))


def _put_state(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    document = _json_body(app, request)
    try:
        load_state_document(app.mock, document)
    except StateDocumentError as error:
        raise _BadRequest(f"not a usable state document: {error}") from None
    registry = app.mock.registry
    domains = sum(len(backend.domains) for backend in registry.backends())
    return _answer(200, {"status": "loaded", "domains": domains})


def _clock_state(app: ControlledApp) -> dict[str, Any]:
    clock = app.mock.registry.clock
    return {"now": clock.now().isoformat(), "frozen": clock.frozen}


def _get_clock(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    return _answer(200, _clock_state(app))


def _post_clock(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    body = _body(app, request)
    unknown = set(body) - {"freeze", "advance", "unfreeze"}
    if unknown or not body:
        raise _BadRequest('give "freeze" (ISO-8601 time), "advance" (seconds) and/or "unfreeze": true'
                          + (f"; unknown: {sorted(unknown)}" if unknown else ""))
    freeze_at: _dt.datetime | None = None
    if "freeze" in body:
        try:
            freeze_at = _dt.datetime.fromisoformat(str(body["freeze"]).replace("Z", "+00:00"))
        except ValueError:
            raise _BadRequest(f"freeze: {body['freeze']!r} is not an ISO-8601 time") from None
    advance = body.get("advance", 0)
    if isinstance(advance, bool) or not isinstance(advance, (int, float)) or not -1e10 < advance < 1e10:
        raise _BadRequest("advance: a number of seconds")
    if body.get("unfreeze") not in (None, True):
        raise _BadRequest("unfreeze: true")
    clock = app.mock.registry.clock
    with app.mock.registry.lock:
        if body.get("unfreeze"):
            clock.unfreeze()
        if freeze_at is not None:
            clock.freeze(freeze_at)
        if advance:
            clock.advance(advance)
    return _answer(200, _clock_state(app))


def _get_identities(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    return _answer(200, {"identities": identities(app.mock)})


def _post_identity(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    body = _body(app, request)
    key, account, principal = body.get("accessKeyId"), body.get("accountId"), body.get("principalArn")
    if not isinstance(key, str) or not isinstance(account, str) or not isinstance(principal, (str, type(None))):
        raise _BadRequest('give "accessKeyId" and "accountId" (strings) and optionally "principalArn"')
    try:
        check_identity(key, account, principal)
    except ValueError as error:
        raise _BadRequest(str(error)) from None
    app.mock.add_identity(key, account, principal)
    return _answer(201, {"accessKeyId": key, "accountId": account, "principalArn": principal})


def faults_of(mock: Any) -> Faults:
    """The control API's :class:`Faults` of ``mock``, registered on it (again
    after the mock stopped and started: a stop unregisters its plugins)."""
    with _faults_lock:
        found = _faults.get(mock)
        if found is None:
            found = _faults[mock] = Faults()
        if not plugin_manager().is_registered(found):
            mock.register_plugin(found)
        return found


_ERRORS: dict[str, type[ServiceError]] = {
    name: getattr(_errors, name) for name in _errors.__all__ if name != "ServiceError"
}


def _fault_error(body: dict[str, Any]) -> Any:
    name = body.get("error")
    if name is None:
        return None
    cls = _ERRORS.get(name) if isinstance(name, str) else None
    if cls is None:
        raise _BadRequest(f"error: one of {sorted(_ERRORS)}")
    message = body.get("message")
    if message is None:
        return cls
    if not isinstance(message, str):
        raise _BadRequest("message: a string")
    return cls(message)


def _post_fault(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    body = _body(app, request)
    kind, operation = body.get("kind"), body.get("operation", "*")
    times = body.get("times", None if kind == "delay" else 1)
    when = body.get("when")
    if not isinstance(operation, str):
        raise _BadRequest("operation: an API name (CreateDomain), a boto3 name (create_domain) or *")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 0):
        raise _BadRequest("times: a whole number >= 0, or null for every call")
    if when is not None and not isinstance(when, dict):
        raise _BadRequest("when: an object of request parameters the call must have")
    faults = faults_of(app.mock)
    try:
        if kind == "throttle":
            retry_after = body.get("retryAfter", 1)
            if retry_after is not None and (isinstance(retry_after, bool) or not isinstance(retry_after, int)):
                raise _BadRequest("retryAfter: whole seconds")
            fault = faults.throttle(operation, times=times, retry_after=retry_after, when=when)
        elif kind == "fail":
            fault = faults.fail(operation, times=times, error=_fault_error(body), when=when)
        elif kind == "delay":
            seconds = body.get("seconds")
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= 300:
                raise _BadRequest("seconds: a number from 0 to 300")
            fault = faults.delay(operation, seconds, times=times, when=when)
        else:
            raise _BadRequest('kind: "throttle", "fail" or "delay"')
    except ValueError as error:
        raise _BadRequest(str(error)) from None
    return _answer(201, {"id": faults.faults.index(fault), "kind": fault.kind, "operation": fault.operation,
                         "remaining": fault.remaining})


def _get_faults(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    faults = _faults.get(app.mock)
    listed = faults.faults if faults is not None else []
    return _answer(200, {
        "faults": [
            {"id": index, "kind": f.kind, "operation": f.operation, "remaining": f.remaining, "fired": f.fired}
            for index, f in enumerate(listed)
        ],
        "fired": dict(faults.fired) if faults is not None else {},
    })


def _delete_faults(app: ControlledApp, request: WsgiRequest, _: str | None) -> WsgiResponse:
    faults = _faults.get(app.mock)
    if faults is not None:
        faults.clear()
    return _answer(200, {"faults": []})


#: How package files arrive without a name: npm's tarball is ``package.tgz``.
_DEFAULT_FILENAMES = {"npm": "package.tgz"}


def _publish_public(app: ControlledApp, request: WsgiRequest, connection: str | None) -> WsgiResponse:
    from .._backend.external_connections import EXTERNAL_CONNECTIONS

    if connection not in EXTERNAL_CONNECTIONS:
        raise _BadRequest(f"no external connection is called {connection!r} (known: "
                          f"{', '.join(EXTERNAL_CONNECTIONS)})", 404)
    package_format = EXTERNAL_CONNECTIONS[connection]
    files: dict[str, bytes] = {}
    if request.mimetype == "multipart/form-data":
        _, form_files = read_form(request, request_limit(app.mock.registry))
        files = dict(form_files.values())
    else:  # the body is the file, whatever Content-Type a client sends by default (curl: a form's)
        data = _data(app, request)
        if data:
            filename = request.args.get("filename") or _DEFAULT_FILENAMES.get(package_format)
            if not filename:
                raise _BadRequest(f"{package_format} files need their name: ?filename=...")
            files = {filename: data}
    if not files:
        raise _BadRequest("the body is the package file (or multipart form files)")
    try:
        published = app.mock.registry.public_registry(connection).publish_package(
            files=files, package=request.args.get("package") or None,
            version=request.args.get("version") or None, namespace=request.args.get("namespace") or None,
        )
    except ServiceError as error:
        raise _BadRequest(f"{error.code}: {error.message}", 409 if error.code == "ConflictException" else 400) from None
    return _answer(201, published)


_Handler = Callable[[ControlledApp, WsgiRequest, "str | None"], WsgiResponse]

_ROUTES: dict[str, dict[str, _Handler]] = {
    "health": {"GET": _health},
    "reset": {"POST": _reset},
    "state": {"GET": _get_state, "PUT": _put_state},
    "clock": {"GET": _get_clock, "POST": _post_clock},
    "identities": {"GET": _get_identities, "POST": _post_identity},
    "faults": {"GET": _get_faults, "POST": _post_fault, "DELETE": _delete_faults},
    "public-registries": {"POST": _publish_public},
}
