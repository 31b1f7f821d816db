"""Packages: ListPackages, DescribePackage, DeletePackage,
PutPackageOriginConfiguration, and the origin-control defaults set by how a
package's first version arrives."""

from __future__ import annotations

import pytest

DOMAIN = "acme"
REPO = "repo"
ALLOW_BLOCK = {"restrictions": {"publish": "ALLOW", "upstream": "BLOCK"}}
BLOCK_ALLOW = {"restrictions": {"publish": "BLOCK", "upstream": "ALLOW"}}


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain=DOMAIN)
    codeartifact_client.create_repository(domain=DOMAIN, repository=REPO)
    codeartifact_client.create_repository(domain=DOMAIN, repository="other")
    return codeartifact_client


@pytest.fixture
def seed(codeartifact_backend):
    """``seed(format, package, namespace=None, version="1.0.0", **kw)`` without files."""

    def publish(fmt: str, package: str, namespace: str | None = None, version: str = "1.0.0",
                repository: str = REPO, **kw) -> dict:
        return codeartifact_backend.publish_package(
            domain=DOMAIN, repository=repository, format=fmt, namespace=namespace, package=package,
            version=version, **kw,
        )

    return publish


@pytest.fixture
def mixed(seed):
    """A repository holding packages of several formats and namespaces."""
    seed("npm", "react")
    seed("npm", "node", "types")
    seed("npm", "react", "types")
    seed("npm", "lodash", origin_from="public:npmjs")
    seed("pypi", "requests", origin_from="public:pypi")
    seed("pypi", "acme-utils")
    seed("maven", "guava", "com.google.guava")
    seed("maven", "tools", "com.acme.build")
    seed("maven", "core", "com.acme")
    seed("generic", "blob", "team")


def listed(client, **params) -> list[tuple[str, str | None, str]]:
    packages = client.list_packages(domain=DOMAIN, repository=REPO, **params)["packages"]
    return [(p["format"], p.get("namespace"), p["package"]) for p in packages]


# -- ListPackages -------------------------------------------------------------------------


def test_list_packages_shape(client, seed):
    seed("npm", "react", "types")
    seed("pypi", "requests")
    result = client.list_packages(domain=DOMAIN, repository=REPO)
    assert "nextToken" not in result
    assert result["packages"] == [
        {"format": "npm", "namespace": "types", "package": "react", "originConfiguration": ALLOW_BLOCK},
        {"format": "pypi", "package": "requests", "originConfiguration": ALLOW_BLOCK},
    ]


def test_list_packages_ordering(client, mixed):
    assert listed(client) == [
        ("generic", "team", "blob"),
        ("maven", "com.acme", "core"),
        ("maven", "com.acme.build", "tools"),
        ("maven", "com.google.guava", "guava"),
        ("npm", None, "lodash"),
        ("npm", None, "react"),
        ("npm", "types", "node"),
        ("npm", "types", "react"),
        ("pypi", None, "acme-utils"),
        ("pypi", None, "requests"),
    ]


def test_filter_by_format(client, mixed):
    assert listed(client, format="pypi") == [("pypi", None, "acme-utils"), ("pypi", None, "requests")]
    assert listed(client, format="nuget") == []


def test_namespace_is_a_prefix_filter_and_needs_format(client, mixed, fails):
    assert listed(client, format="maven", namespace="com.acme") == [
        ("maven", "com.acme", "core"), ("maven", "com.acme.build", "tools"),
    ]
    assert listed(client, format="maven", namespace="com.") == [
        ("maven", "com.acme", "core"), ("maven", "com.acme.build", "tools"), ("maven", "com.google.guava", "guava"),
    ]
    assert listed(client, format="npm", namespace="types") == [("npm", "types", "node"), ("npm", "types", "react")]
    assert listed(client, format="npm", namespace="nope") == []
    fails(lambda: listed(client, namespace="com.acme"), "ValidationException", 400)


def test_filter_by_package_prefix(client, mixed):
    assert listed(client, packagePrefix="re") == [("npm", None, "react"), ("npm", "types", "react"), ("pypi", None, "requests")]
    assert listed(client, packagePrefix="react", format="npm", namespace="types") == [("npm", "types", "react")]
    assert listed(client, packagePrefix="zzz") == []


