"""GetAuthorizationToken and GetRepositoryEndpoint."""

from __future__ import annotations

import datetime as dt

import boto3
import pytest

from mock_codeartifact._protocol.model import service_model

ACCOUNT = "123456789012"
OTHER = "210987654321"
REGION = "us-east-1"
T0 = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
FORMATS = ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"]


@pytest.fixture
def client(codeartifact_client, codeartifact_mock):
    codeartifact_mock.clock.freeze(T0)
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="repo")
    return codeartifact_client


def expires_after(result, seconds):
    assert isinstance(result["expiration"], dt.datetime)
    return result["expiration"] == T0 + dt.timedelta(seconds=seconds)


# -- GetAuthorizationToken -------------------------------------------------------


def test_default_duration_is_twelve_hours(client):
    result = client.get_authorization_token(domain="acme")
    assert set(result) - {"ResponseMetadata"} == {"authorizationToken", "expiration"}
    assert isinstance(result["authorizationToken"], str) and result["authorizationToken"]
    assert expires_after(result, 43200)


@pytest.mark.parametrize("seconds", [900, 3600, 43200])
def test_explicit_duration(client, seconds):
    assert expires_after(client.get_authorization_token(domain="acme", durationSeconds=seconds), seconds)


def test_zero_duration_follows_the_session(client):
    # The mock has no role session; it uses one hour (its documented choice).
    assert expires_after(client.get_authorization_token(domain="acme", durationSeconds=0), 3600)


@pytest.mark.parametrize("seconds", [1, 60, 899, 43201])
def test_durations_outside_0_and_900_to_43200_are_refused(client, lenient_client, fails, seconds):
    fails(lambda: lenient_client.get_authorization_token(domain="acme", durationSeconds=seconds), "ValidationException", 400)


def test_expiration_follows_the_clock(client, codeartifact_mock):
    first = client.get_authorization_token(domain="acme", durationSeconds=900)
    codeartifact_mock.clock.advance(hours=2)
    second = client.get_authorization_token(domain="acme", durationSeconds=900)
    assert second["expiration"] - first["expiration"] == dt.timedelta(hours=2)


def test_expired_tokens_are_forgotten(client, codeartifact_mock):
    short = client.get_authorization_token(domain="acme", durationSeconds=900)["authorizationToken"]
    long = client.get_authorization_token(domain="acme")["authorizationToken"]
    assert {short, long} <= set(codeartifact_mock.registry.tokens)
    codeartifact_mock.clock.advance(seconds=901)
    fresh = client.get_authorization_token(domain="acme")["authorizationToken"]
    assert set(codeartifact_mock.registry.tokens) == {long, fresh}


def test_every_call_issues_a_new_token(client):
    first = client.get_authorization_token(domain="acme")["authorizationToken"]
    second = client.get_authorization_token(domain="acme")["authorizationToken"]
    assert first != second


