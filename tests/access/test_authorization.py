"""Identities and resource policies through boto3 clients: who may call what
on whose domain, repository, package and package group."""

from __future__ import annotations

import hashlib
import json

import boto3
import pytest

from mock_codeartifact._access import authorize_repository_access
from mock_codeartifact.errors import AccessDeniedException

OWNER = "123456789012"  # the mock's default account: owns the domain
GUEST = "210987654321"
GUEST_KEY = "AKIAOTHER"
REGION = "us-east-1"
DOMAIN_ARN = f"arn:aws:codeartifact:{REGION}:{OWNER}:domain/shared"
GUEST_ROOT = f"arn:aws:iam::{GUEST}:root"


def repo_arn(name: str, owner: str = OWNER) -> str:
    return f"arn:aws:codeartifact:{REGION}:{owner}:repository/shared/{name}"


def policy(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions, principal=GUEST_ROOT, resource="*", effect="Allow", **more) -> dict:
    return {"Action": actions, "Effect": effect, "Principal": {"AWS": principal}, "Resource": resource, **more}


def deny(actions, principal=GUEST_ROOT, **more) -> dict:
    return allow(actions, principal, effect="Deny", **more)


#: The seed's example repository policies for copy (account of the caller).
SOURCE_POLICY = policy(allow(["codeartifact:ReadFromRepository"]))
DESTINATION_POLICY = policy(allow(["codeartifact:CopyPackageVersions"]))


def publish(client, repository: str, version: str = "1.0.0") -> dict:
    data = f"tool-{version}".encode()
    return client.publish_package_version(
        domain="shared", repository=repository, format="generic", namespace="team", package="tool",
        packageVersion=version, assetContent=data, assetName="tool.bin", assetSHA256=hashlib.sha256(data).hexdigest(),
    )


def message_for(action: str, resource: str, principal: str = GUEST_ROOT, explicit: bool = False) -> str:
    reason = (
        "with an explicit deny in a resource-based policy" if explicit
        else f"because no resource-based policy allows the {action} action"
    )
    return f"User: {principal} is not authorized to perform: {action} on resource: {resource} {reason}"


@pytest.fixture
def owner(codeartifact_client):
    codeartifact_client.create_domain(domain="shared")
    codeartifact_client.create_repository(domain="shared", repository="my_repo")
    codeartifact_client.create_repository(domain="shared", repository="repo-2")
    return codeartifact_client


@pytest.fixture
def guest(codeartifact_mock, owner):
    codeartifact_mock.add_identity(GUEST_KEY, GUEST)
    return boto3.client("codeartifact", region_name=REGION, aws_access_key_id=GUEST_KEY, aws_secret_access_key="x")


def copy(client, **extra):
    return client.copy_package_versions(
        domain="shared", domainOwner=OWNER, sourceRepository="my_repo", destinationRepository="repo-2",
        format="generic", namespace="team", package="tool", versions=["1.0.0"], **extra,
    )


# -- same account ----------------------------------------------------------------------


def test_same_account_is_allowed_without_any_policy(owner, codeartifact_mock):
    publish(owner, "my_repo")
    result = owner.copy_package_versions(
        domain="shared", sourceRepository="my_repo", destinationRepository="repo-2",
        format="generic", namespace="team", package="tool", versions=["1.0.0"],
    )
    assert list(result["successfulVersions"]) == ["1.0.0"]
    assert owner.describe_domain(domain="shared")["domain"]["repositoryCount"] == 2
    # The call records who made it: the default key has no registered principal.
    assert codeartifact_mock.calls[-1].principal_arn is None


def test_same_account_is_allowed_by_a_policy_that_names_only_others(owner):
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(allow("codeartifact:*")))
    owner.put_repository_permissions_policy(domain="shared", repository="my_repo", policyDocument=SOURCE_POLICY)
    assert owner.describe_repository(domain="shared", repository="my_repo")["repository"]["name"] == "my_repo"
    assert owner.list_repositories_in_domain(domain="shared")["repositories"]


# -- another account without a policy ----------------------------------------------------


