"""The real HTTP server: the WSGI app on werkzeug's threaded server.

In a test::

    with mock_codeartifact() as mock, ThreadedServer(mock) as server:
        subprocess.run(["pip", "install", "--index-url", server.pypi_index_url(...), ...])

``mock-codeartifact server`` runs one from the command line (on waitress
when installed, see :func:`serve_with_waitress`). While a server runs,
GetRepositoryEndpoint answers with URLs that point at it (or at
``public_url``, the address clients reach it by through a proxy or Docker
networking).
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from .._active import AnsweringMock, make_mock
from ..limits import get_limits
from ._served_app import ServedApp
from .wsgi import CodeArtifactApp, server_endpoint_url



class _QuietHandler(WSGIRequestHandler):
    """No request log on stderr: a test run stays quiet. No ``Server:
    Werkzeug/...`` header either: the service does not name its software.
    A client that stalls is dropped after ``Limits.client_timeout_seconds``."""

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(get_limits().client_timeout_seconds)

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass

    def log_error(self, format: str, *args: Any) -> None:
        """"Request timed out" and the like: the connection is closed, quietly."""

    def connection_dropped(self, error: BaseException, environ: Any = None) -> None:
        # a stalled body: werkzeug gives up on the request; do not wait for another on this socket
        self.close_connection = True

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


class ThreadedServer:
    """Serve ``mock`` (default: a new one, started with the server) over HTTP
    on ``host``:``port`` (default: a free port on 127.0.0.1), werkzeug's
    threaded server in a background thread.

    ``public_url`` (default: :attr:`url`) is the base of the URLs handed out
    (GetRepositoryEndpoint, npm tarball URLs, the NuGet service index...).
    ``on_change`` is called after each request that changed state."""

    def __init__(
        self, mock: AnsweringMock | None = None, host: str = "127.0.0.1", port: int = 0, *,
        public_url: str | None = None, on_change: Callable[[], None] | None = None,
    ) -> None:
        self._own_mock = mock is None
        self.mock = mock or make_mock()
        self.host, self.port = host, port
        self.public_url = public_url.rstrip("/") if public_url else None
        self.on_change = on_change
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._previous_endpoint_url: Any = None

    @property
    def url(self) -> str:
        """Where the API is (``endpoint_url`` for boto3 and the AWS CLI)."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The base of the URLs the server hands out: ``public_url`` or :attr:`url`."""
        return self.public_url or self.url

    def __repr__(self) -> str:
        state = "running" if self._thread else "stopped"
        return f"<ThreadedServer {state} {self.url}>"

    def start(self) -> ThreadedServer:
        if self._own_mock:
            self.mock.start()
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        app = ServedApp(CodeArtifactApp(self.mock, public_url=self.public_url), self.on_change)
        self._server = make_server(self.host, self.port, app, threaded=True, request_handler=_QuietHandler)
        self.port = self._server.server_port
        registry = self.mock.registry
        self._previous_endpoint_url = registry.endpoint_url
        registry.endpoint_url = server_endpoint_url(self.base_url)
        self._thread = threading.Thread(target=self._server.serve_forever, name="mock-codeartifact-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._shutdown_now()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self.mock.registry.endpoint_url = self._previous_endpoint_url
        self._server = self._thread = None
        if self._own_mock:
            self.mock.stop()

    def _shutdown_now(self) -> None:
        """Stop the serving loop without waiting out its poll interval
        (0.5 s): while ``shutdown()`` waits, connect to the server, which
        wakes the loop so it sees the request at once."""
        stopping = threading.Thread(target=self._server.shutdown, name="mock-codeartifact-server-stop")
        stopping.start()
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else "::1" if self.host == "::" else self.host
        while stopping.is_alive():
            try:
                socket.create_connection((host, self.port), timeout=1).close()
            except OSError:
                pass  # the loop has stopped listening: it is ending
            stopping.join(0.01)

    def serve_forever(self) -> None:
        """Run in the foreground until interrupted (the CLI's ``server``)."""
        if self._server is None:
            self.start()
        try:
            assert self._thread is not None
            while self._thread.is_alive():
                self._thread.join(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def endpoint(self, domain: str, repository: str, fmt: str, owner: str | None = None, region: str | None = None) -> str:
        """The repository endpoint URL of ``repository`` on this server (under
        ``public_url`` when given, as GetRepositoryEndpoint answers)."""
        build = server_endpoint_url(self.base_url)
        return str(build(domain, owner or self.mock.account_id, region or self.mock.region, fmt, repository))

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def serve_with_waitress(
    mock: AnsweringMock, host: str, port: int, threads: int, *, public_url: str | None = None,
    on_change: Callable[[], None] | None = None, on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``mock`` on waitress (the ``server`` extra) with ``threads``
    worker threads, in the calling thread, until KeyboardInterrupt or
    SystemExit (what the CLI's SIGTERM and SIGINT handlers raise).
    ``on_ready(url)`` runs once the socket listens."""
    from waitress.server import create_server

    app = ServedApp(CodeArtifactApp(mock, public_url=public_url), on_change)
    timeout = get_limits().client_timeout_seconds
    # waitress closes idle channels on its maintenance pass, every cleanup_interval
    server: Any = create_server(app, host=host, port=port, threads=threads, ident="mock_codeartifact",
                                channel_timeout=timeout, cleanup_interval=min(30.0, timeout))
    url = f"http://{host}:{server.effective_port}"
    registry = mock.registry
    previous, registry.endpoint_url = registry.endpoint_url, server_endpoint_url(public_url or url)
    try:
        if on_ready is not None:
            on_ready(url)
        server.run()  # returns on KeyboardInterrupt/SystemExit, once the worker threads finish
    finally:
        server.close()
        registry.endpoint_url = previous
