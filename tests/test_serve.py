"""``mock-codeartifact server`` as a team runs it, in a real subprocess:
--state across a restart (SIGTERM), --data-dir, --seed (with pip and npm
installing through an external connection), --public-url, the access log,
the WSGI servers and the options that are refused."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests

from mock_codeartifact._cli import main

from tests.server_process import ServerProcess, run_server
from tests.endpoints.npm_packages import NPM, Npm, npm_tarball
from tests.endpoints.wheels import build_wheel

needs_npm = pytest.mark.skipif(NPM is None, reason="npm is not on PATH")
GENERIC = b"the bytes of a generic asset"


def _publish_generic(client, repository: str, version: str, data: bytes = GENERIC) -> None:
    client.publish_package_version(
        domain="acme", repository=repository, format="generic", namespace="tools", package="blob",
        packageVersion=version, assetContent=data, assetName="blob.bin",
        assetSHA256=hashlib.sha256(data).hexdigest(),
    )


def _build_state(server: ServerProcess) -> dict[str, str]:
    """Domains, repositories, versions, statuses, assets, policies, tags,
    package groups, identities and tokens (one expired, one not)."""
    client = server.client()
    client.create_domain(domain="acme", tags=[{"key": "team", "value": "platform"}])
    client.create_repository(domain="acme", repository="staging")
    client.create_repository(domain="acme", repository="release", upstreams=[{"repositoryName": "staging"}],
                             tags=[{"key": "tier", "value": "prod"}])
    client.associate_external_connection(domain="acme", repository="staging", externalConnection="public:npmjs")
    _publish_generic(client, "staging", "1.0.0")
    _publish_generic(client, "staging", "2.0.0", b"other bytes")
    client.update_package_versions_status(domain="acme", repository="staging", format="generic", namespace="tools",
                                          package="blob", versions=["1.0.0"], targetStatus="Archived")
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "codeartifact:*", "Resource": "*"}]})
    client.put_domain_permissions_policy(domain="acme", policyDocument=policy)
    client.put_repository_permissions_policy(domain="acme", repository="release", policyDocument=policy)
    client.create_package_group(domain="acme", packageGroup="/generic/tools/*", description="tools")
    requests.post(f"{server.url}/_mock/identities", timeout=10,
                  json={"accessKeyId": "AKIAOTHER", "accountId": "111122223333"}).raise_for_status()
    server.client(access_key="AKIAOTHER").create_domain(domain="other")
    expired = client.get_authorization_token(domain="acme", durationSeconds=900)["authorizationToken"]
    valid = client.get_authorization_token(domain="acme")["authorizationToken"]
    # After the last GetAuthorizationToken, which forgets expired tokens: the
    # state saved holds the expired one, for the load to drop.
    requests.post(f"{server.url}/_mock/clock", json={"advance": 1000}, timeout=10).raise_for_status()
    return {"expired": expired, "valid": valid}


def _endpoint_status(server: ServerProcess, token: str) -> int:
    url = server.client().get_repository_endpoint(domain="acme", repository="staging", format="generic")
    return requests.get(url["repositoryEndpoint"] + "nothing/here", auth=("aws", token), timeout=10).status_code


def test_a_restart_with_the_same_state_file_keeps_the_state(tmp_path):
    state = tmp_path / "state.json"
    with ServerProcess("--state", state) as server:
        tokens = _build_state(server)
        before = requests.get(f"{server.url}/_mock/state", timeout=10).json()
    assert server.returncode == 0, server.stderr  # SIGTERM: a clean stop, the state saved
    assert "state saved to" in server.stderr
    saved = json.loads(state.read_text())
    assert {t["value"] for t in saved["tokens"]} == {tokens["expired"], tokens["valid"]}

    with ServerProcess("--state", state) as again:
        after = requests.get(f"{again.url}/_mock/state", timeout=10).json()
        # Everything as it was, but the token that expired meanwhile.
        assert after == {**before, "tokens": [t for t in before["tokens"] if t["value"] == tokens["valid"]]}
        assert _endpoint_status(again, tokens["expired"]) == 401
        assert _endpoint_status(again, tokens["valid"]) == 404  # accepted; nothing there
        client = again.client()
        versions = client.list_package_versions(domain="acme", repository="staging", format="generic",
                                                namespace="tools", package="blob")["versions"]
        assert {v["version"]: v["status"] for v in versions} == {"1.0.0": "Archived", "2.0.0": "Published"}
        asset = client.get_package_version_asset(domain="acme", repository="staging", format="generic",
                                                 namespace="tools", package="blob", packageVersion="2.0.0",
                                                 asset="blob.bin")
        assert asset["asset"].read() == b"other bytes"
        assert [d["name"] for d in again.client(access_key="AKIAOTHER").list_domains()["domains"]] == ["other"]
        assert client.describe_package_group(domain="acme", packageGroup="/generic/tools/*")[
            "packageGroup"]["description"] == "tools"
        assert "Allow" in client.get_repository_permissions_policy(domain="acme", repository="release")[
            "policy"]["document"]
    assert again.returncode == 0


def test_sigint_saves_the_state_too(tmp_path):
    state = tmp_path / "state.json"
    with ServerProcess("--state", state, "--wsgi-server", "werkzeug") as server:
        server.client().create_domain(domain="acme")
        server.stop(2)  # SIGINT
    assert server.returncode == 0
    assert [d["name"] for b in json.loads(state.read_text())["backends"] for d in b["domains"]] == ["acme"]


def test_changes_are_saved_while_the_server_runs(tmp_path):
    state = tmp_path / "state.json"
    with ServerProcess("--state", state) as server:
        server.client().create_domain(domain="acme")
        for _ in range(600):  # saved within the coalescing delay; bounded wait, no timing assertion
            if state.exists() and "acme" in state.read_text():
                break
            time.sleep(0.05)
        assert "acme" in state.read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


@pytest.mark.parametrize("content, problem", [
    (b"{not json", "not JSON"),
    (b'{"format": "something else"}', "not a mock_codeartifact state document"),
    (b'{"format": "mock_codeartifact/state", "version": 1, "backends": [{"accountId": 1}]}', "missing member"),
])
def test_a_corrupt_state_file_is_refused_and_left_untouched(tmp_path, content, problem):
    state = tmp_path / "state.json"
    state.write_bytes(content)
    stamp = state.stat().st_mtime_ns
    result = run_server("--state", state)
    assert result.returncode == 2
    assert f"--state {state}" in result.stderr and problem in result.stderr, result.stderr
    assert "left untouched" in result.stderr
    assert "Traceback" not in result.stderr
    assert state.read_bytes() == content and state.stat().st_mtime_ns == stamp


def test_a_state_file_in_a_missing_directory_is_refused(tmp_path):
    result = run_server("--state", tmp_path / "nowhere" / "state.json")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_data_dir_keeps_asset_bytes_in_files_named_by_hash(tmp_path):
    state, data = tmp_path / "state.json", tmp_path / "blobs"
    stale = data / "ab" / ("ab" + "0" * 62)
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"referenced by nothing")
    with ServerProcess("--state", state, "--data-dir", data) as server:
        client = server.client()
        client.create_domain(domain="acme")
        client.create_repository(domain="acme", repository="staging")
        _publish_generic(client, "staging", "1.0.0")
    sha = hashlib.sha256(GENERIC).hexdigest()
    assert (data / sha[:2] / sha).read_bytes() == GENERIC
    assert not stale.exists()  # collected at start
    text = state.read_text()
    assert sha in text and base64.b64encode(GENERIC).decode() not in text  # named, not embedded
    with ServerProcess("--state", state, "--data-dir", data) as again:
        client = again.client()
        asset = client.get_package_version_asset(domain="acme", repository="staging", format="generic",
                                                 namespace="tools", package="blob", packageVersion="1.0.0",
                                                 asset="blob.bin")
        assert asset["asset"].read() == GENERIC
        assert client.describe_domain(domain="acme")["domain"]["assetSizeBytes"] == len(GENERIC)
        # The control API's export embeds the bytes: it travels without the directory.
        exported = requests.get(f"{again.url}/_mock/state", timeout=10).text
        assert base64.b64encode(GENERIC).decode() in exported
    # Without the data directory the state cannot be loaded: refused, untouched.
    result = run_server("--state", state)
    assert result.returncode == 2 and "data directory" in result.stderr


def _seed_files(tmp_path: Path) -> Path:
    (tmp_path / "packages").mkdir()
    wheel_name, wheel = build_wheel("tinylib", "2.32.3")
    (tmp_path / "packages" / wheel_name).write_bytes(wheel)
    (tmp_path / "packages" / "left-pad-1.3.0.tgz").write_bytes(npm_tarball("left-pad", "1.3.0"))
    own_name, own = build_wheel("acme-utils", "1.4.0")
    (tmp_path / "packages" / own_name).write_bytes(own)
    seed = tmp_path / "seed.yaml"
    seed.write_text(f"""\
