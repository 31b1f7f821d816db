"""CreateRepository, DescribeRepository, UpdateRepository, DeleteRepository and
the upstream rules."""

from __future__ import annotations

import datetime as dt

import pytest

ACCOUNT = "123456789012"
REGION = "us-east-1"
T0 = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
DESCRIPTION_KEYS = {
    "name", "administratorAccount", "domainName", "domainOwner", "arn",
    "upstreams", "externalConnections", "createdTime",
}


def arn(repository: str, domain: str = "acme") -> str:
    return f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:repository/{domain}/{repository}"


def upstreams(*names: str) -> list[dict[str, str]]:
    return [{"repositoryName": n} for n in names]


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain="acme")
    return codeartifact_client


@pytest.fixture
def make(client):
    """Create repositories in ``acme``: ``make("aa", "bb", ups=("cc",))``."""

    def create(*names: str, ups: tuple[str, ...] = ()) -> None:
        for name in names:
            client.create_repository(domain="acme", repository=name, upstreams=upstreams(*ups))

    return create


def described_upstreams(client, name: str) -> list[str]:
    repo = client.describe_repository(domain="acme", repository=name)["repository"]
    return [u["repositoryName"] for u in repo["upstreams"]]


# -- create / describe ---------------------------------------------------------


def test_create_repository_returns_the_description(client, codeartifact_mock):
    codeartifact_mock.clock.freeze(T0)
    repo = client.create_repository(domain="acme", repository="release")["repository"]

    assert set(repo) == DESCRIPTION_KEYS  # no description key when none was given
    assert repo["name"] == "release"
    assert repo["administratorAccount"] == ACCOUNT
    assert repo["domainName"] == "acme"
    assert repo["domainOwner"] == ACCOUNT
    assert repo["arn"] == arn("release")
    assert repo["upstreams"] == []
    assert repo["externalConnections"] == []
    assert isinstance(repo["createdTime"], dt.datetime) and repo["createdTime"] == T0
    assert client.describe_repository(domain="acme", repository="release")["repository"] == repo


def test_create_repository_with_description(client):
    repo = client.create_repository(domain="acme", repository="release", description="Our releases")["repository"]
    assert repo["description"] == "Our releases"
    assert client.describe_repository(domain="acme", repository="release")["repository"]["description"] == "Our releases"


def test_repository_names_allow_dots_dashes_underscores_and_capitals(client):
    repo = client.create_repository(domain="acme", repository="My_Repo-1.0")["repository"]
    assert repo["arn"] == arn("My_Repo-1.0")