def test_filter_by_origin_controls(client, mixed):
    assert listed(client, publish="BLOCK") == [("npm", None, "lodash"), ("pypi", None, "requests")]
    assert listed(client, upstream="ALLOW") == [("npm", None, "lodash"), ("pypi", None, "requests")]
    assert len(listed(client, publish="ALLOW", upstream="BLOCK")) == 8
    assert listed(client, publish="ALLOW", upstream="ALLOW") == []
    client.put_package_origin_configuration(
        domain=DOMAIN, repository=REPO, format="npm", package="react", restrictions={"publish": "ALLOW", "upstream": "ALLOW"}
    )
    assert listed(client, publish="ALLOW", upstream="ALLOW") == [("npm", None, "react")]


@pytest.mark.parametrize("bad", [{"publish": "MAYBE"}, {"upstream": "allow"}, {"format": "rpm"}, {"packagePrefix": "a b"}])
def test_invalid_filters(client, lenient_client, fails, bad):
    fails(lambda: lenient_client.list_packages(domain=DOMAIN, repository=REPO, **bad), "ValidationException", 400)


def test_list_packages_of_unknown_repository(client, fails):
    fails(lambda: client.list_packages(domain=DOMAIN, repository="nope"), "ResourceNotFoundException", 404)


def test_only_the_repository_own_packages(client, seed):
    seed("npm", "mine")
    seed("npm", "theirs", repository="other")
    client.update_repository(domain=DOMAIN, repository=REPO, upstreams=[{"repositoryName": "other"}])
    assert listed(client) == [("npm", None, "mine")]


def test_pagination(client, seed):
    names = [f"pkg-{i:03}" for i in range(57)]
    for name in reversed(names):
        seed("pypi", name)
    first = client.list_packages(domain=DOMAIN, repository=REPO)
    assert len(first["packages"]) == 50 and first["nextToken"]
    rest = client.list_packages(domain=DOMAIN, repository=REPO, nextToken=first["nextToken"])
    assert "nextToken" not in rest
    assert [p["package"] for p in first["packages"] + rest["packages"]] == names
    pages = client.get_paginator("list_packages").paginate(
        domain=DOMAIN, repository=REPO, format="pypi", PaginationConfig={"PageSize": 8}
    )
    assert [p["package"] for page in pages for p in page["packages"]] == names


def test_pagination_with_filters(client, seed):
    for name in ("a1", "a2", "b1", "a3", "b2", "a4"):
        seed("npm", name)
    pages = client.get_paginator("list_packages").paginate(
        domain=DOMAIN, repository=REPO, packagePrefix="a", PaginationConfig={"PageSize": 3}
    )
    assert [[p["package"] for p in page["packages"]] for page in pages] == [["a1", "a2", "a3"], ["a4"]]


def test_cursor_survives_changes_between_pages(client, seed):
    for name in ("bb", "dd", "ff", "hh"):
        seed("npm", name)
    first = client.list_packages(domain=DOMAIN, repository=REPO, maxResults=2)
    assert [p["package"] for p in first["packages"]] == ["bb", "dd"]
    client.delete_package(domain=DOMAIN, repository=REPO, format="npm", package="dd")
    client.delete_package(domain=DOMAIN, repository=REPO, format="npm", package="ff")
    seed("npm", "aa")
    seed("npm", "ee")
    rest = client.list_packages(domain=DOMAIN, repository=REPO, maxResults=10, nextToken=first["nextToken"])
    assert [p["package"] for p in rest["packages"]] == ["ee", "hh"]


def test_invalid_token(client, seed, fails):
    seed("npm", "react")
    fails(lambda: client.list_packages(domain=DOMAIN, repository=REPO, nextToken="garbage"), "ValidationException", 400)


# -- DescribePackage ----------------------------------------------------------------------


def test_describe_package(client, seed):
    seed("npm", "react", "types")
    assert client.describe_package(
        domain=DOMAIN, repository=REPO, format="npm", namespace="types", package="react"
    )["package"] == {"format": "npm", "namespace": "types", "name": "react", "originConfiguration": ALLOW_BLOCK}
    seed("pypi", "requests")
    described = client.describe_package(domain=DOMAIN, repository=REPO, format="pypi", package="requests")["package"]
    assert described == {"format": "pypi", "name": "requests", "originConfiguration": ALLOW_BLOCK}


def test_describe_package_not_found(client, seed, fails):
    seed("npm", "react", "types")
    for params in (
        {"format": "npm", "package": "react"},  # unscoped react is another package
        {"format": "npm", "namespace": "types", "package": "vue"},
        {"format": "generic", "namespace": "types", "package": "react"},
    ):
        response = fails(
            lambda: client.describe_package(domain=DOMAIN, repository=REPO, **params),
            "ResourceNotFoundException", 404, resourceType="package",
        )
        assert params["package"] in response["Error"]["Message"]
    fails(
        lambda: client.describe_package(domain=DOMAIN, repository="other", format="npm", namespace="types", package="react"),
        "ResourceNotFoundException", 404, resourceType="package",
    )


