"""What the server adds around the WSGI app: an access log line per request
and a note to the ``--state`` file after each request that changed state."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from .._protocol import model as _model

access_log = logging.getLogger("mock_codeartifact.access")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: Reads among the API operations; every other successful call changes state.
_READ_PREFIXES = ("List", "Describe", "Get")
_CHANGING_READS = frozenset({"GetAuthorizationToken"})  # it mints a token


def operation_name(method: str, path: str) -> str | None:
    """The API operation a request is for (None: not an API request)."""
    if not path.startswith("/v1/"):
        return None
    found = _model.routes().get((method.upper(), path.rstrip("/") or "/"))
    return found.name if found is not None else None


def changes_state(method: str, path: str, operation: str | None, status: int) -> bool:
    """Whether a completed request may have changed the state."""
    if status >= 400:  # every failure leaves the state as it was
        return False
    if path.startswith("/_mock/"):
        return method not in ("GET", "HEAD")
    if operation is not None:
        return operation in _CHANGING_READS or not operation.startswith(_READ_PREFIXES)
    # A repository endpoint: even a read may bring a package in through an
    # upstream or an external connection.
    return path.startswith("/endpoints/") or method not in ("GET", "HEAD")


class ServedApp:
    """``app`` with an access log line per request (logger
    ``mock_codeartifact.access``, level INFO: client, method, path, status,
    duration, API operation) and ``on_change()`` after state-changing ones."""

    def __init__(self, app: WsgiApp, on_change: Callable[[], None] | None = None) -> None:
        self.app = app
        self.on_change = on_change

    def __repr__(self) -> str:
        return f"<ServedApp {self.app!r}>"

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.perf_counter()
        statuses: list[str] = []

        def recording(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            statuses.append(status)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        try:
            return self.app(environ, recording)
        finally:
            # The app builds its whole answer before returning it.
            self._after(environ, int(statuses[-1].split(" ", 1)[0]) if statuses else 500, started)

    def _after(self, environ: dict[str, Any], status: int, started: float) -> None:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        operation = operation_name(method, path)
        if self.on_change is not None and changes_state(method, path, operation, status):
            self.on_change()
        if access_log.isEnabledFor(logging.INFO):
            query = environ.get("QUERY_STRING")
            access_log.info(
                '%s "%s %s%s" %d %.1fms %s', environ.get("REMOTE_ADDR", "-"), method, path,
                f"?{query}" if query else "", status, (time.perf_counter() - started) * 1000, operation or "-",
            )
