"""Server-side validation, generated from the botocore service model.

For each control-plane operation and each input member (nested ones too) with
a constraint (required, min, max, pattern, enum), one case sends a request
that breaks exactly that constraint, through a client whose own parameter
validation is off, and expects the service's ValidationException (HTTP 400)
naming that member and constraint, with no state changed. Every other
parameter comes from a baseline that succeeds on its own (checked too).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import regex
from botocore.config import Config
from botocore.exceptions import ClientError

from mock_codeartifact._protocol.model import python_name, service_model

ACCOUNT = "123456789012"
REGION = "us-east-1"
POLICY = '{"Version": "2012-10-17", "Statement": []}'
DOMAIN_ARN = f"arn:aws:codeartifact:{REGION}:{ACCOUNT}:domain/acme"

#: Valid parameters of each operation, addressing the state ``seeded`` makes.
BASELINES: dict[str, dict[str, Any]] = {
    "CreateDomain": {"domain": "new-domain"},
    "DescribeDomain": {"domain": "acme"},
    "DeleteDomain": {"domain": "empty"},
    "ListDomains": {},
    "CreateRepository": {"domain": "acme", "repository": "new-repo"},
    "DescribeRepository": {"domain": "acme", "repository": "repo"},
    "UpdateRepository": {"domain": "acme", "repository": "repo"},
    "DeleteRepository": {"domain": "acme", "repository": "repo"},
    "ListRepositories": {},
    "ListRepositoriesInDomain": {"domain": "acme"},
    "AssociateExternalConnection": {"domain": "acme", "repository": "repo", "externalConnection": "public:npmjs"},
    "DisassociateExternalConnection": {
        "domain": "acme", "repository": "connected", "externalConnection": "public:pypi",
    },
    "PutDomainPermissionsPolicy": {"domain": "acme", "policyDocument": POLICY},
    "GetDomainPermissionsPolicy": {"domain": "acme"},
    "DeleteDomainPermissionsPolicy": {"domain": "acme"},
    "PutRepositoryPermissionsPolicy": {"domain": "acme", "repository": "repo", "policyDocument": POLICY},
    "GetRepositoryPermissionsPolicy": {"domain": "acme", "repository": "repo"},
    "DeleteRepositoryPermissionsPolicy": {"domain": "acme", "repository": "repo"},
    "GetAuthorizationToken": {"domain": "acme"},
    "GetRepositoryEndpoint": {"domain": "acme", "repository": "repo", "format": "npm"},
    "TagResource": {"resourceArn": DOMAIN_ARN, "tags": [{"key": "key", "value": "value"}]},
    "UntagResource": {"resourceArn": DOMAIN_ARN, "tagKeys": ["key"]},
    "ListTagsForResource": {"resourceArn": DOMAIN_ARN},
}

#: A valid value per string shape, used to build members the baseline omits
#: and as the starting point of a broken value.
SAMPLES: dict[str, str] = {
    "AccountId": ACCOUNT,
    "Arn": DOMAIN_ARN,
    "Description": "some text",
    "DomainName": "acme",
    "ExternalConnectionName": "public:npmjs",
    "PaginationToken": "some-token",
    "PolicyDocument": POLICY,
    "PolicyRevision": "some-revision",
    "RepositoryName": "repo",
    "TagKey": "key",
    "TagValue": "value",
}

#: Words of the service's message for each kind of constraint.
PHRASES = {
    "required": "Member must not be null",
    "min": "greater than or equal to",
    "max": "less than or equal to",
    "pattern": "Member must satisfy regular expression pattern",
    "enum": "Member must satisfy enum value set",
}

Path = tuple[Any, ...]  # member names, and 0 for "the first item of a list"


def sample(shape: Any) -> Any:
    """A valid value of ``shape``."""
    kind = shape.type_name
    if kind == "structure":
        return {name: sample(shape.members[name]) for name in shape.required_members}
    if kind == "list":
        return [sample(shape.member)]
    if kind in ("integer", "long"):
        return max(shape.metadata.get("min", 1), 1)
    if kind == "string" and shape.enum:
        return shape.enum[0]
    return SAMPLES[shape.name]


def members(shape: Any, path: Path = ()) -> Iterator[tuple[Path, Any, bool]]:
    """Every (path, shape, required) under a structure, depth first."""
    for name, member in shape.members.items():
        here = (*path, name)
        yield here, member, name in shape.required_members
        if member.type_name == "list":
            item = (*here, 0)
            yield item, member.member, False
            if member.member.type_name == "structure":
                yield from members(member.member, item)
        elif member.type_name == "structure":
            yield from members(member, here)


def constraints(shape: Any, required: bool) -> Iterator[str]:
    meta = shape.metadata
    if required:
        yield "required"
    if "min" in meta and (meta["min"] > 0 or shape.type_name in ("integer", "long")):
        yield "min"
    if "max" in meta:
        yield "max"
    if "pattern" in meta:
        yield "pattern"
    if getattr(shape, "enum", None):
        yield "enum"


def break_pattern(shape: Any, valid: str) -> str:
    """``valid`` with one character changed or added so that it keeps a valid
    length but no longer matches the pattern."""
    meta = shape.metadata
    pattern = regex.compile(meta["pattern"])
    for char in (" ", "\x01", "A", "#"):
        for candidate in (valid[:-1] + char, char + valid[1:], valid + char):
            if meta.get("min", 0) <= len(candidate) <= meta.get("max", len(candidate)) and not pattern.fullmatch(
                candidate
            ):
                return candidate
    raise AssertionError(f"no value breaks only the pattern {meta['pattern']!r}")


def broken(shape: Any, constraint: str, valid: Any) -> Any:
    meta = shape.metadata
    numeric = shape.type_name in ("integer", "long")
    if constraint == "min":
        return meta["min"] - 1 if numeric else valid[: meta["min"] - 1]
    if constraint == "max":
        if numeric:
            return meta["max"] + 1
        return (valid * (meta["max"] // len(valid) + 2))[: meta["max"] + 1]
    if constraint == "pattern":
        return break_pattern(shape, valid)
    if constraint == "enum":
        return "not-a-valid-value"
    raise AssertionError(constraint)


def wire_path(path: Path) -> str:
    """How the service's message names a member: ``tags.1.member.key``."""
    return ".".join("1.member" if part == 0 else part for part in path)


