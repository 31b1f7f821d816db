"""TagResource, UntagResource, ListTagsForResource and create-time tags."""

from __future__ import annotations

import pytest

ACCOUNT = "123456789012"
REGION = "us-east-1"
DOMAIN_ARN = f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:domain/acme"
REPOSITORY_ARN = f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:repository/acme/repo"


def tags(**pairs: str) -> list[dict[str, str]]:
    return [{"key": k, "value": v} for k, v in pairs.items()]


def listed(client, arn: str) -> dict[str, str]:
    return {t["key"]: t["value"] for t in client.list_tags_for_resource(resourceArn=arn)["tags"]}


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="repo")
    return codeartifact_client


@pytest.fixture(params=[DOMAIN_ARN, REPOSITORY_ARN], ids=["domain", "repository"])
def arn(request):
    return request.param


def test_create_time_tags(codeartifact_client):
    domain = codeartifact_client.create_domain(domain="acme", tags=tags(team="a", env="prod"))["domain"]
    repo = codeartifact_client.create_repository(domain="acme", repository="repo", tags=tags(team="b"))["repository"]
    assert listed(codeartifact_client, domain["arn"]) == {"team": "a", "env": "prod"}
    assert listed(codeartifact_client, repo["arn"]) == {"team": "b"}


def test_untagged_resource_lists_no_tags(client, arn):
    result = client.list_tags_for_resource(resourceArn=arn)
    assert result["tags"] == []
    assert "nextToken" not in result


def test_tag_list_and_untag(client, arn):
    assert set(client.tag_resource(resourceArn=arn, tags=tags(a="1", b="2", c="3"))) == {"ResponseMetadata"}
    assert listed(client, arn) == {"a": "1", "b": "2", "c": "3"}
    assert set(client.untag_resource(resourceArn=arn, tagKeys=["a", "c"])) == {"ResponseMetadata"}
    assert listed(client, arn) == {"b": "2"}


def test_tagging_overwrites_values_and_keeps_others(client, arn):
    client.tag_resource(resourceArn=arn, tags=tags(a="1", b="2"))
    client.tag_resource(resourceArn=arn, tags=tags(a="changed"))
    assert listed(client, arn) == {"a": "changed", "b": "2"}


def test_keys_and_values_are_case_sensitive_and_values_may_be_empty(client, arn):
    client.tag_resource(resourceArn=arn, tags=[{"key": "Env", "value": "Prod"}, {"key": "env", "value": ""}])
    assert listed(client, arn) == {"Env": "Prod", "env": ""}


def test_untag_of_an_absent_key_is_a_no_op(client, arn):
    client.tag_resource(resourceArn=arn, tags=tags(a="1"))
    client.untag_resource(resourceArn=arn, tagKeys=["missing"])
    assert listed(client, arn) == {"a": "1"}


def test_domain_and_repository_tags_are_separate(client):
    client.tag_resource(resourceArn=DOMAIN_ARN, tags=tags(on="domain"))
    client.tag_resource(resourceArn=REPOSITORY_ARN, tags=tags(on="repository"))
    assert listed(client, DOMAIN_ARN) == {"on": "domain"}
    assert listed(client, REPOSITORY_ARN) == {"on": "repository"}


UNKNOWN_ARNS = {
    "missing-domain": f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:domain/nope",
    "missing-repository": f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:repository/acme/nope",
    "repository-of-missing-domain": f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:repository/nope/repo",
    "other-account": f"arn:aws:codeartifact:{REGION}:210987654321:domain/acme",
    "other-region": f"arn:aws:codeartifact:eu-west-1:{ACCOUNT}:domain/acme",
}
OPERATIONS = {
    "tag": lambda c, arn: c.tag_resource(resourceArn=arn, tags=tags(a="1")),
    "untag": lambda c, arn: c.untag_resource(resourceArn=arn, tagKeys=["a"]),
    "list": lambda c, arn: c.list_tags_for_resource(resourceArn=arn),
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("unknown", UNKNOWN_ARNS.values(), ids=UNKNOWN_ARNS)
def test_unknown_resource(client, fails, operation, unknown):
    fails(lambda: OPERATIONS[operation](client, unknown), "ResourceNotFoundException", 404, resourceId=unknown)


MALFORMED_ARNS = {
    "not-an-arn": "not-an-arn",
    "other-service": "arn:aws:s3:::acme",
    "too-few-parts": "arn:aws:codeartifact:us-east-1",
    "no-account": f"arn:aws:codeartifact:{REGION}::domain/acme",
    "no-region": f"arn:aws:codeartifact::{ACCOUNT}:domain/acme",
    "package": f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:package/acme/repo/npm//left-pad",
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("malformed", MALFORMED_ARNS.values(), ids=MALFORMED_ARNS)
def test_malformed_arn(client, fails, operation, malformed):
    fails(lambda: OPERATIONS[operation](client, malformed), "ValidationException", 400)


def test_tag_limit(client, fails, arn):
    client.tag_resource(resourceArn=arn, tags=[{"key": f"k{i}", "value": "v"} for i in range(50)])
    client.tag_resource(resourceArn=arn, tags=tags(k0="overwriting is not adding"))
    fails(
        lambda: client.tag_resource(resourceArn=arn, tags=tags(one_more="v")),
        "ServiceQuotaExceededException", 402, resourceId=arn,
    )
    assert len(listed(client, arn)) == 50


def test_create_time_tag_limit(client, fails):
    too_many = [{"key": f"k{i}", "value": "v"} for i in range(51)]
    fails(lambda: client.create_domain(domain="other", tags=too_many), "ServiceQuotaExceededException", 402)
    fails(
        lambda: client.create_repository(domain="acme", repository="other", tags=too_many),
        "ServiceQuotaExceededException", 402,
    )


@pytest.mark.parametrize("key", ["aws:createdBy", "AWS:x", "Aws:team"])
def test_reserved_prefix(client, fails, arn, key):
    fails(lambda: client.tag_resource(resourceArn=arn, tags=tags(**{key: "v"})), "ValidationException", 400)
    fails(lambda: client.create_domain(domain="other", tags=tags(**{key: "v"})), "ValidationException", 400)
    fails(
        lambda: client.create_repository(domain="acme", repository="other", tags=tags(**{key: "v"})),
        "ValidationException", 400,
    )


def test_a_refused_tag_request_applies_none_of_its_tags(client, fails, arn):
    fails(
        lambda: client.tag_resource(resourceArn=arn, tags=tags(fine="1", **{"aws:bad": "2"})),
        "ValidationException", 400,
    )
    assert listed(client, arn) == {}


def test_tags_of_another_accounts_repository_in_my_domain(client, client_as, share_domain):
    share_domain("acme", "210987654321")
    theirs = client_as("210987654321")
    repo = theirs.create_repository(domain="acme", domainOwner=ACCOUNT, repository="theirs", tags=tags(by="them"))
    arn = repo["repository"]["arn"]
    assert arn == f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:repository/acme/theirs"
    assert listed(theirs, arn) == {"by": "them"}
    assert listed(client, arn) == {"by": "them"}
