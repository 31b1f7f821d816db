"""npm through the repository endpoint: the real ``npm`` (publish, install,
dist-tag) against the HTTP server, through an upstream and an external
connection; the registry protocol in-process with ``requests`` against the
endpoint's real URL (packument, tarballs, publish, dist-tags, statuses)."""

from __future__ import annotations

import base64
import hashlib
import json

import boto3
import pytest
import requests

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.npm_packages import (
    NPM,
    Npm,
    integrity,
    npm_tarball,
    publish_document,
    write_project,
)
from tests.endpoints.repositories import auth_token, endpoint_url, make_acme, token_auth, token_session

needs_npm = pytest.mark.skipif(NPM is None, reason="npm is not on PATH")


@pytest.fixture
def acme(codeartifact_client):
    """npm-store (public:npmjs) and staging, both upstreams of release."""
    return make_acme(codeartifact_client, "npm-store", "public:npmjs")


def _url(client, repository: str) -> str:
    return endpoint_url(client, repository, "npm")


def _seed(backend, repository: str, name: str, version: str, **options):
    tarball = npm_tarball(name, version, description=f"{name} {version}")
    backend.publish_package(domain="acme", repository=repository, format="npm", files={"package.tgz": tarball},
                            **options)
    return tarball


def _versions(client, repository: str, package: str, namespace: str | None = None) -> dict[str, dict]:
    address = {"namespace": namespace} if namespace else {}
    listed = client.list_package_versions(domain="acme", repository=repository, format="npm", package=package,
                                          **address)["versions"]
    return {v["version"]: v for v in listed}


# -- the real npm against the server ------------------------------------------------------
@pytest.mark.slow
@needs_npm
def test_npm_publish_then_install_a_scoped_package(acme, codeartifact_mock, codeartifact_backend, tmp_path):
    # A dependency npm must resolve through the same endpoint.
    _seed(codeartifact_backend, "staging", "@acme/base", "2.1.0")
    project = write_project(
        tmp_path / "hello",
        {"name": "@acme/hello", "version": "1.0.0", "description": "Says hello", "license": "Apache-2.0",
         "main": "index.js", "homepage": "https://example.invalid/hello",
         "dependencies": {"@acme/base": "^2.0.0"}, "devDependencies": {"left-pad": "^1.3.0"}},
        {"index.js": "module.exports = () => 'hello';\n", "README.md": "# @acme/hello\n\nSays hello.\n"},
    )
    with ThreadedServer(codeartifact_mock) as server:
        api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url)
        endpoint = _url(api, "staging")
        assert endpoint == server.endpoint("acme", "staging", "npm")
        token = auth_token(api)
        publisher = Npm(tmp_path / "publisher", endpoint, token)
        assert "+ @acme/hello@1.0.0" in publisher.run("publish", cwd=project).stdout
        # Another machine (its own cache: the tarball really is downloaded).
        consumer = Npm(tmp_path / "consumer", endpoint, token)
        consumer.install(tmp_path / "app", "@acme/hello@^1.0.0")
        again = publisher.run("publish", cwd=project, check=False)
    modules = tmp_path / "app" / "node_modules"
    assert (modules / "@acme" / "hello" / "index.js").read_text() == "module.exports = () => 'hello';\n"
    assert json.loads((modules / "@acme" / "base" / "package.json").read_text())["version"] == "2.1.0"
    assert again.returncode != 0 and "1.0.0" in again.stderr  # npm refuses: the version is listed

    version = acme.describe_package_version(domain="acme", repository="staging", format="npm", namespace="acme",
                                            package="hello", packageVersion="1.0.0")["packageVersion"]
    assert version["displayName"] == "@acme/hello" and version["status"] == "Published"
    assert version["summary"] == "Says hello" and version["homePage"] == "https://example.invalid/hello"
    assert version["licenses"] == [{"name": "Apache-2.0"}]
    assert version["origin"] == {"domainEntryPoint": {"repositoryName": "staging"}, "originType": "INTERNAL"}
    readme = acme.get_package_version_readme(domain="acme", repository="staging", format="npm", namespace="acme",
                                             package="hello", packageVersion="1.0.0")["readme"]
    assert readme == "# @acme/hello\n\nSays hello.\n"
    dependencies = acme.list_package_version_dependencies(
        domain="acme", repository="staging", format="npm", namespace="acme", package="hello", packageVersion="1.0.0",
    )["dependencies"]
    assert sorted((d.get("namespace", ""), d["package"], d["dependencyType"], d["versionRequirement"])
                  for d in dependencies) == [("", "left-pad", "dev", "^1.3.0"), ("acme", "base", "regular", "^2.0.0")]
    assets = acme.list_package_version_assets(domain="acme", repository="staging", format="npm", namespace="acme",
                                              package="hello", packageVersion="1.0.0")["assets"]
    assert [a["name"] for a in assets] == ["package.tgz"]
    package = acme.describe_package(domain="acme", repository="staging", format="npm", namespace="acme",
                                    package="hello")["package"]
    assert package["originConfiguration"]["restrictions"] == {"publish": "ALLOW", "upstream": "BLOCK"}
    listed = acme.list_packages(domain="acme", repository="staging", format="npm", namespace="acme")["packages"]
    assert {p["package"] for p in listed} == {"hello", "base"}
    summary = acme.list_package_versions(domain="acme", repository="staging", format="npm", namespace="acme",
                                         package="hello")
    assert summary["defaultDisplayVersion"] == "1.0.0"  # the `latest` dist-tag npm publish set


