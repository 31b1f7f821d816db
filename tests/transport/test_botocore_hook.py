"""Interception: every codeartifact client is answered in-process, whatever
its Region, endpoint or session; other services pass through untouched."""

from __future__ import annotations

import boto3
import botocore.session
import pytest
from botocore.config import Config

from mock_codeartifact import mock_codeartifact


def test_client_created_before_the_mock_started():
    early = boto3.client("codeartifact", region_name="us-east-1")
    with mock_codeartifact():
        early.create_domain(domain="acme")
        assert early.describe_domain(domain="acme")["domain"]["name"] == "acme"


def test_client_created_without_any_credentials(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    early = boto3.Session().client("codeartifact", region_name="us-east-1")
    with mock_codeartifact():
        assert early.list_domains()["domains"] == []


def test_custom_sessions_and_plain_botocore():
    with mock_codeartifact():
        boto3.Session(region_name="ap-southeast-2").client("codeartifact").create_domain(domain="acme")
        plain = botocore.session.get_session().create_client("codeartifact", region_name="ap-southeast-2")
        assert plain.describe_domain(domain="acme")["domain"]["owner"] == "123456789012"


def test_any_endpoint_url_and_region_are_answered_in_process():
    with mock_codeartifact():
        custom = boto3.client("codeartifact", region_name="eu-west-3", endpoint_url="https://example.invalid:1234")
        custom.create_domain(domain="acme")
        arn = boto3.client("codeartifact", region_name="eu-west-3").describe_domain(domain="acme")["domain"]["arn"]
        assert arn == "arn:aws:codeartifact:eu-west-3:123456789012:domain/acme"


def test_regions_are_separate():
    with mock_codeartifact():
        boto3.client("codeartifact", region_name="eu-west-1").create_domain(domain="acme")
        assert boto3.client("codeartifact", region_name="us-west-2").list_domains()["domains"] == []


def test_errors_are_parsed_by_botocore_as_modelled_exceptions():
    with mock_codeartifact():
        client = boto3.client("codeartifact", region_name="us-east-1")
        with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
            client.describe_domain(domain="missing")
    response = caught.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert response["Error"]["Code"] == "ResourceNotFoundException"
    assert response["resourceId"] == "missing" and response["resourceType"] == "domain"


def test_client_validation_off_gets_the_service_validation_error():
    with mock_codeartifact() as mock:
        client = boto3.client("codeartifact", region_name="us-east-1", config=Config(parameter_validation=False))
        with pytest.raises(client.exceptions.ValidationException) as caught:
            client.create_domain(domain="Not_Valid")
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert caught.value.response["reason"] == "FIELD_VALIDATION_FAILED"
        assert "regular expression pattern" in caught.value.response["Error"]["Message"]
        assert mock.backend().domains == {}


def test_no_mock_no_interception():
    """Without an active mock the handler steps aside (the request would go to
    AWS; here a stub handler proves it reached the network layer)."""
    session = boto3.Session(region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
    client = session.client("codeartifact")
    seen = []

    def stop_before_network(request, **_):
        seen.append(request.url)
        raise RuntimeError("would have gone to the network")

    client.meta.events.register_last("before-send.codeartifact", stop_before_network)
    with pytest.raises(RuntimeError):
        client.list_domains()
    assert seen and seen[0].startswith("https://codeartifact.us-east-1.amazonaws.com")


def test_coexists_with_moto():
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_codeartifact():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="artifacts")
        ca = boto3.client("codeartifact", region_name="us-east-1")
        ca.create_domain(domain="acme")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["artifacts"]
        assert [d["name"] for d in ca.list_domains()["domains"]] == ["acme"]
    with mock_codeartifact(), moto.mock_aws():  # either order
        boto3.client("codeartifact", region_name="us-east-1").create_domain(domain="acme")
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="artifacts")


def test_retries_and_paginators_run_their_real_code():
    with mock_codeartifact():
        client = boto3.client("codeartifact", region_name="us-east-1")
        client.create_domain(domain="acme")
        for i in range(7):
            client.create_repository(domain="acme", repository=f"repo-{i}")
        pages = list(
            client.get_paginator("list_repositories_in_domain").paginate(domain="acme", PaginationConfig={"PageSize": 3})
        )
        assert [len(p["repositories"]) for p in pages] == [3, 3, 1]
        assert pages[-1]["ResponseMetadata"]["RetryAttempts"] == 0


def test_each_call_is_answered_exactly_once():
    import botocore.handlers

    from mock_codeartifact.transport import botocore_hook

    botocore_hook.install()  # again: must stay idempotent
    listed = [spec for spec in botocore.handlers.BUILTIN_HANDLERS if spec[0] == botocore_hook.EVENT]
    assert len(listed) == 1
    with mock_codeartifact() as mock:
        boto3.client("codeartifact", region_name="us-east-1").create_domain(domain="once")
    assert [c.operation for c in mock.calls] == ["CreateDomain"]


def test_a_request_that_passed_validation_does_not_excuse_a_different_type():
    with mock_codeartifact():
        lenient = boto3.client("codeartifact", region_name="us-east-1", config=Config(parameter_validation=False))
        lenient.list_domains(maxResults=1)
        with pytest.raises(lenient.exceptions.ValidationException):
            lenient.list_domains(maxResults=True)
