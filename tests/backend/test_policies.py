"""Put/Get/Delete Domain and Repository PermissionsPolicy."""

from __future__ import annotations

import json

import pytest

ACCOUNT = "123456789012"
REGION = "us-east-1"
DOCUMENT = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "codeartifact:*", "Resource": "*"}
        ],
    }
)
OTHER_DOCUMENT = json.dumps({"Version": "2012-10-17", "Statement": []})


class Target:
    """The three policy operations of one resource kind, with its address."""

    def __init__(self, kind: str, address: dict[str, str], arn: str, missing: dict[str, str]) -> None:
        self.kind, self.address, self.arn, self.missing = kind, address, arn, missing

    def put(self, client, document=DOCUMENT, **extra):
        return getattr(client, f"put_{self.kind}_permissions_policy")(**self.address, policyDocument=document, **extra)

    def get(self, client, **extra):
        return getattr(client, f"get_{self.kind}_permissions_policy")(**self.address, **extra)

    def delete(self, client, **extra):
        return getattr(client, f"delete_{self.kind}_permissions_policy")(**self.address, **extra)

    def __repr__(self) -> str:
        return self.kind


TARGETS = [
    Target("domain", {"domain": "acme"}, f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:domain/acme",
           {"resourceId": "acme", "resourceType": "domain"}),
    Target("repository", {"domain": "acme", "repository": "repo"},
           f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:repository/acme/repo",
           {"resourceId": "repo", "resourceType": "repository"}),
]


@pytest.fixture(params=TARGETS, ids=repr)
def target(request):
    return request.param


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="repo")
    return codeartifact_client


def test_put_returns_the_policy(client, target):
    policy = target.put(client)["policy"]
    assert set(policy) == {"resourceArn", "revision", "document"}
    assert policy["resourceArn"] == target.arn
    assert policy["document"] == DOCUMENT
    assert isinstance(policy["revision"], str) and 1 <= len(policy["revision"]) <= 100
    assert target.get(client)["policy"] == policy


def test_put_replaces_the_policy_with_a_new_revision(client, target):
    first = target.put(client)["policy"]
    second = target.put(client, OTHER_DOCUMENT)["policy"]
    assert second["document"] == OTHER_DOCUMENT
    assert second["revision"] != first["revision"]
    assert target.get(client)["policy"] == second


def test_put_with_the_current_revision(client, target):
    first = target.put(client)["policy"]
    second = target.put(client, OTHER_DOCUMENT, policyRevision=first["revision"])["policy"]
    assert second["document"] == OTHER_DOCUMENT


def test_put_with_a_stale_revision_conflicts(client, target, fails):
    stale = target.put(client)["policy"]["revision"]
    target.put(client, OTHER_DOCUMENT)
    fails(
        lambda: target.put(client, DOCUMENT, policyRevision=stale),
        "ConflictException", 409, resourceId=target.arn, resourceType=None,
    )
    assert target.get(client)["policy"]["document"] == OTHER_DOCUMENT


def test_put_with_a_revision_when_no_policy_exists_conflicts(client, target, fails):
    fails(lambda: target.put(client, policyRevision="some-revision"), "ConflictException", 409)


def test_get_when_no_policy_exists(client, target, fails):
    fails(lambda: target.get(client), "ResourceNotFoundException", 404, resourceId=target.arn, resourceType=target.kind)


def test_delete_when_no_policy_exists(client, target, fails):
    fails(
        lambda: target.delete(client), "ResourceNotFoundException", 404, resourceId=target.arn, resourceType=target.kind
    )


def test_delete_returns_the_deleted_policy(client, target, fails):
    policy = target.put(client)["policy"]
    assert target.delete(client)["policy"] == policy
    fails(lambda: target.get(client), "ResourceNotFoundException", 404)


def test_delete_with_the_current_revision(client, target):
    policy = target.put(client)["policy"]
    assert target.delete(client, policyRevision=policy["revision"])["policy"] == policy


def test_delete_with_a_stale_revision_conflicts(client, target, fails):
    stale = target.put(client)["policy"]["revision"]
    current = target.put(client, OTHER_DOCUMENT)["policy"]
    fails(lambda: target.delete(client, policyRevision=stale), "ConflictException", 409)
    assert target.get(client)["policy"] == current


@pytest.mark.parametrize("document", ["{not json", '"a string"', "[]", '{"Version": "2012-10-17"}'])
def test_invalid_document_is_refused(client, target, fails, document):
    fails(lambda: target.put(client, document), "ValidationException", 400)


def test_invalid_document_keeps_the_old_policy(client, target, fails):
    policy = target.put(client)["policy"]
    fails(lambda: target.put(client, "{not json"), "ValidationException", 400)
    assert target.get(client)["policy"] == policy


@pytest.mark.parametrize("operation", ["put", "get", "delete"])
def test_missing_resource(client, target, fails, operation):
    address = {k: "nope" if k == target.kind else v for k, v in target.address.items()}
    call = getattr(Target(target.kind, address, target.arn, target.missing), operation)
    fails(lambda: call(client), "ResourceNotFoundException", 404, **{**target.missing, "resourceId": "nope"})


def test_domain_and_repository_policies_are_independent(client, fails):
    domain, repository = TARGETS
    domain.put(client)
    repository.put(client, OTHER_DOCUMENT)
    domain.delete(client)
    assert repository.get(client)["policy"]["document"] == OTHER_DOCUMENT
    fails(lambda: domain.get(client), "ResourceNotFoundException", 404)
