"""The HTTP door as a WSGI application (werkzeug parses the HTTP).

One app serves both faces of CodeArtifact:

- the API, at ``/v1/...`` (what ``boto3.client(endpoint_url=...)`` and
  ``aws --endpoint-url`` send), answered by the same core as the botocore hook;
- the repository endpoints package managers use, either in their real form
  (``Host: {domain}-{owner}.d.codeartifact.{region}.amazonaws.com``, path
  ``/{format}/{repository}/...``: what the ``responses`` door forwards) or
  under a path of the server's own:
  ``/endpoints/{region}/{domain}-{owner}/{format}/{repository}/...``.

Endpoint requests need an authorization token from GetAuthorizationToken
(Basic ``aws:<token>``, Bearer, or the bare token Cargo sends), valid and for
that domain; they act as the principal that asked for it (``_admission.py``).
Request bodies are read once, within the request-size limit, 413 beyond it
(``_bodies.py``).

Paths under ``/_mock/`` are the control API (:mod:`._control`).
"""

from __future__ import annotations

import base64
import re
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request as WsgiRequest
from werkzeug.wrappers import Response as WsgiResponse

from .._active import AnsweringMock
from ..errors import ServiceError
from .._protocol import model as _model
from .._protocol.restjson import Request
from ._bodies import FORM_TYPES, RequestBody, RequestTooLarge, read_form, request_limit

if TYPE_CHECKING:
    from .._backend.registry import Registry
    from .._backend.state import Token

_REAL_HOST = re.compile(
    r"^(?P<domain>[a-z][a-z0-9-]*)-(?P<owner>\d{12})\.(?:d\.codeartifact\.(?P<region>[a-z0-9-]+)\.amazonaws\.com"
    r"|codeartifact\.(?P<region2>[a-z0-9-]+)\.on\.aws)(?::\d+)?$"
)
_SERVER_PATH = re.compile(r"^/endpoints/(?P<region>[a-z0-9-]+)/(?P<domain>[a-z][a-z0-9-]*)-(?P<owner>\d{12})(?P<rest>/.*)?$")
_REPO_PATH = re.compile(r"^/(?P<format>[a-z]+)/(?P<repository>[A-Za-z0-9][A-Za-z0-9._-]*)(?:/(?P<path>.*))?$")
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]+/([^/]+)/")


def server_endpoint_url(base: str):  # type: ignore[no-untyped-def]
    """A GetRepositoryEndpoint URL builder pointing at a server at ``base``."""
    base = base.rstrip("/")

    def build(domain: str, owner: str, region: str, fmt: str, repository: str, endpoint_type: str = "ipv4") -> str:
        return f"{base}/endpoints/{region}/{domain}-{owner}/{fmt}/{repository}/"

    return build


