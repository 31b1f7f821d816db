"""Every worked example of the seed documents, as a test.

- 000: boto3 reference for ``copy_package_versions``;
- 001: user guide "Copy packages between repositories" (current);
- 002: the same page, older (superseded by 001 where they differ);
- 004: user guide "Update package version status" (incl. dispose).

Packages are seeded in the example's own format through
``codeartifact_backend.publish_package`` from real package files; revisions
are read back from the mock, the sample strings of the docs are illustrations.
Names follow the API's patterns: ``my_domain`` becomes ``my-domain``
(domain names have no ``_``); ``my_repo`` is a valid repository name and stays.
"""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.backend.package_files import npm_tarball

DOMAIN = "my-domain"


# -- real package files -----------------------------------------------------------




def pom(group: str, artifact: str, version: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<project xmlns="http://maven.apache.org/POM/4.0.0">'
        "<modelVersion>4.0.0</modelVersion>"
        f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>"
        "<packaging>jar</packaging></project>"
    ).encode()


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain=DOMAIN)
    for name in ("my_repo", "repo-1", "repo-2"):
        codeartifact_client.create_repository(domain=DOMAIN, repository=name)
    return codeartifact_client


@pytest.fixture
def seed(codeartifact_backend):
    """``seed(repo, name, version, **manifest)``: an npm version from its tarball."""

    def publish(repository: str, name: str, version: str, **manifest: object) -> dict:
        return codeartifact_backend.publish_package(
            domain=DOMAIN, repository=repository, format="npm",
            files={"package.tgz": npm_tarball(name, version, **manifest)},
        )

    return publish


def copy(client, source: str, destination: str, package: str, fmt: str = "npm", **params):
    result = client.copy_package_versions(
        domain=DOMAIN, sourceRepository=source, destinationRepository=destination,
        format=fmt, package=package, **params,
    )
    return {"successfulVersions": result["successfulVersions"], "failedVersions": result["failedVersions"]}


def update(client, package: str, **params):
    result = client.update_package_versions_status(
        domain=DOMAIN, repository="my_repo", format="npm", package=package, **params
    )
    return {"successfulVersions": result["successfulVersions"], "failedVersions": result["failedVersions"]}


def dispose(client, package: str, **params):
    result = client.dispose_package_versions(
        domain=DOMAIN, repository="my_repo", format="npm", package=package, **params
    )
    return {"successfulVersions": result["successfulVersions"], "failedVersions": result["failedVersions"]}


def versions_in(client, repository: str, package: str, fmt: str = "npm", **params) -> dict[str, tuple[str, str]]:
    listed = client.list_package_versions(
        domain=DOMAIN, repository=repository, format=fmt, package=package, **params
    )["versions"]
    return {v["version"]: (v["revision"], v["status"]) for v in listed}


# ==============================================================================
# 000: boto3 reference, copy_package_versions
# ==============================================================================


def test_000_versions_and_version_revisions_are_exclusive(client, seed):
    """"You must specify versions or versionRevisions. You cannot specify both." """
    revision = seed("my_repo", "my-package", "1.0.0")["revision"]
    for params in ({}, {"versions": ["1.0.0"], "versionRevisions": {"1.0.0": revision}}):
        with pytest.raises(ClientError) as caught:
            copy(client, "my_repo", "repo-2", "my-package", **params)
        assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0"])["successfulVersions"]


def test_000_allow_overwrite_false_reports_already_exists_per_version(client, seed):
    """allowOverwrite false and the version exists (differently) in the destination:
    the version is returned in failedVersions with ALREADY_EXISTS."""
    seed("my_repo", "my-package", "1.0.0", description="source")
    seed("repo-2", "my-package", "1.0.0", description="destination")
    for params in ({}, {"allowOverwrite": False}):
        result = copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0"], **params)
        assert result == {
            "successfulVersions": {},
            "failedVersions": {"1.0.0": {"errorCode": "ALREADY_EXISTS", "errorMessage": "Version 1.0.0 already exists"}},
        }
    result = copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0"], allowOverwrite=True)
    assert list(result["successfulVersions"]) == ["1.0.0"]