@pytest.mark.slow
@needs_npm
def test_npm_dist_tag_add_ls_rm(acme, codeartifact_mock, codeartifact_backend, tmp_path):
    _seed(codeartifact_backend, "staging", "@acme/tool", "1.0.0")
    _seed(codeartifact_backend, "staging", "@acme/tool", "2.0.0-rc.1", dist_tags={"latest": "1.0.0"})
    with ThreadedServer(codeartifact_mock) as server:
        npm = Npm(tmp_path / "home", server.endpoint("acme", "staging", "npm"), auth_token(acme))
        assert npm.run("dist-tag", "add", "@acme/tool@2.0.0-rc.1", "next", cwd=tmp_path).stdout.strip() == (
            "+next: @acme/tool@2.0.0-rc.1")
        shown = npm.run("dist-tag", "ls", "@acme/tool", cwd=tmp_path).stdout.split("\n")
        assert sorted(filter(None, shown)) == ["latest: 1.0.0", "next: 2.0.0-rc.1"]
        npm.install(tmp_path / "app", "@acme/tool@next")
        installed = json.loads((tmp_path / "app" / "node_modules" / "@acme" / "tool" / "package.json").read_text())
        assert installed["version"] == "2.0.0-rc.1"
        assert npm.run("dist-tag", "rm", "@acme/tool", "next", cwd=tmp_path).stdout.strip() == (
            "-next: @acme/tool@2.0.0-rc.1")
        assert npm.run("dist-tag", "ls", "@acme/tool", cwd=tmp_path).stdout.strip() == "latest: 1.0.0"
        missing = npm.run("dist-tag", "add", "@acme/tool@9.9.9", "next", cwd=tmp_path, check=False)
        assert missing.returncode != 0
    tool = codeartifact_mock.backend().domains["acme"].repositories["staging"].packages[("npm", "acme", "tool")]
    assert tool.dist_tags == {"latest": "1.0.0"}