class CodeArtifactApp:
    """WSGI application answering for ``mock`` (default: the active mock).
    ``public_url``: the base of the endpoint URLs in answers (default: the
    URL the request came to)."""

    def __init__(self, mock: AnsweringMock | None = None, public_url: str | None = None) -> None:
        self._mock = mock
        self.public_url = public_url.rstrip("/") if public_url else None

    def __repr__(self) -> str:
        return f"<CodeArtifactApp mock={self._mock!r}>"

    @property
    def mock(self) -> AnsweringMock:
        from .._active import active_mock

        mock = self._mock or active_mock()
        if mock is None:
            raise RuntimeError("no mock_codeartifact is active and the app was given none")
        return mock

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = WsgiRequest(environ)
        return self.respond(request)(environ, start_response)

    def respond(self, request: WsgiRequest) -> WsgiResponse:
        if request.path.startswith("/_mock/"):
            from ._control import respond as control

            return control(self, request)
        host = _REAL_HOST.match(request.host or "")
        if host:
            region = host.group("region") or host.group("region2")
            return self._endpoint(request, host.group("domain"), host.group("owner"), region, request.path,
                                  request.host_url.rstrip("/"))
        served = _SERVER_PATH.match(request.path)
        if served:
            prefix = f"{self.public_url or request.host_url.rstrip('/')}/endpoints/{served.group('region')}/{served.group('domain')}-{served.group('owner')}"
            return self._endpoint(request, served.group("domain"), served.group("owner"), served.group("region"),
                                  served.group("rest") or "/", prefix)
        return self._api(request)

    # -- the API ----------------------------------------------------------------------
    def _api(self, request: WsgiRequest) -> WsgiResponse:
        from .._dispatch import handle_http

        mock = self.mock
        signed = _CREDENTIAL.search(request.headers.get("Authorization", ""))
        access_key, region = (signed.group(1), signed.group(2)) if signed else (None, None)
        headers = {k.lower(): v for k, v in request.headers.items()}
        query = request.query_string.decode("latin-1")
        try:
            body = RequestBody(request, request_limit(mock.registry)).read_bytes()
        except RequestTooLarge as error:
            return _too_large({"message": str(error)})
        answer = handle_http(
            mock.registry, Request(request.method, request.path, query, headers, body),
            mock.account_for(access_key), region or mock.region, access_key, mock.principal_for(access_key),
        )
        answer.headers["x-amzn-RequestId"] = mock.registry.request_id()
        return _reply(answer.body, answer.status, answer.headers)

    # -- repository endpoints ---------------------------------------------------------
    def _endpoint(self, request: WsgiRequest, domain: str, owner: str, region: str, path: str, prefix: str) -> WsgiResponse:
        from .._endpoints import EndpointRequest, serve
        from .._formats import get_format
        from ._admission import EndpointAdmission

        mock = self.mock
        target = _REPO_PATH.match(path)
        if not target:
            return _message(404, "Not a repository endpoint path")
        registry = mock.registry
        token = _authorized_token(request, registry, domain, owner, region)
        if isinstance(token, WsgiResponse):
            return token
        try:
            plugin = get_format(target.group("format"))
        except KeyError:
            return _message(404, f"Unknown package format {target.group('format')!r}")
        backend = registry.backend(token.account_id, region)
        base_url = f"{prefix}/{target.group('format')}/{target.group('repository')}/"
        try:
            # As the principal that asked for the token, with the API's rules:
            # reads need ReadFromRepository on the repository; what a request
            # changes is checked on its package once known (see _admission.py).
            admission = EndpointAdmission(registry, token, target.group("repository"))
            if request.method in ("GET", "HEAD"):
                admission.read()
            view = backend.repository_view(
                domain, owner, target.group("repository"), plugin.name, base_url, admission
            )
            # Read once, within the request-size limit (see _bodies.py).
            limit = request_limit(registry)
            form: dict[str, str] = {}
            files: dict[str, tuple[str, bytes]] = {}
            source = None
            if request.mimetype in FORM_TYPES:
                form, files = read_form(request, limit)
            else:
                source = RequestBody(request, limit)
            endpoint_request = EndpointRequest(
                method=request.method,
                path=target.group("path") or "",  # werkzeug has decoded it already
                query=dict(request.args.items()),
                headers={k.lower(): v for k, v in request.headers.items()},
                form=form,
                files=files,
                source=source,
            )
            answer = serve(endpoint_request, view)
        except RequestTooLarge as error:
            return _too_large({"error": str(error)})
        except ServiceError as error:
            return _message(_model.error_status(error.code), error.message)
        if _not_modified(request, answer.status, answer.headers):
            return _reply(b"", 304, {k: v for k, v in answer.headers.items() if k.lower() == "etag"})
        return _reply(answer.body, answer.status, answer.headers)


def _reply(body: bytes | str, status: int, headers: dict[str, str]) -> WsgiResponse:
    """A response whose status line reads as clients print it
    (``401 Unauthorized``; werkzeug would send ``401 UNAUTHORIZED``)."""
    response = WsgiResponse(body, status, headers)
    try:
        response.status = f"{status} {HTTPStatus(status).phrase}"
    except ValueError:  # a code http.HTTPStatus does not name: werkzeug's line stays
        pass
    return response


def _not_modified(request: WsgiRequest, status: int, headers: dict[str, str]) -> bool:
    """A GET/HEAD whose ``If-None-Match`` names the answer's ``ETag``."""
    etag = headers.get("ETag")
    if status != 200 or etag is None or request.method not in ("GET", "HEAD"):
        return False
    wanted = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") == etag or tag.strip() == "*" for tag in wanted.split(",")) if wanted else False


def _too_large(body: dict[str, str]) -> WsgiResponse:
    """413 Content Too Large (the body of the API's or an endpoint's errors)."""
    import json

    return WsgiResponse(json.dumps(body), 413, {"Content-Type": "application/json"})


def _message(status: int, text: str, headers: dict[str, str] | None = None) -> WsgiResponse:
    import json

    return _reply(json.dumps({"error": text}), status, {"Content-Type": "application/json", **(headers or {})})


def _authorized_token(
    request: WsgiRequest, registry: Registry, domain: str, owner: str, region: str
) -> Token | WsgiResponse:
    """The request's token, or the refusal the service answers: 401 when it is
    missing, unknown or expired; 403 when it belongs to another domain."""
    from .._access.tokens import TokenRefusal, check_token

    checked = check_token(registry, _token_value(request.headers.get("Authorization", "")), domain, owner, region)
    if not isinstance(checked, TokenRefusal):
        return checked
    challenge = {"WWW-Authenticate": 'Basic realm="CodeArtifact"'} if checked.status == 401 else None
    return _message(checked.status, checked.message, challenge)


def _token_value(header: str) -> str | None:
    scheme, _, credentials = header.partition(" ")
    if scheme and not credentials:
        # Cargo's credential providers send the token alone, as AWS's Cargo
        # configuration (``cargo:token-from-stdout aws codeartifact ...``) has it.
        return scheme
    if scheme.lower() == "bearer":
        return credentials.strip() or None
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials.strip()).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return None
