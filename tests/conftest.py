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
  values only the service rejects reach the mock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_codeartifact.errors import ResourceNotFoundException
from mock_codeartifact.protocol.model import service_model

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