def test_000_include_from_upstream_defaults_to_false(client, seed):
    client.update_repository(domain=DOMAIN, repository="my_repo", upstreams=[{"repositoryName": "repo-1"}])
    seed("my_repo", "my-package", "1.0.0")
    seed("repo-1", "my-package", "2.0.0")
    result = copy(client, "my_repo", "repo-2", "my-package", versions=["2.0.0"])
    assert result["failedVersions"]["2.0.0"]["errorCode"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "fmt, namespace, files",
    [
        ("npm", None, {"package.tgz": npm_tarball("my-package", "1.0.0")}),
        ("maven", "com.example", {"my-package-1.0.0.pom": pom("com.example", "my-package", "1.0.0")}),
        ("generic", "my-ns", {"payload.bin": b"generic bytes"}),
        ("pypi", None, None),  # seeded without files: name and version given
        ("nuget", None, None),
    ],
    ids=["npm", "maven", "generic", "pypi", "nuget"],
)
def test_000_formats_of_the_request(client, codeartifact_backend, fmt, namespace, files):
    """format: 'npm'|'pypi'|'maven'|'nuget'|'generic' — copies work the same for each."""
    seeded = codeartifact_backend.publish_package(
        domain=DOMAIN, repository="my_repo", format=fmt, namespace=namespace,
        package="my-package", version="1.0.0", files=files,
    )
    params = {"namespace": namespace} if namespace else {}
    result = copy(client, "my_repo", "repo-2", "my-package", fmt=fmt, versions=["1.0.0"], **params)
    assert result == {
        "successfulVersions": {"1.0.0": {"revision": seeded["revision"], "status": "Published"}},
        "failedVersions": {},
    }


# ==============================================================================
# 001: Copy packages between repositories (current user guide)
# ==============================================================================


def test_001_example_repository_policies(client, seed, codeartifact_mock):
    """The example policies: ReadFromRepository on the source, CopyPackageVersions
    on the destination, for the calling account; put-repository-permissions-policy
    replaces any policy; the copy then works."""
    account = codeartifact_mock.account_id

    def policy(action: str) -> str:
        return json.dumps({"Version": "2012-10-17", "Statement": [{
            "Action": [f"codeartifact:{action}"], "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Resource": "*",
        }]})

    client.put_repository_permissions_policy(domain=DOMAIN, repository="my_repo", policyDocument=policy("DescribeRepository"))
    for repository, action in (("my_repo", "ReadFromRepository"), ("repo-2", "CopyPackageVersions")):
        client.put_repository_permissions_policy(domain=DOMAIN, repository=repository, policyDocument=policy(action))
        stored = client.get_repository_permissions_policy(domain=DOMAIN, repository=repository)["policy"]
        assert json.loads(stored["document"]) == json.loads(policy(action))  # replaced, not merged
    revision = seed("my_repo", "my-package", "1.0.0")["revision"]
    result = copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0"])
    assert result["successfulVersions"] == {"1.0.0": {"revision": revision, "status": "Published"}}


def test_001_copy_two_versions(client, seed):
    """copy-package-versions --source-repository my_repo --destination-repository repo-2
    --package my-package --format npm --versions 6.0.2 4.0.0"""
    revisions = {v: seed("my_repo", "my-package", v)["revision"] for v in ("6.0.2", "4.0.0")}
    result = copy(client, "my_repo", "repo-2", "my-package", versions=["6.0.2", "4.0.0"])
    assert result == {
        "successfulVersions": {
            "6.0.2": {"revision": revisions["6.0.2"], "status": "Published"},
            "4.0.0": {"revision": revisions["4.0.0"], "status": "Published"},
        },
        "failedVersions": {},
    }
    assert versions_in(client, "repo-2", "my-package") == {v: (r, "Published") for v, r in revisions.items()}


def test_001_different_package_names_need_separate_calls(client, seed):
    """One call copies versions of one package name only."""
    seed("my_repo", "my-package", "1.0.0")
    seed("my_repo", "other-package", "1.0.0")
    copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0"])
    listed = client.list_packages(domain=DOMAIN, repository="repo-2")["packages"]
    assert [p["package"] for p in listed] == ["my-package"]


