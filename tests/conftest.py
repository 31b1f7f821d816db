"""Fixtures shared by the test suite.

- ``snapshot()``: every domain, repository, policy, tag and token the mock
  holds, as plain comparable data (to prove a failed call changed nothing);
- ``fails(call, code, status, **members)``: run ``call``, assert it fails with
  that error code and HTTP status, that the members given (``resourceId``,
  ``resourceType``, ``reason``; ``None`` = absent) are in the response, that
  the operation declares the error in the model, and that no state changed;
- ``client_as(account_id, region=None)``: a boto3 client acting as another
  account (through ``codeartifact_mock.add_identity``) or Region;
- ``lenient_client``: a client with botocore's parameter validation off, so
  values only the service rejects reach the mock;
- ``share_domain(domain, with_account, owner=None, actions="codeartifact:*")``:
  the domain owner attaches a domain policy letting ``with_account`` act in
  the domain (a caller from another account needs one);
- ``invariants``: :func:`check_invariants`, the state invariants any suite
  (concurrency, fuzzing, state control) can assert after it ran.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_codeartifact.errors import ResourceNotFoundException
from mock_codeartifact._protocol.model import service_model


def _import_test_packages() -> None:
    """Test helpers are imported as ``tests.<dir>.<module>`` (pyproject:
    ``pythonpath``). Import ``tests`` and its directories as the namespace
    packages they are before any test module loads: under
    ``--import-mode=importlib`` pytest 7 puts empty placeholder modules under
    those names otherwise, and ``import tests.endpoints.wheels`` fails."""
    root = Path(__file__).parent
    importlib.import_module("tests")
    for directory in sorted(root.iterdir()):
        if directory.is_dir() and directory.name.isidentifier() and not directory.name.startswith("_"):
            importlib.import_module(f"tests.{directory.name}")


_import_test_packages()

#: Errors the mock answers although the model does not declare them for the
#: operation (documented behaviour choices).
UNDECLARED_BY_CHOICE = {("DeleteDomain", "ResourceNotFoundException")}


def state_of(registry: Any) -> Any:
    """What the control plane shows of every account and Region, read with the
    backend's own operations (so it holds whatever the records become), and
    the tokens issued."""

    def policy(get: Callable[..., Any], **address: str) -> Any:
        try:
            return get(**address)
        except ResourceNotFoundException:
            return None

    shown: dict[str, Any] = {}
    for backend in registry.backends():
        for summary in backend.list_domains(maxResults=1000)["domains"]:
            domain = {"domain": summary["name"], "domainOwner": summary["owner"]}
            shown[summary["arn"]] = (
                backend.describe_domain(**domain),
                policy(backend.get_domain_permissions_policy, **domain),
                backend.list_tags_for_resource(resourceArn=summary["arn"]),
            )
            for repo in backend.list_repositories_in_domain(**domain, maxResults=1000)["repositories"]:
                address = {**domain, "repository": repo["name"]}
                shown[repo["arn"]] = (
                    backend.describe_repository(**address),
                    policy(backend.get_repository_permissions_policy, **address),
                    backend.list_tags_for_resource(resourceArn=repo["arn"]),
                )
    return shown, sorted(registry.tokens)


@pytest.fixture
def snapshot(codeartifact_mock: Any) -> Callable[[], Any]:
    return lambda: state_of(codeartifact_mock.registry)


@pytest.fixture
def fails(snapshot: Callable[[], Any]) -> Callable[..., dict[str, Any]]:
    def check(call: Callable[[], Any], code: str, status: int, **members: Any) -> dict[str, Any]:
        before = snapshot()
        with pytest.raises(ClientError) as caught:
            call()
        response = caught.value.response
        assert response["Error"]["Code"] == code, response
        assert response["ResponseMetadata"]["HTTPStatusCode"] == status, response
        assert response["Error"]["Message"], "every error carries a message"
        operation = caught.value.operation_name
        declared = {shape.name for shape in service_model().operation_model(operation).error_shapes}
        assert code in declared or (operation, code) in UNDECLARED_BY_CHOICE, (operation, code)
        shape_members = service_model().shape_for(code).members
        if "resourceId" in shape_members:
            assert response.get("resourceId"), f"{code} must carry resourceId: {response}"
        if "resourceType" in response:
            assert response["resourceType"] in shape_members["resourceType"].enum, response
        if "reason" in shape_members:
            assert response.get("reason") in shape_members["reason"].enum, response
        for name, value in members.items():
            assert response.get(name) == value, (name, response)
        assert snapshot() == before, "a failed call must change nothing"
        return response

    return check


@pytest.fixture
def client_as(codeartifact_mock: Any) -> Callable[..., Any]:
    def make(account_id: str | None = None, region: str | None = None, **config: Any) -> Any:
        key = "FOOBARKEY"  # the mock's own fake key: its default account
        if account_id:
            key = f"AKIA{account_id}"
            codeartifact_mock.add_identity(key, account_id)
        return boto3.client(
            "codeartifact",
            region_name=region or codeartifact_mock.region,
            aws_access_key_id=key,
            aws_secret_access_key="x",
            config=Config(**config) if config else None,
        )

    return make


@pytest.fixture
def lenient_client(client_as: Callable[..., Any]) -> Any:
    return client_as(parameter_validation=False)


@pytest.fixture
def share_domain(codeartifact_mock: Any) -> Callable[..., None]:
    def share(domain: str, with_account: str, owner: str | None = None, actions: Any = "codeartifact:*") -> None:
        document = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{with_account}:root"},
            "Action": actions, "Resource": "*",
        }]})
        codeartifact_mock.backend(owner).put_domain_permissions_policy(domain=domain, policyDocument=document)

    return share


#: Statuses a stored version can be in.
VERSION_STATUSES = frozenset({"Published", "Unfinished", "Unlisted", "Archived", "Disposed"})


def check_invariants(registry: Any) -> dict[str, int]:
    """Assert what must hold of any state the mock can reach, whatever ran
    before (reusable by concurrency and fuzz suites). Reads the records
    directly; returns a few counts for the caller's own checks.

    - a package sits under its own key, a version under its own number, each
      version once in the package's order (no lost or duplicated versions);
    - statuses are valid; a Disposed version has no assets; dist-tags point at
      versions the package holds;
    - each domain's asset store (and the simulated public registries') holds
      exactly the blobs its versions reference, with reference counts equal
      to the references (no orphaned or missing blobs), each blob under its
      SHA-256 with its size; ``assetSizeBytes`` is the sum of the distinct blobs;
    - repositories belong to their domain; upstream graphs have no cycle.
    """
    counts = {"domains": 0, "repositories": 0, "packages": 0, "versions": 0, "blobs": 0}
    for (account_id, region), backend in list(registry._backends.items()):
        assert (backend.account_id, backend.region) == (account_id, region)
        for name, domain in backend.domains.items():
            counts["domains"] += 1
            assert domain.name == name and domain.owner == account_id and domain.region == region
            _check_domain(domain, counts)
            shown = backend.describe_domain(domain=name)["domain"]
            assert shown["assetSizeBytes"] == sum(len(b.data) for b in domain.assets._blobs.values()), name
            assert shown["repositoryCount"] == len(domain.repositories), name
    public = getattr(registry, "_public", None)
    if public is not None:
        _check_domain(public._domain, {**counts})
    return counts


def _check_domain(domain: Any, counts: dict[str, int]) -> None:
    import hashlib

    from mock_codeartifact._backend.repositories import upstream_closure

    references: dict[str, int] = {}
    for repo_name, repo in domain.repositories.items():
        counts["repositories"] += 1
        assert repo.name == repo_name and repo.domain is domain, repo
        assert repo_name not in upstream_closure(domain, repo_name), f"upstream cycle through {repo_name}"
        assert len(set(repo.upstreams)) == len(repo.upstreams), repo
        for key, package in repo.packages.items():
            counts["packages"] += 1
            where = f"{domain.name}/{repo_name}/{key}"
            assert key == package.key, where
            order = list(package.order)
            assert len(order) == len(set(order)) == len(package.versions), (where, order)
            assert set(order) == set(package.versions), (where, order)
            for version_name, version in package.versions.items():
                counts["versions"] += 1
                assert version.version == version_name, (where, version)
                assert version.status in VERSION_STATUSES, (where, version)
                if version.status == "Disposed":
                    assert version.assets == (), (where, version)
                assert len({a.name for a in version.assets}) == len(version.assets), (where, version)
                for asset in version.assets:
                    references[asset.sha256] = references.get(asset.sha256, 0) + 1
            for tag, tagged in package.dist_tags.items():
                assert tagged in package.versions, (where, tag, tagged)
    blobs = domain.assets._blobs
    held = {sha: blob.references for sha, blob in blobs.items()}
    assert held == references, f"{domain.name}: store references {held} != version references {references}"
    assert domain.assets.total_bytes == sum(len(b.data) for b in blobs.values()), domain.name
    for sha, blob in blobs.items():
        assert hashlib.sha256(blob.data).hexdigest() == sha, (domain.name, sha)
    for repo in domain.repositories.values():
        for package in repo.packages.values():
            for version in package.versions.values():
                for asset in version.assets:
                    assert asset.size == len(blobs[asset.sha256].data), (domain.name, asset)
    counts["blobs"] += len(blobs)


@pytest.fixture
def invariants() -> Callable[[Any], dict[str, int]]:
    """:func:`check_invariants`, as a fixture: test modules cannot import
    conftest under ``--import-mode=importlib``."""
    return check_invariants

