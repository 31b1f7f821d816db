"""A domain shared across accounts: ``domainOwner`` addresses another account's
domain; repositories there are administered by their creator and carry the
domain owner in their ARN. The owner shares the domain with a domain policy
(a caller from another account needs one)."""

from __future__ import annotations

import boto3
import pytest

OWNER = "123456789012"  # the mock's default account: owns the domain
GUEST = "210987654321"
GUEST_KEY = "AKIAGUESTEXAMPLE"
REGION = "us-east-1"


@pytest.fixture
def owner(codeartifact_client):
    codeartifact_client.create_domain(domain="shared")
    return codeartifact_client


@pytest.fixture
def guest(codeartifact_mock, owner, share_domain):
    share_domain("shared", GUEST)
    codeartifact_mock.add_identity(GUEST_KEY, GUEST)
    return boto3.client("codeartifact", region_name=REGION, aws_access_key_id=GUEST_KEY, aws_secret_access_key="x")


def test_guest_describes_the_owners_domain(owner, guest):
    assert guest.describe_domain(domain="shared", domainOwner=OWNER)["domain"] == owner.describe_domain(
        domain="shared"
    )["domain"]


def test_without_domain_owner_the_guest_addresses_its_own_account(guest, fails):
    response = fails(
        lambda: guest.describe_domain(domain="shared"),
        "ResourceNotFoundException", 404, resourceId="shared", resourceType="domain",
    )
    assert GUEST in response["Error"]["Message"]


def test_repository_created_by_the_guest(owner, guest):
    repo = guest.create_repository(domain="shared", domainOwner=OWNER, repository="guest-repo")["repository"]
    assert repo["administratorAccount"] == GUEST
    assert repo["domainOwner"] == OWNER
    assert repo["domainName"] == "shared"
    assert repo["arn"] == f"arn:aws:codeartifact:{REGION}:{OWNER}:repository/shared/guest-repo"
    # The owner sees the same repository in its domain.
    assert owner.describe_repository(domain="shared", repository="guest-repo")["repository"] == repo
    assert owner.describe_domain(domain="shared")["domain"]["repositoryCount"] == 1


def test_list_repositories_lists_what_the_caller_administers(owner, guest):
    owner.create_repository(domain="shared", repository="owner-repo")
    guest.create_repository(domain="shared", domainOwner=OWNER, repository="guest-repo")
    guest.create_domain(domain="guest-domain")
    guest.create_repository(domain="guest-domain", repository="home")

    assert [r["name"] for r in owner.list_repositories()["repositories"]] == ["owner-repo"]
    listed = guest.list_repositories()["repositories"]
    assert [(r["name"], r["domainOwner"], r["administratorAccount"]) for r in listed] == [
        ("guest-repo", OWNER, GUEST),
        ("home", GUEST, GUEST),
    ]
    in_domain = owner.list_repositories_in_domain(domain="shared")["repositories"]
    assert [(r["name"], r["administratorAccount"]) for r in in_domain] == [("guest-repo", GUEST), ("owner-repo", OWNER)]


def test_list_domains_lists_only_owned_domains(owner, guest):
    assert guest.list_domains()["domains"] == []


def test_guest_repository_with_upstream_in_the_shared_domain(owner, guest):
    owner.create_repository(domain="shared", repository="base")
    repo = guest.create_repository(
        domain="shared", domainOwner=OWNER, repository="guest-repo", upstreams=[{"repositoryName": "base"}]
    )["repository"]
    assert repo["upstreams"] == [{"repositoryName": "base"}]


def test_guest_manages_its_repository(owner, guest):
    guest.create_repository(domain="shared", domainOwner=OWNER, repository="guest-repo")
    address = {"domain": "shared", "domainOwner": OWNER, "repository": "guest-repo"}
    assert guest.update_repository(**address, description="mine")["repository"]["description"] == "mine"
    connected = guest.associate_external_connection(**address, externalConnection="public:pypi")["repository"]
    assert connected["externalConnections"][0]["packageFormat"] == "pypi"
    policy = guest.put_repository_permissions_policy(**address, policyDocument='{"Statement": []}')["policy"]
    assert policy["resourceArn"] == f"arn:aws:codeartifact:{REGION}:{OWNER}:repository/shared/guest-repo"
    url = guest.get_repository_endpoint(**address, format="pypi")["repositoryEndpoint"]
    assert url == f"https://shared-{OWNER}.d.codeartifact.{REGION}.amazonaws.com/pypi/guest-repo/"
    assert guest.delete_repository(**address)["repository"]["administratorAccount"] == GUEST
    assert owner.describe_domain(domain="shared")["domain"]["repositoryCount"] == 0


def test_domain_policy_addressed_by_the_guest(owner, guest):
    policy = guest.put_domain_permissions_policy(
        domain="shared", domainOwner=OWNER, policyDocument='{"Statement": []}'
    )["policy"]
    assert policy["resourceArn"] == f"arn:aws:codeartifact:{REGION}:{OWNER}:domain/shared"
    assert owner.get_domain_permissions_policy(domain="shared")["policy"] == policy


def test_guest_gets_a_token_for_the_owners_domain(owner, guest):
    assert guest.get_authorization_token(domain="shared", domainOwner=OWNER)["authorizationToken"]


def test_owner_cannot_delete_the_domain_while_guest_repositories_remain(owner, guest, fails):
    guest.create_repository(domain="shared", domainOwner=OWNER, repository="guest-repo")
    fails(lambda: owner.delete_domain(domain="shared"), "ConflictException", 409, resourceId="shared")


def test_missing_repository_in_another_accounts_domain(owner, guest, fails):
    fails(
        lambda: guest.describe_repository(domain="shared", domainOwner=OWNER, repository="nope"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="repository",
    )


def test_same_domain_name_in_both_accounts(owner, guest, share_domain):
    guest.create_domain(domain="shared")
    share_domain("shared", OWNER, owner=GUEST)
    guest.create_repository(domain="shared", repository="in-guest-domain")
    assert owner.list_repositories_in_domain(domain="shared")["repositories"] == []
    theirs = owner.list_repositories_in_domain(domain="shared", domainOwner=GUEST)["repositories"]
    assert [r["arn"] for r in theirs] == [f"arn:aws:codeartifact:{REGION}:{GUEST}:repository/shared/in-guest-domain"]