def test_create_in_missing_domain(codeartifact_client, fails):
    fails(
        lambda: codeartifact_client.create_repository(domain="nope", repository="repo"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="domain",
    )


def test_create_existing_repository_conflicts(client, make, fails):
    make("repo")
    fails(
        lambda: client.create_repository(domain="acme", repository="repo"),
        "ConflictException", 409, resourceId="repo", resourceType="repository",
    )


def test_same_repository_name_in_two_domains(client):
    client.create_domain(domain="other")
    client.create_repository(domain="acme", repository="repo")
    repo = client.create_repository(domain="other", repository="repo")["repository"]
    assert repo["arn"] == arn("repo", domain="other")


def test_repositories_per_domain_quota(client, make, codeartifact_mock, fails):
    codeartifact_mock.registry.quotas["repositories_per_domain"] = 2
    make("one", "two")
    fails(
        lambda: client.create_repository(domain="acme", repository="three"),
        "ServiceQuotaExceededException", 402, resourceId="acme", resourceType="domain",
    )


def test_describe_missing_repository(client, fails):
    fails(
        lambda: client.describe_repository(domain="acme", repository="nope"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="repository",
    )


def test_describe_repository_in_missing_domain(client, fails):
    fails(
        lambda: client.describe_repository(domain="nope", repository="repo"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="domain",
    )


# -- upstreams -----------------------------------------------------------------


def test_upstream_order_is_kept(client, make):
    make("cc", "aa", "bb")
    repo = client.create_repository(domain="acme", repository="main", upstreams=upstreams("cc", "aa", "bb"))["repository"]
    assert repo["upstreams"] == upstreams("cc", "aa", "bb")
    assert described_upstreams(client, "main") == ["cc", "aa", "bb"]


def test_missing_upstream_is_not_found(client, make, fails):
    make("aa")
    fails(
        lambda: client.create_repository(domain="acme", repository="main", upstreams=upstreams("aa", "ghost")),
        "ResourceNotFoundException", 404, resourceId="ghost", resourceType="repository",
    )


def test_upstream_must_be_in_the_same_domain(client, fails):
    client.create_domain(domain="other")
    client.create_repository(domain="other", repository="elsewhere")
    fails(
        lambda: client.create_repository(domain="acme", repository="main", upstreams=upstreams("elsewhere")),
        "ResourceNotFoundException", 404, resourceId="elsewhere", resourceType="repository",
    )


def test_self_reference_is_refused_on_create(client, fails):
    fails(
        lambda: client.create_repository(domain="acme", repository="main", upstreams=upstreams("main")),
        "ValidationException", 400,
    )


def test_self_reference_is_refused_on_update(client, make, fails):
    make("main")
    fails(
        lambda: client.update_repository(domain="acme", repository="main", upstreams=upstreams("main")),
        "ValidationException", 400,
    )


def test_two_repository_cycle_is_refused(client, make, fails):
    make("bb")
    make("aa", ups=("bb",))
    fails(
        lambda: client.update_repository(domain="acme", repository="bb", upstreams=upstreams("aa")),
        "ValidationException", 400,
    )


def test_longer_cycle_is_refused(client, make, fails):
    make("dd")
    make("cc", ups=("dd",))
    make("bb", ups=("cc",))
    make("aa", ups=("bb",))
    fails(
        lambda: client.update_repository(domain="acme", repository="dd", upstreams=upstreams("aa")),
        "ValidationException", 400,
    )


def test_shared_upstreams_are_not_a_cycle(client, make):
    make("base")
    make("left", "right", ups=("base",))
    repo = client.create_repository(domain="acme", repository="top", upstreams=upstreams("left", "right", "base"))
    assert [u["repositoryName"] for u in repo["repository"]["upstreams"]] == ["left", "right", "base"]


def test_at_most_ten_upstreams(client, make, fails):
    names = [f"up{i:02}" for i in range(11)]
    make(*names)
    client.create_repository(domain="acme", repository="ten", upstreams=upstreams(*names[:10]))
    fails(
        lambda: client.create_repository(domain="acme", repository="eleven", upstreams=upstreams(*names)),
        "ServiceQuotaExceededException", 402, resourceId="eleven", resourceType="repository",
    )
    fails(
        lambda: client.update_repository(domain="acme", repository="ten", upstreams=upstreams(*names)),
        "ServiceQuotaExceededException", 402, resourceId="ten", resourceType="repository",
    )


def test_duplicate_upstreams_are_refused(client, make, fails):
    make("aa", "bb")
    fails(
        lambda: client.create_repository(domain="acme", repository="main", upstreams=upstreams("aa", "bb", "aa")),
        "ValidationException", 400,
    )


# -- update --------------------------------------------------------------------


def test_update_replaces_the_upstream_list(client, make):
    make("aa", "bb", "cc")
    make("main", ups=("aa", "bb"))
    repo = client.update_repository(domain="acme", repository="main", upstreams=upstreams("cc", "aa"))["repository"]
    assert repo["upstreams"] == upstreams("cc", "aa")
    assert described_upstreams(client, "main") == ["cc", "aa"]


def test_update_with_empty_list_clears_upstreams(client, make):
    make("aa")
    make("main", ups=("aa",))
    repo = client.update_repository(domain="acme", repository="main", upstreams=[])["repository"]
    assert repo["upstreams"] == []
    assert described_upstreams(client, "main") == []


def test_update_without_upstreams_keeps_them(client, make):
    make("aa", "bb")
    client.create_repository(domain="acme", repository="main", description="old", upstreams=upstreams("bb", "aa"))
    repo = client.update_repository(domain="acme", repository="main", description="new")["repository"]
    assert repo["description"] == "new"
    assert repo["upstreams"] == upstreams("bb", "aa")


def test_update_without_description_keeps_it(client, make):
    make("aa")
    client.create_repository(domain="acme", repository="main", description="kept")
    repo = client.update_repository(domain="acme", repository="main", upstreams=upstreams("aa"))["repository"]
    assert repo["description"] == "kept"
    assert client.describe_repository(domain="acme", repository="main")["repository"] == repo


def test_update_missing_repository(client, fails):
    fails(
        lambda: client.update_repository(domain="acme", repository="nope", description="xx"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="repository",
    )


def test_failed_update_changes_nothing(client, make, fails):
    make("aa")
    client.create_repository(domain="acme", repository="main", description="old", upstreams=upstreams("aa"))
    fails(
        lambda: client.update_repository(
            domain="acme", repository="main", description="new", upstreams=upstreams("ghost")
        ),
        "ResourceNotFoundException", 404, resourceId="ghost",
    )


# -- delete --------------------------------------------------------------------


def test_delete_repository(client, make, fails):
    created = client.create_repository(domain="acme", repository="repo", description="d")["repository"]
    assert client.delete_repository(domain="acme", repository="repo")["repository"] == created
    fails(
        lambda: client.describe_repository(domain="acme", repository="repo"),
        "ResourceNotFoundException", 404, resourceId="repo",
    )
    assert client.list_repositories_in_domain(domain="acme")["repositories"] == []


def test_delete_missing_repository(client, fails):
    fails(
        lambda: client.delete_repository(domain="acme", repository="nope"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="repository",
    )


def test_a_recreated_repository_starts_empty(client, make):
    make("aa")
    client.create_repository(
        domain="acme", repository="repo", description="d", upstreams=upstreams("aa"),
        tags=[{"key": "k", "value": "v"}],
    )
    client.put_repository_permissions_policy(domain="acme", repository="repo", policyDocument='{"Statement": []}')
    client.associate_external_connection(domain="acme", repository="repo", externalConnection="public:npmjs")
    client.delete_repository(domain="acme", repository="repo")

    repo = client.create_repository(domain="acme", repository="repo")["repository"]
    assert repo["upstreams"] == [] and repo["externalConnections"] == [] and "description" not in repo
    assert client.list_tags_for_resource(resourceArn=arn("repo"))["tags"] == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_repository_permissions_policy(domain="acme", repository="repo")


def test_deleting_an_upstream_leaves_a_dangling_reference(client, make, fails):
    make("aa", "bb")
    make("main", ups=("aa", "bb"))
    client.delete_repository(domain="acme", repository="aa")

    assert described_upstreams(client, "main") == ["aa", "bb"]
    # Naming the deleted repository again is refused; clearing is accepted.
    fails(
        lambda: client.update_repository(domain="acme", repository="main", upstreams=upstreams("aa", "bb")),
        "ResourceNotFoundException", 404, resourceId="aa",
    )
    client.update_repository(domain="acme", repository="main", upstreams=upstreams("bb"))
    assert described_upstreams(client, "main") == ["bb"]


def test_recreating_a_dangling_upstream_that_would_close_a_cycle(client, make, fails):
    make("up")
    make("main", ups=("up",))
    client.delete_repository(domain="acme", repository="up")
    fails(
        lambda: client.create_repository(domain="acme", repository="up", upstreams=upstreams("main")),
        "ValidationException", 400,
    )
    client.create_repository(domain="acme", repository="up")  # without the cycle it is fine
    assert described_upstreams(client, "main") == ["up"]
