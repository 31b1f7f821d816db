"""PublishPackageVersion: generic packages through the API."""

from __future__ import annotations

import hashlib

import boto3
import pytest
from botocore.config import Config

DOMAIN = "acme"
REPO = "repo"
COORDS = {"domain": DOMAIN, "repository": REPO, "format": "generic", "namespace": "ns", "package": "tool"}


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain=DOMAIN)
    codeartifact_client.create_repository(domain=DOMAIN, repository=REPO)
    return codeartifact_client


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def publish(client, data: bytes = b"payload", name: str = "tool.bin", version: str = "1.0", **params):
    call = {**COORDS, "packageVersion": version, "assetContent": data, "assetName": name, "assetSHA256": sha256(data)}
    call.update(params)
    result = client.publish_package_version(**call)
    result.pop("ResponseMetadata")
    return result


def describe(client, version: str = "1.0") -> dict:
    return client.describe_package_version(**COORDS, packageVersion=version)["packageVersion"]


def asset_names(client, version: str = "1.0") -> list[str]:
    assets = client.list_package_version_assets(**COORDS, packageVersion=version)["assets"]
    return [a["name"] for a in assets]


# -- the basic call ---------------------------------------------------------------------


def test_publish_a_generic_version(client):
    result = publish(client, b"hello")
    revision = result.pop("versionRevision")
    assert result == {
        "format": "generic", "namespace": "ns", "package": "tool", "version": "1.0", "status": "Published",
        "asset": {
            "name": "tool.bin", "size": 5,
            "hashes": {
                "MD5": hashlib.md5(b"hello").hexdigest(),
                "SHA-1": hashlib.sha1(b"hello").hexdigest(),
                "SHA-256": sha256(b"hello"),
                "SHA-512": hashlib.sha512(b"hello").hexdigest(),
            },
        },
    }
    version = describe(client)
    assert (version["revision"], version["status"]) == (revision, "Published")
    assert version["origin"] == {"domainEntryPoint": {"repositoryName": REPO}, "originType": "INTERNAL"}
    asset = client.get_package_version_asset(**COORDS, packageVersion="1.0", asset="tool.bin")
    assert asset["asset"].read() == b"hello"


@pytest.mark.parametrize("fmt", ["npm", "pypi", "maven", "nuget", "ruby", "swift", "cargo"])
def test_only_the_generic_format(client, fails, fmt):
    params = {"namespace": "ns"} if fmt in ("maven", "swift") else {"namespace": None}
    call = {**COORDS, "format": fmt, **params}
    call = {k: v for k, v in call.items() if v is not None}
    fails(
        lambda: client.publish_package_version(
            **call, packageVersion="1.0.0", assetContent=b"x", assetName="x.tgz", assetSHA256=sha256(b"x")
        ),
        "ValidationException", 400,
    )
    assert client.list_packages(domain=DOMAIN, repository=REPO)["packages"] == []


def test_namespace_is_required_for_generic(client, fails):
    call = {k: v for k, v in COORDS.items() if k != "namespace"}
    fails(
        lambda: client.publish_package_version(
            **call, packageVersion="1.0", assetContent=b"x", assetName="x", assetSHA256=sha256(b"x")
        ),
        "ValidationException", 400,
    )


def test_hash_mismatch(client, fails):
    wrong = sha256(b"something else")
    response = fails(lambda: publish(client, b"payload", assetSHA256=wrong), "ValidationException", 400)
    message = response["Error"]["Message"]
    assert message.startswith(
        "The provided content hashes do not match the calculated content hashes. Hash algorithm 'SHA-256', Expected hash"
    )
    assert wrong in message and sha256(b"payload") in message
    assert client.list_packages(domain=DOMAIN, repository=REPO)["packages"] == []
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 0


def test_unknown_repository_or_domain(client, fails):
    fails(lambda: publish(client, repository="nope"), "ResourceNotFoundException", 404, resourceType="repository")
    fails(lambda: publish(client, domain="nope"), "ResourceNotFoundException", 404, resourceType="domain")


# -- several assets: the Unfinished flow ------------------------------------------------------


def test_unfinished_flow_one_asset_per_call_then_complete(client):
    first = publish(client, b"one", "a.bin", unfinished=True)
    assert first["status"] == "Unfinished"
    second = publish(client, b"two", "b.bin", unfinished=True)
    assert second["status"] == "Unfinished"
    assert second["versionRevision"] != first["versionRevision"]  # each added asset makes a new revision
    assert describe(client)["status"] == "Unfinished"
    assert asset_names(client) == ["a.bin", "b.bin"]
    last = publish(client, b"three", "c.bin")  # no `unfinished`: the version is complete
    assert last["status"] == "Published"
    assert last["asset"]["name"] == "c.bin"
    assert asset_names(client) == ["a.bin", "b.bin", "c.bin"]
    version = describe(client)
    assert (version["status"], version["revision"]) == ("Published", last["versionRevision"])
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == len(b"onetwothree")


