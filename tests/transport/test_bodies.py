"""Request bodies: read once, within the request-size limit (413 beyond it),
multipart files kept in memory (never spooled to disk), and a large upload
held about once in the server, through every door (peak allocated memory,
never time)."""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import tarfile
import tempfile
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator

import pytest
import requests
from urllib3 import encode_multipart_formdata

from mock_codeartifact._transport._bodies import request_limit
from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.npm_packages import publish_document
from tests.endpoints.repositories import endpoint_url, token_auth
from tests.endpoints.test_nuget import nupkg
from tests.endpoints.wheels import build_wheel

MIB = 1024**2


def with_member(archive: bytes, name: str, size: int) -> bytes:
    """A zip (wheel, nupkg) with one more, stored member of ``size`` random bytes."""
    buffer = io.BytesIO(archive)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as opened:
        opened.writestr(name, os.urandom(size))
    return buffer.getvalue()


def big_npm_tarball(name: str, version: str, size: int) -> bytes:
    members = {"package/package.json": json.dumps({"name": name, "version": version}).encode(),
               "package/blob.bin": os.urandom(size)}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as archive:
        for path, data in members.items():
            info = tarfile.TarInfo(path)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def server(codeartifact_mock, codeartifact_client) -> Iterator[ThreadedServer]:
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="staging")
    with ThreadedServer(codeartifact_mock) as running:
        yield running


def publish_url(server: ThreadedServer, asset: str = "blob.bin", version: str = "1.0") -> str:
    return (f"{server.url}/v1/package/version/publish?domain=acme&repository=staging&format=generic"
            f"&namespace=bench&package=blob&version={version}&asset={asset}")


# -- the limit ----------------------------------------------------------------------------
def test_the_default_limit_is_the_asset_size_quota(codeartifact_mock):
    registry = codeartifact_mock.registry
    assert request_limit(registry) == registry.quotas["asset_size_bytes"] == 5 * 1024**3
    registry.quotas["asset_size_bytes"] = 10 * 1024**3  # raised as an account raises it
    assert request_limit(registry) == 10 * 1024**3
    registry.max_request_bytes = MIB
    assert request_limit(registry) == MIB


def test_an_oversized_maven_put_is_413_and_stores_nothing(server, codeartifact_client, codeartifact_mock):
    codeartifact_mock.registry.max_request_bytes = 64 * 1024
    base = server.endpoint("acme", "staging", "maven")
    auth = token_auth(codeartifact_client)
    refused = requests.put(f"{base}org/example/lib/1.0/lib-1.0.jar", data=os.urandom(MIB), auth=auth)
    assert refused.status_code == 413
    assert "larger than the limit of 65536 bytes" in refused.json()["error"]
    assert requests.put(f"{base}org/example/lib/1.0/lib-1.0.jar", data=b"small", auth=auth).status_code == 200
    assert len(codeartifact_client.list_packages(domain="acme", repository="staging")["packages"]) == 1


def test_an_oversized_chunked_body_is_413(server, codeartifact_client, codeartifact_mock):
    codeartifact_mock.registry.max_request_bytes = 64 * 1024
    base = server.endpoint("acme", "staging", "maven")
    chunks = (os.urandom(16 * 1024) for _ in range(16))  # no Content-Length: sent chunked
    refused = requests.put(f"{base}org/example/lib/1.0/lib-1.0.jar", data=chunks, auth=token_auth(codeartifact_client))
    assert refused.status_code == 413
    assert codeartifact_client.list_packages(domain="acme", repository="staging")["packages"] == []


def test_an_oversized_api_request_is_413(server, codeartifact_client, codeartifact_mock):
    codeartifact_mock.registry.max_request_bytes = 64 * 1024
    data = os.urandom(MIB)
    refused = requests.post(publish_url(server), data=data,
                            headers={"x-amz-content-sha256": hashlib.sha256(data).hexdigest()})
    assert refused.status_code == 413
    assert "larger than the limit" in refused.json()["message"]


def test_an_oversized_twine_upload_is_413_in_process_too(codeartifact_client, codeartifact_mock):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="staging")
    codeartifact_mock.registry.max_request_bytes = 64 * 1024
    url = endpoint_url(codeartifact_client, "staging", "pypi")
    name, data = build_wheel("big", "1.0")
    fields = {":action": "file_upload", "name": "big", "version": "1.0"}
    big = with_member(data, "big/blob.bin", MIB)
    refused = requests.post(url, data=fields, files={"content": (name, big)}, auth=token_auth(codeartifact_client))
    assert refused.status_code == 413


