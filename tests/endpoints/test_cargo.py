"""Cargo through the repository endpoint: the sparse registry protocol
in-process (``requests`` through ``responses``), and the real ``cargo``
publishing to the HTTP server and building a crate that depends on it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import requests

from mock_codeartifact._endpoints.cargo import CRATES_IO_INDEX, index_path
from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.crates import build_crate, publish_body
from tests.endpoints.repositories import auth_token, endpoint_url, make_acme, token_session

CARGO = shutil.which("cargo")


@pytest.fixture
def acme(codeartifact_client):
    return make_acme(codeartifact_client, "cargo-store", "public:crates-io")


def _session(client) -> tuple[requests.Session, str]:
    return token_session(client), client


def _url(client, repository: str) -> str:
    return endpoint_url(client, repository, "cargo")


def _index(http: requests.Session, url: str, name: str) -> list[dict]:
    answer = http.get(url + index_path(name))
    assert answer.status_code == 200, answer.text
    return [json.loads(line) for line in answer.text.splitlines()]


def test_index_paths_follow_the_sparse_layout():
    assert [index_path(n) for n in ("a", "ab", "abc", "Serde", "acme-greet")] == [
        "1/a", "2/ab", "3/a/abc", "se/rd/serde", "ac/me/acme-greet"]


def test_config_json_points_downloads_and_the_api_at_the_endpoint(acme):
    http, _ = _session(acme)
    url = _url(acme, "staging")
    config = http.get(url + "config.json")
    assert config.status_code == 200
    assert config.json() == {"dl": url + "api/v1/crates", "api": url.rstrip("/"), "auth-required": True}


def test_publish_then_every_api_view_shows_the_version(acme):
    http, _ = _session(acme)
    url = _url(acme, "staging")
    crate = build_crate(
        "acme-greet", "0.1.0", description="Greets", readme="# acme-greet\nThe readme\n",
        dependencies='[dependencies.serde]\nversion = "1.0"\nfeatures = ["derive"]\noptional = true\n\n'
                     '[target."cfg(unix)".dependencies.libc]\nversion = "0.2"\n\n'
                     '[dev-dependencies.tiny]\nversion = "^2"\ndefault-features = false\npackage = "tiny-real"\n',
        features='default = []\nloud = []\nwith-serde = ["dep:serde"]\n',
    )
    answer = http.put(url + "api/v1/crates/new", data=publish_body("acme-greet", "0.1.0", crate))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"warnings": {"invalid_categories": [], "invalid_badges": [], "other": []}}

    version = acme.describe_package_version(
        domain="acme", repository="staging", format="cargo", package="acme-greet", packageVersion="0.1.0"
    )["packageVersion"]
    assert version["status"] == "Published" and version["summary"] == "Greets"
    assert version["licenses"] == [{"name": "MIT"}]
    assert version["sourceCodeRepository"] == "https://example.invalid/acme/acme-greet"
    assert version["origin"] == {"domainEntryPoint": {"repositoryName": "staging"}, "originType": "INTERNAL"}
    readme = acme.get_package_version_readme(
        domain="acme", repository="staging", format="cargo", package="acme-greet", packageVersion="0.1.0")
    assert readme["readme"] == "# acme-greet\nThe readme\n"
    dependencies = acme.list_package_version_dependencies(
        domain="acme", repository="staging", format="cargo", package="acme-greet", packageVersion="0.1.0")["dependencies"]
    assert {(d["package"], d["dependencyType"], d["versionRequirement"]) for d in dependencies} == {
        ("serde", "normal", "1.0"), ("libc", "normal", "0.2"), ("tiny-real", "dev", "^2")}
    assets = acme.list_package_version_assets(
        domain="acme", repository="staging", format="cargo", package="acme-greet", packageVersion="0.1.0")["assets"]
    assert [(a["name"], a["size"], a["hashes"]["SHA-256"]) for a in assets] == [
        ("acme-greet-0.1.0.crate", len(crate), hashlib.sha256(crate).hexdigest())]

    (entry,) = _index(http, url, "acme-greet")
    assert entry["name"] == "acme-greet" and entry["vers"] == "0.1.0" and entry["yanked"] is False
    assert entry["cksum"] == hashlib.sha256(crate).hexdigest()
    assert entry["features"] == {"default": [], "loud": []}
    assert entry["features2"] == {"with-serde": ["dep:serde"]} and entry["v"] == 2
    deps = {d["name"]: d for d in entry["deps"]}
    assert deps["serde"] == {"name": "serde", "req": "1.0", "features": ["derive"], "optional": True,
                             "default_features": True, "target": None, "kind": "normal",
                             "registry": CRATES_IO_INDEX}
    assert deps["libc"]["target"] == "cfg(unix)"
    assert deps["tiny"]["package"] == "tiny-real" and deps["tiny"]["kind"] == "dev"
    assert deps["tiny"]["default_features"] is False
    download = http.get(url + "api/v1/crates/acme-greet/0.1.0/download")
    assert download.status_code == 200 and download.content == crate


def test_a_dependency_on_the_same_registry_has_no_registry_in_the_index(acme):
    http, _ = _session(acme)
    url = _url(acme, "staging")
    crate = build_crate("acme-app", "1.0.0", dependencies=(
        f'[dependencies.acme-greet]\nversion = "0.1"\nregistry-index = "sparse+{url}"\n\n'
        '[dependencies.elsewhere]\nversion = "1"\nregistry-index = "sparse+https://crates.example.invalid/"\n'))
    assert http.put(url + "api/v1/crates/new", data=publish_body("acme-app", "1.0.0", crate)).status_code == 200
    deps = {d["name"]: d for d in _index(http, url, "acme-app")[0]["deps"]}
    assert "registry" not in deps["acme-greet"]
    assert deps["elsewhere"]["registry"] == "sparse+https://crates.example.invalid/"


def test_index_and_download_through_an_upstream_and_crates_io_retain_the_version(acme, codeartifact_mock):
    http, _ = _session(acme)
    staged = build_crate("acme-greet", "0.1.0")
    assert http.put(_url(acme, "staging") + "api/v1/crates/new",
                    data=publish_body("acme-greet", "0.1.0", staged)).status_code == 200
    public = build_crate("tinyrand", "0.5.2")
    codeartifact_mock.registry.public_registry("public:crates-io").publish_package(files={"tinyrand-0.5.2.crate": public})
    url = _url(acme, "release")
    assert [e["vers"] for e in _index(http, url, "tinyrand")] == ["0.5.2"]  # listed, not retained yet
    assert acme.list_packages(domain="acme", repository="release")["packages"] == []
    assert http.get(url + "api/v1/crates/tinyrand/0.5.2/download").content == public
    assert http.get(url + "api/v1/crates/acme-greet/0.1.0/download").content == staged
    listed = {
        repo: {p["package"] for p in acme.list_packages(domain="acme", repository=repo)["packages"]}
        for repo in ("release", "staging", "cargo-store")
    }
    assert listed == {"release": {"acme-greet", "tinyrand"}, "staging": {"acme-greet"}, "cargo-store": {"tinyrand"}}
    external = acme.describe_package_version(
        domain="acme", repository="release", format="cargo", package="tinyrand", packageVersion="0.5.2")["packageVersion"]
    assert external["origin"] == {"domainEntryPoint": {"externalConnectionName": "public:crates-io"},
                                  "originType": "EXTERNAL"}
    assert http.get(url + "api/v1/crates/tinyrand/9.9.9/download").status_code == 404
    assert http.get(url + index_path("nothing-here")).status_code == 404


def test_origin_controls_and_package_groups_govern_publishing_and_upstreams(acme, codeartifact_mock):
    http, _ = _session(acme)
    codeartifact_mock.registry.public_registry("public:crates-io").publish_package(
        files={"tinyrand-0.5.2.crate": build_crate("tinyrand", "0.5.2")})
    store = _url(acme, "cargo-store")
    assert http.get(store + "api/v1/crates/tinyrand/0.5.2/download").status_code == 200  # ingested: publish=BLOCK
    refused = http.put(store + "api/v1/crates/new",
                       data=publish_body("tinyrand", "0.6.0", build_crate("tinyrand", "0.6.0")))
    assert refused.status_code == 403 and refused.json()["errors"][0]["detail"]
    acme.create_package_group(domain="acme", packageGroup="/cargo//internal~")
    acme.update_package_group_origin_configuration(
        domain="acme", packageGroup="/cargo//internal~",
        restrictions={"PUBLISH": "BLOCK", "EXTERNAL_UPSTREAM": "BLOCK"})
    blocked = http.put(_url(acme, "staging") + "api/v1/crates/new",
                       data=publish_body("internal-lib", "1.0.0", build_crate("internal-lib", "1.0.0")))
    assert blocked.status_code == 403
    codeartifact_mock.registry.public_registry("public:crates-io").publish_package(
        files={"internal-lib-9.0.0.crate": build_crate("internal-lib", "9.0.0")})
    release = _url(acme, "release")
    assert http.get(release + index_path("internal-lib")).status_code == 404  # dependency confusion, refused
    assert http.get(release + "api/v1/crates/internal-lib/9.0.0/download").status_code == 404


def test_publishing_an_existing_version_is_a_conflict(acme):
    http, _ = _session(acme)
    url = _url(acme, "staging")
    body = publish_body("acme-greet", "0.1.0", build_crate("acme-greet", "0.1.0"))
    assert http.put(url + "api/v1/crates/new", data=body).status_code == 200
    conflict = http.put(url + "api/v1/crates/new", data=body)
    assert conflict.status_code == 409 and "already exists" in conflict.json()["errors"][0]["detail"]


@pytest.mark.parametrize("body", [
    b"",
    b"\xff\xff\xff\xff{}",
    b"\x02\x00\x00\x00{}",
    b"\x02\x00\x00\x00{}\x05\x00\x00\x00abc",
    publish_body("acme-greet", "0.1.0", b"not a crate"),
    publish_body("acme-greet", "0.2.0", build_crate("acme-greet", "0.1.0")),
    publish_body("acme-greet", "not-semver", build_crate("acme-greet", "0.1.0")),
], ids=["empty", "json-too-long", "no-crate-length", "crate-too-short", "not-a-crate", "other-version",
        "not-semver"])
def test_bad_publish_requests_are_refused_with_cargo_errors(acme, body):
    http, _ = _session(acme)
    answer = http.put(_url(acme, "staging") + "api/v1/crates/new", data=body)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["detail"]
    assert acme.list_packages(domain="acme", repository="staging")["packages"] == []


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "api/v1/crates?q=acme"),                      # cargo search
    ("GET", "api/v1/crates/acme-greet/owners"),           # cargo owner
    ("PUT", "api/v1/crates/acme-greet/owners"),
    ("DELETE", "api/v1/crates/acme-greet/0.1.0/yank"),    # cargo yank
    ("PUT", "api/v1/crates/acme-greet/0.1.0/unyank"),
    ("GET", "ac/me/acme-greet/extra"),
    ("GET", "xx/yy/acme-greet"),                          # not its index path
])
def test_commands_codeartifact_does_not_support_are_refused(acme, method, path):
    http, _ = _session(acme)
    assert http.put(_url(acme, "staging") + "api/v1/crates/new",
                    data=publish_body("acme-greet", "0.1.0", build_crate("acme-greet", "0.1.0"))).status_code == 200
    answer = http.request(method, _url(acme, "staging") + path)
    assert answer.status_code == 404 and answer.json()["errors"][0]["detail"]
    assert acme.describe_package_version(domain="acme", repository="staging", format="cargo", package="acme-greet",
                                         packageVersion="0.1.0")["packageVersion"]["status"] == "Published"


@pytest.mark.parametrize("authorization", [None, "not-a-token", "Bearer not-a-token"])
def test_requests_without_a_valid_token_are_refused(acme, authorization):
    url = _url(acme, "staging")
    headers = {"Authorization": authorization} if authorization else {}
    assert requests.get(url + "config.json", headers=headers).status_code == 401
    body = publish_body("acme-greet", "0.1.0", build_crate("acme-greet", "0.1.0"))
    assert requests.put(url + "api/v1/crates/new", data=body, headers=headers).status_code == 401
    # What Cargo sends: the token alone, as a credential provider prints it.
    assert requests.get(url + "config.json", headers={"Authorization": auth_token(acme)}).status_code == 200


# -- the real cargo --------------------------------------------------------------------
_TOKEN_SCRIPT = """\
import sys, boto3
api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=sys.argv[1],
                   aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x")
