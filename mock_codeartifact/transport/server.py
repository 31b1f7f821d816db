"""The real HTTP server: the WSGI app on werkzeug's threaded server.

In a test::

    with mock_codeartifact() as mock, ThreadedServer(mock) as server:
        subprocess.run(["pip", "install", "--index-url", server.pypi_index_url(...), ...])

``mock-codeartifact server`` runs one from the command line. While a server
runs, GetRepositoryEndpoint answers with URLs that point at it.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from werkzeug.serving import WSGIRequestHandler, make_server

from .wsgi import CodeArtifactApp, server_endpoint_url

if TYPE_CHECKING:
    from ..mock import CodeArtifactMock


class _QuietHandler(WSGIRequestHandler):
    """No request log on stderr: a test run stays quiet. No ``Server:
    Werkzeug/...`` header either: the service does not name its software."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


class ThreadedServer:
    """Serve ``mock`` (default: a new one, started with the server) over HTTP
    on ``host``:``port`` (default: a free port on 127.0.0.1)."""

    def __init__(self, mock: CodeArtifactMock | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        from ..mock import CodeArtifactMock

        self._own_mock = mock is None
        self.mock = mock or CodeArtifactMock()
        self.host, self.port = host, port
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._previous_endpoint_url: Any = None

    @property
    def url(self) -> str:
        """Where the API is (``endpoint_url`` for boto3 and the AWS CLI)."""
        return f"http://{self.host}:{self.port}"

    def __repr__(self) -> str:
        state = "running" if self._thread else "stopped"
        return f"<ThreadedServer {state} {self.url}>"

    def start(self) -> ThreadedServer:
        if self._own_mock:
            self.mock.start()
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._server = make_server(
            self.host, self.port, CodeArtifactApp(self.mock), threaded=True, request_handler=_QuietHandler
        )
        self.port = self._server.server_port
        registry = self.mock.registry
        self._previous_endpoint_url = registry.endpoint_url
        registry.endpoint_url = server_endpoint_url(self.url)
        self._thread = threading.Thread(target=self._server.serve_forever, name="mock-codeartifact-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self.mock.registry.endpoint_url = self._previous_endpoint_url
        self._server = self._thread = None
        if self._own_mock:
            self.mock.stop()

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
        """The repository endpoint URL of ``repository`` on this server."""
        build = server_endpoint_url(self.url)
        return build(domain, owner or self.mock.account_id, region or self.mock.region, fmt, repository)

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
