"""The package-version status state machine: UpdatePackageVersionsStatus,
DisposePackageVersions, DeletePackageVersions (and DescribePackageVersion as
the window onto a version's state).

Message forms are those of the user guide ("Update package version status"):
``current status: X, expected status: Y``, ``current revision: X, expected
revision: Y``, ``version V is skipped``. NOT_FOUND and NOT_ALLOWED texts are
not documented for these operations; the mock's are checked by code and by
naming the version.
"""

from __future__ import annotations

import pytest
import hashlib

from botocore.exceptions import ParamValidationError

DOMAIN = "acme"
REPO = "repo"
COORDS = {"domain": DOMAIN, "repository": REPO, "format": "generic", "namespace": "ns", "package": "tool"}
SEEDABLE = ("Published", "Unfinished", "Unlisted", "Archived", "Disposed")
TARGETS = ("Published", "Unlisted", "Archived")


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain=DOMAIN)
    codeartifact_client.create_repository(domain=DOMAIN, repository=REPO)
    return codeartifact_client


@pytest.fixture
def seed(client, codeartifact_backend):
    """``seed(version, status="Published")``: a generic version with one asset of its own."""

    def publish(version: str, status: str = "Published", data: bytes | None = None) -> str:
        return codeartifact_backend.publish_package(
            domain=DOMAIN, repository=REPO, format="generic", namespace="ns", package="tool",
            version=version, status=status, files={f"tool-{version}.bin": data or f"content {version}".encode()},
        )["revision"]

    return publish


@pytest.fixture
def state(codeartifact_backend):
    """Everything a status call could change: each version's status, revision
    and assets, and the domain's stored bytes."""

    def take():
        domain = codeartifact_backend.domains[DOMAIN]
        package = domain.repositories[REPO].packages.get(("generic", "ns", "tool"))
        versions = {} if package is None else {
            v.version: (v.status, v.revision, v.assets) for v in package.versions.values()
        }
        return versions, domain.assets.total_bytes, len(domain.assets)

    return take


def describe(client, version: str) -> dict:
    return client.describe_package_version(**COORDS, packageVersion=version)["packageVersion"]


def update(client, versions, target, **params):
    result = client.update_package_versions_status(**COORDS, versions=versions, targetStatus=target, **params)
    return result["successfulVersions"], result["failedVersions"]


def dispose(client, versions, **params):
    result = client.dispose_package_versions(**COORDS, versions=versions, **params)
    return result["successfulVersions"], result["failedVersions"]


def delete(client, versions, **params):
    result = client.delete_package_versions(**COORDS, versions=versions, **params)
    return result["successfulVersions"], result["failedVersions"]


# -- UpdatePackageVersionsStatus: transitions ----------------------------------------


@pytest.mark.parametrize("source", ["Published", "Unfinished", "Unlisted", "Archived"])
@pytest.mark.parametrize("target", TARGETS)
def test_allowed_transition(client, seed, source, target):
    revision = seed("1.0", source)
    done, failed = update(client, ["1.0"], target)
    assert failed == {}
    assert done == {"1.0": {"revision": revision, "status": target}}
    version = describe(client, "1.0")
    assert (version["status"], version["revision"]) == (target, revision)  # a status change keeps the revision


@pytest.mark.parametrize("target", TARGETS)
def test_disposed_to_anything_is_refused_per_version(client, seed, state, target):
    revision = seed("1.0", "Disposed")
    seed("2.0")
    before = state()
    done, failed = update(client, ["1.0", "2.0"], target)
    assert done == {}
    assert failed["1.0"]["errorCode"] == "NOT_ALLOWED"
    assert "1.0" in failed["1.0"]["errorMessage"] and "Disposed" in failed["1.0"]["errorMessage"]
    assert failed["2.0"] == {"errorCode": "SKIPPED", "errorMessage": "version 2.0 is skipped"}
    assert state() == before
    assert describe(client, "1.0")["revision"] == revision


@pytest.mark.parametrize("target", ["Unfinished", "Disposed", "Deleted"])
def test_targets_other_than_published_unlisted_archived_are_invalid(client, seed, state, fails, target):
    seed("1.0")
    before = state()
    fails(lambda: update(client, ["1.0"], target), "ValidationException", 400)
    assert state() == before


def test_invalid_target_status_value(client, seed, lenient_client, fails):
    seed("1.0")
    fails(
        lambda: lenient_client.update_package_versions_status(**COORDS, versions=["1.0"], targetStatus="Gone"),
        "ValidationException", 400,
    )


