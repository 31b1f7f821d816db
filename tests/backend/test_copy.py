"""CopyPackageVersions: promotion between repositories of one domain."""

from __future__ import annotations

import hashlib

import pytest

from tests.backend.package_files import npm_tarball

DOMAIN = "acme"




@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain=DOMAIN)
    for name in ("src", "dst", "ra", "rb", "rc", "rd"):
        codeartifact_client.create_repository(domain=DOMAIN, repository=name)
    return codeartifact_client


@pytest.fixture
def seed(codeartifact_backend):
    """``seed(repo, version, status="Published", **manifest)``: npm ``lib`` from a tarball."""

    def publish(repository: str, version: str, status: str = "Published", dist_tags=None, **manifest) -> dict:
        return codeartifact_backend.publish_package(
            domain=DOMAIN, repository=repository, format="npm", status=status, dist_tags=dist_tags,
            files={"package.tgz": npm_tarball("lib", version, **manifest)},
        )

    return publish


@pytest.fixture
def package_in(codeartifact_backend):
    def get(repository: str, key=("npm", "", "lib")):
        return codeartifact_backend.domains[DOMAIN].repositories[repository].packages.get(key)

    return get


@pytest.fixture
def state(codeartifact_backend):
    """Every repository's packages, versions and tags, and the domain's blobs."""

    def take():
        domain = codeartifact_backend.domains[DOMAIN]
        return (
            {
                name: {
                    key: (
                        {v.version: (v.status, v.revision, v.assets) for v in p.versions.values()},
                        dict(p.dist_tags), p.publish, p.upstream,
                    )
                    for key, p in repo.packages.items()
                }
                for name, repo in domain.repositories.items()
            },
            domain.assets.total_bytes,
        )

    return take


def copy(client, versions=None, source="src", destination="dst", package="lib", fmt="npm", **params):
    if versions is not None:
        params["versions"] = versions
    result = client.copy_package_versions(
        domain=DOMAIN, sourceRepository=source, destinationRepository=destination,
        format=fmt, package=package, **params,
    )
    return result["successfulVersions"], result["failedVersions"]


def listed(client, repository="dst", package="lib", **params):
    versions = client.list_package_versions(
        domain=DOMAIN, repository=repository, format="npm", package=package, **params
    )["versions"]
    return {v["version"]: (v["revision"], v["status"]) for v in versions}


# -- versions xor versionRevisions -----------------------------------------------------


@pytest.mark.parametrize("params", [{}, {"versions": ["1.0.0"], "versionRevisions": {"1.0.0": "r"}}], ids=["neither", "both"])
def test_versions_xor_version_revisions(client, seed, fails, params):
    seed("src", "1.0.0")
    fails(lambda: copy(client, **params), "ValidationException", 400)


def test_copy_by_version_revisions(client, seed):
    revision = seed("src", "1.0.0")["revision"]
    seed("src", "2.0.0")
    done, failed = copy(client, versionRevisions={"1.0.0": revision})
    assert failed == {}
    assert done == {"1.0.0": {"revision": revision, "status": "Published"}}
    assert set(listed(client)) == {"1.0.0"}


def test_mismatched_revision(client, seed, state):
    revision = seed("src", "1.0.0")["revision"]
    other = seed("src", "2.0.0")["revision"]
    before = state()
    done, failed = copy(client, versionRevisions={"1.0.0": other, "2.0.0": other})
    assert done == {}
    assert failed == {
        "1.0.0": {"errorCode": "MISMATCHED_REVISION", "errorMessage": f"current revision: {revision}, expected revision: {other}"},
        "2.0.0": {"errorCode": "SKIPPED", "errorMessage": "Version 2.0.0 was skipped"},
    }
    assert state() == before


# -- NOT_FOUND, SKIPPED, ALREADY_EXISTS, identical versions ------------------------------------