def test_001_copy_from_upstream_repositories(client, seed):
    """--include-from-upstream: versions from the source and its upstreams."""
    client.update_repository(domain=DOMAIN, repository="my_repo", upstreams=[{"repositoryName": "repo-1"}])
    seed("my_repo", "my-package", "1.0.0")
    upstream_revision = seed("repo-1", "my-package", "2.0.0")["revision"]
    without = copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0", "2.0.0"])
    assert without["failedVersions"] == {
        "1.0.0": {"errorCode": "SKIPPED", "errorMessage": "Version 1.0.0 was skipped"},
        "2.0.0": {"errorCode": "NOT_FOUND", "errorMessage": "Could not find version 2.0.0"},
    }
    result = copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0", "2.0.0"], includeFromUpstream=True)
    assert result["failedVersions"] == {}
    assert result["successfulVersions"]["2.0.0"] == {"revision": upstream_revision, "status": "Published"}
    assert set(versions_in(client, "repo-2", "my-package")) == {"1.0.0", "2.0.0"}


def test_001_copy_a_scoped_npm_package(client, seed):
    """@types/react: --namespace types (without the @) --package react --versions 0.12.2"""
    revision = seed("repo-1", "@types/react", "0.12.2")["revision"]
    result = copy(client, "repo-1", "repo-2", "react", namespace="types", versions=["0.12.2"])
    assert result == {"successfulVersions": {"0.12.2": {"revision": revision, "status": "Published"}}, "failedVersions": {}}
    copied = client.describe_package_version(
        domain=DOMAIN, repository="repo-2", format="npm", namespace="types", package="react", packageVersion="0.12.2"
    )["packageVersion"]
    assert (copied["namespace"], copied["packageName"], copied["displayName"]) == ("types", "react", "@types/react")


def test_001_copy_maven_package_versions(client, codeartifact_backend):
    """maven guava 27.1-jre: group ID as --namespace, artifactId as --package."""
    seeded = codeartifact_backend.publish_package(
        domain=DOMAIN, repository="my_repo", format="maven",
        files={"guava-27.1-jre.pom": pom("com.google.guava", "guava", "27.1-jre"), "guava-27.1-jre.jar": b"PK jar"},
    )
    assert (seeded["namespace"], seeded["packageName"], seeded["version"]) == ("com.google.guava", "guava", "27.1-jre")
    result = copy(client, "my_repo", "repo-2", "guava", fmt="maven", namespace="com.google.guava", versions=["27.1-jre"])
    assert result == {
        "successfulVersions": {"27.1-jre": {"revision": seeded["revision"], "status": "Published"}},
        "failedVersions": {},
    }


def test_001_maven_copy_needs_the_namespace(client, codeartifact_backend):
    codeartifact_backend.publish_package(
        domain=DOMAIN, repository="my_repo", format="maven",
        files={"guava-27.1-jre.pom": pom("com.google.guava", "guava", "27.1-jre")},
    )
    with pytest.raises(ClientError) as caught:
        copy(client, "my_repo", "repo-2", "guava", fmt="maven", versions=["27.1-jre"])
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_001_versions_that_do_not_exist_in_the_source(client, seed):
    """array-unique 0.2.0 is in the source, 5.6.7 is not: all versions fail."""
    seed("my_repo", "array-unique", "0.2.0")
    result = copy(client, "my_repo", "repo-2", "array-unique", versions=["0.2.0", "5.6.7"])
    assert result == {
        "successfulVersions": {},
        "failedVersions": {
            "0.2.0": {"errorCode": "SKIPPED", "errorMessage": "Version 0.2.0 was skipped"},
            "5.6.7": {"errorCode": "NOT_FOUND", "errorMessage": "Could not find version 5.6.7"},
        },
    }
    listed = client.list_packages(domain=DOMAIN, repository="repo-2")["packages"]
    assert listed == []


def test_001_identical_version_in_destination_is_left_out(client, seed):
    """0.2.1 is identical in both repositories, 0.2.0 only in the source: only
    0.2.0 is listed; the call is idempotent."""
    revisions = {v: seed("my_repo", "array-unique", v)["revision"] for v in ("0.2.1", "0.2.0")}
    assert seed("repo-2", "array-unique", "0.2.1")["revision"] == revisions["0.2.1"]  # same files, same revision
    result = copy(client, "my_repo", "repo-2", "array-unique", versions=["0.2.1", "0.2.0"])
    assert result == {
        "successfulVersions": {"0.2.0": {"revision": revisions["0.2.0"], "status": "Published"}},
        "failedVersions": {},
    }
    again = copy(client, "my_repo", "repo-2", "array-unique", versions=["0.2.1", "0.2.0"])
    assert again == {"successfulVersions": {}, "failedVersions": {}}
    assert versions_in(client, "repo-2", "array-unique") == {v: (r, "Published") for v, r in revisions.items()}


