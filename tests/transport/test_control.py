"""The control API under /_mock/, through the HTTP server: every route, its
answers and its refusals."""

from __future__ import annotations

import datetime as _dt

import boto3
import botocore.config
import pytest
import requests
from botocore.exceptions import ClientError

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.npm_packages import npm_tarball
from tests.endpoints.repositories import endpoint_url, token_auth
from tests.endpoints.wheels import build_wheel


@pytest.fixture
def server(codeartifact_mock):
    with ThreadedServer(codeartifact_mock) as running:
        yield running


def _client(server, access_key: str = "AKIAEXAMPLE"):
    return boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url,
                        aws_access_key_id=access_key, aws_secret_access_key="x",
                        config=botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1}))


def _call(server, method: str, route: str, **options):
    return requests.request(method, f"{server.url}/_mock/{route}", timeout=30, **options)


def test_health_says_ok_with_the_version(server):
    from mock_codeartifact import __version__

    answer = _call(server, "GET", "health")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/json"
    assert answer.json() == {"status": "ok", "version": __version__, "accountId": "123456789012",
                             "region": "us-east-1", "publicUrl": None}


def test_reset_forgets_everything(server, codeartifact_mock):
    client = _client(server)
    client.create_domain(domain="acme")
    _call(server, "POST", "identities", json={"accessKeyId": "AKIAOTHER", "accountId": "111122223333"})
    _call(server, "POST", "clock", json={"freeze": "2030-01-01T00:00:00Z"})
    _call(server, "POST", "faults", json={"kind": "delay", "operation": "ListDomains", "seconds": 0})
    answer = _call(server, "POST", "reset")
    assert answer.status_code == 200 and answer.json() == {"status": "reset"}
    assert client.list_domains()["domains"] == []
    assert _call(server, "GET", "identities").json() == {"identities": []}
    assert _call(server, "GET", "clock").json()["frozen"] is False
    assert _call(server, "GET", "faults").json() == {"faults": [], "fired": {}}


def test_state_export_and_import_round_trip(server):
    client = _client(server)
    client.create_domain(domain="acme", tags=[{"key": "team", "value": "a"}])
    client.create_repository(domain="acme", repository="release")
    exported = _call(server, "GET", "state").json()
    assert exported["format"] == "mock_codeartifact/state"
    _call(server, "POST", "reset")
    answer = _call(server, "PUT", "state", json=exported)
    assert answer.status_code == 200 and answer.json() == {"status": "loaded", "domains": 1}
    assert [r["name"] for r in client.list_repositories()["repositories"]] == ["release"]


@pytest.mark.parametrize("body, problem", [
    (b"{broken", "the body is not JSON"),
    (b"[]", "a state document is a JSON object"),
    (b'{"format": "mock_codeartifact/state", "version": 99}', "unsupported state document version"),
    (b'{"format": "mock_codeartifact/state", "version": 1, "quotas": {}, "tokens": [], "backends": '
     b'[{"accountId": "123456789012", "region": "us-east-1", "domains": [{"name": "x"}]}]}', "missing member"),
    (b'{"identities": [{"accessKeyId": "A", "accountId": "12"}]}', "identities[0]: accountId '12'"),
])
def test_a_bad_state_document_is_refused_and_changes_nothing(server, body, problem):
    client = _client(server)
    client.create_domain(domain="kept")
    before = _call(server, "GET", "state").json()
    answer = _call(server, "PUT", "state", data=body)
    assert answer.status_code == 400 and problem in answer.json()["error"], answer.text
    assert _call(server, "GET", "state").json() == before


def test_the_clock_expires_a_token(server):
    client = _client(server)
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="release")
    frozen = _call(server, "POST", "clock", json={"freeze": "2030-01-01T00:00:00Z"}).json()
    assert frozen == {"now": "2030-01-01T00:00:00+00:00", "frozen": True}
    token = client.get_authorization_token(domain="acme", durationSeconds=900)
    assert token["expiration"] == _dt.datetime(2030, 1, 1, 0, 15, tzinfo=_dt.timezone.utc)
    url = endpoint_url(client, "release", "npm")

    def status() -> int:
        return requests.get(url + "nothing", auth=("aws", token["authorizationToken"]), timeout=10).status_code

    assert status() == 404
    advanced = _call(server, "POST", "clock", json={"advance": 901}).json()
    assert advanced == {"now": "2030-01-01T00:15:01+00:00", "frozen": True}
    assert status() == 401
    answer = _call(server, "POST", "clock", json={"unfreeze": True}).json()
    assert answer["frozen"] is False