DENIED_WITHOUT_POLICY = [
    (lambda c: c.describe_domain(domain="shared", domainOwner=OWNER), "DescribeDomain", DOMAIN_ARN),
    (lambda c: c.get_authorization_token(domain="shared", domainOwner=OWNER), "GetAuthorizationToken", DOMAIN_ARN),
    (lambda c: c.list_repositories_in_domain(domain="shared", domainOwner=OWNER), "ListRepositoriesInDomain",
     DOMAIN_ARN),
    (lambda c: c.describe_repository(domain="shared", domainOwner=OWNER, repository="my_repo"),
     "DescribeRepository", repo_arn("my_repo")),
    (lambda c: c.delete_repository(domain="shared", domainOwner=OWNER, repository="my_repo"),
     "DeleteRepository", repo_arn("my_repo")),
    (lambda c: c.create_repository(domain="shared", domainOwner=OWNER, repository="mine"),
     "CreateRepository", repo_arn("mine")),
    (lambda c: c.put_domain_permissions_policy(domain="shared", domainOwner=OWNER,
                                               policyDocument=policy(allow("codeartifact:*"))),
     "PutDomainPermissionsPolicy", DOMAIN_ARN),
    (lambda c: c.list_packages(domain="shared", domainOwner=OWNER, repository="my_repo"),
     "ListPackages", repo_arn("my_repo")),
    (lambda c: c.list_package_versions(domain="shared", domainOwner=OWNER, repository="my_repo",
                                       format="npm", package="left-pad"),
     "ListPackageVersions", f"arn:aws:codeartifact:{REGION}:{OWNER}:package/shared/my_repo/npm//left-pad"),
    (lambda c: c.describe_package_group(domain="shared", domainOwner=OWNER, packageGroup="/*"),
     "DescribePackageGroup", f"arn:aws:codeartifact:{REGION}:{OWNER}:package-group/shared/%2a"),
    (lambda c: c.list_tags_for_resource(resourceArn=DOMAIN_ARN), "ListTagsForResource", DOMAIN_ARN),
    (lambda c: c.tag_resource(resourceArn=repo_arn("my_repo"), tags=[{"key": "k", "value": "v"}]),
     "TagResource", repo_arn("my_repo")),
    (copy, "ReadFromRepository", repo_arn("my_repo")),
]


@pytest.mark.parametrize(
    "call, action, resource", [pytest.param(*case, id=case[1]) for case in DENIED_WITHOUT_POLICY]
)
def test_another_account_is_denied_without_a_policy(guest, fails, call, action, resource):
    response = fails(lambda: call(guest), "AccessDeniedException", 403)
    assert response["Error"]["Message"] == message_for(f"codeartifact:{action}", resource)


def test_another_account_still_sees_missing_domains_as_missing(guest, fails):
    fails(
        lambda: guest.describe_domain(domain="nope", domainOwner=OWNER),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="domain",
    )


def test_a_missing_repository_is_guarded_by_the_domain_policy(owner, guest, fails):
    def missing():
        return guest.describe_repository(domain="shared", domainOwner=OWNER, repository="nope")

    fails(missing, "AccessDeniedException", 403)
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(allow("codeartifact:Describe*")))
    fails(missing, "ResourceNotFoundException", 404, resourceId="nope", resourceType="repository")


def test_own_account_operations_need_no_policy(guest):
    assert guest.list_domains()["domains"] == []
    guest.create_domain(domain="shared")  # its own domain of the same name
    assert guest.describe_domain(domain="shared")["domain"]["owner"] == GUEST
    assert guest.list_repositories()["repositories"] == []


# -- the seed's copy policies -------------------------------------------------------------


def test_copy_from_another_account_with_the_seed_example_policies(owner, guest, fails):
    """The seed: ReadFromRepository on the source, CopyPackageVersions on the
    destination, each in a repository policy naming the caller's account."""
    revision = publish(owner, "my_repo")["versionRevision"]

    owner.put_repository_permissions_policy(domain="shared", repository="my_repo", policyDocument=SOURCE_POLICY)
    response = fails(lambda: copy(guest), "AccessDeniedException", 403)
    assert response["Error"]["Message"] == message_for("codeartifact:CopyPackageVersions", repo_arn("repo-2"))

    owner.put_repository_permissions_policy(domain="shared", repository="repo-2", policyDocument=DESTINATION_POLICY)
    result = copy(guest)
    assert result["successfulVersions"] == {"1.0.0": {"revision": revision, "status": "Published"}}
    assert owner.list_package_versions(
        domain="shared", repository="repo-2", format="generic", namespace="team", package="tool"
    )["versions"][0]["version"] == "1.0.0"


