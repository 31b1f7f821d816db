"""The HTTP servers drop a client that stalls (Limits.client_timeout_seconds)
instead of holding a thread for it, quietly, and keep serving."""

from __future__ import annotations

import socket
import time
from typing import Any

import boto3
import pytest

from mock_codeartifact import ThreadedServer, limits_changed, mock_codeartifact
from mock_codeartifact._transport.server import serve_with_waitress

#: A request that declares a body and sends one byte of it.
STALLED_BODY = (b"POST /v1/domain?domain=acme HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n"
                b"Content-Type: application/json\r\n\r\n{")


def _seconds_until_closed(url: str, send: bytes) -> float:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as client:
        client.sendall(send)
        started = time.monotonic()
        while client.recv(4096):  # until the server closes the connection
            pass
        return time.monotonic() - started


@pytest.mark.parametrize("send", [STALLED_BODY, b"", b"GET /_mock/health HTTP/1.1\r\nHost: local"],
                         ids=["stalled body", "idle connection", "stalled headers"])
def test_threaded_server_drops_a_client_that_stalls(send: bytes, capfd: pytest.CaptureFixture[str]) -> None:
    with limits_changed(client_timeout_seconds=1.0), mock_codeartifact() as mock, ThreadedServer(mock) as server:
        assert 0.9 < _seconds_until_closed(server.url, send) < 20
        client = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url)
        assert client.list_domains()["domains"] == []  # still serving
    assert capfd.readouterr().err == ""  # no traceback, no "Request timed out" line


def test_waitress_closes_idle_channels_after_the_same_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("waitress", reason="waitress (the server extra) is not installed")
    import waitress.server

    asked: dict[str, Any] = {}

    class Stopped:
        effective_port = 1

        def run(self) -> None:
            pass

        def close(self) -> None:
            pass

    def create_server(app: Any, **options: Any) -> Stopped:
        asked.update(options)
        return Stopped()

    monkeypatch.setattr(waitress.server, "create_server", create_server)
    with limits_changed(client_timeout_seconds=5.0), mock_codeartifact() as mock:
        serve_with_waitress(mock, "127.0.0.1", 0, 2)
    assert asked["channel_timeout"] == 5.0 and asked["cleanup_interval"] == 5.0
