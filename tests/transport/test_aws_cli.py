"""The AWS CLI (v1, from PyPI; .ci/run installs it in a virtual environment of
its own because its botocore pin may clash with ours) against the HTTP server."""

from __future__ import annotations

import json
import os
import subprocess
import shutil
import sys
from pathlib import Path

import pytest

from mock_codeartifact._transport.server import ThreadedServer

#: Where .ci/run installs the CLI (its own venv); else ``aws`` on PATH.
CLI_VARIABLE = "MOCK_CODEARTIFACT_AWS_CLI"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def aws_cli() -> Path:
    """The ``aws`` executable: ``$MOCK_CODEARTIFACT_AWS_CLI``, else ``aws`` on
    PATH. Nothing is installed at test time: CI installs it (.ci/run)."""
    configured = os.environ.get(CLI_VARIABLE) or shutil.which("aws")
    if not configured:
        pytest.skip(f"the AWS CLI is not installed (.ci/run installs it; or set {CLI_VARIABLE})")
    try:
        probe = subprocess.run([configured, "--version"], capture_output=True, text=True, timeout=60)
    except OSError as error:
        pytest.skip(f"the AWS CLI at {configured} does not run: {error}")
    if probe.returncode != 0:
        pytest.skip(f"the AWS CLI at {configured} does not run: {probe.stderr.strip()[-300:]}")
    return Path(configured)


def _aws(cli: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    }
    return subprocess.run(
        [str(cli), "codeartifact", *args, "--endpoint-url", url, "--output", "json"],
        capture_output=True, text=True, env=env, timeout=120,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX venv layout")
def test_aws_cli_commands_against_the_server(aws_cli, codeartifact_mock):
    with ThreadedServer(codeartifact_mock) as server:
        created = _aws(aws_cli, server.url, "create-domain", "--domain", "acme")
        assert created.returncode == 0, created.stderr
        assert json.loads(created.stdout)["domain"]["arn"] == "arn:aws:codeartifact:us-east-1:123456789012:domain/acme"

        repo = _aws(aws_cli, server.url, "create-repository", "--domain", "acme", "--repository", "release",
                    "--description", "Released builds")
        assert json.loads(repo.stdout)["repository"]["description"] == "Released builds"

        listed = json.loads(_aws(aws_cli, server.url, "list-repositories-in-domain", "--domain", "acme").stdout)
        assert [r["name"] for r in listed["repositories"]] == ["release"]

        token = json.loads(_aws(aws_cli, server.url, "get-authorization-token", "--domain", "acme",
                                "--duration-seconds", "900").stdout)
        assert token["authorizationToken"] in codeartifact_mock.registry.tokens

        endpoint = json.loads(_aws(aws_cli, server.url, "get-repository-endpoint", "--domain", "acme",
                                   "--repository", "release", "--format", "pypi").stdout)
        assert endpoint["repositoryEndpoint"] == server.endpoint("acme", "release", "pypi")

        missing = _aws(aws_cli, server.url, "describe-domain", "--domain", "nope")
        assert missing.returncode != 0
        assert "ResourceNotFoundException" in missing.stderr

    assert list(codeartifact_mock.backend().domains["acme"].repositories) == ["release"]
