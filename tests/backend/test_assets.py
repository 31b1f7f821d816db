"""Assets: the domain's content-addressed store, ListPackageVersionAssets and
GetPackageVersionAsset."""

from __future__ import annotations

import hashlib
import random

import pytest

DOMAIN = "acme"


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain=DOMAIN)
    for name in ("one", "two"):
        codeartifact_client.create_repository(domain=DOMAIN, repository=name)
    return codeartifact_client


def coords(repository: str = "one", package: str = "tool", domain: str = DOMAIN) -> dict:
    return {"domain": domain, "repository": repository, "format": "generic", "namespace": "ns", "package": package}


def publish(client, data: bytes, repository: str = "one", version: str = "1.0", name: str = "a.bin",
            package: str = "tool", domain: str = DOMAIN, **params) -> dict:
    return client.publish_package_version(
        **coords(repository, package, domain), packageVersion=version, assetContent=data, assetName=name,
        assetSHA256=hashlib.sha256(data).hexdigest(), **params,
    )


def size(client, domain: str = DOMAIN) -> int:
    return client.describe_domain(domain=domain)["domain"]["assetSizeBytes"]


def download(client, repository: str = "one", version: str = "1.0", name: str = "a.bin", package: str = "tool", **params):
    return client.get_package_version_asset(
        **coords(repository, package), packageVersion=version, asset=name, **params
    )


def expected_hashes(data: bytes) -> dict[str, str]:
    return {
        "MD5": hashlib.md5(data).hexdigest(),
        "SHA-1": hashlib.sha1(data).hexdigest(),
        "SHA-256": hashlib.sha256(data).hexdigest(),
        "SHA-512": hashlib.sha512(data).hexdigest(),
    }


# -- one blob per domain ----------------------------------------------------------------------


def test_a_new_domain_stores_nothing(client):
    assert size(client) == 0


def test_same_content_across_repositories_is_stored_once(client, codeartifact_backend):
    blob = b"shared" * 100
    publish(client, blob, "one")
    publish(client, blob, "two")
    publish(client, blob, "two", version="2.0")
    publish(client, blob, "two", version="2.0", name="copy.bin", package="other")
    codeartifact_backend.publish_package(
        domain=DOMAIN, repository="one", format="generic", namespace="ns", package="seeded", version="1",
        files={"x.bin": blob},
    )
    assert size(client) == len(blob)
    assert len(codeartifact_backend.domains[DOMAIN].assets) == 1
    publish(client, b"different", "one", version="3.0")
    assert size(client) == len(blob) + len(b"different")


def test_same_content_under_two_names_of_one_version(client):
    publish(client, b"twin", name="a.bin", unfinished=True)
    publish(client, b"twin", name="b.bin")
    assert size(client) == 4
    assert [a["name"] for a in client.list_package_version_assets(**coords(), packageVersion="1.0")["assets"]] == ["a.bin", "b.bin"]
    assert download(client, name="b.bin")["asset"].read() == b"twin"


def test_domains_do_not_share_blobs(client):
    client.create_domain(domain="beta")
    client.create_repository(domain="beta", repository="one")
    publish(client, b"same bytes")
    publish(client, b"same bytes", domain="beta")
    assert size(client) == size(client, "beta") == len(b"same bytes")
    client.delete_package_versions(**coords(), versions=["1.0"])
    assert (size(client), size(client, "beta")) == (0, len(b"same bytes"))


def test_a_blob_lives_while_any_version_references_it(client):
    blob = b"long-lived"
    publish(client, blob, "one")
    publish(client, blob, "two")
    client.delete_package_versions(**coords("one"), versions=["1.0"])
    assert size(client) == len(blob)
    assert download(client, "two")["asset"].read() == blob
    client.delete_package_versions(**coords("two"), versions=["1.0"])
    assert size(client) == 0


def test_dispose_removes_the_assets(client):
    publish(client, b"to be disposed")
    publish(client, b"kept", version="2.0")
    client.dispose_package_versions(**coords(), versions=["1.0"])
    assert size(client) == len(b"kept")
    listed = client.list_package_version_assets(**coords(), packageVersion="1.0")
    assert listed["assets"] == []


def test_dispose_keeps_a_blob_other_versions_still_use(client):
    publish(client, b"shared", "one")
    publish(client, b"shared", "two")
    client.dispose_package_versions(**coords("one"), versions=["1.0"])
    assert size(client) == len(b"shared")
    assert download(client, "two")["asset"].read() == b"shared"


def test_copy_adds_references_not_bytes(client):
    publish(client, b"promote me")
    client.copy_package_versions(
        domain=DOMAIN, sourceRepository="one", destinationRepository="two", format="generic", namespace="ns",
        package="tool", versions=["1.0"],
    )
    assert size(client) == len(b"promote me")
    client.delete_package_versions(**coords("one"), versions=["1.0"])
    assert download(client, "two")["asset"].read() == b"promote me"
    client.delete_package(**coords("two"))
    assert size(client) == 0


def test_deleting_a_repository_releases_its_assets(client):
    publish(client, b"only here", "one")
    publish(client, b"everywhere", "one", version="2.0")
    publish(client, b"everywhere", "two", version="2.0")
    client.delete_repository(domain=DOMAIN, repository="one")
    assert size(client) == len(b"everywhere")


# -- GetPackageVersionAsset ---------------------------------------------------------------------


