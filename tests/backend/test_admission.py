"""_backend/admission.py: one decision, and one wording, for whether a version
may enter a repository by publish, copy, retention or ingestion."""

from __future__ import annotations

import hashlib

import pytest

from mock_codeartifact._backend import admission

DOMAIN = "acme"
COORDS = {"domain": DOMAIN, "format": "generic", "namespace": "team", "package": "tool"}


@pytest.fixture
def client(codeartifact_backend, codeartifact_client):
    codeartifact_backend.create_domain(domain=DOMAIN)
    for name in ("src", "dst"):
        codeartifact_backend.create_repository(domain=DOMAIN, repository=name)
    return codeartifact_client


def publish(client, repository: str, version: str) -> dict:
    data = version.encode()
    return client.publish_package_version(
        **COORDS, repository=repository, packageVersion=version, assetContent=data, assetName="tool.bin",
        assetSHA256=hashlib.sha256(data).hexdigest(),
    )


def repo(backend, name: str):
    return backend.domains[DOMAIN].repositories[name]


@pytest.mark.parametrize("blocked_by", ["package", "group"])
def test_publish_and_copy_give_the_same_reason(client, codeartifact_backend, blocked_by):
    publish(client, "src", "1.0.0")
    if blocked_by == "package":
        client.put_package_origin_configuration(
            **COORDS, repository="dst", restrictions={"publish": "BLOCK", "upstream": "ALLOW"})
    else:
        client.create_package_group(domain=DOMAIN, packageGroup="/generic/team/*")
        client.update_package_group_origin_configuration(
            domain=DOMAIN, packageGroup="/generic/team/*", restrictions={"PUBLISH": "BLOCK"})
    reason = admission.publish_refusal(repo(codeartifact_backend, "dst"), "generic", "team", "tool")
    assert reason is not None

    with pytest.raises(client.exceptions.AccessDeniedException) as caught:
        publish(client, "dst", "2.0.0")
    assert caught.value.response["Error"]["Message"] == (
        f"Publishing tool 2.0.0 to repository dst is blocked: {reason}"
    )
    copied = client.copy_package_versions(
        domain=DOMAIN, sourceRepository="src", destinationRepository="dst", format="generic",
        namespace="team", package="tool", versions=["1.0.0"])
    assert copied["failedVersions"]["1.0.0"] == {
        "errorCode": "NOT_ALLOWED",
        "errorMessage": admission.copy_refused("1.0.0", "dst", reason),
    }


def test_retention_asks_the_upstream_control_and_the_group(client, codeartifact_backend):
    dst = repo(codeartifact_backend, "dst")
    assert admission.may_retain(dst, "generic", "team", "tool", admission.INTERNAL_UPSTREAM)
    client.put_package_origin_configuration(
        **COORDS, repository="dst", restrictions={"publish": "ALLOW", "upstream": "BLOCK"})
    reason = admission.retention_refusal(dst, "generic", "team", "tool", admission.INTERNAL_UPSTREAM)
    assert reason is not None and "upstream=BLOCK" in reason
    client.put_package_origin_configuration(
        **COORDS, repository="dst", restrictions={"publish": "ALLOW", "upstream": "ALLOW"})
    client.create_package_group(domain=DOMAIN, packageGroup="/generic/team/*")
    client.update_package_group_origin_configuration(
        domain=DOMAIN, packageGroup="/generic/team/*", restrictions={"EXTERNAL_UPSTREAM": "BLOCK"})
    assert admission.may_retain(dst, "generic", "team", "tool", admission.INTERNAL_UPSTREAM)
    assert not admission.may_retain(dst, "generic", "team", "tool", admission.EXTERNAL_UPSTREAM)
