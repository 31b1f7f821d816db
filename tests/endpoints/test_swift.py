"""Swift through the repository endpoint, driven as SE-0292 writes the
requests (there is no Swift toolchain here): publish, list releases,
release metadata, Package.swift, source archive, identifier lookup; in-process
(``requests`` through ``responses``) and over HTTP."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile

import boto3
import pytest
import requests

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.repositories import endpoint_url, make_acme, token_session

JSON = "application/vnd.swift.registry.v1+json"
ZIP = "application/vnd.swift.registry.v1+zip"
SWIFT = "application/vnd.swift.registry.v1+swift"
MANIFEST = '// swift-tools-version:5.7\nimport PackageDescription\n\nlet package = Package(name: "LinkedList")\n'
MANIFEST_54 = '// swift-tools-version:5.4\nimport PackageDescription\n\nlet package = Package(name: "LinkedList")\n'


def source_archive(name: str = "LinkedList", *, extra_manifest: bool = True) -> bytes:
    """What ``swift package archive-source`` makes: everything under ``{name}/``."""
    buffer = io.BytesIO()
    members = {f"{name}/Package.swift": MANIFEST, f"{name}/README.md": f"# {name}\n\nOne list, linked.\n",
               f"{name}/Sources/{name}/{name}.swift": "public struct LinkedList {}\n"}
    if extra_manifest:
        members[f"{name}/Package@swift-5.4.swift"] = MANIFEST_54
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in members.items():  # a fixed date: the same bytes every time
            archive.writestr(zipfile.ZipInfo(path, date_time=(2024, 5, 1, 0, 0, 0)), text)
    return buffer.getvalue()


METADATA = {
    "description": "One list, linked",
    "licenseURL": "https://example.invalid/mona/LinkedList/LICENSE",
    "repositoryURLs": ["https://github.com/mona/LinkedList", "git@github.com:mona/LinkedList.git"],
    "author": {"name": "Mona", "url": "https://example.invalid/mona"},
}


@pytest.fixture
def acme(codeartifact_client):
    return make_acme(codeartifact_client)


def _session(client) -> requests.Session:
    return token_session(client)


def _url(client, repository: str) -> str:
    return endpoint_url(client, repository, "swift")


def _publish(http: requests.Session, url: str, release: str, archive: bytes,
             metadata: dict | None = None) -> requests.Response:
    """SE-0292 4.6: PUT /{scope}/{name}/{version}, multipart/form-data."""
    files = {"source-archive": ("LinkedList.zip", archive, "application/zip")}
    if metadata is not None:
        files["metadata"] = ("metadata.json", json.dumps(metadata).encode(), "application/json")
    return http.put(url + release, files=files, headers={"Accept": JSON})


def test_publish_then_every_registry_and_api_view(acme):
    http = _session(acme)
    url = _url(acme, "staging")
    archive = source_archive()
    published = _publish(http, url, "Mona/LinkedList/1.1.1", archive, METADATA)
    assert published.status_code == 201, published.text
    assert published.headers["Content-Version"] == "1"
    assert published.headers["Location"] == url + "mona/linkedlist/1.1.1"
    assert _publish(http, url, "mona/linkedlist/1.0.0", source_archive(extra_manifest=False)).status_code == 201

    releases = http.get(url + "mona/LinkedList", headers={"Accept": JSON})
    assert releases.status_code == 200 and releases.headers["Content-Version"] == "1"
    assert releases.json() == {"releases": {"1.1.1": {"url": url + "mona/linkedlist/1.1.1"},
                                            "1.0.0": {"url": url + "mona/linkedlist/1.0.0"}}}
    assert releases.headers["Link"] == f'<{url}mona/linkedlist/1.1.1>; rel="latest-version"'
    assert http.get(url + "mona/LinkedList.json", headers={"Accept": JSON}).json() == releases.json()

    release = http.get(url + "mona/LinkedList/1.1.1", headers={"Accept": JSON})
    assert release.status_code == 200
    body = release.json()
    assert body["id"] == "mona.LinkedList" and body["version"] == "1.1.1"
    assert body["resources"] == [{"name": "source-archive", "type": "application/zip",
                                  "checksum": hashlib.sha256(archive).hexdigest()}]
    assert body["metadata"] == {"description": "One list, linked",
                                "repositoryURLs": ["https://github.com/mona/LinkedList"],
                                "licenseURL": "https://example.invalid/mona/LinkedList/LICENSE"}
    assert body["publishedAt"].endswith("Z")
    assert f'<{url}mona/linkedlist/1.0.0>; rel="predecessor-version"' in release.headers["Link"]

    manifest = http.get(url + "mona/LinkedList/1.1.1/Package.swift", headers={"Accept": SWIFT})
    assert manifest.status_code == 200 and manifest.text == MANIFEST
    assert manifest.headers["Content-Type"] == "text/x-swift"
    assert manifest.headers["Content-Disposition"] == 'attachment; filename="Package.swift"'
    assert manifest.headers["Link"] == (f'<{url}mona/linkedlist/1.1.1/Package.swift?swift-version=5.4>; '
                                        'rel="alternate"; filename="Package@swift-5.4.swift"; '
                                        'swift-tools-version="5.4"')
    specific = http.get(url + "mona/LinkedList/1.1.1/Package.swift", params={"swift-version": "5.4"},
                        headers={"Accept": SWIFT})
    assert specific.text == MANIFEST_54
    missing = http.get(url + "mona/LinkedList/1.1.1/Package.swift", params={"swift-version": "4"},
                       headers={"Accept": SWIFT}, allow_redirects=False)
    assert missing.status_code == 303 and missing.headers["Location"] == url + "mona/linkedlist/1.1.1/Package.swift"

    download = http.get(url + "mona/LinkedList/1.1.1.zip", headers={"Accept": ZIP})
    assert download.status_code == 200 and download.content == archive
    assert download.headers["Content-Type"] == "application/zip"
    assert download.headers["Content-Disposition"] == 'attachment; filename="linkedlist-1.1.1.zip"'
    assert download.headers["Digest"] == "sha-256=" + base64.b64encode(hashlib.sha256(archive).digest()).decode()

    found = http.get(url + "identifiers", params={"url": "https://github.com/mona/LinkedList.git"},
                     headers={"Accept": JSON})
    assert found.status_code == 200 and found.json() == {"identifiers": ["mona.LinkedList"]}
    assert http.get(url + "identifiers", params={"url": "git@github.com:mona/LinkedList.git"},
                    headers={"Accept": JSON}).json() == {"identifiers": ["mona.LinkedList"]}
    assert http.get(url + "identifiers", params={"url": "https://github.com/other/x"},
                    headers={"Accept": JSON}).status_code == 404

    version = acme.describe_package_version(domain="acme", repository="staging", format="swift", namespace="mona",
                                            package="linkedlist", packageVersion="1.1.1")["packageVersion"]
    assert version["displayName"] == "LinkedList" and version["summary"] == "One list, linked"
    assert version["sourceCodeRepository"] == "https://github.com/mona/LinkedList"
    assert version["homePage"] == "https://example.invalid/mona"
    assert version["origin"] == {"domainEntryPoint": {"repositoryName": "staging"}, "originType": "INTERNAL"}
    readme = acme.get_package_version_readme(domain="acme", repository="staging", format="swift", namespace="mona",
                                             package="linkedlist", packageVersion="1.1.1")
    assert readme["readme"] == "# LinkedList\n\nOne list, linked.\n"
    (asset,) = acme.list_package_version_assets(domain="acme", repository="staging", format="swift",
                                                namespace="mona", package="linkedlist",
                                                packageVersion="1.1.1")["assets"]
    assert asset["name"] == "linkedlist-1.1.1.zip" and asset["hashes"]["SHA-256"] == hashlib.sha256(archive).hexdigest()


def test_releases_through_an_upstream_are_retained_on_download(acme):
    http = _session(acme)
    assert _publish(http, _url(acme, "staging"), "mona/LinkedList/1.1.1", source_archive()).status_code == 201
    url = _url(acme, "release")
    assert list(http.get(url + "mona/LinkedList", headers={"Accept": JSON}).json()["releases"]) == ["1.1.1"]
    assert acme.list_packages(domain="acme", repository="release")["packages"] == []
    assert http.get(url + "mona/LinkedList/1.1.1.zip", headers={"Accept": ZIP}).content == source_archive()
    (package,) = acme.list_packages(domain="acme", repository="release")["packages"]
    assert (package["namespace"], package["package"]) == ("mona", "linkedlist")


def test_origin_controls_and_package_groups_govern_publishing_and_upstreams(acme):
    http = _session(acme)
    url = _url(acme, "staging")
    assert _publish(http, url, "mona/LinkedList/1.1.1", source_archive()).status_code == 201
    acme.put_package_origin_configuration(domain="acme", repository="staging", format="swift", namespace="mona",
                                          package="linkedlist", restrictions={"publish": "BLOCK", "upstream": "ALLOW"})
    blocked = _publish(http, url, "mona/LinkedList/1.2.0", source_archive())
    assert blocked.status_code == 403 and blocked.headers["Content-Type"] == "application/problem+json"
    acme.create_package_group(domain="acme", packageGroup="/swift/internal/*")
    acme.update_package_group_origin_configuration(domain="acme", packageGroup="/swift/internal/*",
                                                   restrictions={"PUBLISH": "BLOCK"})
    assert _publish(http, url, "internal/Tool/1.0.0", source_archive("Tool")).status_code == 403
    acme.put_package_origin_configuration(domain="acme", repository="release", format="swift", namespace="mona",
                                          package="linkedlist", restrictions={"publish": "ALLOW", "upstream": "BLOCK"})
    assert http.get(_url(acme, "release") + "mona/LinkedList", headers={"Accept": JSON}).status_code == 404


@pytest.mark.parametrize(("release", "files", "status"), [
    ("mona/LinkedList/1.1.1", {"source-archive": ("x.zip", source_archive(), "application/zip")}, 409),
    ("mona/LinkedList/not-semver", {"source-archive": ("x.zip", source_archive(), "application/zip")}, 400),
    ("mona/LinkedList/2.0.0", {"other": ("x.zip", source_archive(), "application/zip")}, 422),
    ("mona/LinkedList/2.0.0", {"source-archive": ("x.zip", b"not a zip", "application/zip")}, 422),
    ("mona/LinkedList/2.0.0", {"source-archive": ("x.zip", source_archive(), "application/zip"),
                               "metadata": ("m.json", b"{not json", "application/json")}, 422),
    ("-mona/LinkedList/2.0.0", {"source-archive": ("x.zip", source_archive(), "application/zip")}, 400),
], ids=["exists", "not-semver", "no-archive", "not-a-zip", "metadata-not-json", "bad-scope"])
def test_bad_publishes_are_problems(acme, release, files, status):
    http = _session(acme)
    url = _url(acme, "staging")
    assert _publish(http, url, "mona/LinkedList/1.1.1", source_archive()).status_code == 201
    answer = http.put(url + release, files=files, headers={"Accept": JSON})
    assert answer.status_code == status
    assert answer.headers["Content-Type"] == "application/problem+json" and answer.json()["detail"]
    versions = acme.list_package_versions(domain="acme", repository="staging", format="swift", namespace="mona",
                                          package="linkedlist")["versions"]
    assert [v["version"] for v in versions] == ["1.1.1"]


def test_unknown_releases_and_api_versions(acme):
    http = _session(acme)
    url = _url(acme, "staging")
    assert http.get(url + "mona/LinkedList", headers={"Accept": JSON}).status_code == 404
    assert http.get(url + "mona/LinkedList/1.0.0.zip", headers={"Accept": ZIP}).status_code == 404
    wrong = http.get(url + "mona/LinkedList", headers={"Accept": "application/vnd.swift.registry.v2+json"})
    assert wrong.status_code == 415 and wrong.headers["Content-Version"] == "1"
    assert http.post(url + "login").status_code == 200


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic bm90Om1l"])
def test_requests_without_a_valid_token_are_refused(acme, authorization):
    url = _url(acme, "staging")
    headers = {"Accept": JSON, **({"Authorization": authorization} if authorization else {})}
    assert requests.post(url + "login", headers=headers).status_code == 401
    assert requests.get(url + "mona/LinkedList", headers=headers).status_code == 401
    files = {"source-archive": ("x.zip", source_archive(), "application/zip")}
    assert requests.put(url + "mona/LinkedList/1.0.0", files=files, headers=headers).status_code == 401


def test_the_registry_over_http(acme, codeartifact_mock):
    """What ``swift package-registry login``/``publish`` and a resolve send,
    against the server: login, publish, list, metadata, manifest, archive."""
    with ThreadedServer(codeartifact_mock) as server:
        api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url)
        url, staging = _url(api, "release"), _url(api, "staging")
        assert url.startswith(server.url)
        http = _session(api)
        assert requests.post(url + "login", headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
        assert http.post(url + "login", timeout=10).status_code == 200
        assert _publish(http, staging, "mona/LinkedList/1.1.1", source_archive(), METADATA).status_code == 201
        assert http.get(url + "mona/LinkedList", headers={"Accept": JSON}, timeout=10).json()["releases"]
        checksum = http.get(url + "mona/LinkedList/1.1.1", headers={"Accept": JSON},
                            timeout=10).json()["resources"][0]["checksum"]
        assert http.get(url + "mona/LinkedList/1.1.1/Package.swift", headers={"Accept": SWIFT},
                        timeout=10).text == MANIFEST
        archive = http.get(url + "mona/LinkedList/1.1.1.zip", headers={"Accept": ZIP}, timeout=10).content
        assert hashlib.sha256(archive).hexdigest() == checksum
        assert http.get(url + "identifiers", params={"url": "https://github.com/mona/LinkedList"},
                        headers={"Accept": JSON}, timeout=10).json() == {"identifiers": ["mona.LinkedList"]}
