"""Hostile values other than package files, each in a capped child process:
deeply nested JSON, numbers with thousands of digits, wildcard-heavy policies,
oversized values in validation errors and unknown Regions."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.hostile import builders as b
from tests.hostile.isolation import run_isolated, supported

pytestmark = pytest.mark.skipif(not supported, reason="needs fork and /proc (Linux)")

ACCOUNT = "123456789012"
DIGITS = "9" * 5000


def _client(**config: Any) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client("codeartifact", region_name="us-east-1",
                        config=Config(parameter_validation=False, retries={"max_attempts": 1}, **config))


def _error(call: Any) -> dict[str, Any]:
    from botocore.exceptions import ClientError

    try:
        call()
    except ClientError as error:
        return {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"],
                "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
    return {"code": None}


# -- deeply nested JSON -------------------------------------------------------------------


def test_a_3000_deep_policy_statement_is_a_validation_exception():
    def case() -> dict[str, Any]:
        import sys

        from mock_codeartifact import mock_codeartifact

        sys.setrecursionlimit(200_000)  # no reliance on RecursionError: the C stack would overflow
        document = '{"Version":"2012-10-17","Statement":' + b.deep_json(3000) + "}"
        with mock_codeartifact() as mock:
            client = _client()
            client.create_domain(domain="acme")
            error = _error(lambda: client.put_domain_permissions_policy(domain="acme", policyDocument=document))
            held = mock.backend().get_domain_permissions_policy
            from mock_codeartifact.errors import ResourceNotFoundException
            try:
                held(domain="acme")
                stored = True
            except ResourceNotFoundException:
                stored = False
            return {"length": len(document), **error, "stored": stored}

    outcome = run_isolated(case)
    assert outcome["length"] <= 7168  # inside the model's limit for policy documents
    assert (outcome["code"], outcome["status"]) == ("ValidationException", 400)
    assert "nests deeper than" in outcome["message"]
    assert not outcome["stored"]


def test_a_deeply_nested_request_body_over_http_is_a_validation_exception():
    def case() -> dict[str, Any]:
        import sys

        import requests

        from mock_codeartifact import mock_codeartifact
        from mock_codeartifact._transport.server import ThreadedServer

        sys.setrecursionlimit(200_000)
        with mock_codeartifact() as mock, ThreadedServer(mock) as server:
            body = '{"tags": ' + b.deep_json(100_000) + "}"
            answer = requests.post(server.url + "/v1/domain?domain=acme", data=body, timeout=30)
            after = requests.post(server.url + "/v1/domains", data="{}", timeout=30)
            return {"status": answer.status_code, "type": answer.headers.get("x-amzn-errortype"),
                    "message": answer.json().get("message"), "domains": after.json()["domains"]}

    outcome = run_isolated(case)
    assert (outcome["status"], outcome["type"]) == (400, "ValidationException")
    assert "nests deeper than" in outcome["message"]
    assert outcome["domains"] == []


# -- numbers with thousands of digits -----------------------------------------------------


@pytest.mark.parametrize("fmt", ["generic", "npm", "pypi", "maven", "nuget", "swift", "ruby", "cargo"])
def test_versions_with_thousands_of_digits_sort_without_error(fmt):
    from mock_codeartifact._formats import get_format

    plugin = get_format(fmt)
    huge = f"1.0.{DIGITS}"
    ordered = plugin.sort_versions([huge, "1.0.10", "1.0.9", f"1.0.0{DIGITS}"])
    assert ordered.index("1.0.9") < ordered.index("1.0.10")
    assert plugin.parsed_version_key(huge) is None or ordered[-1] in (huge, f"1.0.0{DIGITS}")


def _seeded_endpoint(fmt: str) -> Any:
    """A repository holding a package ``evil`` of ``fmt``, its endpoint and auth."""
    from mock_codeartifact import mock_codeartifact

    mock = mock_codeartifact().start()
    client = _client()
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="repo")
    files = {
        "npm": {"evil.tgz": b.tar_of({"package/package.json": b.npm_manifest()})},
        "nuget": {"evil.nupkg": b.zip_of({"Evil.nuspec": b.nuspec()})},
        "maven": {"evil-1.0.pom": b.pom()},
        "pypi": {"evil-1.0-py3-none-any.whl": b.zip_of({"evil-1.0.dist-info/METADATA": b.pkg_info()})},
    }[fmt]
    mock.backend().publish_package(domain="acme", repository="repo", format=fmt, files=files,
                                   namespace="org.evil" if fmt == "maven" else None)
    url = client.get_repository_endpoint(domain="acme", repository="repo", format=fmt)["repositoryEndpoint"]
    token = client.get_authorization_token(domain="acme")["authorizationToken"]
    return mock, url, ("aws", token)


#: (format, method, path under the endpoint, body): digits in the version or build number.
DIGIT_PATHS = [
    ("npm", "GET", f"evil/1.0.{DIGITS}", None),
    ("npm", "GET", f"evil/-/evil-1.0.{DIGITS}.tgz", None),
    ("nuget", "GET", f"v3-flatcontainer/evil/1.0.{DIGITS}/evil.1.0.{DIGITS}.nupkg", None),
    ("nuget", "GET", f"v3/registrations/evil/1.0.{DIGITS}.json", None),
    ("maven", "GET", f"org/evil/evil/1.0-SNAPSHOT/evil-1.0-20240101.120000-{DIGITS}.jar", None),
    ("maven", "PUT", f"org/evil/evil/1.0-SNAPSHOT/evil-1.0-20240101.120000-{DIGITS}.jar", b"jar"),
    ("maven", "PUT", f"org/evil/evil/1.{DIGITS}/evil-1.{DIGITS}.pom", b"<project/>"),
    ("pypi", "GET", f"simple/evil/{DIGITS}/", None),
]


@pytest.mark.parametrize(("fmt", "method", "path", "body"), DIGIT_PATHS,
                         ids=[f"{f}-{m}-{i}" for i, (f, m, _, _) in enumerate(DIGIT_PATHS)])
def test_digits_in_endpoint_paths_are_a_4xx(fmt, method, path, body):
    def case() -> dict[str, Any]:
        import requests

        mock, url, auth = _seeded_endpoint(fmt)
        try:
            answer = requests.request(method, url + path, data=body, auth=auth)
            listed = requests.get(url + {"npm": "evil", "nuget": "v3-flatcontainer/evil/index.json",
                                         "maven": "org/evil/evil/maven-metadata.xml",
                                         "pypi": "simple/evil/"}[fmt], auth=auth)
            return {"status": answer.status_code, "listed": listed.status_code}
        finally:
            mock.stop()

    outcome = run_isolated(case)
    assert 400 <= outcome["status"] < 500, outcome
    assert outcome["listed"] == 200  # the package still reads fine afterwards


def test_a_maven_metadata_document_with_a_dtd_is_refused():
    def case() -> dict[str, Any]:
        import requests

        mock, url, auth = _seeded_endpoint("maven")
        try:
            document = (b'<?xml version="1.0"?>' + b.BILLION_LAUGHS.replace("project", "metadata").encode()
                        + b"<metadata><groupId>org.evil</groupId><artifactId>&j;</artifactId></metadata>")
            answer = requests.put(url + "org/evil/evil/maven-metadata.xml", data=document, auth=auth)
            return {"status": answer.status_code, "text": answer.text[:500]}
        finally:
            mock.stop()

    outcome = run_isolated(case)
    assert outcome["status"] == 400 and "DTD" in outcome["text"], outcome


# -- policies: wildcards ------------------------------------------------------------------


def test_wildcard_heavy_policies_are_matched_in_linear_time():
    def case() -> dict[str, Any]:
        from mock_codeartifact import mock_codeartifact
        from mock_codeartifact._access.policy import wildcard_match

        direct = wildcard_match("*a" * 3000 + "*b", "a" * 7000)
        resource = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/acme/" + "*a" * 8 + "*b"
        document = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": "*", "Action": "codeartifact:*", "Resource": resource}]})
        with mock_codeartifact():
            client = _client()
            client.create_domain(domain="acme")
            name = "a" * 60
            client.create_repository(domain="acme", repository=name)
            client.put_repository_permissions_policy(domain="acme", repository=name, policyDocument=document)
            described = client.describe_repository(domain="acme", repository=name)["repository"]["name"]
        return {"direct": direct, "described": described}

    outcome = run_isolated(case)
    assert outcome["direct"] is False
    assert outcome["described"] == "a" * 60


# -- validation messages --------------------------------------------------------------------


def test_a_10_mb_value_gives_a_short_validation_message():
    def case() -> dict[str, Any]:
        from mock_codeartifact import mock_codeartifact

        with mock_codeartifact():
            client = _client()
            tags = [{"key": "k" * 200, "value": "v"}] * 60
            return _error(lambda: client.create_domain(domain="A" * 10_000_000, tags=tags))

    outcome = run_isolated(case)
    assert (outcome["code"], outcome["status"]) == ("ValidationException", 400)
    count = int(re.match(r"(\d+) validation errors detected", outcome["message"]).group(1))
    assert count > 10 and outcome["message"].endswith(f"and {count - 10} more")
    assert "...(10000000 characters)" in outcome["message"]
    assert len(outcome["message"]) < 6000


# -- Regions -------------------------------------------------------------------------------


def test_an_unknown_region_fails_as_its_endpoint_would():
    def case() -> dict[str, Any]:
        import boto3
        import requests
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.config import Config
        from botocore.credentials import Credentials
        from botocore.exceptions import EndpointConnectionError

        from mock_codeartifact import mock_codeartifact
        from mock_codeartifact._transport.server import ThreadedServer

        with mock_codeartifact() as mock:
            client = boto3.client("codeartifact", region_name="xx-fake-1", config=Config(retries={"max_attempts": 1}))
            try:
                client.create_domain(domain="acme")
                in_process = "answered"
            except EndpointConnectionError as error:
                in_process = str(error)
            with ThreadedServer(mock) as server:
                request = AWSRequest("POST", server.url + "/v1/domain?domain=acme", data=b"{}")
                SigV4Auth(Credentials("AKIAEXAMPLE", "secret"), "codeartifact", "xx-fake-1").add_auth(request)
                answer = requests.post(request.url, data=b"{}", headers=dict(request.headers.items()))
            regions = sorted({backend.region for backend in mock.registry.backends()})
            return {"in_process": in_process, "status": answer.status_code,
                    "type": answer.headers.get("x-amzn-errortype"), "message": answer.json()["message"],
                    "regions": regions}

    outcome = run_isolated(case)
    assert "Could not connect to the endpoint URL" in outcome["in_process"]
    assert (outcome["status"], outcome["type"]) == (403, "InvalidSignatureException")
    assert "xx-fake-1" in outcome["message"]
    assert outcome["regions"] == []


def test_a_forged_next_token_nesting_deeply_is_a_validation_exception():
    def case() -> dict[str, Any]:
        import base64

        from mock_codeartifact import mock_codeartifact

        token = base64.urlsafe_b64encode(b"[" * 1500).decode()
        with mock_codeartifact():
            return {"length": len(token), **_error(lambda: _client().list_domains(nextToken=token))}

    outcome = run_isolated(case)
    assert outcome["length"] <= 2000  # the model's limit for nextToken
    assert (outcome["code"], outcome["status"]) == ("ValidationException", 400), outcome