def with_broken_member(operation: str, path: Path, shape: Any, constraint: str) -> dict[str, Any]:
    params = copy.deepcopy(BASELINES[operation])
    top = service_model().operation_model(operation).input_shape.members[path[0]]
    params.setdefault(path[0], sample(top))
    container: Any = params
    for part in path[:-1]:
        container = container[part]
    if constraint == "required":
        del container[path[-1]]
    else:
        container[path[-1]] = broken(shape, constraint, container[path[-1]])
    return params


def cases() -> Iterator[Any]:
    for operation in BASELINES:
        input_shape = service_model().operation_model(operation).input_shape
        for path, shape, required in members(input_shape):
            for constraint in constraints(shape, required):
                yield pytest.param(operation, path, shape, constraint, id=f"{operation}-{wire_path(path)}-{constraint}")


@pytest.fixture(scope="module")
def lenient_client() -> Any:
    return boto3.client(
        "codeartifact", region_name=REGION, aws_access_key_id="FOOBARKEY", aws_secret_access_key="x",
        config=Config(parameter_validation=False),
    )


@pytest.fixture
def seeded(codeartifact_backend: Any) -> Any:
    backend = codeartifact_backend
    backend.create_domain(domain="acme", tags=[{"key": "key", "value": "value"}])
    backend.create_domain(domain="empty")
    backend.create_repository(domain="acme", repository="repo")
    backend.create_repository(domain="acme", repository="connected")
    backend.associate_external_connection(domain="acme", repository="connected", externalConnection="public:pypi")
    backend.put_domain_permissions_policy(domain="acme", policyDocument=POLICY)
    backend.put_repository_permissions_policy(domain="acme", repository="repo", policyDocument=POLICY)
    return backend


def test_the_control_plane_operations_are_covered() -> None:
    assert len(BASELINES) == 23
    assert set(BASELINES) <= set(service_model().operation_names)


@pytest.mark.parametrize("operation", BASELINES)
def test_baseline_is_valid(seeded: Any, codeartifact_client: Any, operation: str) -> None:
    getattr(codeartifact_client, python_name(operation))(**BASELINES[operation])


@pytest.mark.parametrize(("operation", "path", "shape", "constraint"), list(cases()))
def test_breaking_a_constraint_is_refused(
    seeded: Any, snapshot: Any, lenient_client: Any, operation: str, path: Path, shape: Any, constraint: str
) -> None:
    params = with_broken_member(operation, path, shape, constraint)
    before = snapshot()

    with pytest.raises(ClientError) as caught:
        getattr(lenient_client, python_name(operation))(**params)

    response = caught.value.response
    assert response["Error"]["Code"] == "ValidationException", response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response.get("reason") == "FIELD_VALIDATION_FAILED"
    message = response["Error"]["Message"]
    assert f"at '{wire_path(path)}'" in message and PHRASES[constraint] in message, message
    assert snapshot() == before