def test_token_for_missing_domain(client, fails):
    fails(
        lambda: client.get_authorization_token(domain="nope"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="domain",
    )


def test_token_for_another_accounts_domain(client, client_as, share_domain):
    theirs = client_as(OTHER)
    theirs.create_domain(domain="shared")
    share_domain("shared", ACCOUNT, owner=OTHER)
    result = client.get_authorization_token(domain="shared", domainOwner=OTHER, durationSeconds=900)
    assert expires_after(result, 900)


# -- GetRepositoryEndpoint -------------------------------------------------------


KNOWN_FORMATS = [f for f in FORMATS if f in set(service_model().shape_for("PackageFormat").enum)]
HAS_ENDPOINT_TYPE = "endpointType" in service_model().operation_model("GetRepositoryEndpoint").input_shape.members


@pytest.mark.parametrize("fmt", KNOWN_FORMATS)
def test_ipv4_endpoint(client, fmt):
    url = client.get_repository_endpoint(domain="acme", repository="repo", format=fmt)["repositoryEndpoint"]
    assert url == f"https://acme-{ACCOUNT}.d.codeartifact.{REGION}.amazonaws.com/{fmt}/repo/"
    if HAS_ENDPOINT_TYPE:
        explicit = client.get_repository_endpoint(domain="acme", repository="repo", format=fmt, endpointType="ipv4")
        assert explicit["repositoryEndpoint"] == url


@pytest.mark.skipif(not HAS_ENDPOINT_TYPE, reason="botocore's model predates endpointType")
@pytest.mark.parametrize("fmt", KNOWN_FORMATS)
def test_dualstack_endpoint(client, fmt):
    url = client.get_repository_endpoint(
        domain="acme", repository="repo", format=fmt, endpointType="dualstack"
    )["repositoryEndpoint"]
    assert url == f"https://acme-{ACCOUNT}.codeartifact.{REGION}.on.aws/{fmt}/repo/"


@pytest.mark.parametrize("region", ["eu-west-1", "ap-southeast-2"])
def test_endpoint_in_another_region(client_as, region):
    local = client_as(region=region)
    local.create_domain(domain="acme")
    local.create_repository(domain="acme", repository="repo")
    url = local.get_repository_endpoint(domain="acme", repository="repo", format="pypi")["repositoryEndpoint"]
    assert url == f"https://acme-{ACCOUNT}.d.codeartifact.{region}.amazonaws.com/pypi/repo/"


def test_endpoint_names_the_domain_owner(client, client_as, share_domain):
    share_domain("acme", OTHER)
    theirs = client_as(OTHER)
    theirs.create_repository(domain="acme", domainOwner=ACCOUNT, repository="theirs")
    url = theirs.get_repository_endpoint(
        domain="acme", domainOwner=ACCOUNT, repository="theirs", format="npm"
    )["repositoryEndpoint"]
    assert url == f"https://acme-{ACCOUNT}.d.codeartifact.{REGION}.amazonaws.com/npm/theirs/"


def test_endpoint_of_missing_repository(client, fails):
    fails(
        lambda: client.get_repository_endpoint(domain="acme", repository="nope", format="npm"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="repository",
    )


def test_endpoint_of_missing_domain(client, fails):
    fails(
        lambda: client.get_repository_endpoint(domain="nope", repository="repo", format="npm"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="domain",
    )


def test_a_token_remembers_its_callers_principal(client, codeartifact_mock, codeartifact_backend):
    bob = f"arn:aws:iam::{ACCOUNT}:user/bob"
    codeartifact_mock.add_identity("AKIABOB", ACCOUNT, bob)
    as_bob = boto3.client("codeartifact", region_name=REGION, aws_access_key_id="AKIABOB", aws_secret_access_key="x")
    value = as_bob.get_authorization_token(domain="acme")["authorizationToken"]
    assert codeartifact_mock.registry.tokens[value].principal_arn == bob
    assert codeartifact_mock.calls[-1].params == {"domain": "acme"}  # the recorded call is the caller's
    seeded = codeartifact_backend.get_authorization_token(domain="acme")["authorizationToken"]
    assert codeartifact_mock.registry.tokens[seeded].principal_arn is None  # the account's root


def test_deleting_a_domain_revokes_its_tokens_only(client, codeartifact_mock):
    client.create_domain(domain="other")
    doomed = client.get_authorization_token(domain="acme")["authorizationToken"]
    kept = client.get_authorization_token(domain="other")["authorizationToken"]
    client.delete_repository(domain="acme", repository="repo")
    client.delete_domain(domain="acme")
    client.create_domain(domain="acme")  # the same name: another domain
    assert doomed not in codeartifact_mock.registry.tokens
    assert kept in codeartifact_mock.registry.tokens


def test_tokens_look_like_the_services(client):
    """Like the service's (a JWE in compact form with a JSON header), a token
    begins ``eyJ`` and never ``-``: ``twine -p $TOKEN`` and ``nuget -password``
    would read that as an option."""
    import base64
    import json
    import re

    for _ in range(300):
        result = client.get_authorization_token(domain="acme", durationSeconds=900)
        token = result["authorizationToken"]
        assert token.startswith("eyJ") and re.fullmatch(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){4}", token), token
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["ver"] == 1 and header["alg"] == "A128GCMKW" and header["enc"] == "A128GCM"
    assert header["exp"] - header["isu"] == 900
    assert header["exp"] == int(result["expiration"].timestamp())
