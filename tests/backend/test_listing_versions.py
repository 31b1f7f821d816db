"""ListPackageVersions: filters, orderings, defaultDisplayVersion, pagination."""

from __future__ import annotations

import pytest

DOMAIN = "acme"
REPO = "repo"


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain=DOMAIN)
    codeartifact_client.create_repository(domain=DOMAIN, repository=REPO)
    return codeartifact_client


@pytest.fixture
def seed(codeartifact_backend, codeartifact_mock):
    """``seed(format, package, version, namespace=None, **kw)``; time moves a
    minute after each seed, so publication order is seeding order."""

    def publish(fmt: str, package: str, version: str, namespace: str | None = None, **kw) -> dict:
        seeded = codeartifact_backend.publish_package(
            domain=DOMAIN, repository=REPO, format=fmt, namespace=namespace, package=package, version=version, **kw
        )
        codeartifact_mock.clock.advance(60)
        return seeded

    return publish


def versions(client, fmt: str, package: str, namespace: str | None = None, **params) -> list[str]:
    coords = {"namespace": namespace} if namespace else {}
    result = client.list_package_versions(domain=DOMAIN, repository=REPO, format=fmt, package=package, **coords, **params)
    return [v["version"] for v in result["versions"]]


def display(client, fmt: str, package: str, namespace: str | None = None) -> str | None:
    coords = {"namespace": namespace} if namespace else {}
    return client.list_package_versions(
        domain=DOMAIN, repository=REPO, format=fmt, package=package, **coords
    ).get("defaultDisplayVersion")


# -- result shape ---------------------------------------------------------------------------------


def test_result_shape(client, seed):
    seeded = seed("npm", "react", "18.2.0", "types")
    result = client.list_package_versions(domain=DOMAIN, repository=REPO, format="npm", namespace="types", package="react")
    result.pop("ResponseMetadata")
    assert result == {
        "format": "npm", "namespace": "types", "package": "react", "defaultDisplayVersion": "18.2.0",
        "versions": [{
            "version": "18.2.0", "revision": seeded["revision"], "status": "Published",
            "origin": {"domainEntryPoint": {"repositoryName": REPO}, "originType": "INTERNAL"},
        }],
    }


def test_unknown_package(client, fails):
    fails(
        lambda: client.list_package_versions(domain=DOMAIN, repository=REPO, format="npm", package="nope"),
        "ResourceNotFoundException", 404, resourceType="package",
    )


# -- filters -----------------------------------------------------------------------------------------


def test_all_statuses_without_a_filter(client, seed):
    for version, status in (("1.0", "Published"), ("2.0", "Unlisted"), ("3.0", "Archived"), ("4.0", "Disposed"), ("5.0", "Unfinished")):
        seed("generic", "tool", version, "ns", status=status)
    assert versions(client, "generic", "tool", "ns") == ["1.0", "2.0", "3.0", "4.0", "5.0"]


@pytest.mark.parametrize("status, expected", [
    ("Published", ["1.0", "6.0"]), ("Unlisted", ["2.0"]), ("Archived", ["3.0"]), ("Disposed", ["4.0"]),
    ("Unfinished", ["5.0"]), ("Deleted", []),
])
def test_status_filter(client, seed, status, expected):
    for version, seeded in (("1.0", "Published"), ("2.0", "Unlisted"), ("3.0", "Archived"), ("4.0", "Disposed"),
                            ("5.0", "Unfinished"), ("6.0", "Published")):
        seed("generic", "tool", version, "ns", status=seeded)
    assert versions(client, "generic", "tool", "ns", status=status) == expected


def test_status_filter_follows_status_changes(client, seed):
    for version in ("1.0.0", "1.1.0", "1.2.0"):
        seed("npm", "lib", version)
    client.update_package_versions_status(
        domain=DOMAIN, repository=REPO, format="npm", package="lib", versions=["1.1.0"], targetStatus="Archived"
    )
    assert versions(client, "npm", "lib", status="Published") == ["1.0.0", "1.2.0"]
    assert versions(client, "npm", "lib", status="Archived") == ["1.1.0"]


def test_origin_type_filter(client, seed):
    seed("npm", "lodash", "4.17.20", origin_from="public:npmjs")
    seed("npm", "lodash", "4.17.21-patched")
    seed("npm", "lodash", "4.17.21", origin_from="public:npmjs")
    assert versions(client, "npm", "lodash", originType="EXTERNAL") == ["4.17.20", "4.17.21"]
    assert versions(client, "npm", "lodash", originType="INTERNAL") == ["4.17.21-patched"]
    assert versions(client, "npm", "lodash", originType="UNKNOWN") == []
    assert versions(client, "npm", "lodash", originType="EXTERNAL", status="Published", sortBy="PUBLISHED_TIME") == [
        "4.17.21", "4.17.20",
    ]