def test_001_different_version_in_destination_fails_all(client, seed):
    """0.3.2 differs between source and destination, 0.2.1 is only in the source."""
    source = {v: seed("my_repo", "array-unique", v)["revision"] for v in ("0.3.2", "0.2.1")}
    destination = seed("repo-2", "array-unique", "0.3.2", description="a different 0.3.2")["revision"]
    assert destination != source["0.3.2"]
    result = copy(client, "my_repo", "repo-2", "array-unique", versions=["0.3.2", "0.2.1"])
    assert result == {
        "successfulVersions": {},
        "failedVersions": {
            "0.2.1": {"errorCode": "SKIPPED", "errorMessage": "Version 0.2.1 was skipped"},
            "0.3.2": {"errorCode": "ALREADY_EXISTS", "errorMessage": "Version 0.3.2 already exists"},
        },
    }
    assert versions_in(client, "repo-2", "array-unique") == {"0.3.2": (destination, "Published")}
    # "You can use the --allow-overwrite parameter to force an overwrite."
    forced = copy(client, "my_repo", "repo-2", "array-unique", versions=["0.3.2", "0.2.1"], allowOverwrite=True)
    assert forced["failedVersions"] == {}
    assert versions_in(client, "repo-2", "array-unique") == {v: (r, "Published") for v, r in source.items()}


def test_001_copy_one_version_by_revision(client, seed):
    """--namespace my-namespace --package my-package --version-revisions 0.3.2=<revision>"""
    revision = seed("repo-1", "@my-namespace/my-package", "0.3.2")["revision"]
    wrong = copy(client, "repo-1", "repo-2", "my-package", namespace="my-namespace",
                 versionRevisions={"0.3.2": "REVISION-1-SAMPLE-6C81EFF7DA55CC"})
    assert wrong == {
        "successfulVersions": {},
        "failedVersions": {"0.3.2": {
            "errorCode": "MISMATCHED_REVISION",
            "errorMessage": f"current revision: {revision}, expected revision: REVISION-1-SAMPLE-6C81EFF7DA55CC",
        }},
    }
    result = copy(client, "repo-1", "repo-2", "my-package", namespace="my-namespace", versionRevisions={"0.3.2": revision})
    assert result == {"successfulVersions": {"0.3.2": {"revision": revision, "status": "Published"}}, "failedVersions": {}}


def test_001_copy_two_versions_by_revision(client, seed):
    """--version-revisions 0.3.2=<rev 1>,0.3.13=<rev 2>: both must match."""
    revisions = {v: seed("repo-1", "@my-namespace/my-package", v)["revision"] for v in ("0.3.2", "0.3.13")}
    assert revisions["0.3.2"] != revisions["0.3.13"]
    swapped = {"0.3.2": revisions["0.3.13"], "0.3.13": revisions["0.3.13"]}
    failed = copy(client, "repo-1", "repo-2", "my-package", namespace="my-namespace", versionRevisions=swapped)
    assert failed["successfulVersions"] == {}
    assert failed["failedVersions"] == {
        "0.3.2": {
            "errorCode": "MISMATCHED_REVISION",
            "errorMessage": f"current revision: {revisions['0.3.2']}, expected revision: {revisions['0.3.13']}",
        },
        "0.3.13": {"errorCode": "SKIPPED", "errorMessage": "Version 0.3.13 was skipped"},
    }
    result = copy(client, "repo-1", "repo-2", "my-package", namespace="my-namespace", versionRevisions=revisions)
    assert result == {
        "successfulVersions": {v: {"revision": r, "status": "Published"} for v, r in revisions.items()},
        "failedVersions": {},
    }


def test_001_source_and_destination_must_be_in_the_same_domain(client, seed):
    client.create_domain(domain="other-domain")
    client.create_repository(domain="other-domain", repository="repo-2b")
    seed("my_repo", "my-package", "1.0.0")
    with pytest.raises(ClientError) as caught:
        copy(client, "my_repo", "repo-2b", "my-package", versions=["1.0.0"])
    error = caught.value.response
    assert error["Error"]["Code"] == "ResourceNotFoundException"
    assert error["resourceType"] == "repository"