def test_same_status_is_a_success(client, seed):
    revision = seed("1.0", "Archived")
    assert update(client, ["1.0"], "Archived") == ({"1.0": {"revision": revision, "status": "Archived"}}, {})


def test_several_versions_in_one_call(client, seed):
    revisions = {v: seed(v, s) for v, s in (("1.0", "Published"), ("2.0", "Unlisted"), ("3.0", "Archived"))}
    done, failed = update(client, ["1.0", "2.0", "3.0"], "Unlisted")
    assert failed == {}
    assert done == {v: {"revision": r, "status": "Unlisted"} for v, r in revisions.items()}


def test_revisions_differ_between_versions_of_the_same_content(client, codeartifact_backend):
    """A revision names one version's state: the same files in two versions
    still give two revisions, so one version's revision never matches another."""
    revisions = [
        codeartifact_backend.publish_package(
            domain=DOMAIN, repository=REPO, format="generic", namespace="ns", package="tool",
            version=v, files={"same.bin": b"same"},
        )["revision"]
        for v in ("1.0", "2.0")
    ]
    assert revisions[0] != revisions[1]
    done, failed = update(client, ["2.0"], "Archived", versionRevisions={"2.0": revisions[0]})
    assert done == {} and failed["2.0"]["errorCode"] == "MISMATCHED_REVISION"


# -- failedVersions codes, with the documented messages -----------------------------------


def test_mismatched_status(client, seed, state):
    seed("1.0", "Unlisted")
    seed("2.0", "Unlisted")
    seed("3.0", "Archived")
    before = state()
    done, failed = update(client, ["1.0", "2.0", "3.0"], "Published", expectedStatus="Unlisted")
    assert done == {}
    assert failed == {
        "1.0": {"errorCode": "SKIPPED", "errorMessage": "version 1.0 is skipped"},
        "2.0": {"errorCode": "SKIPPED", "errorMessage": "version 2.0 is skipped"},
        "3.0": {"errorCode": "MISMATCHED_STATUS", "errorMessage": "current status: Archived, expected status: Unlisted"},
    }
    assert state() == before


def test_expected_status_matching_lets_the_change_through(client, seed):
    seed("1.0", "Unlisted")
    done, failed = update(client, ["1.0"], "Published", expectedStatus="Unlisted")
    assert failed == {} and done["1.0"]["status"] == "Published"


def test_mismatched_revision(client, seed, state):
    revision = seed("1.0")
    seed("2.0")
    before = state()
    pairs = {"1.0": "not-the-revision", "2.0": describe(client, "2.0")["revision"]}
    done, failed = update(client, ["1.0", "2.0"], "Archived", versionRevisions=pairs)
    assert done == {}
    assert failed == {
        "1.0": {"errorCode": "MISMATCHED_REVISION", "errorMessage": f"current revision: {revision}, expected revision: not-the-revision"},
        "2.0": {"errorCode": "SKIPPED", "errorMessage": "version 2.0 is skipped"},
    }
    assert state() == before


def test_not_found(client, seed, state):
    seed("1.0")
    before = state()
    done, failed = update(client, ["1.0", "9.9"], "Archived")
    assert done == {}
    assert failed["9.9"]["errorCode"] == "NOT_FOUND" and "9.9" in failed["9.9"]["errorMessage"]
    assert failed["1.0"] == {"errorCode": "SKIPPED", "errorMessage": "version 1.0 is skipped"}
    assert state() == before


def test_every_failing_version_reports_its_own_code(client, seed, state):
    seed("1.0", "Archived")
    seed("2.0", "Disposed")
    seed("3.0", "Unlisted")
    before = state()
    done, failed = update(client, ["1.0", "2.0", "3.0", "4.0"], "Published", expectedStatus="Unlisted")
    assert done == {}
    assert {v: e["errorCode"] for v, e in failed.items()} == {
        "1.0": "MISMATCHED_STATUS", "2.0": "MISMATCHED_STATUS", "3.0": "SKIPPED", "4.0": "NOT_FOUND",
    }
    assert state() == before


