"""Every operation of the model, driven with generated valid and invalid input
through a client with validation off: each answer is a success that botocore
parses, or one of the operation's errors; never a 500 or a traceback; and the
state's invariants hold after every example."""

from __future__ import annotations

import hashlib
import os

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings

from mock_codeartifact import mock_codeartifact
from mock_codeartifact._protocol.model import python_name, service_model

from tests.fuzz.strategies import structure
from tests.fuzz.tally import EXAMPLES

BUDGET = int(os.environ.get("MOCK_CODEARTIFACT_FUZZ_EXAMPLES", "12"))
OPERATIONS = sorted(service_model().operation_names)
#: Errors the mock answers although the model does not declare them (docs/behaviour.md).
UNDECLARED_BY_CHOICE = {("DeleteDomain", "ResourceNotFoundException")}
#: Client-side-only members: the client computes or sends them outside the input dict.
PAYLOAD_DEFAULTS = {"PublishPackageVersion": {"assetContent": b"tool-bytes"}}


def _seed(backend) -> None:
    backend.create_domain(domain="acme")
    for name in ("staging", "release", "store"):
        backend.create_repository(domain="acme", repository=name)
    backend.update_repository(domain="acme", repository="release", upstreams=[{"repositoryName": "staging"}])
    backend.associate_external_connection(domain="acme", repository="store", externalConnection="public:npmjs")
    data = b"tool-bytes"
    for version in ("1.0.0", "2.0.0"):
        backend.publish_package_version(
            domain="acme", repository="staging", format="generic", namespace="team", package="tool",
            packageVersion=version, assetContent=data, assetName="tool.bin", assetSHA256=hashlib.sha256(data).hexdigest())
    backend.publish_package(domain="acme", repository="store", format="npm", package="left-pad", version="1.3.0",
                            origin_from="public:npmjs")
    backend.create_package_group(domain="acme", packageGroup="/generic/team/*")


def _declared(operation: str) -> set[str]:
    return {shape.name for shape in service_model().operation_model(operation).error_shapes}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_operation_answers_only_with_success_or_its_modelled_errors(operation, invariants):
    shape = service_model().operation_model(operation).input_shape
    method = python_name(operation)

    @settings(max_examples=BUDGET, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    @given(params=structure(shape))
    def run(params):
        EXAMPLES[operation] += 1
        with mock_codeartifact(record_calls=False) as mock:
            _seed(mock.backend())
            client = boto3.client("codeartifact", region_name="us-east-1",
                                  config=Config(parameter_validation=False, retries={"max_attempts": 1}))
            request = {**PAYLOAD_DEFAULTS.get(operation, {}), **params}
            if operation == "PublishPackageVersion" and isinstance(request.get("assetSHA256"), str) and len(request) % 2:
                request["assetSHA256"] = hashlib.sha256(request["assetContent"]).hexdigest()
            try:
                getattr(client, method)(**request)
            except ClientError as error:
                code = error.response["Error"]["Code"]
                status = error.response["ResponseMetadata"]["HTTPStatusCode"]
                assert status < 500, error.response
                assert code in _declared(operation) or (operation, code) in UNDECLARED_BY_CHOICE, (operation, code)
            except (TypeError, ValueError, AttributeError):
                # botocore itself could not serialise the value (e.g. a list
                # where it builds a query string): nothing reached the mock.
                pass
            invariants(mock.registry)

    run()