@pytest.mark.parametrize(
    "params",
    [
        {"format": "maven", "package": "guava"},  # maven needs a namespace
        {"format": "generic", "package": "blob"},  # so does generic
        {"format": "pypi", "namespace": "x", "package": "requests"},  # pypi has none
    ],
)
def test_describe_package_namespace_rules(client, fails, params):
    fails(lambda: client.describe_package(domain=DOMAIN, repository=REPO, **params), "ValidationException", 400)


def test_pypi_names_are_not_normalised_on_input(client, seed, fails):
    seed("pypi", "Acme_Utils")
    described = client.describe_package(domain=DOMAIN, repository=REPO, format="pypi", package="acme-utils")
    assert described["package"]["name"] == "acme-utils"
    fails(
        lambda: client.describe_package(domain=DOMAIN, repository=REPO, format="pypi", package="Acme_Utils"),
        "ResourceNotFoundException", 404,
    )


# -- DeletePackage -------------------------------------------------------------------------


def test_delete_package(client, seed):
    seed("npm", "react", "types", version="1.0.0", files=None)
    seed("npm", "react", "types", version="2.0.0")
    result = client.delete_package(domain=DOMAIN, repository=REPO, format="npm", namespace="types", package="react")
    assert result["deletedPackage"] == {
        "format": "npm", "namespace": "types", "package": "react", "originConfiguration": ALLOW_BLOCK,
    }
    assert listed(client) == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_package_versions(domain=DOMAIN, repository=REPO, format="npm", namespace="types", package="react")


def test_delete_package_releases_assets(client, codeartifact_backend):
    def seed_generic(repository, version, data):
        codeartifact_backend.publish_package(
            domain=DOMAIN, repository=repository, format="generic", namespace="ns", package="blob",
            version=version, files={"blob.bin": data},
        )

    seed_generic(REPO, "1", b"a" * 10)
    seed_generic(REPO, "2", b"b" * 20)
    seed_generic("other", "2", b"b" * 20)  # the same blob in another repository
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 30
    client.delete_package(domain=DOMAIN, repository=REPO, format="generic", namespace="ns", package="blob")
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 20
    client.delete_package(domain=DOMAIN, repository="other", format="generic", namespace="ns", package="blob")
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 0


def test_delete_package_only_in_that_repository(client, seed):
    seed("npm", "react")
    seed("npm", "react", repository="other")
    client.delete_package(domain=DOMAIN, repository=REPO, format="npm", package="react")
    other = client.list_packages(domain=DOMAIN, repository="other")["packages"]
    assert [p["package"] for p in other] == ["react"]


def test_delete_unknown_package(client, fails):
    fails(
        lambda: client.delete_package(domain=DOMAIN, repository=REPO, format="npm", package="react"),
        "ResourceNotFoundException", 404, resourceType="package",
    )


def test_a_deleted_package_can_come_back_with_fresh_defaults(client, seed):
    seed("npm", "react")
    client.put_package_origin_configuration(
        domain=DOMAIN, repository=REPO, format="npm", package="react", restrictions={"publish": "BLOCK", "upstream": "BLOCK"}
    )
    client.delete_package(domain=DOMAIN, repository=REPO, format="npm", package="react")
    seed("npm", "react", version="2.0.0")
    described = client.describe_package(domain=DOMAIN, repository=REPO, format="npm", package="react")["package"]
    assert described["originConfiguration"] == ALLOW_BLOCK


# -- PutPackageOriginConfiguration ---------------------------------------------------------------


def test_put_origin_configuration_on_an_existing_package(client, seed):
    seed("npm", "react")
    result = client.put_package_origin_configuration(
        domain=DOMAIN, repository=REPO, format="npm", package="react", restrictions={"publish": "BLOCK", "upstream": "BLOCK"}
    )
    assert result["originConfiguration"] == {"restrictions": {"publish": "BLOCK", "upstream": "BLOCK"}}
    described = client.describe_package(domain=DOMAIN, repository=REPO, format="npm", package="react")["package"]
    assert described["originConfiguration"] == result["originConfiguration"]
    versions = client.list_package_versions(domain=DOMAIN, repository=REPO, format="npm", package="react")["versions"]
    assert [v["version"] for v in versions] == ["1.0.0"]  # versions stay


