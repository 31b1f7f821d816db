"""ListDomains, ListRepositories, ListRepositoriesInDomain (and the unpaginated
ListTagsForResource): page sizes, opaque cursor tokens, paginators, filters."""

from __future__ import annotations

import base64

import pytest

ACCOUNT = "123456789012"
OTHER = "210987654321"


class Lister:
    """One List operation, with how to create and delete the items it lists."""

    def __init__(self, operation: str, result_key: str, fixed: dict[str, str], create, delete) -> None:
        self.operation, self.result_key, self.fixed = operation, result_key, fixed
        self._create, self._delete = create, delete

    def create(self, client, *names: str) -> None:
        for name in names:
            self._create(client, name)

    def delete(self, client, name: str) -> None:
        self._delete(client, name)

    def page(self, client, **params):
        result = getattr(client, self.operation)(**self.fixed, **params)
        return [item["name"] for item in result[self.result_key]], result.get("nextToken")

    def walk(self, client, page_size: int) -> list[str]:
        pages = client.get_paginator(self.operation).paginate(**self.fixed, PaginationConfig={"PageSize": page_size})
        return [item["name"] for page in pages for item in page[self.result_key]]

    def __repr__(self) -> str:
        return self.operation


LISTERS = [
    Lister(
        "list_domains", "domains", {},
        lambda c, n: c.create_domain(domain=n),
        lambda c, n: c.delete_domain(domain=n),
    ),
    Lister(
        "list_repositories", "repositories", {},
        lambda c, n: c.create_repository(domain="acme", repository=n),
        lambda c, n: c.delete_repository(domain="acme", repository=n),
    ),
    Lister(
        "list_repositories_in_domain", "repositories", {"domain": "acme"},
        lambda c, n: c.create_repository(domain="acme", repository=n),
        lambda c, n: c.delete_repository(domain="acme", repository=n),
    ),
]


@pytest.fixture(params=LISTERS, ids=repr)
def lister(request):
    return request.param


@pytest.fixture
def client(codeartifact_client, codeartifact_mock):
    codeartifact_mock.registry.quotas["domains"] = 1000
    codeartifact_client.create_domain(domain="acme")
    return codeartifact_client


def names(count: int, prefix: str = "item") -> list[str]:
    return [f"{prefix}{i:03}" for i in range(count)]


def expected(lister, created: list[str]) -> list[str]:
    """What a full listing shows: the created items (plus ``acme`` for domains), sorted."""
    return sorted(created + (["acme"] if lister.operation == "list_domains" else []))


def test_items_come_sorted_by_name_without_a_token(client, lister):
    lister.create(client, "zeta", "alpha", "mid")
    listed, token = lister.page(client)
    assert listed == expected(lister, ["zeta", "alpha", "mid"])
    assert token is None


def test_default_page_is_fifty(client, lister):
    lister.create(client, *names(60))
    first, token = lister.page(client)
    assert len(first) == 50 and token
    rest, token = lister.page(client, nextToken=token)
    assert first + rest == expected(lister, names(60))
    assert token is None


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_max_results(client, lister, size):
    lister.create(client, *names(7))
    everything = expected(lister, names(7))
    listed, token = lister.page(client, maxResults=size)
    assert listed == everything[:size]
    assert (token is not None) == (size < len(everything))


@pytest.mark.parametrize("size", [0, 1001])
def test_max_results_out_of_range(client, lister, lenient_client, fails, size):
    fails(lambda: lister.page(lenient_client, maxResults=size), "ValidationException", 400)


def test_walking_pages_by_hand(client, lister):
    lister.create(client, *names(10))
    seen, token = lister.page(client, maxResults=3)
    while token:
        page, token = lister.page(client, maxResults=3, nextToken=token)
        assert len(page) <= 3
        seen += page
    assert seen == expected(lister, names(10))


@pytest.mark.parametrize("page_size", [1, 4, 50])
def test_walking_with_the_boto3_paginator(client, lister, page_size):
    lister.create(client, *names(12))
    assert lister.walk(client, page_size) == expected(lister, names(12))


def test_tokens_are_opaque_strings(client, lister):
    lister.create(client, *names(3))
    listed, token = lister.page(client, maxResults=1)
    assert isinstance(token, str) and token
    assert listed[0] not in token and not token.isdigit()  # neither a name nor an offset
    # Same question, same answer: a token can be used twice.
    assert lister.page(client, maxResults=1, nextToken=token) == lister.page(client, maxResults=1, nextToken=token)