def test_001_copy_npm_packages_brings_dist_tags(client, codeartifact_backend):
    """npm: tags pointing at a copied version come along (npm-tags and CopyPackageVersions)."""
    codeartifact_backend.publish_package(
        domain=DOMAIN, repository="my_repo", format="npm",
        files={"package.tgz": npm_tarball("my-package", "1.0.0")}, dist_tags={"latest": "1.0.0", "stable": "1.0.0"},
    )
    copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0"])
    package = codeartifact_backend.domains[DOMAIN].repositories["repo-2"].packages[("npm", "", "my-package")]
    assert package.dist_tags == {"latest": "1.0.0", "stable": "1.0.0"}


# ==============================================================================
# 002: the older page (where it still agrees with 001)
# ==============================================================================


def test_002_verify_a_copy_with_list_package_versions(client, seed):
    """Copy 6.0.2 and 4.0.0, then list-package-versions shows them with their revisions."""
    revisions = {v: seed("my_repo", "my-package", v)["revision"] for v in ("6.0.2", "4.0.0")}
    copy(client, "my_repo", "repo-2", "my-package", versions=["6.0.2", "4.0.0"])
    listed = client.list_package_versions(domain=DOMAIN, repository="repo-2", format="npm", package="my-package")
    assert (listed["format"], listed["package"]) == ("npm", "my-package")
    assert sorted((v["version"], v["revision"], v["status"]) for v in listed["versions"]) == sorted(
        (v, r, "Published") for v, r in revisions.items()
    )


def test_002_copy_a_scoped_package(client, seed):
    seed("repo-1", "@my-namespace/my-package", "0.12.2")
    result = copy(client, "repo-1", "repo-2", "my-package", namespace="my-namespace", versions=["0.12.2"])
    assert list(result["successfulVersions"]) == ["0.12.2"]


def test_002_identical_copy_succeeds_without_copying(client, seed):
    revision = seed("my_repo", "my-package", "1.0.0")["revision"]
    seed("repo-2", "my-package", "1.0.0")
    assert copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0"]) == {
        "successfulVersions": {}, "failedVersions": {},
    }
    assert versions_in(client, "repo-2", "my-package") == {"1.0.0": (revision, "Published")}


def test_002_different_content_is_already_exists_not_an_exception(client, seed):
    """002 says ResourceExistsException for the whole call; 001 and the model
    (newer) report ALREADY_EXISTS per version. The newer wins."""
    seed("my_repo", "my-package", "1.0.0", description="one")
    seed("repo-2", "my-package", "1.0.0", description="two")
    result = copy(client, "my_repo", "repo-2", "my-package", versions=["1.0.0"])
    assert result["failedVersions"]["1.0.0"]["errorCode"] == "ALREADY_EXISTS"


def test_002_copy_by_revisions(client, seed):
    revisions = {v: seed("repo-1", "@my-namespace/my-package", v)["revision"] for v in ("0.3.2", "0.3.13")}
    result = copy(client, "repo-1", "repo-2", "my-package", namespace="my-namespace", versionRevisions={"0.3.2": revisions["0.3.2"]})
    assert list(result["successfulVersions"]) == ["0.3.2"]
    result = copy(client, "repo-1", "repo-2", "my-package", namespace="my-namespace", versionRevisions=revisions)
    # 0.3.2 is identical in the destination now: left out.
    assert result == {"successfulVersions": {"0.3.13": {"revision": revisions["0.3.13"], "status": "Published"}}, "failedVersions": {}}


# ==============================================================================
# 004: Update package version status (incl. dispose)
# ==============================================================================


@pytest.fixture
def chalk(seed):
    """npm chalk 4.0.0, 4.1.0 and 4.1.1 in my_repo, Published; their revisions."""
    return {v: seed("my_repo", "chalk", v)["revision"] for v in ("4.0.0", "4.1.0", "4.1.1")}


def test_004_archive_one_version(client, chalk):
    result = update(client, "chalk", versions=["4.1.0"], targetStatus="Archived")
    assert result == {"successfulVersions": {"4.1.0": {"revision": chalk["4.1.0"], "status": "Archived"}}, "failedVersions": {}}
    assert versions_in(client, "my_repo", "chalk")["4.1.0"] == (chalk["4.1.0"], "Archived")


def test_004_archive_several_versions(client, chalk):
    result = update(client, "chalk", versions=["4.1.0", "4.1.1"], targetStatus="Archived")
    assert result == {
        "successfulVersions": {
            "4.1.0": {"revision": chalk["4.1.0"], "status": "Archived"},
            "4.1.1": {"revision": chalk["4.1.1"], "status": "Archived"},
        },
        "failedVersions": {},
    }
    assert versions_in(client, "my_repo", "chalk")["4.0.0"] == (chalk["4.0.0"], "Published")


