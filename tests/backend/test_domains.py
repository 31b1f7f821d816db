"""CreateDomain, DescribeDomain, DeleteDomain, ListDomains."""

from __future__ import annotations

import datetime as dt
import re

import boto3
import pytest

ACCOUNT = "123456789012"
OTHER = "210987654321"
REGION = "us-east-1"
T0 = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.timezone.utc)

DESCRIPTION_KEYS = {
    "name", "owner", "arn", "status", "createdTime", "encryptionKey",
    "repositoryCount", "assetSizeBytes", "s3BucketArn",
}
SUMMARY_KEYS = {"name", "owner", "arn", "status", "createdTime", "encryptionKey"}
KMS_KEY = re.compile(
    rf"arn:aws:kms:{REGION}:{ACCOUNT}:key/[0-9a-f]{{8}}-[0-9a-f]{{4}}-4[0-9a-f]{{3}}-[89ab][0-9a-f]{{3}}-[0-9a-f]{{12}}"
)


@pytest.fixture
def frozen(codeartifact_mock):
    codeartifact_mock.clock.freeze(T0)
    return T0


def test_create_domain_returns_the_full_description(codeartifact_client, frozen):
    domain = codeartifact_client.create_domain(domain="acme")["domain"]

    assert set(domain) == DESCRIPTION_KEYS
    assert domain["name"] == "acme"
    assert domain["owner"] == ACCOUNT
    assert domain["arn"] == f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:domain/acme"
    assert domain["status"] == "Active"
    assert isinstance(domain["createdTime"], dt.datetime)
    assert domain["createdTime"] == frozen
    assert KMS_KEY.fullmatch(domain["encryptionKey"])
    assert domain["repositoryCount"] == 0 and type(domain["repositoryCount"]) is int
    assert domain["assetSizeBytes"] == 0 and type(domain["assetSizeBytes"]) is int
    assert domain["s3BucketArn"] == f"arn:aws:s3:::assets-{ACCOUNT}-{REGION}"


def test_describe_domain_matches_create(codeartifact_client):
    created = codeartifact_client.create_domain(domain="acme")["domain"]
    assert codeartifact_client.describe_domain(domain="acme")["domain"] == created
    assert codeartifact_client.describe_domain(domain="acme", domainOwner=ACCOUNT)["domain"] == created


