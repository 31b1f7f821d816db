"""aiobotocore and aioboto3 clients are answered in-process too, with bodies
aiobotocore can await: plain results, modelled errors, streamed assets,
paginators, clients made before the mock started, and a loopback
``endpoint_url`` reaching a ``ThreadedServer`` over HTTP.

aiobotocore pins botocore, so these run in their own environment (``.ci/run``
makes one with aioboto3 from PyPI); elsewhere they skip."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import pytest

aiobotocore_session = pytest.importorskip(
    "aiobotocore.session", reason="aiobotocore is not installed (CI tests it in its own environment: see .ci/run)"
)

from mock_codeartifact import mock_codeartifact  # noqa: E402
from mock_codeartifact._transport.server import ThreadedServer  # noqa: E402

REGION = "us-east-1"


def _client(**options: Any) -> Any:
    return aiobotocore_session.get_session().create_client("codeartifact", region_name=REGION, **options)


async def _round_trip(ca: Any) -> None:
    await ca.create_domain(domain="acme")
    await ca.create_repository(domain="acme", repository="repo")
    data = b"an asset, streamed back"
    await ca.publish_package_version(
        domain="acme", repository="repo", format="generic", namespace="tools", package="cli", packageVersion="1.0.0",
        assetContent=data, assetName="cli.bin", assetSHA256=hashlib.sha256(data).hexdigest(),
    )
    asset = await ca.get_package_version_asset(
        domain="acme", repository="repo", format="generic", namespace="tools", package="cli",
        packageVersion="1.0.0", asset="cli.bin",
    )
    async with asset["asset"] as body:
        assert await body.read() == data
    with pytest.raises(ca.exceptions.ResourceNotFoundException) as caught:
        await ca.describe_domain(domain="missing")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    for n in range(5):
        await ca.create_repository(domain="acme", repository=f"more-{n}")
    pages = ca.get_paginator("list_repositories_in_domain").paginate(domain="acme", PaginationConfig={"PageSize": 2})
    assert sum([len(page["repositories"]) async for page in pages]) == 6


def test_aiobotocore_clients_are_answered_in_process():
    async def main() -> None:
        with mock_codeartifact() as mock:
            async with _client() as ca:
                await _round_trip(ca)
        assert mock.calls[0].operation == "CreateDomain"

    asyncio.run(main())


def test_a_client_made_before_the_mock_started():
    async def main() -> None:
        async with _client(aws_access_key_id="AKIAEARLY", aws_secret_access_key="x") as early:
            with mock_codeartifact() as mock:
                await early.create_domain(domain="acme")
        assert [c.access_key_id for c in mock.calls] == ["AKIAEARLY"]

    asyncio.run(main())


def test_a_client_without_credentials_or_with_a_role_never_leaves(monkeypatch, tmp_path):
    config = tmp_path / "config"
    config.write_text("[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/dev\n"
                      "source_profile = base\n[profile base]\naws_access_key_id = AKIABASE\n"
                      "aws_secret_access_key = base\n")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    async def main() -> None:
        bare = aiobotocore_session.get_session().create_client("codeartifact", region_name=REGION)
        role = aiobotocore_session.AioSession(profile="dev").create_client("codeartifact", region_name=REGION)
        async with bare as bare_client, role as role_client:
            with mock_codeartifact() as mock:
                await bare_client.create_domain(domain="acme")
                assert [d["name"] for d in (await role_client.list_domains())["domains"]] == ["acme"]
        assert [c.access_key_id for c in mock.calls] == ["FOOBARKEY", "FOOBARKEY"]

    asyncio.run(main())


def test_aioboto3():
    aioboto3 = pytest.importorskip("aioboto3", reason="aioboto3 is not installed")

    async def main() -> None:
        with mock_codeartifact():
            async with aioboto3.Session().client("codeartifact", region_name=REGION) as ca:
                await ca.create_domain(domain="acme")
                assert [d["name"] for d in (await ca.list_domains())["domains"]] == ["acme"]

    asyncio.run(main())


def test_a_threaded_server_endpoint_is_reached_over_http():
    async def main() -> None:
        with mock_codeartifact() as mock, ThreadedServer(mock) as server:
            async with _client(endpoint_url=server.url) as ca:
                await ca.create_domain(domain="over-http")
                assert [d["name"] for d in (await ca.list_domains())["domains"]] == ["over-http"]

    asyncio.run(main())