@pytest.mark.parametrize("target", ["Unfinished", "Disposed"])
def test_004_unfinished_and_disposed_are_not_targets(client, chalk, target):
    """Nothing goes back to Unfinished; Disposed has its own operation."""
    with pytest.raises(ClientError) as caught:
        update(client, "chalk", versions=["4.1.0"], targetStatus=target)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert versions_in(client, "my_repo", "chalk")["4.1.0"] == (chalk["4.1.0"], "Published")


def test_004_unlisted_versions_can_still_be_downloaded(client, seed):
    tarball = npm_tarball("chalk", "4.1.0")
    seed("my_repo", "chalk", "4.1.0")
    update(client, "chalk", versions=["4.1.0"], targetStatus="Unlisted")
    asset = client.get_package_version_asset(
        domain=DOMAIN, repository="my_repo", format="npm", package="chalk", packageVersion="4.1.0", asset="package.tgz"
    )
    assert asset["asset"].read() == tarball


def test_004_scoped_npm_package(client, seed):
    """Unlist 8.0.0 of @nestjs/core: --namespace nestjs --package core."""
    revision = seed("my_repo", "@nestjs/core", "8.0.0")["revision"]
    result = update(client, "core", namespace="nestjs", versions=["8.0.0"], targetStatus="Unlisted")
    assert result == {"successfulVersions": {"8.0.0": {"revision": revision, "status": "Unlisted"}}, "failedVersions": {}}


def test_004_maven_package(client, codeartifact_backend):
    """Archive 2.13.1 of org.apache.logging.log4j:log4j."""
    seeded = codeartifact_backend.publish_package(
        domain=DOMAIN, repository="my_repo", format="maven",
        files={"log4j-2.13.1.pom": pom("org.apache.logging.log4j", "log4j", "2.13.1")},
    )
    result = client.update_package_versions_status(
        domain=DOMAIN, repository="my_repo", format="maven", namespace="org.apache.logging.log4j",
        package="log4j", versions=["2.13.1"], targetStatus="Archived",
    )
    assert result["successfulVersions"] == {"2.13.1": {"revision": seeded["revision"], "status": "Archived"}}
    assert result["failedVersions"] == {}


def test_004_with_a_version_revision(client, chalk):
    """--version-revisions "4.1.0=<rev>" --versions 4.1.0 --target-status Archived"""
    result = update(client, "chalk", versions=["4.1.0"], versionRevisions={"4.1.0": chalk["4.1.0"]}, targetStatus="Archived")
    assert result == {"successfulVersions": {"4.1.0": {"revision": chalk["4.1.0"], "status": "Archived"}}, "failedVersions": {}}


def test_004_two_version_revision_pairs(client, chalk):
    """4.1.0=<rev>,4.0.0=<rev> --target-status Published (4.1.0 was Archived)."""
    update(client, "chalk", versions=["4.1.0"], targetStatus="Archived")
    pairs = {"4.1.0": chalk["4.1.0"], "4.0.0": chalk["4.0.0"]}
    result = update(client, "chalk", versions=["4.1.0", "4.0.0"], versionRevisions=pairs, targetStatus="Published")
    assert result == {
        "successfulVersions": {
            "4.0.0": {"revision": chalk["4.0.0"], "status": "Published"},
            "4.1.0": {"revision": chalk["4.1.0"], "status": "Published"},
        },
        "failedVersions": {},
    }


def test_004_version_revisions_must_name_the_same_versions(client, chalk):
    for versions, pairs in (
        (["4.1.0", "4.0.0"], {"4.1.0": chalk["4.1.0"]}),
        (["4.1.0"], {"4.1.0": chalk["4.1.0"], "4.0.0": chalk["4.0.0"]}),
        (["4.1.0"], {"4.0.0": chalk["4.0.0"]}),
    ):
        with pytest.raises(ClientError) as caught:
            update(client, "chalk", versions=versions, versionRevisions=pairs, targetStatus="Archived")
        assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert {s for _, s in versions_in(client, "my_repo", "chalk").values()} == {"Published"}