@pytest.mark.parametrize("body", [{}, {"freeze": "yesterday"}, {"advance": "1"}, {"unfreeze": False}, {"stop": 1}])
def test_bad_clock_requests_are_refused(server, body):
    answer = _call(server, "POST", "clock", json=body)
    assert answer.status_code == 400 and answer.json()["error"]


def test_identities_make_a_key_another_account(server):
    answer = _call(server, "POST", "identities", json={
        "accessKeyId": "AKIAOTHER", "accountId": "111122223333",
        "principalArn": "arn:aws:iam::111122223333:role/builder"})
    assert answer.status_code == 201
    _client(server, "AKIAOTHER").create_domain(domain="theirs")
    assert _client(server, "AKIAOTHER").describe_domain(domain="theirs")["domain"]["owner"] == "111122223333"
    assert _client(server).list_domains()["domains"] == []
    assert _call(server, "GET", "identities").json()["identities"] == [{
        "accessKeyId": "AKIAOTHER", "accountId": "111122223333",
        "principalArn": "arn:aws:iam::111122223333:role/builder"}]


@pytest.mark.parametrize("body", [
    {"accessKeyId": "A"}, {"accessKeyId": "A", "accountId": "notanaccount"},
    {"accessKeyId": "A", "accountId": "111122223333", "principalArn": "arn:aws:iam::999999999999:root"},
])
def test_bad_identities_are_refused(server, body):
    answer = _call(server, "POST", "identities", json=body)
    assert answer.status_code == 400 and answer.json()["error"]


def test_faults_throttle_fail_and_delay_operations(server):
    client = _client(server)
    throttle = _call(server, "POST", "faults", json={"kind": "throttle", "operation": "ListDomains",
                                                     "retryAfter": 2})
    assert throttle.status_code == 201 and throttle.json()["remaining"] == 1
    with pytest.raises(ClientError) as raised:
        client.list_domains()
    assert raised.value.response["Error"]["Code"] == "ThrottlingException"
    assert raised.value.response["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "2"
    assert client.list_domains()["domains"] == []  # once only
    _call(server, "POST", "faults", json={"kind": "fail", "operation": "create_domain", "error": "ConflictException",
                                          "message": "busy", "when": {"domain": "broken"}, "times": None})
    with pytest.raises(ClientError) as raised:
        client.create_domain(domain="broken")
    assert raised.value.response["Error"] == {"Code": "ConflictException", "Message": "busy"}
    client.create_domain(domain="fine")
    _call(server, "POST", "faults", json={"kind": "delay", "operation": "*", "seconds": 0.01, "times": 1})
    client.list_domains()
    listed = _call(server, "GET", "faults").json()
    assert [(f["kind"], f["fired"]) for f in listed["faults"]] == [("throttle", 1), ("fail", 1), ("delay", 1)]
    assert listed["fired"] == {"ListDomains": 2, "CreateDomain": 1}
    assert _call(server, "DELETE", "faults").json() == {"faults": []}
    with pytest.raises(ClientError):  # no fault any more: the domain's own conflict
        client.create_domain(domain="fine")
    client.create_domain(domain="broken")


@pytest.mark.parametrize("body", [
    {"kind": "explode"}, {"kind": "throttle", "operation": "NoSuchOperation"},
    {"kind": "fail", "error": "NotAnError"}, {"kind": "delay", "seconds": -1},
    {"kind": "throttle", "times": -1}, {"kind": "throttle", "when": "x"},
])
def test_bad_faults_are_refused(server, body):
    answer = _call(server, "POST", "faults", json=body)
    assert answer.status_code == 400 and answer.json()["error"], answer.text


def test_public_registry_packages_arrive_through_an_external_connection(server):
    client = _client(server)
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="npm-store")
    client.associate_external_connection(domain="acme", repository="npm-store", externalConnection="public:npmjs")
    client.create_repository(domain="acme", repository="pypi-store")
    client.associate_external_connection(domain="acme", repository="pypi-store", externalConnection="public:pypi")
    added = _call(server, "POST", "public-registries/public:npmjs/packages", data=npm_tarball("left-pad", "1.3.0"))
    assert added.status_code == 201 and (added.json()["packageName"], added.json()["version"]) == ("left-pad", "1.3.0")
    name, wheel = build_wheel("tinylib", "2.0.0")
    assert _call(server, "POST", "public-registries/public%3Apypi/packages", files={"file": (name, wheel)}
                 ).status_code == 201
    again = _call(server, "POST", "public-registries/public:npmjs/packages", data=npm_tarball("left-pad", "1.3.0"))
    assert again.status_code == 201  # the same bytes again: idempotent
    auth = token_auth(client)
    npm = endpoint_url(client, "npm-store", "npm")
    assert requests.get(npm + "left-pad", auth=auth, timeout=30).json()["dist-tags"] == {"latest": "1.3.0"}
    pypi = endpoint_url(client, "pypi-store", "pypi")
    assert name in requests.get(pypi + "simple/tinylib/", auth=auth, timeout=30).text