def test_the_source_policy_alone_grants_nothing_else(owner, guest, fails):
    owner.put_repository_permissions_policy(domain="shared", repository="my_repo", policyDocument=SOURCE_POLICY)
    fails(lambda: guest.describe_repository(domain="shared", domainOwner=OWNER, repository="my_repo"),
          "AccessDeniedException", 403)
    # ... and a repository policy says nothing about other repositories.
    fails(lambda: guest.describe_repository(domain="shared", domainOwner=OWNER, repository="repo-2"),
          "AccessDeniedException", 403)


def test_a_repository_policy_restricted_by_resource_arn(owner, guest, fails):
    document = policy(allow("codeartifact:DescribeRepository", resource=repo_arn("my_*")))
    owner.put_domain_permissions_policy(domain="shared", policyDocument=document)
    assert guest.describe_repository(domain="shared", domainOwner=OWNER, repository="my_repo")["repository"]
    fails(lambda: guest.describe_repository(domain="shared", domainOwner=OWNER, repository="repo-2"),
          "AccessDeniedException", 403)


# -- explicit Deny -------------------------------------------------------------------------


def test_an_explicit_deny_beats_an_allow_for_another_account(owner, guest, fails):
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(allow("codeartifact:*")))
    owner.put_repository_permissions_policy(
        domain="shared", repository="my_repo", policyDocument=policy(allow("codeartifact:*"), deny("codeartifact:Delete*"))
    )
    assert guest.describe_repository(domain="shared", domainOwner=OWNER, repository="my_repo")["repository"]
    response = fails(lambda: guest.delete_repository(domain="shared", domainOwner=OWNER, repository="my_repo"),
                     "AccessDeniedException", 403)
    assert response["Error"]["Message"] == message_for(
        "codeartifact:DeleteRepository", repo_arn("my_repo"), explicit=True
    )


def test_an_explicit_deny_in_the_domain_policy_covers_every_repository(owner, guest, fails):
    owner.put_repository_permissions_policy(domain="shared", repository="my_repo",
                                            policyDocument=policy(allow("codeartifact:*")))
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(deny("codeartifact:Describe*")))
    fails(lambda: guest.describe_repository(domain="shared", domainOwner=OWNER, repository="my_repo"),
          "AccessDeniedException", 403)
    assert guest.list_packages(domain="shared", domainOwner=OWNER, repository="my_repo")["packages"] == []