def test_put_origin_configuration_creates_an_empty_package(client):
    result = client.put_package_origin_configuration(
        domain=DOMAIN, repository=REPO, format="maven", namespace="com.acme", package="core",
        restrictions={"publish": "BLOCK", "upstream": "ALLOW"},
    )
    assert result["originConfiguration"] == BLOCK_ALLOW
    assert listed(client) == [("maven", "com.acme", "core")]
    described = client.describe_package(domain=DOMAIN, repository=REPO, format="maven", namespace="com.acme", package="core")
    assert described["package"] == {"format": "maven", "namespace": "com.acme", "name": "core", "originConfiguration": BLOCK_ALLOW}
    versions = client.list_package_versions(domain=DOMAIN, repository=REPO, format="maven", namespace="com.acme", package="core")
    assert versions["versions"] == [] and "defaultDisplayVersion" not in versions
    # DeletePackage removes such a record.
    client.delete_package(domain=DOMAIN, repository=REPO, format="maven", namespace="com.acme", package="core")
    assert listed(client) == []


def test_put_origin_configuration_normalises_like_other_calls(client, seed):
    """NuGet names are normalised on API input: the record is the stored name's."""
    seed("nuget", "Newtonsoft.Json", version="12.0.3")
    client.put_package_origin_configuration(
        domain=DOMAIN, repository=REPO, format="nuget", package="Newtonsoft.JSON",
        restrictions={"publish": "BLOCK", "upstream": "ALLOW"},
    )
    assert listed(client, format="nuget") == [("nuget", None, "newtonsoft.json")]


@pytest.mark.parametrize(
    "restrictions", [{"publish": "ALLOW"}, {"upstream": "ALLOW"}, {"publish": "YES", "upstream": "ALLOW"}],
)
def test_put_origin_configuration_needs_both_valid_restrictions(client, lenient_client, fails, restrictions):
    fails(
        lambda: lenient_client.put_package_origin_configuration(
            domain=DOMAIN, repository=REPO, format="npm", package="react", restrictions=restrictions
        ),
        "ValidationException", 400,
    )
    assert listed(client) == []


def test_put_origin_configuration_needs_the_repository(client, fails):
    fails(
        lambda: client.put_package_origin_configuration(
            domain=DOMAIN, repository="nope", format="npm", package="react", restrictions={"publish": "ALLOW", "upstream": "ALLOW"}
        ),
        "ResourceNotFoundException", 404, resourceType="repository",
    )


# -- defaults by how the first version arrives ------------------------------------------------------


def test_direct_publish_defaults(client, seed):
    seed("npm", "mine")
    described = client.describe_package(domain=DOMAIN, repository=REPO, format="npm", package="mine")["package"]
    assert described["originConfiguration"] == ALLOW_BLOCK
    version = client.describe_package_version(
        domain=DOMAIN, repository=REPO, format="npm", package="mine", packageVersion="1.0.0"
    )["packageVersion"]
    assert version["origin"] == {"domainEntryPoint": {"repositoryName": REPO}, "originType": "INTERNAL"}


def test_ingested_from_a_public_registry_defaults(client, seed):
    seeded = seed("npm", "lodash", version="4.17.21", origin_from="public:npmjs")
    assert seeded["origin"] == {"domainEntryPoint": {"externalConnectionName": "public:npmjs"}, "originType": "EXTERNAL"}
    described = client.describe_package(domain=DOMAIN, repository=REPO, format="npm", package="lodash")["package"]
    assert described["originConfiguration"] == BLOCK_ALLOW
    versions = client.list_package_versions(domain=DOMAIN, repository=REPO, format="npm", package="lodash")["versions"]
    assert versions[0]["origin"] == seeded["origin"]


def test_later_arrivals_do_not_change_the_defaults(client, seed):
    seed("npm", "lodash", version="1.0.0", origin_from="public:npmjs")
    seed("npm", "lodash", version="2.0.0")  # a later direct publish (seeding does not enforce controls)
    described = client.describe_package(domain=DOMAIN, repository=REPO, format="npm", package="lodash")["package"]
    assert described["originConfiguration"] == BLOCK_ALLOW


def test_a_copied_version_order_is_independent_and_keeps_the_format_order():
    from mock_codeartifact._backend.packages import copy_sorted_list, new_package

    package = new_package("npm", None, "p", "ALLOW", "BLOCK")
    package.order.update(["1.10.0", "1.2.0", "1.9.0-beta"])
    package.order.index("1.10.0")  # builds the positional index, which the copy must carry too
    copied = copy_sorted_list(package.order)
    copied.add("2.0.0")
    package.order.remove("1.2.0")
    assert list(copied) == ["1.2.0", "1.9.0-beta", "1.10.0", "2.0.0"] and copied.index("2.0.0") == 3
    assert list(package.order) == ["1.9.0-beta", "1.10.0"] and copied.key is package.order.key
