"""Another language, for real: the AWS SDK for JavaScript v3
(``@aws-sdk/client-codeartifact`` from the npm registry), run by node
against the server, creates, lists, describes and deletes, and reads a
modelled error as its typed exception class.

CI installs the SDK into ``.cache/aws-sdk-js`` (see .ci/run); locally:
``npm install --prefix .cache/aws-sdk-js @aws-sdk/client-codeartifact@3``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import boto3
import pytest

from mock_codeartifact import CodeArtifactMock
from mock_codeartifact._transport.server import ThreadedServer

NODE = shutil.which("node")
SDK_HOME = Path(os.environ.get("MOCK_CODEARTIFACT_JS_SDK", Path(__file__).parents[2] / ".cache" / "aws-sdk-js"))
MODULES = SDK_HOME / "node_modules"
SCRIPT = Path(__file__).with_name("js_sdk_client.mjs")

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not on PATH"),
    pytest.mark.skipif(
        not (MODULES / "@aws-sdk" / "client-codeartifact").is_dir(),
        reason=f"@aws-sdk/client-codeartifact is not installed in {SDK_HOME} "
               "(npm install --prefix .cache/aws-sdk-js @aws-sdk/client-codeartifact@3; .ci/run does)",
    ),
]


def test_the_javascript_sdk_speaks_to_the_server():
    mock = CodeArtifactMock()  # served only: every call reaches it over HTTP
    with ThreadedServer(mock) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and "proxy" not in k.lower()}
        env.update(NODE_PATH=str(MODULES), AWS_EC2_METADATA_DISABLED="true", NODE_NO_WARNINGS="1")
        result = subprocess.run([NODE, str(SCRIPT), server.url], capture_output=True, text=True, timeout=120,
                                env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        seen = json.loads(result.stdout.strip().splitlines()[-1])
        assert seen == {
            "createdDomain": "jsdomain",
            "domainStatus": "Active",
            "repositoryArn": "arn:aws:codeartifact:eu-west-1:123456789012:repository/jsdomain/jsrepo",
            "endpoint": f"{server.url}/endpoints/eu-west-1/jsdomain-123456789012/npm/jsrepo/",
            "tokenLength": seen["tokenLength"],
            "tokenExpires": True,
            "domains": ["jsdomain"],
            "repositories": ["jsrepo"],
            "describedDomain": 1,
            "description": "made by the JS SDK",
            "error": "ResourceNotFoundException",
            "errorName": "ResourceNotFoundException",
            "httpStatus": 404,
            "resourceType": "domain",
            "message": "Domain not found. Domain 'jsdomain' owned by account '123456789012' does not exist"
                       " (searched Region 'eu-west-1', account '123456789012')",
        }
        assert seen["tokenLength"] > 0
        # The service's message, as the SDK parsed it from the error body.
        assert seen["message"].startswith("Domain not found. Domain 'jsdomain' owned by account '123456789012'")
        # The calls reached this server's state: the domain is gone, and with
        # it the token minted for it (deleting a domain revokes its tokens).
        assert len(mock.registry.tokens) == 0
        client = boto3.client("codeartifact", region_name="eu-west-1", endpoint_url=server.url,
                              aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x")
        assert client.list_domains()["domains"] == []