def test_an_explicit_deny_applies_to_the_owning_account_too(owner, fails):
    all_but_admins = policy(deny("codeartifact:*", principal="*", Condition={
        "StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}))
    owner.put_repository_permissions_policy(domain="shared", repository="my_repo", policyDocument=all_but_admins)
    response = fails(lambda: owner.delete_repository(domain="shared", repository="my_repo"),
                     "AccessDeniedException", 403)
    assert response["Error"]["Message"] == message_for(
        "codeartifact:DeleteRepository", repo_arn("my_repo"), principal=f"arn:aws:iam::{OWNER}:root", explicit=True
    )
    # Other repositories are not covered by this repository's policy.
    assert owner.describe_repository(domain="shared", repository="repo-2")["repository"]


def test_a_deny_for_one_principal_spares_the_others(owner, codeartifact_mock, fails):
    codeartifact_mock.add_identity("AKIAALICE", OWNER, f"arn:aws:iam::{OWNER}:user/alice")
    codeartifact_mock.add_identity("AKIABOB", OWNER, f"arn:aws:iam::{OWNER}:user/bob")
    alice, bob = (
        boto3.client("codeartifact", region_name=REGION, aws_access_key_id=key, aws_secret_access_key="x")
        for key in ("AKIAALICE", "AKIABOB")
    )
    owner.put_domain_permissions_policy(
        domain="shared", policyDocument=policy(deny("codeartifact:DeleteRepository", f"arn:aws:iam::{OWNER}:user/bob"))
    )
    response = fails(lambda: bob.delete_repository(domain="shared", repository="my_repo"), "AccessDeniedException", 403)
    assert response["Error"]["Message"].startswith(f"User: arn:aws:iam::{OWNER}:user/bob is not authorized")
    assert alice.delete_repository(domain="shared", repository="my_repo")["repository"]["name"] == "my_repo"
    assert codeartifact_mock.calls[-1].principal_arn == f"arn:aws:iam::{OWNER}:user/alice"


# -- sharing a domain ------------------------------------------------------------------------


def test_domain_policy_lets_another_account_create_repositories(owner, guest, fails):
    """The user guide's domain policy example: CreateRepository for an account."""
    def create(**extra):
        return guest.create_repository(
            domain="shared", domainOwner=OWNER, repository="guest-repo", **extra
        )

    fails(create, "AccessDeniedException", 403)
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(allow(["codeartifact:CreateRepository"])))
    # With tags it also needs TagResource (user guide, domain policies).
    response = fails(lambda: create(tags=[{"key": "team", "value": "b"}]), "AccessDeniedException", 403)
    assert "codeartifact:TagResource" in response["Error"]["Message"]
    # An upstream in the domain needs AssociateWithDownstreamRepository on it.
    response = fails(lambda: create(upstreams=[{"repositoryName": "my_repo"}]), "AccessDeniedException", 403)
    assert "codeartifact:AssociateWithDownstreamRepository" in response["Error"]["Message"]

    repo = create()["repository"]
    assert (repo["administratorAccount"], repo["domainOwner"]) == (GUEST, OWNER)
    # The guest administers its repository without further grants ...
    address = {"domain": "shared", "domainOwner": OWNER, "repository": "guest-repo"}
    assert guest.describe_repository(**address)["repository"] == repo
    assert guest.update_repository(**address, description="mine")["repository"]["description"] == "mine"
    # ... but the domain itself stays closed to it.
    fails(lambda: guest.describe_domain(domain="shared", domainOwner=OWNER), "AccessDeniedException", 403)
    # The domain owner sees every repository of its domain.
    assert owner.describe_repository(domain="shared", repository="guest-repo")["repository"]["name"] == "guest-repo"


def test_domain_policy_with_create_and_tag_and_upstream(owner, guest):
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(allow([
        "codeartifact:CreateRepository", "codeartifact:TagResource", "codeartifact:AssociateWithDownstreamRepository",
    ])))
    repo = guest.create_repository(
        domain="shared", domainOwner=OWNER, repository="guest-repo",
        upstreams=[{"repositoryName": "my_repo"}], tags=[{"key": "team", "value": "b"}],
    )["repository"]
    assert repo["upstreams"] == [{"repositoryName": "my_repo"}]
    assert guest.list_tags_for_resource(resourceArn=repo["arn"])["tags"] == [{"key": "team", "value": "b"}]


def test_conditions_on_the_caller_and_on_resource_tags(owner, guest, fails):
    owner.tag_resource(resourceArn=repo_arn("my_repo"), tags=[{"key": "shared", "value": "yes"}])
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(allow(
        "codeartifact:DescribeRepository", principal="*",
        Condition={"StringEquals": {"aws:PrincipalAccount": GUEST, "aws:ResourceTag/shared": "yes"}},
    )))
    assert guest.describe_repository(domain="shared", domainOwner=OWNER, repository="my_repo")["repository"]
    fails(lambda: guest.describe_repository(domain="shared", domainOwner=OWNER, repository="repo-2"),
          "AccessDeniedException", 403)


def test_the_org_id_is_unknown_so_an_org_condition_never_matches(owner, guest, fails):
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(allow(
        "codeartifact:*", principal="*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}},
    )))
    fails(lambda: guest.describe_domain(domain="shared", domainOwner=OWNER), "AccessDeniedException", 403)


# -- anti-lockout ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["domain", "repository"])
def test_the_owner_can_always_replace_a_policy_that_locks_it_out(owner, fails, kind):
    address = {"domain": "shared"} | ({"repository": "my_repo"} if kind == "repository" else {})
    lockout = policy(deny("codeartifact:*", principal="*"))
    getattr(owner, f"put_{kind}_permissions_policy")(**address, policyDocument=lockout)
    fails(lambda: getattr(owner, f"get_{kind}_permissions_policy")(**address), "AccessDeniedException", 403)
    fails(lambda: getattr(owner, f"delete_{kind}_permissions_policy")(**address), "AccessDeniedException", 403)
    # Put ignores the policy it replaces when the caller owns the resource.
    replaced = getattr(owner, f"put_{kind}_permissions_policy")(**address, policyDocument=policy())["policy"]
    assert getattr(owner, f"get_{kind}_permissions_policy")(**address)["policy"] == replaced


def test_another_account_needs_an_allow_to_replace_a_policy(owner, guest, fails):
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(allow("codeartifact:Describe*")))
    def put():
        return guest.put_domain_permissions_policy(
            domain="shared", domainOwner=OWNER, policyDocument=policy(allow("codeartifact:*"))
        )

    fails(put, "AccessDeniedException", 403)
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(allow("codeartifact:*Policy")))
    assert put()["policy"]["resourceArn"] == DOMAIN_ARN