def test_download_streams_bytes_and_headers_reach_the_result(client):
    data = random.Random(7).randbytes(256 * 1024)
    revision = publish(client, data, name="big.bin")["versionRevision"]
    result = download(client, name="big.bin")
    assert result["assetName"] == "big.bin"
    assert result["packageVersion"] == "1.0"
    assert result["packageVersionRevision"] == revision
    headers = result["ResponseMetadata"]["HTTPHeaders"]
    assert (headers["x-assetname"], headers["x-packageversion"], headers["x-packageversionrevision"]) == (
        "big.bin", "1.0", revision,
    )
    body = result["asset"]
    chunks = list(body.iter_chunks(chunk_size=10_000))
    assert len(chunks) > 1
    assert b"".join(chunks) == data


def test_download_with_the_current_revision(client):
    revision = publish(client, b"x")["versionRevision"]
    assert download(client, packageVersionRevision=revision)["asset"].read() == b"x"


def test_download_with_another_revision(client, fails):
    publish(client, b"x")
    fails(lambda: download(client, packageVersionRevision="not-it"), "ResourceNotFoundException", 404)


def test_download_of_unknown_asset_version_or_package(client, fails):
    publish(client, b"x")
    fails(lambda: download(client, name="b.bin"), "ResourceNotFoundException", 404, resourceType="asset", resourceId="b.bin")
    fails(lambda: download(client, version="2.0"), "ResourceNotFoundException", 404, resourceType="package-version")
    fails(lambda: download(client, package="nope"), "ResourceNotFoundException", 404, resourceType="package")


@pytest.mark.parametrize("status", ["Published", "Unlisted"])
def test_published_and_unlisted_assets_download(client, status):
    publish(client, b"x")
    client.update_package_versions_status(**coords(), versions=["1.0"], targetStatus=status)
    assert download(client)["asset"].read() == b"x"


def test_archived_and_disposed_assets_do_not_download(client, fails):
    publish(client, b"x")
    client.update_package_versions_status(**coords(), versions=["1.0"], targetStatus="Archived")
    fails(lambda: download(client), "ConflictException", 409, resourceType="package-version")
    client.dispose_package_versions(**coords(), versions=["1.0"])
    fails(lambda: download(client), "ConflictException", 409, resourceType="package-version")


def test_non_ascii_asset_name_round_trips(client):
    publish(client, b"x", name="résumé.pdf")
    result = download(client, name="résumé.pdf")
    assert result["assetName"] == "résumé.pdf"
    assert result["asset"].read() == b"x"
    names = [a["name"] for a in client.list_package_version_assets(**coords(), packageVersion="1.0")["assets"]]
    assert names == ["résumé.pdf"]


# -- hashes and ListPackageVersionAssets ---------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"hello", bytes(range(256)) * 40], ids=["empty", "hello", "binary"])
def test_hashes_are_correct(client, data):
    published = publish(client, data)
    assert published["asset"]["hashes"] == expected_hashes(data)
    assert published["asset"]["size"] == len(data)
    listed = client.list_package_version_assets(**coords(), packageVersion="1.0")["assets"]
    assert listed == [{"name": "a.bin", "size": len(data), "hashes": expected_hashes(data)}]


def test_list_assets_echoes_the_version(client):
    revision = publish(client, b"x")["versionRevision"]
    result = client.list_package_version_assets(**coords(), packageVersion="1.0")
    assert (result["format"], result["namespace"], result["package"], result["version"], result["versionRevision"]) == (
        "generic", "ns", "tool", "1.0", revision,
    )
    assert "nextToken" not in result


def test_list_assets_pages(client):
    names = [f"f{i:02}.bin" for i in range(7)]
    for i, name in enumerate(names):
        publish(client, name.encode(), name=name, unfinished=i < 6)
    first = client.list_package_version_assets(**coords(), packageVersion="1.0", maxResults=3)
    assert [a["name"] for a in first["assets"]] == names[:3] and first["nextToken"]
    pages = client.get_paginator("list_package_version_assets").paginate(
        **coords(), packageVersion="1.0", PaginationConfig={"PageSize": 2}
    )
    walked = [a["name"] for page in pages for a in page["assets"]]
    assert walked == names


def test_npm_asset_of_a_seeded_version(client, codeartifact_backend):
    import gzip
    import io
    import json
    import tarfile

    manifest = json.dumps({"name": "lib", "version": "1.0.0"}).encode()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as archive:
        info = tarfile.TarInfo("package/package.json")
        info.size = len(manifest)
        archive.addfile(info, io.BytesIO(manifest))
    tarball = gzip.compress(raw.getvalue(), mtime=0)
    codeartifact_backend.publish_package(domain=DOMAIN, repository="one", format="npm", files={"package.tgz": tarball})
    listed = client.list_package_version_assets(
        domain=DOMAIN, repository="one", format="npm", package="lib", packageVersion="1.0.0"
    )["assets"]
    assert listed == [{"name": "package.tgz", "size": len(tarball), "hashes": expected_hashes(tarball)}]
    got = client.get_package_version_asset(
        domain=DOMAIN, repository="one", format="npm", package="lib", packageVersion="1.0.0", asset="package.tgz"
    )
    assert got["asset"].read() == tarball


def test_a_store_copy_is_independent_and_shares_the_bytes():
    from mock_codeartifact._backend.assets import AssetStore

    store = AssetStore()
    sha = store.put(b"bytes")
    store.retain(sha)
    copy = store.copy()
    store.release(sha)
    assert sha not in store and store.total_bytes == 0
    assert copy.references(sha) == 1 and copy.data(sha) == b"bytes" and copy.total_bytes == 5
    assert list(copy.digests()) == [sha]
    again = AssetStore.from_json(copy.to_json(), {sha: 1}, "domain test")
    assert again.references(sha) == 1 and again.hashes(sha) == copy.hashes(sha) and again.total_bytes == 5
    with pytest.raises(ValueError, match="^domain test: versions reference asset blobs the document lacks"):
        AssetStore.from_json([], {sha: 1}, "domain test")