@pytest.mark.parametrize("route, options, status, problem", [
    ("public-registries/public:nowhere/packages", {"data": b"x"}, 404, "no external connection"),
    ("public-registries/public:pypi/packages", {"data": b"x"}, 400, "need their name"),
    ("public-registries/public:npmjs/packages", {}, 400, "the body is the package file"),
    ("public-registries/public:npmjs/packages", {"data": b"not a tarball"}, 400, "ValidationException"),
])
def test_bad_public_registry_uploads_are_refused(server, route, options, status, problem):
    answer = _call(server, "POST", route, **options)
    assert answer.status_code == status and problem in answer.json()["error"], answer.text


@pytest.mark.parametrize("route", ["state", "faults", "clock", "identities", "public-registries/public:npmjs/packages"])
def test_bodies_over_the_request_limit_are_refused_before_they_are_read(server, codeartifact_mock, route):
    codeartifact_mock.registry.max_request_bytes = 1000
    answer = _call(server, "PUT" if route == "state" else "POST", route, data=b"{" + b" " * 2000 + b"}")
    assert answer.status_code == 413 and "1000 bytes" in answer.json()["error"]
    form = _call(server, "POST", "public-registries/public:npmjs/packages",
                 files={"file": ("package.tgz", b"x" * 2000)})
    assert form.status_code == 413


@pytest.mark.parametrize("route", ["state", "faults"])
def test_json_bodies_nested_too_deeply_are_refused(server, route):
    answer = _call(server, "PUT" if route == "state" else "POST", route, data=b"[" * 100_000 + b"]" * 100_000)
    assert answer.status_code == 400 and "nests deeper than" in answer.json()["error"]


def test_unknown_routes_and_methods(server):
    assert _call(server, "GET", "nothing").status_code == 404
    wrong = _call(server, "GET", "reset")
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"
    assert _call(server, "POST", "faults", data=b"[1]").json() == {"error": "the body must be a JSON object"}


def test_faults_work_again_after_the_mock_restarts():
    from mock_codeartifact import CodeArtifactMock

    mock = CodeArtifactMock()
    for _ in range(2):
        with mock, ThreadedServer(mock) as server:
            _call(server, "POST", "faults", json={"kind": "fail", "operation": "ListDomains"})
            with pytest.raises(ClientError) as raised:
                _client(server).list_domains()
            assert raised.value.response["Error"]["Code"] == "InternalServerException"
    # Stopped, the mock took its faults out of the hooks: other mocks see none.
    from mock_codeartifact._hooks import plugin_manager
    from mock_codeartifact._transport import _control

    assert not plugin_manager().is_registered(_control._faults[mock])