# -- policy documents checked at Put -----------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        policy({"Effect": "Allow", "Action": "codeartifact:*", "Resource": "*"}),  # no Principal
        policy({"Effect": "Maybe", "Principal": "*", "Action": "codeartifact:*"}),
        policy({"Effect": "Allow", "Principal": "*"}),  # no Action
        policy(allow("DescribeDomain")),
    ],
)
def test_malformed_policies_are_refused(owner, fails, document):
    response = fails(lambda: owner.put_domain_permissions_policy(domain="shared", policyDocument=document),
                     "ValidationException", 400)
    assert response["Error"]["Message"].startswith("Statement[0]")


# -- identities ----------------------------------------------------------------------------------


def test_add_identity_refuses_a_principal_of_another_account(codeartifact_mock):
    with pytest.raises(ValueError, match="not an IAM or STS ARN of account"):
        codeartifact_mock.add_identity("AKIAX", GUEST, f"arn:aws:iam::{OWNER}:user/alice")


def test_an_assumed_role_session_matches_a_policy_naming_its_role(owner, codeartifact_mock):
    session = f"arn:aws:sts::{GUEST}:assumed-role/Builder/ci-42"
    codeartifact_mock.add_identity("AKIAROLE", GUEST, session)
    builder = boto3.client("codeartifact", region_name=REGION, aws_access_key_id="AKIAROLE", aws_secret_access_key="x")
    owner.put_domain_permissions_policy(domain="shared", policyDocument=policy(
        allow("codeartifact:GetAuthorizationToken", principal=f"arn:aws:iam::{GUEST}:role/Builder")
    ))
    assert builder.get_authorization_token(domain="shared", domainOwner=OWNER)["authorizationToken"]


# -- the repository endpoints' check ---------------------------------------------------------------


def test_repository_access_for_the_owner_and_for_another_account(owner, codeartifact_mock):
    registry = codeartifact_mock.registry
    read = "codeartifact:ReadFromRepository"
    authorize_repository_access(registry, OWNER, "shared", None, "my_repo", read)
    with pytest.raises(AccessDeniedException) as caught:
        authorize_repository_access(registry, GUEST, "shared", OWNER, "my_repo", read)
    assert caught.value.message == message_for(read, repo_arn("my_repo"))

    owner.put_repository_permissions_policy(domain="shared", repository="my_repo", policyDocument=SOURCE_POLICY)
    authorize_repository_access(registry, GUEST, "shared", OWNER, "my_repo", read)
    with pytest.raises(AccessDeniedException):  # reading is not publishing
        authorize_repository_access(
            registry, GUEST, "shared", OWNER, "my_repo", "codeartifact:PublishPackageVersion",
            package=("npm", None, "left-pad"),
        )


def test_repository_access_publish_is_checked_on_the_package(owner, codeartifact_mock):
    registry = codeartifact_mock.registry
    publish_action = "codeartifact:PublishPackageVersion"
    package_arn = f"arn:aws:codeartifact:{REGION}:{OWNER}:package/shared/my_repo/npm/acme/*"
    owner.put_repository_permissions_policy(domain="shared", repository="my_repo", policyDocument=policy(
        allow(publish_action, resource=package_arn)
    ))
    authorize_repository_access(registry, GUEST, "shared", OWNER, "my_repo", publish_action,
                                package=("npm", "acme", "ui"))
    with pytest.raises(AccessDeniedException) as caught:
        authorize_repository_access(registry, GUEST, "shared", OWNER, "my_repo", publish_action,
                                    package=("npm", None, "left-pad"))
    assert "package/shared/my_repo/npm//left-pad" in caught.value.message


def test_repository_access_explicit_deny_and_missing_resources(owner, codeartifact_mock):
    registry = codeartifact_mock.registry
    read = "codeartifact:ReadFromRepository"
    owner.put_repository_permissions_policy(domain="shared", repository="my_repo", policyDocument=policy(
        deny(read, principal=f"arn:aws:iam::{OWNER}:user/ci")
    ))
    authorize_repository_access(registry, OWNER, "shared", None, "my_repo", read)  # root is not user/ci
    with pytest.raises(AccessDeniedException, match="explicit deny"):
        authorize_repository_access(registry, OWNER, "shared", None, "my_repo", read,
                                    principal_arn=f"arn:aws:iam::{OWNER}:user/ci")
    # Missing domain or repository: not for this check to say (the endpoint answers 404).
    authorize_repository_access(registry, GUEST, "nope", OWNER, "my_repo", read)
    authorize_repository_access(registry, GUEST, "shared", OWNER, "nope", read)