@pytest.mark.parametrize("bad", [{"status": "Gone"}, {"sortBy": "VERSION"}, {"originType": "internal"}, {"maxResults": 0}, {"maxResults": 1001}])
def test_invalid_parameters(client, seed, lenient_client, fails, bad):
    seed("npm", "lib", "1.0.0")
    fails(
        lambda: lenient_client.list_package_versions(domain=DOMAIN, repository=REPO, format="npm", package="lib", **bad),
        "ValidationException", 400,
    )


# -- orderings ---------------------------------------------------------------------------------------


def test_sort_by_published_time_newest_first(client, seed, codeartifact_mock):
    for version in ("2.0.0", "1.0.0", "3.0.0", "1.5.0"):
        seed("npm", "lib", version)
    assert versions(client, "npm", "lib", sortBy="PUBLISHED_TIME") == ["1.5.0", "3.0.0", "1.0.0", "2.0.0"]
    assert versions(client, "npm", "lib") == ["1.0.0", "1.5.0", "2.0.0", "3.0.0"]


@pytest.mark.parametrize(
    "fmt, namespace, ordered",
    [
        ("npm", None, ["0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "10.0.0"]),
        ("pypi", None, ["0.9", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.1", "1.10", "2!0.1"]),
        ("maven", "com.acme", ["1.0-alpha-1", "1.0-beta", "1.0-rc1", "1.0-SNAPSHOT", "1.0", "1.0-sp1", "1.1", "1.10", "27.1-jre"]),
        ("generic", "ns", ["1", "1.2", "1.10", "2", "2.a", "10"]),
    ],
)
def test_format_version_ordering(client, seed, fmt, namespace, ordered):
    shuffled = ordered[1::2] + ordered[::2]
    for version in shuffled:
        seed(fmt, "pkg", version, namespace)
    assert versions(client, fmt, "pkg", namespace) == ordered
    assert versions(client, fmt, "pkg", namespace, sortBy="PUBLISHED_TIME") == list(reversed(shuffled))


# -- defaultDisplayVersion -------------------------------------------------------------------------------


def test_npm_display_version_is_the_latest_dist_tag(client, seed):
    seed("npm", "lib", "1.0.0")
    seed("npm", "lib", "2.0.0-beta.1", dist_tags={"next": "2.0.0-beta.1"})  # not tagged latest
    assert display(client, "npm", "lib") == "1.0.0"
    seed("npm", "lib", "0.9.5", dist_tags={"latest": "0.9.5"})  # `latest` moved back to a lower version
    assert display(client, "npm", "lib") == "0.9.5"


def test_npm_without_latest_tag_shows_the_most_recently_published(client, seed, codeartifact_backend):
    seed("npm", "lib", "3.0.0", dist_tags={})
    seed("npm", "lib", "2.0.0", dist_tags={})
    package = codeartifact_backend.domains[DOMAIN].repositories[REPO].packages[("npm", "", "lib")]
    assert "latest" not in package.dist_tags
    assert display(client, "npm", "lib") == "2.0.0"


def test_npm_latest_deleted_falls_back(client, seed):
    seed("npm", "lib", "1.0.0")
    seed("npm", "lib", "1.1.0")
    assert display(client, "npm", "lib") == "1.1.0"
    client.delete_package_versions(domain=DOMAIN, repository=REPO, format="npm", package="lib", versions=["1.1.0"])
    assert display(client, "npm", "lib") == "1.0.0"


@pytest.mark.parametrize("fmt, namespace, published", [
    ("pypi", None, ["2.0", "1.9.1"]),
    ("maven", "com.acme", ["2.0", "1.9.1"]),
])
def test_pypi_and_maven_show_the_most_recently_published(client, seed, fmt, namespace, published):
    for version in published:
        seed(fmt, "pkg", version, namespace)
    assert display(client, fmt, "pkg", namespace) == "1.9.1"  # a backport published last, not the highest


def test_display_version_counts_published_versions_only(client, seed):
    seed("pypi", "pkg", "1.0")
    seed("pypi", "pkg", "2.0")
    client.update_package_versions_status(
        domain=DOMAIN, repository=REPO, format="pypi", package="pkg", versions=["2.0"], targetStatus="Unlisted"
    )
    assert display(client, "pypi", "pkg") == "1.0"
    client.update_package_versions_status(
        domain=DOMAIN, repository=REPO, format="pypi", package="pkg", versions=["2.0"], targetStatus="Published"
    )
    assert display(client, "pypi", "pkg") == "2.0"
    client.dispose_package_versions(domain=DOMAIN, repository=REPO, format="pypi", package="pkg", versions=["1.0", "2.0"])
    assert display(client, "pypi", "pkg") is None


def test_display_version_ignores_filters(client, seed):
    seed("pypi", "pkg", "1.0")
    seed("pypi", "pkg", "2.0", status="Archived")
    result = client.list_package_versions(domain=DOMAIN, repository=REPO, format="pypi", package="pkg", status="Archived")
    assert [v["version"] for v in result["versions"]] == ["2.0"]
    assert result["defaultDisplayVersion"] == "1.0"


# -- pagination ----------------------------------------------------------------------------------------


def test_default_page_is_fifty(client, seed):
    for i in range(55):
        seed("generic", "tool", f"1.{i}", "ns")
    first = client.list_package_versions(domain=DOMAIN, repository=REPO, format="generic", namespace="ns", package="tool")
    assert len(first["versions"]) == 50 and first["nextToken"]
    rest = client.list_package_versions(
        domain=DOMAIN, repository=REPO, format="generic", namespace="ns", package="tool", nextToken=first["nextToken"]
    )
    assert [v["version"] for v in rest["versions"]] == [f"1.{i}" for i in range(50, 55)]
    assert "nextToken" not in rest


@pytest.mark.parametrize("sort", [None, "PUBLISHED_TIME"])
@pytest.mark.parametrize("page_size", [1, 3, 100])
def test_paginator_walk(client, seed, sort, page_size):
    published = ["1.0.0", "1.10.0", "1.2.0", "2.0.0-rc.1", "2.0.0", "0.1.0", "1.9.9"]
    for version in published:
        seed("npm", "lib", version)
    params = {"sortBy": sort} if sort else {}
    pages = list(client.get_paginator("list_package_versions").paginate(
        domain=DOMAIN, repository=REPO, format="npm", package="lib", PaginationConfig={"PageSize": page_size}, **params
    ))
    walked = [v["version"] for page in pages for v in page["versions"]]
    expected = list(reversed(published)) if sort else ["0.1.0", "1.0.0", "1.2.0", "1.9.9", "1.10.0", "2.0.0-rc.1", "2.0.0"]
    assert walked == expected
    assert all(page["defaultDisplayVersion"] == "1.9.9" for page in pages)
    assert len(pages) == -(-len(published) // page_size)


def test_paginator_walk_with_a_status_filter(client, seed):
    for i in range(10):
        seed("npm", "lib", f"1.{i}.0", status="Published" if i % 3 else "Unlisted")
    pages = client.get_paginator("list_package_versions").paginate(
        domain=DOMAIN, repository=REPO, format="npm", package="lib", status="Unlisted", PaginationConfig={"PageSize": 2}
    )
    assert [[v["version"] for v in page["versions"]] for page in pages] == [["1.0.0", "1.3.0"], ["1.6.0", "1.9.0"]]


def test_version_order_cursor_survives_changes(client, seed):
    for version in ("1.0.0", "2.0.0", "3.0.0", "4.0.0", "5.0.0"):
        seed("npm", "lib", version)
    first = client.list_package_versions(domain=DOMAIN, repository=REPO, format="npm", package="lib", maxResults=2)
    assert [v["version"] for v in first["versions"]] == ["1.0.0", "2.0.0"]
    # Between pages: the last returned and a later one go, one appears before
    # the cursor and one after it.
    client.delete_package_versions(domain=DOMAIN, repository=REPO, format="npm", package="lib", versions=["2.0.0", "4.0.0"])
    seed("npm", "lib", "1.5.0")
    seed("npm", "lib", "4.5.0")
    rest = client.list_package_versions(
        domain=DOMAIN, repository=REPO, format="npm", package="lib", maxResults=2, nextToken=first["nextToken"]
    )
    assert [v["version"] for v in rest["versions"]] == ["3.0.0", "4.5.0"]
    last = client.list_package_versions(
        domain=DOMAIN, repository=REPO, format="npm", package="lib", maxResults=2, nextToken=rest["nextToken"]
    )
    assert [v["version"] for v in last["versions"]] == ["5.0.0"]
    assert "nextToken" not in last


def test_published_time_cursor_survives_changes(client, seed):
    for version in ("1.0.0", "2.0.0", "3.0.0", "4.0.0", "5.0.0"):
        seed("npm", "lib", version)
    first = client.list_package_versions(
        domain=DOMAIN, repository=REPO, format="npm", package="lib", sortBy="PUBLISHED_TIME", maxResults=2
    )
    assert [v["version"] for v in first["versions"]] == ["5.0.0", "4.0.0"]
    client.delete_package_versions(domain=DOMAIN, repository=REPO, format="npm", package="lib", versions=["4.0.0", "2.0.0"])
    seed("npm", "lib", "6.0.0")  # newer than the cursor: not in the rest of this walk
    rest = client.list_package_versions(
        domain=DOMAIN, repository=REPO, format="npm", package="lib", sortBy="PUBLISHED_TIME", maxResults=10,
        nextToken=first["nextToken"],
    )
    assert [v["version"] for v in rest["versions"]] == ["3.0.0", "1.0.0"]
    assert "nextToken" not in rest


def test_invalid_token(client, seed, fails):
    seed("npm", "lib", "1.0.0")
    fails(
        lambda: client.list_package_versions(domain=DOMAIN, repository=REPO, format="npm", package="lib", nextToken="garbage!"),
        "ValidationException", 400,
    )