def test_not_found_skips_the_rest(client, seed, state):
    seed("src", "1.0.0")
    seed("src", "1.1.0")
    before = state()
    done, failed = copy(client, ["1.0.0", "9.0.0", "1.1.0"])
    assert done == {}
    assert failed == {
        "1.0.0": {"errorCode": "SKIPPED", "errorMessage": "Version 1.0.0 was skipped"},
        "1.1.0": {"errorCode": "SKIPPED", "errorMessage": "Version 1.1.0 was skipped"},
        "9.0.0": {"errorCode": "NOT_FOUND", "errorMessage": "Could not find version 9.0.0"},
    }
    assert state() == before


def test_identical_version_is_left_out_of_the_result(client, seed, state):
    first = seed("src", "1.0.0")["revision"]
    second = seed("src", "2.0.0")["revision"]
    seed("dst", "1.0.0")
    done, failed = copy(client, ["1.0.0", "2.0.0"])
    assert (done, failed) == ({"2.0.0": {"revision": second, "status": "Published"}}, {})
    after = state()
    assert copy(client, ["1.0.0", "2.0.0"]) == ({}, {})  # idempotent
    assert state() == after
    assert listed(client) == {"1.0.0": (first, "Published"), "2.0.0": (second, "Published")}


def test_already_exists_unless_allow_overwrite(client, seed, state):
    source = seed("src", "1.0.0", description="new")["revision"]
    seed("src", "2.0.0")
    old = seed("dst", "1.0.0", description="old")["revision"]
    before = state()
    done, failed = copy(client, ["1.0.0", "2.0.0"])
    assert done == {}
    assert failed == {
        "1.0.0": {"errorCode": "ALREADY_EXISTS", "errorMessage": "Version 1.0.0 already exists"},
        "2.0.0": {"errorCode": "SKIPPED", "errorMessage": "Version 2.0.0 was skipped"},
    }
    assert state() == before
    assert listed(client) == {"1.0.0": (old, "Published")}
    done, failed = copy(client, ["1.0.0", "2.0.0"], allowOverwrite=True)
    assert failed == {} and done["1.0.0"] == {"revision": source, "status": "Published"}
    assert listed(client)["1.0.0"] == (source, "Published")


def test_overwrite_releases_the_replaced_assets(client, seed):
    seed("src", "1.0.0", description="new")
    seed("dst", "1.0.0", description="old")
    old_size = len(npm_tarball("lib", "1.0.0", description="old"))
    new_size = len(npm_tarball("lib", "1.0.0", description="new"))
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == old_size + new_size
    copy(client, ["1.0.0"], allowOverwrite=True)
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == new_size


# -- what a copy carries --------------------------------------------------------------------


def test_copy_keeps_revision_origin_time_and_metadata(client, seed, codeartifact_mock):
    seeded = seed("src", "1.0.0", description="A library", license="MIT")
    codeartifact_mock.clock.advance(3600)
    copy(client, ["1.0.0"])
    copied = client.describe_package_version(
        domain=DOMAIN, repository="dst", format="npm", package="lib", packageVersion="1.0.0"
    )["packageVersion"]
    for key in ("revision", "status", "publishedTime", "summary", "licenses", "displayName"):
        assert copied[key] == seeded[key], key
    # origin says how the version entered the domain: still through "src".
    assert copied["origin"] == {"domainEntryPoint": {"repositoryName": "src"}, "originType": "INTERNAL"}


def test_copy_shares_the_assets(client, seed):
    seed("src", "1.0.0")
    size = client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"]
    copy(client, ["1.0.0"])
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == size
    asset = client.get_package_version_asset(
        domain=DOMAIN, repository="dst", format="npm", package="lib", packageVersion="1.0.0", asset="package.tgz"
    )
    assert asset["asset"].read() == npm_tarball("lib", "1.0.0")


@pytest.mark.parametrize("status", ["Unlisted", "Archived"])
def test_unlisted_and_archived_versions_copy_with_their_status(client, seed, status):
    revision = seed("src", "1.0.0", status=status)["revision"]
    done, failed = copy(client, ["1.0.0"])
    assert (done, failed) == ({"1.0.0": {"revision": revision, "status": status}}, {})
    assert listed(client) == {"1.0.0": (revision, status)}


