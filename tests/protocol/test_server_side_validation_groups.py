"""Server-side validation of the package-group operations, generated from the
botocore service model exactly as ``test_server_side_validation.py`` does for
the other control-plane operations (its helpers are reused): for each input
member with a constraint, one request breaks exactly that constraint through a
client whose own validation is off, and the service's ValidationException
names the member and the constraint, with no state changed. The
``restrictions`` map (enum keys and values), which the generator does not walk,
has its own cases.
"""

from __future__ import annotations

import copy
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_codeartifact._protocol.model import python_name, service_model

# The generator of the other operations' cases, loaded as a private copy (test
# modules are not importable under --import-mode=importlib).
_spec = importlib.util.spec_from_file_location(
    "_server_side_validation_helpers", Path(__file__).with_name("test_server_side_validation.py")
)
assert _spec is not None and _spec.loader is not None
ssv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ssv)

ssv.SAMPLES.update({
    "PackageGroupPattern": "/npm/*",
    "PackageGroupPatternPrefix": "/npm",
    "String": "/npm/*",  # DeletePackageGroup.packageGroup
    "PackageGroupContactInfo": "team@example.com",
    "PackageName": "react",
    "PackageNamespace": "space",
})

ALLOWED_ADD = [{"repositoryName": "repo", "originRestrictionType": "PUBLISH"}]
ALLOWED_REMOVE = [{"repositoryName": "other", "originRestrictionType": "EXTERNAL_UPSTREAM"}]

#: Valid parameters of each package-group operation, addressing the state ``seeded`` makes.
BASELINES: dict[str, dict[str, Any]] = {
    "CreatePackageGroup": {
        "domain": "acme", "packageGroup": "/npm/new/*", "tags": [{"key": "key", "value": "value"}],
    },
    "DescribePackageGroup": {"domain": "acme", "packageGroup": "/npm/*"},
    "UpdatePackageGroup": {"domain": "acme", "packageGroup": "/npm/*"},
    "DeletePackageGroup": {"domain": "acme", "packageGroup": "/npm/*"},
    "ListPackageGroups": {"domain": "acme"},
    "ListSubPackageGroups": {"domain": "acme", "packageGroup": "/*"},
    "GetAssociatedPackageGroup": {"domain": "acme", "format": "npm", "package": "react"},
    "ListAssociatedPackages": {"domain": "acme", "packageGroup": "/*"},
    "ListAllowedRepositoriesForGroup": {"domain": "acme", "packageGroup": "/npm/*", "originRestrictionType": "PUBLISH"},
    "UpdatePackageGroupOriginConfiguration": {
        "domain": "acme", "packageGroup": "/npm/*", "restrictions": {"PUBLISH": "ALLOW"},
        "addAllowedRepositories": ALLOWED_ADD, "removeAllowedRepositories": ALLOWED_REMOVE,
    },
}


def with_broken_member(operation: str, path: Any, shape: Any, constraint: str) -> dict[str, Any]:
    params = copy.deepcopy(BASELINES[operation])
    top = service_model().operation_model(operation).input_shape.members[path[0]]
    params.setdefault(path[0], ssv.sample(top))
    container: Any = params
    for part in path[:-1]:
        container = container[part]
    if constraint == "required":
        del container[path[-1]]
    else:
        container[path[-1]] = ssv.broken(shape, constraint, container[path[-1]])
    return params


def cases() -> Iterator[Any]:
    for operation in BASELINES:
        input_shape = service_model().operation_model(operation).input_shape
        for path, shape, required in ssv.members(input_shape):
            for constraint in ssv.constraints(shape, required):
                yield pytest.param(
                    operation, path, shape, constraint, id=f"{operation}-{ssv.wire_path(path)}-{constraint}"
                )


@pytest.fixture
def seeded(codeartifact_backend: Any) -> Any:
    backend = codeartifact_backend
    backend.create_domain(domain="acme")
    backend.create_repository(domain="acme", repository="repo")
    backend.create_repository(domain="acme", repository="other")
    backend.create_package_group(domain="acme", packageGroup="/npm/*")
    return backend


@pytest.fixture(scope="module")
def lenient_client() -> Any:
    return boto3.client(
        "codeartifact", region_name=ssv.REGION, aws_access_key_id="FOOBARKEY", aws_secret_access_key="x",
        config=Config(parameter_validation=False),
    )


def groups_state(registry: Any) -> Any:
    """Every package group of every domain, with its allowed lists and tags."""
    groups: dict[str, Any] = {}
    for backend in registry.backends():
        for summary in backend.list_domains(maxResults=1000)["domains"]:
            address = {"domain": summary["name"], "domainOwner": summary["owner"]}
            for group in backend.list_package_groups(**address, maxResults=1000)["packageGroups"]:
                groups[group["arn"]] = (group, [
                    backend.list_allowed_repositories_for_group(
                        **address, packageGroup=group["pattern"], originRestrictionType=kind
                    )["allowedRepositories"]
                    for kind in ("EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM", "PUBLISH")
                ], backend.list_tags_for_resource(resourceArn=group["arn"]))
    return groups


@pytest.fixture
def snapshot(snapshot: Any, codeartifact_mock: Any) -> Any:
    """The shared snapshot (tests/conftest.py) plus every package group."""
    return lambda: (snapshot(), groups_state(codeartifact_mock.registry))


def refused(client: Any, snapshot: Any, operation: str, params: dict[str, Any]) -> str:
    """Send ``params``; assert a field ValidationException that changed nothing; its message."""
    before = snapshot()
    with pytest.raises(ClientError) as caught:
        getattr(client, python_name(operation))(**params)
    response = caught.value.response
    assert response["Error"]["Code"] == "ValidationException", response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response.get("reason") == "FIELD_VALIDATION_FAILED"
    assert snapshot() == before
    return response["Error"]["Message"]


def test_the_package_group_operations_are_covered() -> None:
    assert len(BASELINES) == 10
    assert set(BASELINES) <= set(service_model().operation_names)
    assert not set(BASELINES) & set(ssv.BASELINES)


@pytest.mark.parametrize("operation", BASELINES)
def test_baseline_is_valid(seeded: Any, codeartifact_client: Any, operation: str) -> None:
    getattr(codeartifact_client, python_name(operation))(**BASELINES[operation])


@pytest.mark.parametrize(("operation", "path", "shape", "constraint"), list(cases()))
def test_breaking_a_constraint_is_refused(
    seeded: Any, snapshot: Any, lenient_client: Any, operation: str, path: Any, shape: Any, constraint: str
) -> None:
    params = with_broken_member(operation, path, shape, constraint)
    message = refused(lenient_client, snapshot, operation, params)
    assert f"at '{ssv.wire_path(path)}'" in message and ssv.PHRASES[constraint] in message, message


@pytest.mark.parametrize(
    ("restrictions", "where"),
    [
        ({"UPSTREAM": "ALLOW"}, "restrictions.UPSTREAM.key"),
        ({"PUBLISH": "DENY"}, "restrictions.PUBLISH.value"),
        ({"PUBLISH": "allow"}, "restrictions.PUBLISH.value"),
    ],
)
def test_restrictions_map_keys_and_values_are_enums(
    seeded: Any, snapshot: Any, lenient_client: Any, restrictions: dict[str, str], where: str
) -> None:
    params = {**BASELINES["UpdatePackageGroupOriginConfiguration"], "restrictions": restrictions}
    message = refused(lenient_client, snapshot, "UpdatePackageGroupOriginConfiguration", params)
    assert f"at '{where}'" in message and ssv.PHRASES["enum"] in message, message