print(api.get_authorization_token(domain="acme", domainOwner="123456789012")["authorizationToken"])
"""


def _aws_cli() -> str | None:
    """The AWS CLI (where .ci/run puts it, else on PATH), if it runs."""
    found = os.environ.get("MOCK_CODEARTIFACT_AWS_CLI") or shutil.which("aws")
    if not found or " " in found:
        return None
    try:
        probe = subprocess.run([found, "--version"], capture_output=True, timeout=60)
    except OSError:
        return None
    return found if probe.returncode == 0 else None


def _token_command(tmp_path: Path, server_url: str) -> str:
    """What prints a token: AWS's own command against the server, or (no AWS
    CLI here) a script doing what it does."""
    aws = _aws_cli()
    if aws is not None:
        return (f"{aws} --endpoint-url {server_url} codeartifact get-authorization-token --domain acme "
                "--domain-owner 123456789012 --region us-east-1 --query authorizationToken --output text")
    script = tmp_path / "get-token.py"
    script.write_text(_TOKEN_SCRIPT)
    return f"{sys.executable} {script} {server_url}"


def _cargo_home(tmp_path: Path, server_url: str, endpoint: str) -> Path:
    """An empty CARGO_HOME configured as AWS's Cargo page has it: the
    ``sparse+`` index and the token from ``cargo:token-from-stdout aws
    codeartifact get-authorization-token ...``."""
    home = tmp_path / "cargo-home"
    home.mkdir()
    (home / "config.toml").write_text(
        "[registries.codeartifact]\n"
        f'index = "sparse+{endpoint}"\n'
        f'credential-provider = "cargo:token-from-stdout {_token_command(tmp_path, server_url)}"\n\n'
        '[registry]\ndefault = "codeartifact"\n\n'
        '[source.crates-io]\nreplace-with = "codeartifact"\n\n'
        "[net]\nretry = 0\n"
    )
    return home


def _cargo(args: list[str], cwd: Path, home: Path, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CARGO_HOME": str(home), "CARGO_TARGET_DIR": str(tmp_path / "target"),
           "CARGO_TERM_COLOR": "never", "CARGO_HTTP_TIMEOUT": "30",
           # for the AWS CLI the credential provider runs: any identity of the mock's account
           "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1",
           **extra}
    env.pop("CARGO_REGISTRY_TOKEN", None)
    return subprocess.run([CARGO or "cargo", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.real_client
@pytest.mark.skipif(CARGO is None, reason="cargo is not on PATH")
def test_cargo_publish_then_a_dependent_crate_builds_from_an_empty_cargo_home(acme, codeartifact_mock, tmp_path):
    library = tmp_path / "acme-greet"
    (library / "src").mkdir(parents=True)
    (library / "Cargo.toml").write_text(
        '[package]\nname = "acme-greet"\nversion = "0.1.0"\nedition = "2021"\ndescription = "Greets"\n'
        'license = "MIT"\nreadme = "README.md"\n\n[features]\nloud = []\n')
    (library / "README.md").write_text("# acme-greet\n\nThe readme.\n")
    (library / "src" / "lib.rs").write_text(
        'pub fn greet() -> &\'static str { if cfg!(feature = "loud") { "HELLO" } else { "hello" } }\n')
    application = tmp_path / "app"
    (application / "src").mkdir(parents=True)
    (application / "Cargo.toml").write_text(
        '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n'
        '[dependencies]\nacme-greet = { version = "0.1", registry = "codeartifact", features = ["loud"] }\n')
    (application / "src" / "main.rs").write_text('fn main() { println!("{} from app", acme_greet::greet()); }\n')

    with ThreadedServer(codeartifact_mock) as server:
        api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url)
        endpoint = _url(api, "staging")
        home = _cargo_home(tmp_path, server.url, endpoint)
        published = _cargo(["publish", "--registry", "codeartifact", "--no-verify", "--allow-dirty"], library, home,
                           tmp_path)
        assert published.returncode == 0, published.stderr
        assert "Published acme-greet v0.1.0" in published.stderr
        fetched = _cargo(["fetch"], application, home, tmp_path)
        assert fetched.returncode == 0, fetched.stderr
        built = _cargo(["run", "--quiet", "--offline"], application, home, tmp_path)
        assert built.returncode == 0, built.stderr
        assert built.stdout == "HELLO from app\n"
        # A wrong token is refused: cargo reports the 401 and fetches nothing.
        wrong_home = tmp_path / "wrong-home"
        wrong_home.mkdir()
        configured = (home / "config.toml").read_text()
        (wrong_home / "config.toml").write_text(
            re.sub(r'credential-provider = "[^"]*"', 'credential-provider = "cargo:token"', configured))
        refused = _cargo(["fetch"], application, wrong_home, tmp_path / "other",
                         CARGO_REGISTRIES_CODEARTIFACT_TOKEN="not-a-token")
        assert refused.returncode != 0 and "401" in refused.stderr

    version = acme.describe_package_version(
        domain="acme", repository="staging", format="cargo", package="acme-greet", packageVersion="0.1.0"
    )["packageVersion"]
    assert version["summary"] == "Greets" and version["licenses"] == [{"name": "MIT"}]
    readme = acme.get_package_version_readme(
        domain="acme", repository="staging", format="cargo", package="acme-greet", packageVersion="0.1.0")
    assert readme["readme"] == "# acme-greet\n\nThe readme.\n"
    (asset,) = acme.list_package_version_assets(
        domain="acme", repository="staging", format="cargo", package="acme-greet", packageVersion="0.1.0")["assets"]
    assert asset["name"] == "acme-greet-0.1.0.crate" and len(asset["hashes"]["SHA-256"]) == 64