@pytest.mark.parametrize("status", ["Disposed", "Unfinished"])
def test_disposed_and_unfinished_versions_are_not_allowed(client, seed, state, status):
    seed("src", "1.0.0", status=status)
    seed("src", "2.0.0")
    before = state()
    done, failed = copy(client, ["1.0.0", "2.0.0"])
    assert done == {}
    assert failed["1.0.0"]["errorCode"] == "NOT_ALLOWED"
    assert "1.0.0" in failed["1.0.0"]["errorMessage"] and status in failed["1.0.0"]["errorMessage"]
    assert failed["2.0.0"] == {"errorCode": "SKIPPED", "errorMessage": "Version 2.0.0 was skipped"}
    assert state() == before


def test_new_package_in_destination_gets_direct_publish_defaults(client, seed):
    seed("src", "1.0.0")
    copy(client, ["1.0.0"])
    described = client.describe_package(domain=DOMAIN, repository="dst", format="npm", package="lib")["package"]
    assert described["originConfiguration"] == {"restrictions": {"publish": "ALLOW", "upstream": "BLOCK"}}


# -- npm dist-tags ------------------------------------------------------------------------


def test_dist_tags_of_copied_versions_come_along_and_overwrite(client, seed, package_in):
    seed("src", "1.0.0")
    seed("src", "2.0.0", dist_tags={"latest": "2.0.0", "beta": "1.0.0", "next": "2.0.0"})
    seed("dst", "3.0.0", dist_tags={"latest": "3.0.0", "beta": "3.0.0", "legacy": "3.0.0"})
    copy(client, ["1.0.0"])
    # Only tags on a copied version come along; a same-named tag is overwritten.
    assert package_in("dst").dist_tags == {"latest": "3.0.0", "beta": "1.0.0", "legacy": "3.0.0"}
    copy(client, ["2.0.0"])
    assert package_in("dst").dist_tags == {"latest": "2.0.0", "beta": "1.0.0", "legacy": "3.0.0", "next": "2.0.0"}
    result = client.list_package_versions(domain=DOMAIN, repository="dst", format="npm", package="lib")
    assert result["defaultDisplayVersion"] == "2.0.0"


# -- origin controls on the destination --------------------------------------------------------


def test_publish_block_on_the_destination_refuses_new_versions(client, seed, state):
    seed("src", "1.0.0")
    seed("src", "2.0.0")
    client.put_package_origin_configuration(
        domain=DOMAIN, repository="dst", format="npm", package="lib",
        restrictions={"publish": "BLOCK", "upstream": "ALLOW"},
    )
    before = state()
    done, failed = copy(client, ["1.0.0", "2.0.0"])
    assert done == {}
    assert {e["errorCode"] for e in failed.values()} == {"NOT_ALLOWED"}
    assert all(v in failed[v]["errorMessage"] for v in failed)
    assert state() == before


def test_publish_block_still_lets_an_identical_version_through(client, seed):
    seed("src", "1.0.0")
    seed("dst", "1.0.0")
    client.put_package_origin_configuration(
        domain=DOMAIN, repository="dst", format="npm", package="lib",
        restrictions={"publish": "BLOCK", "upstream": "ALLOW"},
    )
    assert copy(client, ["1.0.0"]) == ({}, {})


def test_publish_block_on_another_package_does_not_matter(client, seed):
    seed("src", "1.0.0")
    client.put_package_origin_configuration(
        domain=DOMAIN, repository="dst", format="npm", package="other",
        restrictions={"publish": "BLOCK", "upstream": "BLOCK"},
    )
    done, failed = copy(client, ["1.0.0"])
    assert failed == {} and list(done) == ["1.0.0"]


# -- includeFromUpstream -------------------------------------------------------------------