@pytest.mark.parametrize(
    ("given", "reported"),
    [
        (f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
         f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        ("1234abcd-12ab-34cd-56ef-1234567890ab", f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        ("alias/my-key", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/my-key"),
    ],
    ids=["key-arn", "key-id", "alias-name"],
)
def test_encryption_key_is_reported_as_an_arn(codeartifact_client, given, reported):
    domain = codeartifact_client.create_domain(domain="acme", encryptionKey=given)["domain"]
    assert domain["encryptionKey"] == reported
    assert codeartifact_client.describe_domain(domain="acme")["domain"]["encryptionKey"] == reported


def test_managed_keys_differ_between_domains(codeartifact_client):
    first = codeartifact_client.create_domain(domain="one")["domain"]["encryptionKey"]
    second = codeartifact_client.create_domain(domain="two")["domain"]["encryptionKey"]
    assert first != second


def test_describe_missing_domain(codeartifact_client, fails):
    response = fails(
        lambda: codeartifact_client.describe_domain(domain="nope"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="domain",
    )
    assert "nope" in response["Error"]["Message"] and ACCOUNT in response["Error"]["Message"]


def test_create_existing_domain_conflicts(codeartifact_client, fails):
    codeartifact_client.create_domain(domain="acme")
    fails(
        lambda: codeartifact_client.create_domain(domain="acme"),
        "ConflictException", 409, resourceId="acme", resourceType="domain",
    )


def test_domain_names_are_unique_per_account_not_globally(codeartifact_client, client_as):
    codeartifact_client.create_domain(domain="acme")
    theirs = client_as(OTHER).create_domain(domain="acme")["domain"]
    assert theirs["owner"] == OTHER
    assert theirs["arn"] == f"arn:aws:codeartifact:{REGION}:{OTHER}:domain/acme"
    assert codeartifact_client.describe_domain(domain="acme")["domain"]["owner"] == ACCOUNT


def test_domains_are_per_region(codeartifact_client, client_as, fails):
    codeartifact_client.create_domain(domain="acme")
    europe = client_as(region="eu-west-1")
    fails(lambda: europe.describe_domain(domain="acme"), "ResourceNotFoundException", 404, resourceId="acme")
    domain = europe.create_domain(domain="acme")["domain"]
    assert domain["arn"] == f"arn:aws:codeartifact:eu-west-1:{ACCOUNT}:domain/acme"
    assert domain["s3BucketArn"] == f"arn:aws:s3:::assets-{ACCOUNT}-eu-west-1"
    assert [d["name"] for d in europe.list_domains()["domains"]] == ["acme"]


def test_china_region_uses_its_partition(client_as):
    domain = client_as(region="cn-north-1").create_domain(domain="acme")["domain"]
    assert domain["arn"] == f"arn:aws-cn:codeartifact:cn-north-1:{ACCOUNT}:domain/acme"
    assert domain["encryptionKey"].startswith(f"arn:aws-cn:kms:cn-north-1:{ACCOUNT}:key/")


def test_domain_quota(codeartifact_client, codeartifact_mock, fails):
    for i in range(10):
        codeartifact_client.create_domain(domain=f"d{i}")
    fails(
        lambda: codeartifact_client.create_domain(domain="eleventh"),
        "ServiceQuotaExceededException", 402, resourceId="eleventh", resourceType="domain",
    )
    codeartifact_mock.registry.quotas["domains"] = 11  # the quota is adjustable
    codeartifact_client.create_domain(domain="eleventh")


def test_repository_count_follows_the_repositories(codeartifact_client):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="one")
    codeartifact_client.create_repository(domain="acme", repository="two")
    assert codeartifact_client.describe_domain(domain="acme")["domain"]["repositoryCount"] == 2
    codeartifact_client.delete_repository(domain="acme", repository="one")
    assert codeartifact_client.describe_domain(domain="acme")["domain"]["repositoryCount"] == 1


def test_delete_domain(codeartifact_client, fails):
    created = codeartifact_client.create_domain(domain="acme")["domain"]
    deleted = codeartifact_client.delete_domain(domain="acme")["domain"]
    assert deleted == {**created, "status": "Deleted"}
    fails(lambda: codeartifact_client.describe_domain(domain="acme"), "ResourceNotFoundException", 404)
    assert codeartifact_client.list_domains()["domains"] == []


def test_a_deleted_domain_can_be_recreated_empty(codeartifact_client):
    codeartifact_client.create_domain(domain="acme", tags=[{"key": "team", "value": "a"}])
    codeartifact_client.put_domain_permissions_policy(domain="acme", policyDocument='{"Statement": []}')
    codeartifact_client.delete_domain(domain="acme")

    domain = codeartifact_client.create_domain(domain="acme")["domain"]
    assert codeartifact_client.list_tags_for_resource(resourceArn=domain["arn"])["tags"] == []
    with pytest.raises(codeartifact_client.exceptions.ResourceNotFoundException):
        codeartifact_client.get_domain_permissions_policy(domain="acme")


def test_delete_domain_with_repositories_conflicts(codeartifact_client, fails):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="repo")
    fails(
        lambda: codeartifact_client.delete_domain(domain="acme"),
        "ConflictException", 409, resourceId="acme", resourceType="domain",
    )


def test_delete_missing_domain(codeartifact_client, fails):
    # DeleteDomain declares no ResourceNotFoundException; the mock's choice.
    fails(
        lambda: codeartifact_client.delete_domain(domain="nope"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="domain",
    )


def test_list_domains_returns_summaries(codeartifact_client, frozen):
    created = codeartifact_client.create_domain(domain="acme")["domain"]
    (summary,) = codeartifact_client.list_domains()["domains"]
    assert set(summary) == SUMMARY_KEYS
    assert summary == {k: created[k] for k in SUMMARY_KEYS}
    assert summary["createdTime"] == frozen


def test_list_domains_lists_only_the_callers_domains(codeartifact_client, client_as):
    codeartifact_client.create_domain(domain="mine")
    client_as(OTHER).create_domain(domain="theirs")
    assert [d["name"] for d in codeartifact_client.list_domains()["domains"]] == ["mine"]
    assert [d["name"] for d in client_as(OTHER).list_domains()["domains"]] == ["theirs"]


@pytest.mark.codeartifact(region="eu-west-1")
def test_not_found_names_the_region_and_account_searched(codeartifact_factory, monkeypatch):
    """State seeded in eu-west-1, a client whose Region came from the
    environment: the message keeps AWS's text and says where the mock looked."""
    codeartifact_factory.repository("release")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    client = boto3.client("codeartifact")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.describe_repository(domain="acme", repository="release")
    assert caught.value.response["Error"]["Message"] == (
        "Domain not found. Domain 'acme' owned by account '123456789012' does not exist"
        " (searched Region 'us-west-2', account '123456789012')"
    )
    eu = boto3.client("codeartifact", region_name="eu-west-1")
    with pytest.raises(eu.exceptions.ResourceNotFoundException) as caught:
        eu.describe_repository(domain="acme", repository="staging")
    assert caught.value.response["Error"]["Message"] == (
        "Repository not found. Repository 'staging' in domain 'acme' does not exist"
        " (searched Region 'eu-west-1', account '123456789012')"
    )