@pytest.mark.slow
@needs_npm
def test_npm_deprecate_then_install_prints_it(acme, codeartifact_mock, codeartifact_backend, tmp_path):
    """``npm deprecate`` is on AWS's list of supported npm commands: the
    packument carries the message, ``npm install`` prints it, and ``""``
    clears it. Deprecating through ``release`` a version that only its
    upstream holds keeps it in ``release`` first, as installing would."""
    for version in ("1.0.0", "2.0.0"):
        _seed(codeartifact_backend, "staging", "@acme/old", version)
    with ThreadedServer(codeartifact_mock) as server:
        npm = Npm(tmp_path / "home", server.endpoint("acme", "release", "npm"), auth_token(acme))
        npm.run("deprecate", "@acme/old@<2", "Use @acme/old 2", cwd=tmp_path)
        shown = npm.run("view", "@acme/old@1.0.0", "deprecated", cwd=tmp_path).stdout.strip()
        assert shown == "Use @acme/old 2"
        assert npm.run("view", "@acme/old@2.0.0", "deprecated", cwd=tmp_path).stdout.strip() == ""
        write_project(tmp_path / "app", {"name": "app", "version": "1.0.0", "private": True}, {})
        installed = npm.run("install", "@acme/old@1.0.0", cwd=tmp_path / "app", loglevel="warn")
        assert "deprecated @acme/old@1.0.0: Use @acme/old 2" in installed.stderr
        npm.run("deprecate", "@acme/old@1.0.0", "", cwd=tmp_path)
        assert npm.run("view", "@acme/old@1.0.0", "deprecated", cwd=tmp_path).stdout.strip() == ""
        refused = Npm(tmp_path / "intruder", server.endpoint("acme", "release", "npm"), "not-a-token").run(
            "deprecate", "@acme/old@2.0.0", "mine now", cwd=tmp_path, check=False)
        assert refused.returncode != 0
    versions = _versions(acme, "release", "old", "acme")
    assert set(versions) == {"1.0.0"}  # retained by the deprecation; 2.0.0 untouched
    own = codeartifact_mock.backend().domains["acme"].repositories["staging"].packages[("npm", "acme", "old")]
    assert all(v.metadata.deprecated is None for v in own.versions.values())


@needs_npm
def test_npm_install_through_an_upstream_and_an_external_connection(
    acme, codeartifact_mock, codeartifact_backend, tmp_path
):
    # @acme/lib only in staging (an upstream of release); it depends on
    # tiny-dep, which only the public registry behind npm-store's public:npmjs has.
    lib = npm_tarball("@acme/lib", "1.2.0", dependencies={"tiny-dep": "^0.3.0"})
    codeartifact_backend.publish_package(domain="acme", repository="staging", format="npm",
                                         files={"package.tgz": lib})
    public = codeartifact_mock.registry.public_registry("public:npmjs")
    public.publish_package(files={"package.tgz": npm_tarball("tiny-dep", "0.3.1", description="Tiny")})
    public.publish_package(files={"package.tgz": npm_tarball("tiny-dep", "0.4.0")})
    with ThreadedServer(codeartifact_mock) as server:
        release = server.endpoint("acme", "release", "npm")
        npm = Npm(tmp_path / "home", release, auth_token(acme))
        npm.install(tmp_path / "app", "@acme/lib@1.2.0")
    modules = tmp_path / "app" / "node_modules"
    assert (modules / "@acme" / "lib" / "index.js").read_text() == 'module.exports = "@acme/lib@1.2.0";\n'
    assert (modules / "tiny-dep" / "index.js").read_text() == 'module.exports = "tiny-dep@0.3.1";\n'
    locked = json.loads((tmp_path / "app" / "package-lock.json").read_text())["packages"]
    assert locked["node_modules/@acme/lib"]["resolved"] == f"{release}@acme/lib/-/lib-1.2.0.tgz"
    assert locked["node_modules/@acme/lib"]["integrity"] == integrity(lib)
    assert locked["node_modules/tiny-dep"]["resolved"] == f"{release}tiny-dep/-/tiny-dep-0.3.1.tgz"

    # Retained where the service retains: the upstream one in release only, the
    # public one in release and in npm-store (the repository with the connection).
    assert set(_versions(acme, "release", "lib", "acme")) == {"1.2.0"}
    assert set(_versions(acme, "release", "tiny-dep")) == {"0.3.1"}
    assert set(_versions(acme, "npm-store", "tiny-dep")) == {"0.3.1"}
    assert acme.list_packages(domain="acme", repository="staging")["packages"][0]["package"] == "lib"
    external = {"domainEntryPoint": {"externalConnectionName": "public:npmjs"}, "originType": "EXTERNAL"}
    for repository in ("release", "npm-store"):
        version = acme.describe_package_version(domain="acme", repository=repository, format="npm",
                                                package="tiny-dep", packageVersion="0.3.1")["packageVersion"]
        assert version["origin"] == external and version["summary"] == "Tiny"
    upstream = acme.describe_package_version(domain="acme", repository="release", format="npm", namespace="acme",
                                             package="lib", packageVersion="1.2.0")["packageVersion"]
    assert upstream["origin"] == {"domainEntryPoint": {"repositoryName": "staging"}, "originType": "INTERNAL"}