def test_include_from_upstream_searches_depth_first(client, seed):
    """ra -> [rb, rc], rb -> [rd]; rc and rd both hold 1.0.0: rd (rb's subtree)
    comes before rc, so rd's copy is the one copied."""
    client.update_repository(domain=DOMAIN, repository="rb", upstreams=[{"repositoryName": "rd"}])
    client.update_repository(domain=DOMAIN, repository="ra", upstreams=[{"repositoryName": "rb"}, {"repositoryName": "rc"}])
    from_c = seed("rc", "1.0.0", description="from c")["revision"]
    from_d = seed("rd", "1.0.0", description="from d")["revision"]
    assert from_c != from_d
    done, failed = copy(client, ["1.0.0"], source="ra", includeFromUpstream=True)
    assert failed == {}
    assert done == {"1.0.0": {"revision": from_d, "status": "Published"}}
    assert listed(client) == {"1.0.0": (from_d, "Published")}


def test_the_source_itself_comes_first(client, seed):
    client.update_repository(domain=DOMAIN, repository="src", upstreams=[{"repositoryName": "ra"}])
    own = seed("src", "1.0.0", description="own")["revision"]
    seed("ra", "1.0.0", description="upstream")
    done, _ = copy(client, ["1.0.0"], includeFromUpstream=True)
    assert done["1.0.0"]["revision"] == own


def test_versions_can_come_from_several_repositories(client, seed):
    client.update_repository(domain=DOMAIN, repository="src", upstreams=[{"repositoryName": "ra"}, {"repositoryName": "rb"}])
    revisions = {"1.0.0": seed("src", "1.0.0")["revision"], "2.0.0": seed("ra", "2.0.0")["revision"],
                 "3.0.0": seed("rb", "3.0.0")["revision"]}
    done, failed = copy(client, list(revisions), includeFromUpstream=True)
    assert failed == {}
    assert {v: e["revision"] for v, e in done.items()} == revisions


def test_without_include_from_upstream_upstreams_are_ignored(client, seed, fails):
    client.update_repository(domain=DOMAIN, repository="src", upstreams=[{"repositoryName": "ra"}])
    seed("ra", "1.0.0")
    # The source does not hold the package at all.
    fails(lambda: copy(client, ["1.0.0"]), "ResourceNotFoundException", 404, resourceType="package")
    done, failed = copy(client, ["1.0.0"], includeFromUpstream=True)
    assert failed == {} and list(done) == ["1.0.0"]


def test_include_from_upstream_still_reports_not_found(client, seed):
    client.update_repository(domain=DOMAIN, repository="src", upstreams=[{"repositoryName": "ra"}])
    seed("ra", "1.0.0")
    done, failed = copy(client, ["1.0.0", "2.0.0"], includeFromUpstream=True)
    assert done == {}
    assert failed["2.0.0"]["errorCode"] == "NOT_FOUND"
    assert failed["1.0.0"]["errorCode"] == "SKIPPED"


# -- where the copy can go -------------------------------------------------------------------


def test_different_domains_are_impossible(client, seed, fails):
    client.create_domain(domain="other")
    client.create_repository(domain="other", repository="elsewhere")
    seed("src", "1.0.0")
    fails(lambda: copy(client, ["1.0.0"], destination="elsewhere"), "ResourceNotFoundException", 404,
          resourceType="repository", resourceId="elsewhere")


def test_unknown_source_repository_or_domain(client, fails):
    fails(lambda: copy(client, ["1.0.0"], source="nope"), "ResourceNotFoundException", 404, resourceType="repository")
    fails(
        lambda: client.copy_package_versions(
            domain="nope", sourceRepository="src", destinationRepository="dst", format="npm", package="lib", versions=["1"]
        ),
        "ResourceNotFoundException", 404, resourceType="domain",
    )


def test_same_source_and_destination(client, seed, fails):
    seed("src", "1.0.0")
    fails(lambda: copy(client, ["1.0.0"], destination="src"), "ValidationException", 400)