def test_complete_an_unfinished_version_with_update_package_versions_status(client):
    publish(client, b"one", "a.bin", unfinished=True)
    revision = publish(client, b"two", "b.bin", unfinished=True)["versionRevision"]
    result = client.update_package_versions_status(**COORDS, versions=["1.0"], targetStatus="Published")
    assert result["successfulVersions"] == {"1.0": {"revision": revision, "status": "Published"}}


def test_complete_by_sending_the_last_asset_again(client):
    publish(client, b"one", "a.bin", unfinished=True)
    done = publish(client, b"one", "a.bin")
    assert done["status"] == "Published"
    assert asset_names(client) == ["a.bin"]


def test_published_time_is_the_first_upload(client, codeartifact_mock):
    publish(client, b"one", "a.bin", unfinished=True)
    first = describe(client)["publishedTime"]
    codeartifact_mock.clock.advance(60)
    publish(client, b"two", "b.bin")
    assert describe(client)["publishedTime"] == first


# -- re-uploads and conflicts ---------------------------------------------------------------


def test_re_uploading_the_same_asset_is_idempotent(client):
    first = publish(client, b"payload")
    again = publish(client, b"payload")
    assert again == first
    assert asset_names(client) == ["tool.bin"]
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == len(b"payload")


def test_re_uploading_during_the_unfinished_flow_is_idempotent(client):
    first = publish(client, b"payload", unfinished=True)
    assert publish(client, b"payload", unfinished=True) == first


@pytest.mark.parametrize("unfinished", [True, False])
def test_same_asset_name_with_different_content_conflicts(client, fails, unfinished):
    publish(client, b"payload", unfinished=unfinished)
    revision = describe(client)["revision"]
    fails(lambda: publish(client, b"other payload", unfinished=unfinished), "ConflictException", 409, resourceType="asset")
    assert describe(client)["revision"] == revision
    content = client.get_package_version_asset(**COORDS, packageVersion="1.0", asset="tool.bin")["asset"].read()
    assert content == b"payload"
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == len(b"payload")


@pytest.mark.parametrize("unfinished", [True, False])
def test_no_new_assets_once_published(client, fails, unfinished):
    publish(client, b"payload")
    fails(
        lambda: publish(client, b"more", "more.bin", unfinished=unfinished),
        "ConflictException", 409, resourceType="package-version",
    )
    assert asset_names(client) == ["tool.bin"]
    assert describe(client)["status"] == "Published"


@pytest.mark.parametrize("status", ["Unlisted", "Archived"])
def test_no_new_assets_to_unlisted_or_archived_versions(client, fails, status):
    publish(client, b"payload")
    client.update_package_versions_status(**COORDS, versions=["1.0"], targetStatus=status)
    fails(lambda: publish(client, b"more", "more.bin"), "ConflictException", 409)


def test_a_deleted_version_can_be_published_again(client):
    publish(client, b"payload")
    client.delete_package_versions(**COORDS, versions=["1.0"])
    assert publish(client, b"second life", "new.bin")["status"] == "Published"
    assert asset_names(client) == ["new.bin"]


def test_asset_quota_per_version(client, codeartifact_mock, fails):
    codeartifact_mock.registry.quotas["assets_per_version"] = 2
    publish(client, b"1", "1.bin", unfinished=True)
    publish(client, b"2", "2.bin", unfinished=True)
    fails(lambda: publish(client, b"3", "3.bin", unfinished=True), "ServiceQuotaExceededException", 402)
    assert asset_names(client) == ["1.bin", "2.bin"]


def test_asset_size_quota(client, codeartifact_mock, fails):
    codeartifact_mock.registry.quotas["asset_size_bytes"] = 10
    assert publish(client, b"x" * 10)["asset"]["size"] == 10
    fails(lambda: publish(client, b"x" * 11, "big.bin", version="2.0"), "ServiceQuotaExceededException", 402)
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 10


# -- asset names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["tool.bin", "my file.txt", "résumé.pdf", "日本語.txt", "Ⅻ-ǅ-ʰ", "a~!@^&()-_+[]{};,.z", "v1.0 (final)"],
)
def test_allowed_asset_names(client, name):
    result = publish(client, b"x", name)
    assert result["asset"]["name"] == name
    asset = client.get_package_version_asset(**COORDS, packageVersion="1.0", asset=name)
    assert asset["asset"].read() == b"x"


@pytest.mark.parametrize(
    "name",
    [".", "..", " lead", "trail ", "two  spaces", "a/b", "a\\b", "star*", "q?", "dollar$", "hash#", "pct%",
     "back`tick", "quote'", 'dq"', "pipe|", "lt<", "eq=", "colon:", "tab\tx", "nl\nx"],
)
def test_refused_asset_names(client, lenient_client, fails, name):
    fails(lambda: publish(lenient_client, b"x", name), "ValidationException", 400)
    assert client.list_packages(domain=DOMAIN, repository=REPO)["packages"] == []