@pytest.mark.slow
@needs_npm
def test_npm_publish_of_an_unlisted_version_is_a_conflict(acme, codeartifact_mock, codeartifact_backend, tmp_path):
    _seed(codeartifact_backend, "staging", "@acme/hello", "1.0.0", status="Unlisted")
    project = write_project(tmp_path / "hello", {"name": "@acme/hello", "version": "1.0.0"},
                            {"index.js": "module.exports = 1;\n"})
    with ThreadedServer(codeartifact_mock) as server:
        npm = Npm(tmp_path / "home", server.endpoint("acme", "staging", "npm"), auth_token(acme))
        refused = npm.run("publish", cwd=project, check=False)
    assert refused.returncode != 0 and "409" in refused.stderr
    assert _versions(acme, "staging", "hello", "acme")["1.0.0"]["status"] == "Unlisted"


# -- the protocol in-process (requests to the real endpoint URL) --------------------------
@pytest.fixture
def staging(acme):
    return _url(acme, "staging"), token_session(acme)


def test_publish_and_read_the_packument(staging, acme):
    url, http = staging
    tarball = npm_tarball("@acme/hello", "1.0.0", description="Says hello", readme="# hello\n",
                          dependencies={"lodash": "^4.17.0"}, bin={"hello": "index.js"})
    put = http.put(url + "@acme%2fhello", json=publish_document("@acme/hello", "1.0.0", tarball))
    assert put.status_code == 200, put.text
    second = npm_tarball("@acme/hello", "1.1.0-beta.1")
    assert http.put(url + "@acme%2fhello", json=publish_document(
        "@acme/hello", "1.1.0-beta.1", second, tags={"beta": "1.1.0-beta.1"})).status_code == 200

    for path in ("@acme%2fhello", "@acme/hello"):
        answer = http.get(url + path)
        assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/json"
    document = answer.json()
    assert document["_id"] == document["name"] == "@acme/hello"
    assert document["dist-tags"] == {"latest": "1.0.0", "beta": "1.1.0-beta.1"}
    assert list(document["versions"]) == ["1.0.0", "1.1.0-beta.1"]
    assert set(document["time"]) == {"created", "modified", "1.0.0", "1.1.0-beta.1"}
    assert document["description"] == "Says hello" and document["readme"] == "# hello\n"
    manifest = document["versions"]["1.0.0"]
    assert manifest["name"] == "@acme/hello" and manifest["version"] == "1.0.0"
    assert manifest["_id"] == "@acme/hello@1.0.0"
    assert manifest["description"] == "Says hello" and manifest["license"] == "MIT"
    assert manifest["dependencies"] == {"lodash": "^4.17.0"} and manifest["bin"] == {"hello": "index.js"}
    assert manifest["dist"] == {
        "tarball": f"{url}@acme/hello/-/hello-1.0.0.tgz",
        "shasum": hashlib.sha1(tarball).hexdigest(),
        "integrity": "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode(),
    }
    download = http.get(manifest["dist"]["tarball"])
    assert download.status_code == 200 and download.content == tarball
    assert http.get(url + "@acme/hello/-/@acme/hello-1.0.0.tgz").content == tarball  # npm's own naming
    assert http.get(url + "@acme/hello/1.0.0").json() == manifest
    assert http.get(url + "@acme%2fhello/beta").json()["version"] == "1.1.0-beta.1"
    assert http.get(url + "@acme/hello/2.0.0").status_code == 404
    assert http.get(url + "@acme/hello/-/hello-2.0.0.tgz").status_code == 404
    assert http.get(url + "@acme/missing").status_code == 404
    assets = acme.list_package_version_assets(domain="acme", repository="staging", format="npm", namespace="acme",
                                              package="hello", packageVersion="1.0.0")["assets"]
    assert assets[0]["name"] == "package.tgz" and assets[0]["hashes"]["SHA-1"] == hashlib.sha1(tarball).hexdigest()