@pytest.mark.parametrize(
    "versions, revisions",
    [
        (["1.0", "2.0"], {"1.0": "r"}),
        (["1.0"], {"1.0": "r", "2.0": "r"}),
        (["1.0"], {"2.0": "r"}),
    ],
    ids=["fewer-revisions", "more-revisions", "other-versions"],
)
@pytest.mark.parametrize("operation", ["update", "dispose"])
def test_version_revisions_must_name_the_versions(client, seed, state, fails, versions, revisions, operation):
    seed("1.0")
    seed("2.0")
    before = state()
    if operation == "update":
        call = lambda: update(client, versions, "Archived", versionRevisions=revisions)  # noqa: E731
    else:
        call = lambda: dispose(client, versions, versionRevisions=revisions)  # noqa: E731
    fails(call, "ValidationException", 400)
    assert state() == before


@pytest.mark.parametrize("operation", ["update", "dispose", "delete"])
def test_unknown_package_repository_or_domain(client, fails, seed, operation):
    seed("1.0")
    calls = {
        "update": lambda c: client.update_package_versions_status(**c, versions=["1.0"], targetStatus="Archived"),
        "dispose": lambda c: client.dispose_package_versions(**c, versions=["1.0"]),
        "delete": lambda c: client.delete_package_versions(**c, versions=["1.0"]),
    }
    call = calls[operation]
    fails(lambda: call({**COORDS, "package": "nope"}), "ResourceNotFoundException", 404, resourceType="package")
    fails(lambda: call({**COORDS, "namespace": "other"}), "ResourceNotFoundException", 404, resourceType="package")
    fails(lambda: call({**COORDS, "repository": "nope"}), "ResourceNotFoundException", 404, resourceType="repository")
    fails(lambda: call({**COORDS, "domain": "nope"}), "ResourceNotFoundException", 404, resourceType="domain")


# -- DisposePackageVersions -------------------------------------------------------------


@pytest.mark.parametrize("source", SEEDABLE)
def test_dispose_from_each_status(client, seed, source):
    revision = seed("1.0", source)
    done, failed = dispose(client, ["1.0"])
    assert failed == {}
    assert done == {"1.0": {"revision": revision, "status": "Disposed"}}
    version = describe(client, "1.0")  # a Disposed version can still be described
    assert (version["status"], version["revision"]) == ("Disposed", revision)
    assets = client.list_package_version_assets(**COORDS, packageVersion="1.0")["assets"]
    assert assets == []


def test_dispose_removes_the_assets_from_the_domain(client, seed):
    seed("1.0", data=b"x" * 100)
    seed("2.0", data=b"y" * 10)
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 110
    dispose(client, ["1.0"])
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 10
    listed = client.list_package_versions(**COORDS, status="Disposed")["versions"]
    assert [v["version"] for v in listed] == ["1.0"]


def test_dispose_failures(client, seed, state):
    revision = seed("1.0")
    seed("2.0", "Archived")
    before = state()
    done, failed = dispose(client, ["1.0", "2.0", "3.0"], expectedStatus="Published")
    assert done == {}
    assert failed["1.0"] == {"errorCode": "SKIPPED", "errorMessage": "version 1.0 is skipped"}
    assert failed["2.0"] == {"errorCode": "MISMATCHED_STATUS", "errorMessage": "current status: Archived, expected status: Published"}
    assert failed["3.0"]["errorCode"] == "NOT_FOUND"
    done, failed = dispose(client, ["1.0"], versionRevisions={"1.0": "wrong"})
    assert failed == {"1.0": {"errorCode": "MISMATCHED_REVISION", "errorMessage": f"current revision: {revision}, expected revision: wrong"}}
    assert state() == before  # the assets are still there


# -- DeletePackageVersions ------------------------------------------------------------


@pytest.mark.parametrize("source", SEEDABLE)
def test_delete_from_each_status(client, seed, fails, source):
    revision = seed("1.0", source)
    done, failed = delete(client, ["1.0"])
    assert failed == {}
    assert done == {"1.0": {"revision": revision, "status": "Deleted"}}
    fails(lambda: describe(client, "1.0"), "ResourceNotFoundException", 404, resourceType="package-version")
    assert client.list_package_versions(**COORDS)["versions"] == []


def test_delete_releases_assets_and_the_version_can_be_republished(client, seed):
    seed("1.0", data=b"z" * 42)
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 42
    delete(client, ["1.0"])
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 0
    republished = client.publish_package_version(
        **COORDS, packageVersion="1.0", assetContent=b"new", assetName="new.bin",
        assetSHA256=hashlib.sha256(b"new").hexdigest(),
    )
    assert republished["status"] == "Published"