# -- origin controls ---------------------------------------------------------------------------


def test_new_package_gets_publish_allow_upstream_block(client):
    publish(client)
    package = client.describe_package(**COORDS)["package"]
    assert package["originConfiguration"] == {"restrictions": {"publish": "ALLOW", "upstream": "BLOCK"}}


def test_publish_block_refuses(client, fails):
    publish(client, version="1.0")
    client.put_package_origin_configuration(**COORDS, restrictions={"publish": "BLOCK", "upstream": "ALLOW"})
    response = fails(lambda: publish(client, version="2.0"), "AccessDeniedException", 403)
    assert "BLOCK" in response["Error"]["Message"]
    versions = client.list_package_versions(**COORDS)["versions"]
    assert [v["version"] for v in versions] == ["1.0"]


def test_publish_block_set_in_advance_on_an_empty_package(client, fails):
    client.put_package_origin_configuration(**COORDS, restrictions={"publish": "BLOCK", "upstream": "BLOCK"})
    fails(lambda: publish(client), "AccessDeniedException", 403)
    client.put_package_origin_configuration(**COORDS, restrictions={"publish": "ALLOW", "upstream": "BLOCK"})
    assert publish(client)["status"] == "Published"


def test_publishing_keeps_an_existing_origin_configuration(client):
    client.put_package_origin_configuration(**COORDS, restrictions={"publish": "ALLOW", "upstream": "ALLOW"})
    publish(client)
    package = client.describe_package(**COORDS)["package"]
    assert package["originConfiguration"] == {"restrictions": {"publish": "ALLOW", "upstream": "ALLOW"}}


# -- what only the service checks (botocore's validation off) ---------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"assetSHA256": "abc"},
        {"assetSHA256": sha256(b"payload").upper()},
        {"assetSHA256": "g" * 64},
        {"assetSHA256": sha256(b"payload") + "0"},
        {"format": "rpm"},
        {"packageVersion": "1.0/evil"},
        {"packageVersion": "1 0"},
        {"packageVersion": "x" * 256},
        {"package": "a#b"},
        {"namespace": "n s"},
        {"namespace": ""},
        {"assetName": ""},
        {"assetName": "x" * 256},
        {"repository": "r"},
        {"domain": "UPPER"},
    ],
    ids=lambda bad: "-".join(f"{k}={str(v)[:12]}" for k, v in bad.items()),
)
def test_service_side_validation(client, codeartifact_mock, fails, bad):
    unchecked = boto3.client(
        "codeartifact", region_name=codeartifact_mock.region, config=Config(parameter_validation=False)
    )
    fails(lambda: publish(unchecked, b"payload", **bad), "ValidationException", 400)
    assert client.list_packages(domain=DOMAIN, repository=REPO)["packages"] == []


# -- seeding follows the API's model rules --------------------------------------------------


@pytest.mark.parametrize(
    ("coordinates", "member"),
    [
        ({"namespace": "team", "package": "two words", "version": "1.0"}, "package"),
        ({"namespace": "team", "package": "tool", "version": "1.0#beta"}, "packageVersion"),
        ({"namespace": "a/b", "package": "tool", "version": "1.0"}, "namespace"),
        ({"namespace": "team", "package": "x" * 256, "version": "1.0"}, "package"),
    ],
)
def test_seeding_refuses_a_name_boto3_could_never_address(codeartifact_backend, coordinates, member):
    from mock_codeartifact.errors import ValidationException

    codeartifact_backend.create_domain(domain="seeded")
    codeartifact_backend.create_repository(domain="seeded", repository="repo")
    with pytest.raises(ValidationException) as caught:
        codeartifact_backend.publish_package(
            domain="seeded", repository="repo", format="generic", files={"tool.bin": b"x"}, **coordinates
        )
    assert f"at '{member}' failed to satisfy constraint" in str(caught.value)
    assert codeartifact_backend.domains["seeded"].repositories["repo"].packages == {}


def test_seeding_refuses_an_asset_name_the_api_would_refuse(codeartifact_backend):
    from mock_codeartifact.errors import ValidationException

    codeartifact_backend.create_domain(domain="seeded")
    codeartifact_backend.create_repository(domain="seeded", repository="repo")
    with pytest.raises(ValidationException, match="at 'assetName' failed to satisfy constraint"):
        codeartifact_backend.publish_package(
            domain="seeded", repository="repo", format="generic", namespace="team", package="tool",
            version="1.0", files={"bad\nname.bin": b"x"},
        )
    # What the API accepts, seeding accepts.
    seeded = codeartifact_backend.publish_package(
        domain="seeded", repository="repo", format="generic", namespace="team", package="tool", version="1.0",
        files={"tool 1.0.bin": b"x"},
    )
    assert seeded["version"] == "1.0"