domains:
  - name: acme
    tags: {{team: platform}}
    repositories:
      - name: release
        description: what teams install from
        upstreams: [staging, pypi-store, npm-store]
      - name: staging
        packages:
          - files: [packages/{own_name}]
      - name: pypi-store
        externalConnections: [public:pypi]
      - name: npm-store
        externalConnections: [public:npmjs]
publicRegistries:
  public:pypi:
    - files: [packages/{wheel_name}]
  public:npmjs:
    - files: [packages/left-pad-1.3.0.tgz]
""")
    return seed


def test_a_seed_file_lets_pip_install_through_an_external_connection(tmp_path):
    seed = _seed_files(tmp_path)
    with ServerProcess("--seed", seed) as server:
        client = server.client()
        assert client.describe_domain(domain="acme")["domain"]["repositoryCount"] == 4
        endpoint = client.get_repository_endpoint(domain="acme", repository="release", format="pypi")
        token = client.get_authorization_token(domain="acme")["authorizationToken"]
        index = endpoint["repositoryEndpoint"].replace("http://", f"http://aws:{token}@") + "simple/"
        target = tmp_path / "site"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
             "--no-cache-dir", "--index-url", index, "--target", str(target), "tinylib==2.32.3", "acme-utils==1.4.0"],
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        origin = client.describe_package_version(domain="acme", repository="pypi-store", format="pypi",
                                                 package="tinylib", packageVersion="2.32.3")["packageVersion"]["origin"]
        assert origin["originType"] == "EXTERNAL"
    assert (target / "tinylib" / "__init__.py").read_text() == "VERSION = '2.32.3'\n"
    assert (target / "acme_utils" / "__init__.py").exists()


@needs_npm
def test_a_seed_file_lets_npm_install_through_an_external_connection(tmp_path):
    seed = _seed_files(tmp_path)
    with ServerProcess("--seed", seed) as server:
        client = server.client()
        endpoint = client.get_repository_endpoint(domain="acme", repository="release", format="npm")
        token = client.get_authorization_token(domain="acme")["authorizationToken"]
        npm = Npm(tmp_path / "npm-home", endpoint["repositoryEndpoint"], token)
        npm.install(tmp_path / "consumer", "left-pad@1.3.0")
        listed = client.list_packages(domain="acme", repository="npm-store", format="npm")["packages"]
        assert [p["package"] for p in listed] == ["left-pad"]
    installed = json.loads((tmp_path / "consumer" / "node_modules" / "left-pad" / "package.json").read_text())
    assert installed["version"] == "1.3.0"


def test_seed_files_apply_once_then_the_state_file_rules(tmp_path):
    seed, state = _seed_files(tmp_path), tmp_path / "state.json"
    with ServerProcess("--seed", seed, "--state", state) as server:
        server.client().delete_repository(domain="acme", repository="staging")
    with ServerProcess("--seed", seed, "--state", state) as again:
        names = {r["name"] for r in again.client().list_repositories_in_domain(domain="acme")["repositories"]}
        assert names == {"release", "pypi-store", "npm-store"}
    assert "seed files skipped" in again.stderr


@pytest.mark.parametrize("body, where, problem", [
    ("domains:\n  - name: acme\n    repositories:\n      - name: one\n      - name: two\n        upstreams: [nope]\n",
     "domains[0] (acme).repositories[1] (two).upstreams[0]", "'nope' is not a repository"),
    ("domains:\n  - name: acme\n    repositories:\n      - name: one\n        packages:\n"
     "          - files: [missing.whl]\n",
     "domains[0] (acme).repositories[0] (one).packages[0].files[0]", "cannot read missing.whl"),
    ("domains:\n  - name: acme\n    colour: blue\n", "domains[0]", "unknown key 'colour'"),
    ("publicRegistries:\n  public:nowhere: []\n", "publicRegistries.public:nowhere", "unknown external connection"),
    ("domains:\n  - name: acme\n  - name: acme\n", "domains[1] (acme)", "ConflictException"),
    ("domains: [\n", "", "not valid YAML"),
])
def test_a_bad_seed_file_is_refused_naming_the_entry_and_nothing_is_applied(tmp_path, body, where, problem):
    seed, state = tmp_path / "seed.yaml", tmp_path / "state.json"
    seed.write_text(body)
    result = run_server("--seed", seed, "--state", state)
    assert result.returncode == 2, result.stderr
    assert f"{seed}: {where}" in result.stderr and problem in result.stderr, result.stderr
    assert "nothing was seeded" in result.stderr and "Traceback" not in result.stderr
    assert not state.exists()


def test_public_url_is_in_every_url_the_server_hands_out(tmp_path):
    seed = _seed_files(tmp_path)
    public = "http://codeartifact.internal:9000"
    with ServerProcess("--seed", seed, "--host", "127.0.0.1", "--public-url", public) as server:
        client = server.client()
        endpoint = client.get_repository_endpoint(domain="acme", repository="release", format="npm")
        assert endpoint["repositoryEndpoint"] == f"{public}/endpoints/us-east-1/acme-123456789012/npm/release/"
        token = client.get_authorization_token(domain="acme")["authorizationToken"]
        # Reached directly here; the URLs in the answer name the public address.
        local = endpoint["repositoryEndpoint"].replace(public, server.url)
        packument = requests.get(local + "left-pad", headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert packument.status_code == 200, packument.text
        assert packument.json()["versions"]["1.3.0"]["dist"]["tarball"].startswith(f"{public}/endpoints/")
        index = requests.get(local.replace("/npm/", "/nuget/") + "v3/index.json", auth=("aws", token), timeout=30)
        assert index.status_code == 200, index.text
        assert all(r["@id"].startswith(f"{public}/endpoints/") for r in index.json()["resources"])
        assert requests.get(f"{server.url}/_mock/health", timeout=10).json()["publicUrl"] == public
    assert f"public URL {public}" in server.first_line


def test_the_access_log_has_a_line_per_request(tmp_path):
    with ServerProcess("--log-level", "info") as server:
        server.client().create_domain(domain="acme")
        requests.get(f"{server.url}/_mock/health", timeout=10)
        requests.get(f"{server.url}/endpoints/us-east-1/acme-123456789012/npm/nope/x", timeout=10)
    lines = [line for line in server.stderr.splitlines() if "mock_codeartifact.access" in line]
    assert any('"POST /v1/domain?domain=acme" 200 ' in line and line.endswith(" CreateDomain") for line in lines), lines
    assert any('"GET /_mock/health" 200 ' in line for line in lines), lines
    assert any('"GET /endpoints/us-east-1/acme-123456789012/npm/nope/x" 401 ' in line for line in lines), lines
    assert all("ms " in line for line in lines)


def test_log_level_warning_keeps_the_access_log_quiet():
    with ServerProcess("--log-level", "warning") as server:
        server.client().create_domain(domain="acme")
    assert "mock_codeartifact.access" not in server.stderr


@pytest.mark.parametrize("options, named", [
    (("--wsgi-server", "werkzeug"), "werkzeug"),
    (("--wsgi-server", "waitress", "--threads", "4"), "waitress"),
])
def test_either_wsgi_server_serves_everything(options, named):
    if named == "waitress":
        pytest.importorskip("waitress", reason="waitress (the server extra) is not installed")
    with ServerProcess(*options) as server:
        assert f"served by {named}" in server.first_line
        server.client().create_domain(domain="acme")
        assert requests.get(f"{server.url}/_mock/health", timeout=10).json()["status"] == "ok"
        assert [d["name"] for d in server.client().list_domains()["domains"]] == ["acme"]
    assert server.returncode == 0


@pytest.mark.parametrize("options, problem", [
    (("--workers", "2"), "one process holds the state"),
    (("--wsgi-server", "werkzeug", "--threads", "4"), "werkzeug starts a thread per request"),
    (("--threads", "0"), "--threads must be from 1"),
    (("--public-url", "ftp://x"), "is not an http(s)://"),
    (("--public-url", "http://x/?q=1"), "is not an http(s)://"),
])
def test_options_that_do_not_fit_are_refused(options, problem):
    if "--workers" in options:
        problem = "the state lives in one process"
    result = run_server(*options)
    assert result.returncode == 2 and problem in result.stderr, result.stderr


def test_the_help_is_plain_text_and_names_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["server", "--help"])
    text = capsys.readouterr().out
    for option in ("--host", "--port", "--region", "--account-id", "--state", "--data-dir", "--seed",
                   "--public-url", "--log-level", "--wsgi-server", "--threads", "--workers"):
        assert option in text
    assert "`" not in text and "**" not in text and "::" not in text


def test_the_server_runs_from_another_directory_with_relative_paths(tmp_path):
    _seed_files(tmp_path)
    with ServerProcess("--seed", "seed.yaml", "--state", "state.json", cwd=tmp_path) as server:
        assert server.client().describe_domain(domain="acme")["domain"]["name"] == "acme"
    assert (tmp_path / "state.json").exists()


def test_control_faults_reach_clients_of_the_server_process():
    import botocore.config
    from botocore.exceptions import ClientError

    with ServerProcess() as server:
        requests.post(f"{server.url}/_mock/faults", timeout=10, json={
            "kind": "fail", "operation": "CreateDomain", "error": "ServiceQuotaExceededException"}).raise_for_status()
        client = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url,
                              aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x",
                              config=botocore.config.Config(retries={"total_max_attempts": 1}))
        with pytest.raises(ClientError) as raised:
            client.create_domain(domain="acme")
        assert raised.value.response["Error"]["Code"] == "ServiceQuotaExceededException"
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402
        client.create_domain(domain="acme")


def test_seed_is_repeatable(tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.yaml"
    first.write_text(json.dumps({"domains": [{"name": "acme", "repositories": [{"name": "release"}]}]}))
    second.write_text("accountId: '111122223333'\ndomains:\n  - name: other\n")
    with ServerProcess("--seed", first, "--seed", second) as server:
        assert [d["name"] for d in server.client().list_domains()["domains"]] == ["acme"]
        requests.post(f"{server.url}/_mock/identities", timeout=10,
                      json={"accessKeyId": "AKIAOTHER", "accountId": "111122223333"}).raise_for_status()
        assert [d["name"] for d in server.client(access_key="AKIAOTHER").list_domains()["domains"]] == ["other"]
    assert f"seeded from {first}, {second}" in server.stderr