def test_004_expected_status_mismatch(client, chalk):
    """Both Published, --expected-status Unlisted: both fail with MISMATCHED_STATUS."""
    result = update(client, "chalk", versions=["4.1.0", "4.0.0"], targetStatus="Archived", expectedStatus="Unlisted")
    message = "current status: Published, expected status: Unlisted"
    assert result == {
        "successfulVersions": {},
        "failedVersions": {
            "4.0.0": {"errorCode": "MISMATCHED_STATUS", "errorMessage": message},
            "4.1.0": {"errorCode": "MISMATCHED_STATUS", "errorMessage": message},
        },
    }
    assert {s for _, s in versions_in(client, "my_repo", "chalk").values()} == {"Published"}


def test_004_revision_mismatch_skips_the_other_versions(client, chalk):
    """A wrong revision for 4.1.0 fails it and skips 4.0.0; nothing changes."""
    wrong = chalk["4.1.0"][:-2] + "="
    result = update(
        client, "chalk", versions=["4.1.0", "4.0.0"],
        versionRevisions={"4.1.0": wrong, "4.0.0": chalk["4.0.0"]}, targetStatus="Archived",
    )
    assert result == {
        "successfulVersions": {},
        "failedVersions": {
            "4.0.0": {"errorCode": "SKIPPED", "errorMessage": "version 4.0.0 is skipped"},
            "4.1.0": {
                "errorCode": "MISMATCHED_REVISION",
                "errorMessage": f"current revision: {chalk['4.1.0']}, expected revision: {wrong}",
            },
        },
    }
    assert {s for _, s in versions_in(client, "my_repo", "chalk").values()} == {"Published"}


def test_004_dispose_with_expected_status(client, chalk, codeartifact_backend):
    """dispose 4.0.0 --expected-status Unlisted fails; with Published it succeeds."""
    size = client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"]
    result = dispose(client, "chalk", versions=["4.0.0"], expectedStatus="Unlisted")
    assert result == {
        "successfulVersions": {},
        "failedVersions": {"4.0.0": {
            "errorCode": "MISMATCHED_STATUS", "errorMessage": "current status: Published, expected status: Unlisted",
        }},
    }
    result = dispose(client, "chalk", versions=["4.0.0"], expectedStatus="Published")
    assert result == {"successfulVersions": {"4.0.0": {"revision": chalk["4.0.0"], "status": "Disposed"}}, "failedVersions": {}}
    # The assets are deleted for good: the domain no longer holds (bills) them.
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == size - len(npm_tarball("chalk", "4.0.0"))
    assets = client.list_package_version_assets(
        domain=DOMAIN, repository="my_repo", format="npm", package="chalk", packageVersion="4.0.0"
    )["assets"]
    assert assets == []


def test_004_dispose_honours_version_revisions(client, chalk):
    """Dispose behaves like update-package-versions-status for --version-revisions."""
    result = dispose(client, "chalk", versions=["4.0.0"], versionRevisions={"4.0.0": chalk["4.1.0"]})
    assert result["failedVersions"] == {"4.0.0": {
        "errorCode": "MISMATCHED_REVISION",
        "errorMessage": f"current revision: {chalk['4.0.0']}, expected revision: {chalk['4.1.0']}",
    }}
    result = dispose(client, "chalk", versions=["4.0.0"], versionRevisions={"4.0.0": chalk["4.0.0"]})
    assert result["successfulVersions"] == {"4.0.0": {"revision": chalk["4.0.0"], "status": "Disposed"}}


@pytest.mark.parametrize("target", ["Archived", "Unlisted", "Published"])
def test_004_disposed_cannot_change_back(client, chalk, target):
    dispose(client, "chalk", versions=["4.0.0"])
    result = update(client, "chalk", versions=["4.0.0"], targetStatus=target)
    assert result["successfulVersions"] == {}
    assert result["failedVersions"]["4.0.0"]["errorCode"] == "NOT_ALLOWED"
    assert versions_in(client, "my_repo", "chalk")["4.0.0"] == (chalk["4.0.0"], "Disposed")


def test_004_a_disposed_version_can_only_be_deleted(client, chalk):
    dispose(client, "chalk", versions=["4.0.0"])
    result = client.delete_package_versions(domain=DOMAIN, repository="my_repo", format="npm", package="chalk", versions=["4.0.0"])
    assert result["successfulVersions"] == {"4.0.0": {"revision": chalk["4.0.0"], "status": "Deleted"}}
    assert result["failedVersions"] == {}
    assert "4.0.0" not in versions_in(client, "my_repo", "chalk")
