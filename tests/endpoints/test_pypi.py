"""PyPI through the repository endpoint with the real clients: twine uploads
(in-process through the ``requests`` door, and to the HTTP server), pip installs from
the server in a subprocess, through an upstream and an external connection."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import requests

from mock_codeartifact import mock_codeartifact
from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.repositories import auth_token, endpoint_url, make_acme, token_auth
from tests.endpoints.wheels import build_wheel


@pytest.fixture
def acme(codeartifact_client):
    return make_acme(codeartifact_client, "pypi-store", "public:pypi")


def _url(client, repository: str) -> str:
    return endpoint_url(client, repository, "pypi")


def _twine_upload(url: str, token: str, path: Path) -> None:
    from twine.cli import dispatch

    dispatch(["upload", "--non-interactive", "--disable-progress-bar", "--repository-url", url,
              "-u", "aws", "-p", token, str(path)])


@pytest.mark.slow
def test_twine_upload_in_process(acme, tmp_path):
    name, data = build_wheel("acme-utils", "1.4.0", summary="Utilities", requires=("requests>=2",))
    (tmp_path / name).write_bytes(data)
    url = _url(acme, "staging")
    _twine_upload(url, auth_token(acme), tmp_path / name)

    version = acme.describe_package_version(
        domain="acme", repository="staging", format="pypi", package="acme-utils", packageVersion="1.4.0"
    )["packageVersion"]
    assert version["status"] == "Published" and version["summary"] == "Utilities"
    assert version["licenses"] == [{"name": "MIT"}]
    assert version["origin"] == {"domainEntryPoint": {"repositoryName": "staging"}, "originType": "INTERNAL"}
    readme = acme.get_package_version_readme(
        domain="acme", repository="staging", format="pypi", package="acme-utils", packageVersion="1.4.0")
    assert "The readme of acme-utils" in readme["readme"]
    dependencies = acme.list_package_version_dependencies(
        domain="acme", repository="staging", format="pypi", package="acme-utils", packageVersion="1.4.0")
    assert dependencies["dependencies"][0]["package"] == "requests"


def test_simple_index_html_and_json(acme):
    name, data = build_wheel("acme-utils", "1.4.0")
    mock_backend = acme  # noqa: F841  (the client is enough: seed through the endpoint)
    url = _url(acme, "staging")
    auth = token_auth(acme)
    upload = requests.post(url, auth=auth, data={":action": "file_upload", "name": "acme-utils", "version": "1.4.0"},
                           files={"content": (name, data)})
    assert upload.status_code == 200
    html = requests.get(url + "simple/acme-utils/", auth=auth)
    assert html.status_code == 200 and f">{name}</a>" in html.text and "#sha256=" in html.text
    as_json = requests.get(url + "simple/acme-utils/", auth=auth,
                           headers={"Accept": "application/vnd.pypi.simple.v1+json"}).json()
    assert as_json["name"] == "acme-utils" and as_json["files"][0]["filename"] == name
    assert requests.get(url + "simple/Acme_Utils/", auth=auth, allow_redirects=False).status_code == 301
    assert requests.get(url + "simple/", auth=auth).text.count("acme-utils") == 2
    download = requests.get(as_json["files"][0]["url"], auth=auth)
    assert download.content == data


def test_project_pages_carry_size_requires_python_and_pep_440_order(acme, codeartifact_backend):
    """PEP 691 api-version 1.1 requires ``size`` and ``versions``; versions
    compare as PEP 440 (1.9 < 1.10); each file's ``Requires-Python`` comes
    from its own metadata (``data-requires-python`` in HTML, escaped)."""
    wheels = [build_wheel("acme-utils", v, requires_python=rp)
              for v, rp in (("1.9", ">=3.8"), ("1.10", ">=3.99,<4"), ("1.2", None))]
    for name, data in wheels:
        codeartifact_backend.publish_package(domain="acme", repository="staging", format="pypi", files={name: data})
    url = _url(acme, "staging")
    auth = token_auth(acme)
    page = requests.get(url + "simple/acme-utils/", auth=auth, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    assert page.headers["Content-Type"] == "application/vnd.pypi.simple.v1+json"
    document = page.json()
    assert document["meta"] == {"api-version": "1.1"}
    assert document["versions"] == ["1.2", "1.9", "1.10"]
    files = {f["filename"]: f for f in document["files"]}
    assert [f["filename"] for f in document["files"]] == [name for name, _ in (wheels[2], wheels[0], wheels[1])]
    for name, data in wheels:
        assert files[name]["size"] == len(data)
        assert files[name]["hashes"] == {"sha256": hashlib.sha256(data).hexdigest()}
        assert files[name]["upload-time"].endswith("Z")
    assert files[wheels[0][0]]["requires-python"] == ">=3.8"
    assert files[wheels[1][0]]["requires-python"] == ">=3.99,<4"
    assert "requires-python" not in files[wheels[2][0]]
    html = requests.get(url + "simple/acme-utils/", auth=auth).text
    assert f'data-requires-python="&gt;=3.99,&lt;4">{wheels[1][0]}</a>' in html
    assert f'data-requires-python="&gt;=3.8">{wheels[0][0]}</a>' in html
    assert html.index(wheels[2][0]) < html.index(wheels[0][0]) < html.index(wheels[1][0])


def test_pip_skips_a_newest_version_for_another_python(acme, codeartifact_mock, codeartifact_backend, tmp_path):
    """With Requires-Python on the page pip picks the newest compatible
    version without downloading (and backtracking from) the newer one."""
    for version, requires in (("1.0", ">=3.8"), ("2.0", ">=3.99")):
        name, data = build_wheel("acme-pinned", version, requires_python=requires)
        codeartifact_backend.publish_package(domain="acme", repository="staging", format="pypi", files={name: data})
    with ThreadedServer(codeartifact_mock) as server:
        token = auth_token(acme)
        index = server.endpoint("acme", "staging", "pypi").replace("http://", f"http://aws:{token}@") + "simple/"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "--disable-pip-version-check", "--no-cache-dir",
             "--index-url", index, "--target", str(tmp_path / "site"), "-v", "acme-pinned"],
            capture_output=True, text=True, timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "acme_pinned" / "__init__.py").read_text() == "VERSION = '1.0'\n"
    skipped = [line for line in result.stdout.splitlines() if "acme_pinned-2.0-py3-none-any.whl" in line]
    assert skipped and all("requires a different Python" in line for line in skipped), result.stdout


@pytest.mark.parametrize("auth", [None, ("aws", "not-a-token")])
def test_missing_or_unknown_token_is_refused(acme, auth):
    url = _url(acme, "staging")
    assert requests.get(url + "simple/", auth=auth).status_code == 401


def test_expired_and_other_domain_tokens_are_refused(acme, codeartifact_mock):
    url = _url(acme, "staging")
    token = acme.get_authorization_token(domain="acme", durationSeconds=900)["authorizationToken"]
    acme.create_domain(domain="other")
    other = acme.get_authorization_token(domain="other")["authorizationToken"]
    assert requests.get(url + "simple/", auth=("aws", token)).status_code == 200
    assert requests.get(url + "simple/", auth=("aws", other)).status_code == 403
    assert requests.get(url + "simple/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    codeartifact_mock.clock.advance(901)
    assert requests.get(url + "simple/", auth=("aws", token)).status_code == 401


def test_other_urls_pass_through_untouched(acme):
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get("http://127.0.0.1:9/not-codeartifact", timeout=2)


@pytest.mark.slow
def test_twine_upload_and_pip_install_against_the_server(acme, codeartifact_mock, codeartifact_backend, tmp_path):
    name, data = build_wheel("acme-utils", "1.4.0")
    (tmp_path / name).write_bytes(data)
    # Only in a public registry behind public:pypi, reached through release -> pypi-store.
    public_name, public_data = build_wheel("tinylib", "2.32.3")
    codeartifact_mock.registry.public_registry("public:pypi").publish_package(files={public_name: public_data})
    with ThreadedServer(codeartifact_mock) as server:
        api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url)
        staging = _url(api, "staging")
        assert staging.startswith(server.url)
        token = auth_token(api)
        _twine_upload(staging, token, tmp_path / name)
        release = server.endpoint("acme", "release", "pypi")
        index = release.replace("http://", f"http://aws:{token}@") + "simple/"
        target = tmp_path / "site"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
             "--no-cache-dir", "--index-url", index, "--target", str(target), "acme-utils==1.4.0", "tinylib==2.32.3"],
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
    assert (target / "acme_utils" / "__init__.py").read_text() == "VERSION = '1.4.0'\n"
    assert (target / "tinylib" / "__init__.py").exists()
    # Retained where the service retains: the upstream one in release (the most
    # downstream), the public one in release and in pypi-store (the connection's).
    listed = {
        repo: {p["package"] for p in acme.list_packages(domain="acme", repository=repo)["packages"]}
        for repo in ("release", "staging", "pypi-store")
    }
    assert listed == {"release": {"acme-utils", "tinylib"}, "staging": {"acme-utils"}, "pypi-store": {"tinylib"}}
    external = acme.describe_package_version(
        domain="acme", repository="release", format="pypi", package="tinylib", packageVersion="2.32.3")["packageVersion"]
    assert external["origin"] == {"domainEntryPoint": {"externalConnectionName": "public:pypi"}, "originType": "EXTERNAL"}
    config = acme.describe_package(domain="acme", repository="pypi-store", format="pypi", package="tinylib")
    assert config["package"]["originConfiguration"]["restrictions"] == {"publish": "BLOCK", "upstream": "ALLOW"}


def test_server_can_be_used_without_a_running_mock():
    with ThreadedServer() as server:
        api = boto3.client("codeartifact", region_name="eu-west-1", endpoint_url=server.url,
                           aws_access_key_id="x", aws_secret_access_key="y")
        assert api.create_domain(domain="solo")["domain"]["arn"].startswith("arn:aws:codeartifact:eu-west-1:")
    assert not mock_codeartifact().active


@pytest.mark.slow
def test_the_api_over_real_http_from_another_process(codeartifact_mock):
    code = (
        "import sys, boto3\n"
        "c = boto3.client('codeartifact', region_name='us-east-1', endpoint_url=sys.argv[1],"
        " aws_access_key_id='AKIAEXAMPLE', aws_secret_access_key='x')\n"
        "c.create_domain(domain='over-http')\n"
        "print(c.list_domains()['domains'][0]['arn'])\n"
        "try:\n    c.describe_domain(domain='missing')\n"
        "except c.exceptions.ResourceNotFoundException as e:\n    print(e.response['resourceType'])\n"
    )
    with ThreadedServer(codeartifact_mock) as server:
        result = subprocess.run([sys.executable, "-c", code, server.url], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["arn:aws:codeartifact:us-east-1:123456789012:domain/over-http", "domain"]
    assert list(codeartifact_mock.backend().domains) == ["over-http"]


def test_raw_http_garbage_gets_clean_4xx(codeartifact_mock):
    with ThreadedServer(codeartifact_mock) as server:
        bad_json = requests.post(server.url + "/v1/domain?domain=acme", data=b"{not json", timeout=10)
        unknown = requests.get(server.url + "/v1/nothing-here", timeout=10)
        odd = requests.get(server.url + "/endpoints/us-east-1/acme-123456789012/pypi", timeout=10)
    assert bad_json.status_code == 400 and bad_json.headers["x-amzn-errortype"] == "ValidationException"
    assert unknown.status_code == 400 and unknown.json()["reason"] == "UNKNOWN_OPERATION"
    assert odd.status_code in (401, 404)


def test_a_token_of_another_account_needs_the_repository_policy(acme, codeartifact_mock):
    import json as _json

    codeartifact_mock.add_identity("AKIAGUEST", "210987654321")
    guest = boto3.client("codeartifact", region_name="us-east-1", aws_access_key_id="AKIAGUEST", aws_secret_access_key="x")
    allow_token = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
        "Action": ["codeartifact:GetAuthorizationToken", "codeartifact:GetRepositoryEndpoint"], "Resource": "*"}]}
    acme.put_domain_permissions_policy(domain="acme", policyDocument=_json.dumps(allow_token))
    token = guest.get_authorization_token(domain="acme", domainOwner="123456789012")["authorizationToken"]
    url = _url(acme, "staging")
    assert requests.get(url + "simple/", auth=("aws", token)).status_code == 403
    read = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
        "Action": "codeartifact:ReadFromRepository", "Resource": "*"}]}
    acme.put_repository_permissions_policy(domain="acme", repository="staging", policyDocument=_json.dumps(read))
    assert requests.get(url + "simple/", auth=("aws", token)).status_code == 200
    name, data = build_wheel("guest-pkg", "1.0")
    upload = requests.post(url, auth=("aws", token), data={":action": "file_upload"}, files={"content": (name, data)})
    assert upload.status_code == 403  # reading is not publishing


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/domain?domain=acme", b"\x00\xff" * 10),                     # not JSON at all
        ("POST", "/v1/repository?domain=acme&repository=r1", b'{"upstreams": "nope"}'),  # wrong type
        ("POST", "/v1/domains", b'{"maxResults": "ten"}'),                        # wrong type
        ("POST", "/v1/domain?domain=acme", b'{"tags": [' + b'{"key":"k","value":"v"},' * 5000 + b'{}]}'),  # oversized
        ("GET", "/v1/package/version/asset?domain=acme&repository=r&format=generic&namespace=n&package=p"
                "&version=1&asset=%00%0a", b""),                                  # odd asset name
        ("DELETE", "/v1/../../etc/passwd", b""),                                  # odd path
        ("PATCH", "/v1/domain", b""),                                             # unknown method
    ],
)
def test_raw_http_abuse_gets_clean_4xx(codeartifact_mock, method, path, body):
    with ThreadedServer(codeartifact_mock) as server:
        answer = requests.request(method, server.url + path, data=body, timeout=10)
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.headers["x-amzn-errortype"] in ("ValidationException", "ResourceNotFoundException")
    assert "Traceback" not in answer.text