def test_multipart_files_are_not_spooled_to_disk(server, codeartifact_client, monkeypatch):
    import werkzeug.formparser

    def no_disk(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload was spooled to disk")

    for module in (tempfile, werkzeug.formparser):
        monkeypatch.setattr(module, "SpooledTemporaryFile", no_disk)
    monkeypatch.setattr(tempfile, "TemporaryFile", no_disk)
    name, data = build_wheel("acme-tool", "1.0")
    wheel = with_member(data, "acme_tool/blob.bin", 2 * MIB)  # werkzeug would spool past 500 KiB
    fields = {":action": "file_upload", "name": "acme-tool", "version": "1.0"}
    answer = requests.post(server.endpoint("acme", "staging", "pypi"), data=fields,
                           files={"content": (name, wheel)}, auth=token_auth(codeartifact_client))
    assert answer.status_code == 200, answer.text


# -- about once in memory, through every door --------------------------------------------
SIZE = 48 * MIB
#: Peak memory during the request, as a multiple of the asset (keeping the
#: asset is 1.0 by itself; an npm publish body is 4/3 of it). The server
#: process's resident peak is what benchmarks/bench_upload_memory.py prints.
PEAK = 1.5


def peak_during(send: Callable[[], requests.Response]) -> tuple[requests.Response, int]:
    """The answer, and the peak of the memory Python allocated while it was
    served (the server runs in this process, on another thread; the client
    sends a body built beforehand, without copying it). Traced allocations,
    not resident memory: in a long test session the process's resident size
    moves with whatever earlier tests left to the allocator."""
    gc.collect()
    tracemalloc.start()
    try:
        answer = send()
        return answer, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_generic_publish_over_http(server):
    small = b"warm-up"  # the first publish compiles the model's patterns: not the upload's cost
    requests.post(publish_url(server, "small.bin", "0.1"), data=small,
                  headers={"x-amz-content-sha256": hashlib.sha256(small).hexdigest()}).raise_for_status()
    data = os.urandom(SIZE)
    headers = {"x-amz-content-sha256": hashlib.sha256(data).hexdigest()}
    answer, peak = peak_during(lambda: requests.post(publish_url(server), data=data, headers=headers))
    assert answer.status_code == 200, answer.text
    assert peak <= PEAK * SIZE


def test_maven_put(server, codeartifact_client):
    data, auth = os.urandom(SIZE), token_auth(codeartifact_client)
    target = server.endpoint("acme", "staging", "maven") + "org/example/lib/1.0/lib-1.0.jar"
    answer, peak = peak_during(lambda: requests.put(target, data=data, auth=auth))
    assert answer.status_code == 200
    assert peak <= PEAK * SIZE


def test_twine_multipart_upload(server, codeartifact_client):
    name, wheel = build_wheel("acme-tool", "1.0")
    wheel = with_member(wheel, "acme_tool/blob.bin", SIZE)
    body, content_type = encode_multipart_formdata(
        {":action": "file_upload", "name": "acme-tool", "version": "1.0", "content": (name, wheel)})
    auth = token_auth(codeartifact_client)
    answer, peak = peak_during(lambda: requests.post(
        server.endpoint("acme", "staging", "pypi"), data=body, headers={"Content-Type": content_type}, auth=auth))
    assert answer.status_code == 200, answer.text
    assert peak <= PEAK * len(wheel)


def test_npm_publish(server, codeartifact_client):
    auth = token_auth(codeartifact_client)
    # A small publish first: modules loaded on first use are not the upload's.
    small = big_npm_tarball("small", "1.0.0", 1024)
    warm = requests.put(server.endpoint("acme", "staging", "npm") + "small", auth=auth,
                        data=json.dumps(publish_document("small", "1.0.0", small)).encode(),
                        headers={"Content-Type": "application/json"})
    assert warm.status_code == 200, warm.text
    tarball = big_npm_tarball("big", "1.0.0", SIZE)
    body = json.dumps(publish_document("big", "1.0.0", tarball)).encode()
    answer, peak = peak_during(lambda: requests.put(
        server.endpoint("acme", "staging", "npm") + "big", data=body,
        headers={"Content-Type": "application/json"}, auth=auth))
    assert answer.status_code == 200, answer.text
    # The body is 4/3 of the tarball, decoded in place into the same buffer.
    assert peak <= PEAK * len(tarball)


def test_nuget_push(server, codeartifact_client):
    package = with_member(nupkg("Big.Package", "1.0.0"), "lib/blob.bin", SIZE)
    body, content_type = encode_multipart_formdata({"package": ("package.nupkg", package)})
    auth = token_auth(codeartifact_client)
    answer, peak = peak_during(lambda: requests.put(
        server.endpoint("acme", "staging", "nuget") + "api/v2/package", data=body,
        headers={"Content-Type": content_type}, auth=auth))
    assert answer.status_code == 201, answer.text
    assert peak <= PEAK * len(package)
