"""The ``responses`` door: while a mock is active, ``requests`` traffic to a
repository endpoint URL in its real AWS form is answered in-process by the
WSGI app; every other URL passes through untouched."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

ENDPOINT_URL = re.compile(
    r"^https://[a-z][a-z0-9-]*-\d{12}\.(?:d\.codeartifact\.[a-z0-9-]+\.amazonaws\.com|codeartifact\.[a-z0-9-]+\.on\.aws)/"
)
_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")


def _answer(request: Any) -> tuple[int, dict[str, str], bytes]:
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request as WsgiRequest

    from .wsgi import CodeArtifactApp

    body = request.body
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode("utf-8")
    url = urlsplit(request.url)
    environ = EnvironBuilder(
        method=request.method, base_url=f"{url.scheme}://{url.netloc}", path=url.path, query_string=url.query,
        headers=dict(request.headers), data=body or b"",
    ).get_environ()
    response = CodeArtifactApp().respond(WsgiRequest(environ))
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    # A HEAD answer has no body (werkzeug keeps one for the Content-Length).
    return response.status_code, headers, b"" if request.method == "HEAD" else response.get_data()


class ResponsesRouter:
    """One ``responses.RequestsMock`` reused across mock starts."""

    def __init__(self) -> None:
        import responses

        self._mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        for method in _METHODS:
            self._mock.add_callback(method, ENDPOINT_URL, callback=_answer)
        self._mock.add_passthru(re.compile(".*"))
        self.active = False

    def start(self) -> None:
        if not self.active:
            self._mock.start()
            self.active = True

    def stop(self) -> None:
        if self.active:
            self._mock.stop(allow_assert=False)
            self.active = False
