"""The ``requests`` door: while a mock is active, ``requests`` traffic to a
repository endpoint URL in its real AWS form
(``https://{domain}-{owner}.d.codeartifact.{region}.amazonaws.com/...``) is
answered in-process by the WSGI app.

The door is :meth:`requests.Session.get_adapter`: for an endpoint URL it
hands ``requests`` an adapter that answers in-process, for every other URL
the adapter ``requests`` would have used. So everything of ``requests``
itself (hooks, redirects, streaming) runs, nothing else is caught, and
``requests.adapters.HTTPAdapter.send`` (what the ``responses`` library and
moto patch) is never touched: a user's own ``responses`` mock keeps working in
any nesting order, and the URLs it does not know get its own answer (a
``ConnectionError``), not the network.

The mock never imports ``requests`` itself: when the first mock starts
before ``requests.sessions`` is imported, a finder on ``sys.meta_path``
(:class:`~._patch.AfterImport`) opens the door right after that import; the
last stop takes the finder off again.
"""

from __future__ import annotations

import functools
import importlib
import io
import re
import sys
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import urlsplit

from ._patch import AfterImport, MethodPatch


@functools.lru_cache(maxsize=1)
def endpoint_url() -> re.Pattern[str]:
    """A repository endpoint URL in its real forms (compiled when the door
    first opens on an imported ``requests``, not at import)."""
    return re.compile(
        r"^https://[a-z][a-z0-9-]*-\d{12}\.(?:d\.codeartifact\.[a-z0-9-]+\.amazonaws\.com|codeartifact\.[a-z0-9-]+\.on\.aws)(?::443)?/",
        re.IGNORECASE,
    )


def request_body(body: Any) -> bytes:
    """The bytes of a prepared request's body, whatever ``requests`` holds:
    bytes, text, ``bytearray``, a file object or a generator (chunked upload)."""
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if isinstance(body, Iterable):
        return b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk) for chunk in body)
    raise TypeError(f"cannot send a request body of type {type(body).__name__}")


def answer(method: str, url: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
    """The WSGI app's answer to one endpoint request (status, headers, body)."""
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request as WsgiRequest

    from .wsgi import CodeArtifactApp

    parts = urlsplit(url)
    # The body is whole now: a chunked upload's framing header no longer applies.
    headers = {k: v for k, v in headers.items() if k.lower() not in ("transfer-encoding", "content-length")}
    environ = EnvironBuilder(
        method=method, base_url=f"{parts.scheme}://{parts.netloc}", path=parts.path, query_string=parts.query,
        headers=list(headers.items()), data=body,
    ).get_environ()
    try:
        response = CodeArtifactApp().respond(WsgiRequest(environ))
    except Exception as exc:  # a bug of the mock: loud, named, chained (as on the botocore door)
        from ..errors import MockInternalError

        raise MockInternalError(f"{method} {parts.path}", exc) from exc
    answered = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    # A HEAD answer has no body (werkzeug keeps one for the Content-Length).
    data = b"" if method == "HEAD" else response.get_data()
    return response.status_code, answered, data


def _in_process_adapter_class() -> type:
    from requests.adapters import BaseAdapter
    from requests.models import Response
    from requests.structures import CaseInsensitiveDict
    from requests.utils import get_encoding_from_headers

    class InProcessAdapter(BaseAdapter):
        """A ``requests`` transport adapter answering through the WSGI app."""

        def send(self, request: Any, stream: bool = False, *args: Any, **kwargs: Any) -> Any:
            status, headers, body = answer(
                request.method or "GET", request.url or "", dict(request.headers), request_body(request.body)
            )
            response = Response()
            response.status_code = status
            response.headers = CaseInsensitiveDict({**headers, "Content-Length": str(len(body))})
            response.encoding = get_encoding_from_headers(response.headers)
            response.raw = io.BytesIO(body)
            response.reason = _reason(status)
            response.url = request.url
            response.request = request
            response.connection = self  # type: ignore[assignment]  # any adapter does
            return response

        def close(self) -> None:
            pass

    return InProcessAdapter


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


# -- applying and removing the door ------------------------------------------------------
_adapter: Any = None


def _wrap_get_adapter(original: Callable[..., Any]) -> Callable[..., Any]:
    global _adapter
    if _adapter is None:
        _adapter = _in_process_adapter_class()()
    adapter = _adapter
    is_endpoint = endpoint_url().match
    from .._active import active_mock

    def get_adapter(self: Any, url: str) -> Any:
        if active_mock() is not None and is_endpoint(url):
            return adapter
        return original(self, url)

    return get_adapter


_SESSIONS = "requests.sessions"


def _session_class() -> type | None:
    """``requests.Session``, or None while ``requests`` is not imported (or
    still being imported): the door is then opened by :data:`_on_import`."""
    return cast("type | None", getattr(sys.modules.get(_SESSIONS), "Session", None))


_patch = MethodPatch(_session_class, "get_adapter", _wrap_get_adapter)
_lock = threading.Lock()
#: Whether a mock is active (between :func:`start` and :func:`stop`).
_open = False


def _apply_if_open(_: object = None) -> None:
    with _lock:
        if _open:
            _patch.apply()


#: Opens the door the moment ``requests.sessions`` is imported while a mock
#: is active, so ``requests`` is never imported on a user's behalf.
_on_import = AfterImport(_SESSIONS, _apply_if_open)


def start() -> None:
    """Open the door (the first mock of the stack starts): now if ``requests``
    is imported, else as soon as it is."""
    global _open
    with _lock:
        _open = True
        if _session_class() is not None:
            _patch.apply()
            return
        _on_import.install()
        # ``requests`` enters sys.modules before it looks up ``requests.sessions``:
        # a thread that did so before the hook was installed would not meet it
        importing = "requests" in sys.modules
    if importing:  # under way in another thread: wait for it, then open
        importlib.import_module(_SESSIONS)
        _apply_if_open()


def stop() -> None:
    """Close the door (the last mock of the stack stopped)."""
    global _open
    with _lock:
        _open = False
        _on_import.remove()
        _patch.remove()


def applied() -> bool:
    """Whether the door is in place (for tests and diagnostics)."""
    return _patch.applied


def import_hook_installed() -> bool:
    """Whether the hook that opens the door when ``requests`` is imported is
    on ``sys.meta_path`` (for tests and diagnostics)."""
    return _on_import.installed