def test_delete_failures(client, seed, state):
    seed("1.0", "Unlisted")
    seed("2.0")
    before = state()
    done, failed = delete(client, ["1.0", "2.0", "7.0"], expectedStatus="Unlisted")
    assert done == {}
    assert failed["1.0"] == {"errorCode": "SKIPPED", "errorMessage": "version 1.0 is skipped"}
    assert failed["2.0"] == {"errorCode": "MISMATCHED_STATUS", "errorMessage": "current status: Published, expected status: Unlisted"}
    assert failed["7.0"]["errorCode"] == "NOT_FOUND" and "7.0" in failed["7.0"]["errorMessage"]
    assert state() == before


def test_delete_with_matching_expected_status(client, seed):
    seed("1.0", "Unlisted")
    seed("2.0", "Unlisted")
    done, failed = delete(client, ["1.0", "2.0"], expectedStatus="Unlisted")
    assert failed == {} and set(done) == {"1.0", "2.0"}
    assert {e["status"] for e in done.values()} == {"Deleted"}


def test_delete_has_no_version_revisions_member(client, seed):
    seed("1.0")
    with pytest.raises(ParamValidationError):  # not in DeletePackageVersionsRequest
        client.delete_package_versions(**COORDS, versions=["1.0"], versionRevisions={"1.0": "x"})


def test_deleted_can_be_expected_but_never_matches(client, seed, state):
    seed("1.0")
    before = state()
    done, failed = update(client, ["1.0"], "Archived", expectedStatus="Deleted")
    assert failed == {"1.0": {"errorCode": "MISMATCHED_STATUS", "errorMessage": "current status: Published, expected status: Deleted"}}
    assert state() == before


# -- DescribePackageVersion -------------------------------------------------------------


def test_describe_package_version(client, seed):
    revision = seed("1.0")
    version = describe(client, "1.0")
    assert version["format"] == "generic"
    assert (version["namespace"], version["packageName"], version["displayName"], version["version"]) == ("ns", "tool", "tool", "1.0")
    assert version["revision"] == revision and version["status"] == "Published"
    assert version["origin"] == {"domainEntryPoint": {"repositoryName": REPO}, "originType": "INTERNAL"}
    assert version["publishedTime"].tzinfo is not None


def test_describe_unknown_version(client, seed, fails):
    seed("1.0")
    fails(lambda: describe(client, "2.0"), "ResourceNotFoundException", 404, resourceType="package-version")


def test_versions_must_be_given(client, seed):
    seed("1.0")
    with pytest.raises(ParamValidationError):
        client.update_package_versions_status(**COORDS, targetStatus="Archived")


# -- NuGet versions are normalised on API input ---------------------------------------------


@pytest.fixture
def nuget(client, codeartifact_backend):
    """Newtonsoft.Json 12.0.3 (stored normalised); its revision."""
    return codeartifact_backend.publish_package(
        domain=DOMAIN, repository=REPO, format="nuget", package="Newtonsoft.Json", version="12.0.3",
    )["revision"]


NUGET = {"domain": DOMAIN, "repository": REPO, "format": "nuget", "package": "Newtonsoft.JSON"}


def test_nuget_status_change_normalises_versions(client, nuget):
    result = client.update_package_versions_status(**NUGET, versions=["12.0.03.0"], targetStatus="Archived")
    assert result["failedVersions"] == {}
    assert result["successfulVersions"] == {"12.0.3": {"revision": nuget, "status": "Archived"}}
    described = client.describe_package_version(**NUGET, packageVersion="12.0.03.0")["packageVersion"]
    assert (described["version"], described["status"]) == ("12.0.3", "Archived")


def test_nuget_version_revisions_are_checked_after_normalising(client, nuget):
    result = client.update_package_versions_status(
        **NUGET, versions=["12.0.03.0"], versionRevisions={"12.0.03.0": "wrong"}, targetStatus="Archived"
    )
    assert result["failedVersions"]["12.0.3"]["errorCode"] == "MISMATCHED_REVISION"
    result = client.dispose_package_versions(**NUGET, versions=["12.0.03.0"], versionRevisions={"12.0.03.0": nuget})
    assert result["successfulVersions"] == {"12.0.3": {"revision": nuget, "status": "Disposed"}}
    result = client.delete_package_versions(**NUGET, versions=["12.0.3.0"])
    assert result["successfulVersions"] == {"12.0.3": {"revision": nuget, "status": "Deleted"}}