def test_scoped_and_namespaced_packages(client, codeartifact_backend):
    scoped = codeartifact_backend.publish_package(
        domain=DOMAIN, repository="src", format="npm", files={"package.tgz": npm_tarball("@scope/lib", "1.0.0")}
    )
    generic = codeartifact_backend.publish_package(
        domain=DOMAIN, repository="src", format="generic", namespace="team", package="lib", version="1.0",
        files={"lib.zip": b"zip"},
    )
    done, _ = copy(client, ["1.0.0"], namespace="scope")
    assert done == {"1.0.0": {"revision": scoped["revision"], "status": "Published"}}
    done, _ = copy(client, ["1.0"], fmt="generic", namespace="team")
    assert done == {"1.0": {"revision": generic["revision"], "status": "Published"}}
    packages = client.list_packages(domain=DOMAIN, repository="dst")["packages"]
    assert sorted((p["format"], p.get("namespace"), p["package"]) for p in packages) == [
        ("generic", "team", "lib"), ("npm", "scope", "lib"),
    ]
    # The unscoped npm "lib" is another package, which the source does not hold.
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        copy(client, ["1.0.0"])


def test_nuget_version_revisions_are_checked_after_normalising(client, codeartifact_backend, state):
    """NuGet versions given to the API are normalised (12.0.03.0 -> 12.0.3):
    the revision given for the raw spelling must still be checked."""
    revision = codeartifact_backend.publish_package(
        domain=DOMAIN, repository="src", format="nuget", package="Newtonsoft.Json", version="12.0.3"
    )["revision"]
    before = state()
    done, failed = copy(client, fmt="nuget", package="Newtonsoft.JSON", versionRevisions={"12.0.03.0": "wrong"})
    assert done == {}
    assert failed == {"12.0.3": {
        "errorCode": "MISMATCHED_REVISION", "errorMessage": f"current revision: {revision}, expected revision: wrong",
    }}
    assert state() == before
    done, failed = copy(client, fmt="nuget", package="Newtonsoft.JSON", versionRevisions={"12.0.03.0": revision})
    assert (done, failed) == ({"12.0.3": {"revision": revision, "status": "Published"}}, {})


def test_a_disposed_copy_in_the_destination_is_not_identical(client, seed, codeartifact_mock):
    """Disposal keeps the revision but deletes the assets: the destination no
    longer holds the same version, so a copy needs allowOverwrite and restores it."""
    revision = seed("src", "1.0.0")["revision"]
    copy(client, ["1.0.0"])
    client.dispose_package_versions(domain=DOMAIN, repository="dst", format="npm", package="lib", versions=["1.0.0"])
    assert listed(client) == {"1.0.0": (revision, "Disposed")}
    done, failed = copy(client, ["1.0.0"])
    assert done == {} and failed["1.0.0"]["errorCode"] == "ALREADY_EXISTS"
    done, failed = copy(client, ["1.0.0"], allowOverwrite=True)
    assert (done, failed) == ({"1.0.0": {"revision": revision, "status": "Published"}}, {})
    asset = client.get_package_version_asset(
        domain=DOMAIN, repository="dst", format="npm", package="lib", packageVersion="1.0.0", asset="package.tgz"
    )
    assert asset["asset"].read() == npm_tarball("lib", "1.0.0")


def test_same_assets_published_in_another_order_are_identical(client):
    def publish(repository, name, data, unfinished):
        return client.publish_package_version(
            domain=DOMAIN, repository=repository, format="generic", namespace="ns", package="lib", packageVersion="1.0",
            assetContent=data, assetName=name, assetSHA256=hashlib.sha256(data).hexdigest(), unfinished=unfinished,
        )["versionRevision"]

    publish("src", "a.bin", b"a", True)
    source = publish("src", "b.bin", b"b", False)
    publish("dst", "b.bin", b"b", True)
    destination = publish("dst", "a.bin", b"a", False)
    assert source == destination
    assert copy(client, ["1.0"], fmt="generic", namespace="ns") == ({}, {})