def test_a_token_stays_valid_while_items_come_and_go(client, lister):
    lister.create(client, "bb", "dd", "ff", "hh", "jj")
    first, token = lister.page(client, maxResults=2)
    assert first == expected(lister, ["bb", "dd", "ff", "hh", "jj"])[:2]
    last_seen = first[-1]
    # Between pages: the last item returned and a not-yet-returned one go away,
    # one item appears before the cursor and one after it.
    lister.delete(client, last_seen)
    lister.delete(client, "hh")
    lister.create(client, "aa0", "zz")
    rest = []
    while token:
        page, token = lister.page(client, maxResults=2, nextToken=token)
        rest += page
    assert rest == [n for n in expected(lister, ["bb", "dd", "ff", "jj", "zz"]) if n > last_seen]
    assert not set(first) & set(rest)


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "!!!!",
        base64.urlsafe_b64encode(b'{"oops": 1}').decode(),
        base64.urlsafe_b64encode(b"12345").decode(),
    ],
)
def test_invalid_token(client, lister, fails, token):
    lister.create(client, *names(3))
    fails(lambda: lister.page(client, nextToken=token), "ValidationException", 400, reason="OTHER")


def test_a_token_of_another_list_operation_is_invalid(client, fails):
    domains, repositories, _ = LISTERS
    domains.create(client, *names(3))
    repositories.create(client, *names(3))
    _, domain_token = domains.page(client, maxResults=1)
    _, repository_token = repositories.page(client, maxResults=1)
    fails(lambda: repositories.page(client, nextToken=domain_token), "ValidationException", 400)
    fails(lambda: domains.page(client, nextToken=repository_token), "ValidationException", 400)


# -- filters -------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["list_repositories", "list_repositories_in_domain"])
def test_repository_prefix(client, operation):
    lister = next(item for item in LISTERS if item.operation == operation)
    lister.create(client, "team-a-one", "team-a-two", "team-b-one", "Team-a-caps")
    assert lister.page(client, repositoryPrefix="team-a")[0] == ["team-a-one", "team-a-two"]
    assert lister.page(client, repositoryPrefix="team-a", maxResults=1)[0] == ["team-a-one"]
    assert lister.page(client, repositoryPrefix="nothing")[0] == []
    pages = client.get_paginator(operation).paginate(
        **lister.fixed, repositoryPrefix="team", PaginationConfig={"PageSize": 1}
    )
    assert [r["name"] for page in pages for r in page["repositories"]] == ["team-a-one", "team-a-two", "team-b-one"]


def test_list_repositories_spans_domains(client):
    client.create_domain(domain="beta")
    client.create_repository(domain="acme", repository="repo")
    client.create_repository(domain="beta", repository="repo")
    client.create_repository(domain="beta", repository="other")
    listed = client.list_repositories()["repositories"]
    assert [(r["name"], r["domainName"]) for r in listed] == [("other", "beta"), ("repo", "acme"), ("repo", "beta")]
    walked = client.get_paginator("list_repositories").paginate(PaginationConfig={"PageSize": 1})
    assert [(r["name"], r["domainName"]) for page in walked for r in page["repositories"]] == [
        ("other", "beta"), ("repo", "acme"), ("repo", "beta"),
    ]


def test_list_repositories_in_domain_stays_in_its_domain(client):
    client.create_domain(domain="beta")
    client.create_repository(domain="acme", repository="mine")
    client.create_repository(domain="beta", repository="elsewhere")
    assert [r["name"] for r in client.list_repositories_in_domain(domain="acme")["repositories"]] == ["mine"]


def test_administrator_account_filter(client, client_as, share_domain):
    share_domain("acme", OTHER)
    client.create_repository(domain="acme", repository="ours")
    client_as(OTHER).create_repository(domain="acme", domainOwner=ACCOUNT, repository="theirs")

    def in_domain(**params):
        return [r["name"] for r in client.list_repositories_in_domain(domain="acme", **params)["repositories"]]

    assert in_domain() == ["ours", "theirs"]
    assert in_domain(administratorAccount=ACCOUNT) == ["ours"]
    assert in_domain(administratorAccount=OTHER) == ["theirs"]
    assert in_domain(administratorAccount="999999999999") == []


def test_repository_summaries(client, client_as):
    created = client.create_repository(domain="acme", repository="repo", description="d")["repository"]
    summary_keys = {"name", "administratorAccount", "domainName", "domainOwner", "arn", "description", "createdTime"}
    for operation, params in [("list_repositories", {}), ("list_repositories_in_domain", {"domain": "acme"})]:
        (summary,) = getattr(client, operation)(**params)["repositories"]
        assert set(summary) == summary_keys
        assert summary == {k: created[k] for k in summary_keys}


def test_list_on_missing_domain(client, fails):
    fails(
        lambda: client.list_repositories_in_domain(domain="nope"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="domain",
    )


def test_list_tags_is_not_paginated(client):
    arn = client.describe_domain(domain="acme")["domain"]["arn"]
    client.tag_resource(resourceArn=arn, tags=[{"key": f"k{i:02}", "value": "v"} for i in range(50)])
    result = client.list_tags_for_resource(resourceArn=arn)
    assert len(result["tags"]) == 50 and "nextToken" not in result
