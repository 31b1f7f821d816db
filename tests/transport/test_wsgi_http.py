"""HTTP details of the repository endpoints, as clients see them on the wire:
a PUT body is the body whatever its Content-Type, status lines read as
clients print them, no ``Server: Werkzeug`` header, and downloads carry an
``ETag`` that ``If-None-Match`` turns into a 304."""

from __future__ import annotations

import hashlib
import http.client
from urllib.parse import urlsplit

import pytest
import requests

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.npm_packages import npm_tarball
from tests.endpoints.repositories import endpoint_url, token_auth
from tests.endpoints.wheels import build_wheel


@pytest.fixture
def acme(codeartifact_client):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="repo")
    return codeartifact_client


def test_a_form_urlencoded_put_keeps_its_body(acme):
    """``curl --data-binary @file`` (the user guide's curl examples) sends
    ``application/x-www-form-urlencoded``: the file must arrive intact."""
    base = endpoint_url(acme, "repo", "maven")
    auth = token_auth(acme)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    jar = b"PK\x03\x04 a=b&c=d binary jar \x00\xff"
    url = f"{base}org/example/lib/1.0/lib-1.0.jar"
    assert requests.put(url, data=jar, auth=auth, headers=form).status_code == 200
    pom = b"<project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId>" \
          b"<artifactId>lib</artifactId><version>1.0</version></project>"
    assert requests.put(f"{base}org/example/lib/1.0/lib-1.0.pom", data=pom, auth=auth, headers=form).status_code == 200
    metadata = (b"<metadata><groupId>org.example</groupId><artifactId>lib</artifactId>"
                b"<versioning><versions><version>1.0</version></versions></versioning></metadata>")
    assert requests.put(f"{base}org/example/lib/maven-metadata.xml", data=metadata, auth=auth,
                        headers=form).status_code == 200
    assert requests.get(url, auth=auth).content == jar
    asset = acme.get_package_version_asset(domain="acme", repository="repo", format="maven", namespace="org.example",
                                           package="lib", packageVersion="1.0", asset="lib-1.0.jar")
    assert asset["asset"].read() == jar


def test_status_lines_headers_and_conditional_downloads(acme, codeartifact_mock):
    with ThreadedServer(codeartifact_mock) as server:
        base = server.endpoint("acme", "repo", "maven")
        auth = token_auth(acme)
        jar = b"PK jar bytes"
        url = f"{base}org/example/lib/1.0/lib-1.0.jar"
        assert requests.put(url, data=jar, auth=auth).status_code == 200
        metadata = (b"<metadata><groupId>org.example</groupId><artifactId>lib</artifactId>"
                    b"<versioning><versions><version>1.0</version></versions></versioning></metadata>")
        assert requests.put(f"{base}org/example/lib/maven-metadata.xml", data=metadata, auth=auth).status_code == 200

        where = urlsplit(base)
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        try:
            connection.request("GET", f"{where.path}org/example/lib/1.0/lib-1.0.jar")
            refused = connection.getresponse()
            refused.read()
            assert (refused.status, refused.reason) == (401, "Unauthorized")
            assert refused.getheader("Server") is None

            basic = requests.auth._basic_auth_str(*auth)
            connection.request("GET", f"{where.path}org/example/lib/1.0/lib-1.0.jar", headers={"Authorization": basic})
            download = connection.getresponse()
            assert download.read() == jar and (download.status, download.reason) == (200, "OK")
            assert download.getheader("Server") is None
            etag = download.getheader("ETag")
            assert etag == f'"{hashlib.sha256(jar).hexdigest()}"'

            connection.request("GET", f"{where.path}org/example/lib/1.0/lib-1.0.jar",
                               headers={"Authorization": basic, "If-None-Match": etag})
            cached = connection.getresponse()
            assert cached.read() == b"" and (cached.status, cached.reason) == (304, "Not Modified")
            assert cached.getheader("ETag") == etag

            connection.request("GET", f"{where.path}org/example/lib/1.0/lib-1.0.jar",
                               headers={"Authorization": basic, "If-None-Match": '"something-else"'})
            changed = connection.getresponse()
            assert changed.read() == jar and changed.status == 200

            connection.request("GET", f"{where.path}org/example/lib/9.9/lib-9.9.jar", headers={"Authorization": basic})
            missing = connection.getresponse()
            missing.read()
            assert (missing.status, missing.reason) == (404, "Not Found")
        finally:
            connection.close()
        api = requests.get(f"{server.url}/v1/domains", timeout=10)  # unsigned API call
        assert "werkzeug" not in api.headers.get("Server", "").lower()
        assert api.reason == {400: "Bad Request", 403: "Forbidden", 404: "Not Found"}.get(api.status_code, api.reason)


@pytest.mark.parametrize("fmt,path", [
    ("npm", "hello/-/hello-1.0.0.tgz"),
    ("pypi", "simple/hello/1.0.0/hello-1.0.0-py3-none-any.whl"),
])
def test_every_format_s_downloads_carry_an_etag(acme, codeartifact_backend, fmt, path):
    files = {"npm": lambda: {"package.tgz": npm_tarball("hello", "1.0.0")},
             "pypi": lambda: dict([build_wheel("hello", "1.0.0")])}[fmt]()
    codeartifact_backend.publish_package(domain="acme", repository="repo", format=fmt, files=files)
    base = endpoint_url(acme, "repo", fmt)
    auth = token_auth(acme)
    download = requests.get(base + path, auth=auth)
    data = next(iter(files.values()))
    assert download.status_code == 200 and download.headers["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    again = requests.get(base + path, auth=auth, headers={"If-None-Match": download.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