def test_a_deprecation_survives_export_import_and_snapshot_restore(staging, codeartifact_mock, codeartifact_backend):
    url, http = staging
    _seed(codeartifact_backend, "staging", "legacy", "1.0.0")
    document = http.get(url + "legacy").json()
    document["versions"]["1.0.0"]["deprecated"] = "Use modern"
    assert http.put(url + "legacy", json=document).status_code == 200
    saved = codeartifact_mock.registry.snapshot()
    exported = codeartifact_mock.registry.export_json()
    codeartifact_mock.registry.import_json(exported)
    assert http.get(url + "legacy").json()["versions"]["1.0.0"]["deprecated"] == "Use modern"
    document["versions"]["1.0.0"]["deprecated"] = ""
    assert http.put(url + "legacy", json=document).status_code == 200
    assert "deprecated" not in http.get(url + "legacy").json()["versions"]["1.0.0"]
    codeartifact_mock.registry.restore(saved)
    assert http.get(url + "legacy").json()["versions"]["1.0.0"]["deprecated"] == "Use modern"


def test_the_packument_is_built_once_per_change_and_reads_only_new_tarballs(acme, codeartifact_backend, monkeypatch):
    """Above 512 versions too (where a per-process LRU of manifests used to
    thrash): the second request builds nothing, a publish rebuilds once
    reading only the new tarball, and a change upstream (or of a dist-tag)
    is seen through the downstream repository."""
    from mock_codeartifact._endpoints import npm as protocol

    builds, parses = [], []
    build, parse = protocol._build_packument, protocol._package_json
    monkeypatch.setattr(protocol, "_build_packument", lambda *a, **k: builds.append(1) or build(*a, **k))
    monkeypatch.setattr(protocol, "_package_json", lambda *a, **k: parses.append(1) or parse(*a, **k))
    for i in range(600):
        _seed(codeartifact_backend, "staging", "many", f"1.{i // 100}.{i % 100}")
    url, http = _url(acme, "release"), token_session(acme)
    first = http.get(url + "many")
    assert first.status_code == 200 and len(first.json()["versions"]) == 600
    assert (len(builds), len(parses)) == (1, 600)
    again = http.get(url + "many")
    assert again.content == first.content and (len(builds), len(parses)) == (1, 600)
    assert again.headers["ETag"] == first.headers["ETag"]
    assert http.get(url + "many", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304

    _seed(codeartifact_backend, "staging", "many", "2.0.0")  # upstream of release
    after = http.get(url + "many").json()
    assert len(after["versions"]) == 601 and after["dist-tags"]["latest"] == "2.0.0"
    assert (len(builds), len(parses)) == (2, 601)
    codeartifact_backend.update_package_versions_status(
        domain="acme", repository="staging", format="npm", package="many", versions=["1.0.0"],
        targetStatus="Archived")
    assert "1.0.0" not in http.get(url + "many").json()["versions"]
    assert (len(builds), len(parses)) == (3, 601)


def test_unscoped_packages(staging, codeartifact_backend):
    url, http = staging
    tarball = _seed(codeartifact_backend, "staging", "plain", "0.1.0")
    document = http.get(url + "plain").json()
    assert document["dist-tags"] == {"latest": "0.1.0"}
    assert document["versions"]["0.1.0"]["dist"]["tarball"] == f"{url}plain/-/plain-0.1.0.tgz"
    assert http.get(url + "plain/-/plain-0.1.0.tgz").content == tarball
    assert http.get(url + "plain/-/other-0.1.0.tgz").status_code == 404


def test_publish_conflicts_and_bad_documents(staging, acme):
    url, http = staging
    tarball = npm_tarball("@acme/hello", "1.0.0")
    body = publish_document("@acme/hello", "1.0.0", tarball)
    assert http.put(url + "@acme%2fhello", json=body).status_code == 200
    again = http.put(url + "@acme%2fhello", json=body)
    assert again.status_code == 409 and "already exists" in again.json()["error"]
    other = npm_tarball("@acme/hello", "1.0.1")
    assert http.put(url + "@acme%2fhello", json=publish_document(
        "@acme/hello", "1.0.1", other, shasum="0" * 40)).status_code == 400
    assert http.put(url + "@acme%2fhello", json=publish_document(
        "@acme/hello", "1.0.1", other, integrity="sha512-AAAA")).status_code == 400
    assert http.put(url + "@acme%2fother", json=publish_document("@acme/hello", "1.0.1", other)).status_code == 400
    assert http.put(url + "@acme%2fhello", json=publish_document("@acme/hello", "1.0.2", other)).status_code == 400
    assert http.put(url + "@acme%2fhello", data=b"{not json").status_code == 400
    # A document without a tarball is the packument sent back: npm deprecate.
    assert http.put(url + "@acme%2fhello", json={"name": "@acme/hello", "versions": {
        "1.0.0": {"deprecated": 7}}}).status_code == 400
    assert http.put(url + "@acme%2fhello", json={"name": "@acme/hello", "versions": {}}).status_code == 405  # unpublish
    assert http.put(url + "@acme%2fhello", json={"name": "@acme/hello", "versions": {
        "1.0.0": {}, "9.0.0": {"deprecated": "no"}}}).status_code == 404
    assert "deprecated" not in http.get(url + "@acme%2fhello").json()["versions"]["1.0.0"]
    deprecate = {"name": "@acme/hello", "versions": {"1.0.0": {"deprecated": "no"}}}
    assert http.put(url + "@acme%2fhello", json=deprecate).status_code == 200
    assert http.get(url + "@acme%2fhello").json()["versions"]["1.0.0"]["deprecated"] == "no"
    assert set(_versions(acme, "staging", "hello", "acme")) == {"1.0.0"}


def test_publish_blocked_by_origin_controls_is_forbidden(acme, codeartifact_mock):
    codeartifact_mock.registry.public_registry("public:npmjs").publish_package(
        files={"package.tgz": npm_tarball("tiny-dep", "0.3.1")})
    url, http = _url(acme, "npm-store"), token_session(acme)
    assert http.get(url + "tiny-dep/-/tiny-dep-0.3.1.tgz").status_code == 200  # ingested: publish=BLOCK
    refused = http.put(url + "tiny-dep", json=publish_document("tiny-dep", "0.9.0", npm_tarball("tiny-dep", "0.9.0")))
    assert refused.status_code == 403
    fresh = http.put(url + "other", json=publish_document("other", "0.3.1", npm_tarball("other", "0.3.1")))
    assert fresh.status_code == 200


@pytest.mark.parametrize("auth", [None, "Bearer not-a-token", "Basic " + base64.b64encode(b"aws:nope").decode()])
def test_requests_without_a_valid_token_are_refused(acme, codeartifact_backend, auth):
    tarball = _seed(codeartifact_backend, "staging", "@acme/hello", "1.0.0")
    url = _url(acme, "staging")
    headers = {"Authorization": auth} if auth else {}
    assert requests.get(url + "@acme%2fhello", headers=headers).status_code == 401
    assert requests.get(url + "@acme/hello/-/hello-1.0.0.tgz", headers=headers).status_code == 401
    put = requests.put(url + "@acme%2fhello", json=publish_document("@acme/hello", "1.0.1", tarball), headers=headers)
    assert put.status_code == 401
    basic = requests.get(url + "@acme%2fhello", auth=token_auth(acme))
    assert basic.status_code == 200


def test_dist_tags_merge_with_the_upstream_value_winning(acme, codeartifact_backend):
    for version in ("1.0.0", "1.1.0"):
        _seed(codeartifact_backend, "staging", "@acme/hello", version)
    staging_package = codeartifact_backend.domains["acme"].repositories["staging"].packages[("npm", "acme", "hello")]
    staging_package.dist_tags.update(latest="1.1.0", beta="1.1.0")
    url, http = _url(acme, "release"), token_session(acme)
    # The downstream holds 1.0.0 (retained by an install) and tags of its own.
    assert http.get(url + "@acme/hello/-/hello-1.0.0.tgz").status_code == 200
    for tag in ("latest", "stable"):
        put = http.put(url + f"-/package/@acme%2fhello/dist-tags/{tag}", json="1.0.0")
        assert put.status_code == 200, put.text
    release_package = codeartifact_backend.domains["acme"].repositories["release"].packages[("npm", "acme", "hello")]
    assert release_package.dist_tags == {"latest": "1.0.0", "stable": "1.0.0"}

    merged = {"latest": "1.1.0", "beta": "1.1.0", "stable": "1.0.0"}
    assert http.get(url + "@acme%2fhello").json()["dist-tags"] == merged
    assert http.get(url + "-/package/@acme%2fhello/dist-tags").json() == merged
    assert http.get(url + "-/package/@acme/hello/dist-tags/latest").json() == "1.1.0"
    staging_url = url.replace("/npm/release/", "/npm/staging/")
    assert http.get(staging_url + "-/package/@acme%2fhello/dist-tags").json() == {"latest": "1.1.0", "beta": "1.1.0"}

    # Tagging a version only the upstream has retains it downstream first.
    assert http.put(url + "-/package/@acme%2fhello/dist-tags/next", json="1.1.0").status_code == 200
    assert release_package.dist_tags["next"] == "1.1.0" and "1.1.0" in release_package.versions
    assert http.delete(url + "-/package/@acme%2fhello/dist-tags/stable").status_code == 200
    assert "stable" not in http.get(url + "-/package/@acme%2fhello/dist-tags").json()
    assert http.put(url + "-/package/@acme%2fhello/dist-tags/next", json="9.9.9").status_code == 404
    assert http.put(url + "-/package/@acme%2fhello/dist-tags/next", data=b"1.0.0").status_code == 400
    assert http.put(url + "-/package/@acme%2fhello/dist-tags/2.0.0", json="1.0.0").status_code == 400
    assert http.get(url + "-/package/@acme%2fnothing/dist-tags").status_code == 404


def test_copied_versions_bring_their_dist_tags_to_the_packument(acme, codeartifact_backend):
    _seed(codeartifact_backend, "staging", "@acme/hello", "1.0.0", dist_tags={"latest": "1.0.0", "lts": "1.0.0"})
    acme.create_repository(domain="acme", repository="mirror")
    acme.copy_package_versions(domain="acme", sourceRepository="staging", destinationRepository="mirror",
                               format="npm", namespace="acme", package="hello", versions=["1.0.0"])
    url = _url(acme, "mirror")
    document = requests.get(url + "@acme%2fhello", headers={"Authorization": f"Bearer {auth_token(acme)}"}).json()
    assert document["dist-tags"] == {"latest": "1.0.0", "lts": "1.0.0"}


@pytest.mark.parametrize("repository", ["staging", "release"])
def test_unlisted_versions_download_but_are_not_listed_and_archived_ones_neither(acme, codeartifact_backend,
                                                                                 repository):
    tarballs = {v: _seed(codeartifact_backend, "staging", "@acme/hello", v) for v in ("1.0.0", "1.1.0", "1.2.0")}
    acme.update_package_versions_status(domain="acme", repository="staging", format="npm", namespace="acme",
                                        package="hello", versions=["1.1.0"], targetStatus="Unlisted")
    acme.update_package_versions_status(domain="acme", repository="staging", format="npm", namespace="acme",
                                        package="hello", versions=["1.2.0"], targetStatus="Archived")
    url, http = _url(acme, repository), token_session(acme)
    document = http.get(url + "@acme%2fhello").json()
    assert list(document["versions"]) == ["1.0.0"]
    assert document["dist-tags"] == {}  # latest points at 1.2.0, which is not listed
    assert http.get(url + "@acme/hello/1.1.0").status_code == 404
    unlisted = http.get(url + "@acme/hello/-/hello-1.1.0.tgz")
    assert unlisted.status_code == 200 and unlisted.content == tarballs["1.1.0"]
    assert http.get(url + "@acme/hello/-/hello-1.2.0.tgz").status_code == 404
    assert http.get(url + "@acme/hello/-/hello-1.0.0.tgz").content == tarballs["1.0.0"]


def test_other_npm_paths(staging):
    url, http = staging
    assert http.get(url + "-/ping").json() == {}
    audit = http.post(url + "-/npm/v1/security/advisories/bulk", json={"left-pad": ["1.3.0"]})
    assert audit.status_code == 404 and "audit" in audit.json()["error"]
    assert http.get(url + "-/whoami").status_code == 404
    assert http.get(url + "-/v1/search?text=hello").status_code == 404
    assert http.delete(url + "@acme%2fhello/-rev/1-abc").status_code == 405
    assert http.get(url + "@acme").status_code == 404
    assert http.get(url).status_code == 404


def test_versions_only_a_public_registry_holds_are_listed_from_their_metadata(acme, codeartifact_mock):
    tarball = npm_tarball("tiny-dep", "0.4.0", description="Tiny", dependencies={"@acme/base": "^2.0.0"},
                          homepage="https://example.invalid/tiny")
    codeartifact_mock.registry.public_registry("public:npmjs").publish_package(files={"package.tgz": tarball})
    url, http = _url(acme, "release"), token_session(acme)
    document = http.get(url + "tiny-dep").json()
    assert document["dist-tags"] == {"latest": "0.4.0"}
    manifest = document["versions"]["0.4.0"]
    assert manifest["description"] == "Tiny" and manifest["license"] == "MIT"
    assert manifest["dependencies"] == {"@acme/base": "^2.0.0"}
    assert manifest["homepage"] == "https://example.invalid/tiny"
    # Not in the domain yet, but listed with its hashes, as npmjs would list it.
    assert manifest["dist"]["tarball"] == f"{url}tiny-dep/-/tiny-dep-0.4.0.tgz"
    assert manifest["dist"]["shasum"] == hashlib.sha1(tarball).hexdigest()
    assert manifest["dist"]["integrity"].startswith("sha512-")
    assert acme.list_packages(domain="acme", repository="release")["packages"] == []
    assert http.get(manifest["dist"]["tarball"]).content == tarball
    retained = http.get(url + "tiny-dep").json()["versions"]["0.4.0"]
    assert retained["dist"]["shasum"] == hashlib.sha1(tarball).hexdigest()
    assert retained["main"] == "index.js"  # the tarball's own package.json now


def test_deeply_nested_documents_are_a_400(staging):
    """Nesting past the limit is refused before the JSON parser recurses: a
    publish body and a dist-tag value alike."""
    url, http = staging
    deep = b'{"name": "@acme/hello", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    answer = http.put(url + "@acme%2fhello", data=deep, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    tarball = npm_tarball("@acme/hello", "1.0.0")
    assert http.put(url + "@acme%2fhello", json=publish_document("@acme/hello", "1.0.0", tarball)).status_code == 200
    tag = http.put(url + "-/package/@acme%2fhello/dist-tags/beta", data=b"[" * 5000 + b"]" * 5000,
                   headers={"Content-Type": "application/json"})
    assert tag.status_code == 400, tag.text
