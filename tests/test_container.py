"""The Dockerfile and docs/docker-compose.yml, checked without Docker (base
images cannot be pulled here): the image's entrypoint command and health
check are run as the image would run them, with the volume in a temporary
directory and a free port instead of 8080."""

from __future__ import annotations

import json
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import yaml

from mock_codeartifact._seed_files import apply_seed_files
from mock_codeartifact._cli import main

ROOT = Path(__file__).parents[1]
CONSOLE_SCRIPT = Path(sys.executable).with_name("mock-codeartifact")


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def _one(keyword: str) -> str:
    (value,) = [rest for name, rest in _instructions() if name == keyword]
    return value


def _exec_form(keyword: str) -> list[str]:
    value = _one(keyword)
    if keyword == "HEALTHCHECK":
        value = value.split(" CMD ", 1)[1]
    parsed = json.loads(value)
    assert isinstance(parsed, list) and all(isinstance(item, str) for item in parsed), value
    return parsed


def test_the_image_is_slim_installs_the_server_extra_and_is_not_root():
    assert re.fullmatch(r"python:3\.\d+-slim", _one("FROM"))
    assert any(name == "RUN" and 'pip install "/src[server]"' in rest for name, rest in _instructions())
    assert _one("USER") not in ("root", "0")
    assert _one("EXPOSE") == "8080"
    assert _one("VOLUME") == '["/data"]'
    entrypoint = _exec_form("ENTRYPOINT")
    assert entrypoint[:2] == ["mock-codeartifact", "server"]
    assert entrypoint[entrypoint.index("--host") + 1] == "0.0.0.0"
    assert "/_mock/health" in " ".join(_exec_form("HEALTHCHECK"))


def _with_free_port(command: list[str]) -> list[str]:
    """The command, on a free port (8080 may be taken on this machine)."""
    at = command.index("--port")
    return [*command[:at + 1], "0", *command[at + 2:]]


def _start(command: list[str]) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 60)
    line = process.stdout.readline() if ready else ""
    if "serving on " not in line:
        process.kill()
        raise AssertionError(f"did not start: {line}{process.communicate()[1]}")
    return process, line.split("serving on ", 1)[1].split()[0]


def _health_check(port: str) -> subprocess.CompletedProcess[str]:
    check = [sys.executable if part == "python" else part for part in _exec_form("HEALTHCHECK")]
    check = [part.replace("127.0.0.1:8080", f"127.0.0.1:{port}") for part in check]
    return subprocess.run(check, capture_output=True, text=True, timeout=30)


def _stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)  # what `docker stop` sends
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr


@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="the mock-codeartifact console script is not installed")
def test_the_entrypoint_serves_and_the_health_check_passes(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    command = [str(CONSOLE_SCRIPT) if part == "mock-codeartifact" else part
               for part in _exec_form("ENTRYPOINT") + _exec_form("CMD")]
    command = [part.replace("/data", str(data)) for part in _with_free_port(command)]
    process, url = _start(command)
    port = url.rsplit(":", 1)[1]
    try:
        assert url.startswith("http://0.0.0.0:")
        assert _health_check(port).returncode == 0
        client = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{port}",
                              aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x")
        client.create_domain(domain="acme")
    finally:
        returncode, stderr = _stop(process)
    assert returncode == 0, stderr
    assert "acme" in (data / "state.json").read_text()
    assert (data / "blobs").is_dir()
    # Stopped: the health check fails, as Docker would see it.
    assert _health_check(port).returncode != 0


def test_the_compose_example_runs_the_image_with_a_volume_and_a_public_url(tmp_path):
    compose = yaml.safe_load((ROOT / "docs" / "docker-compose.yml").read_text(encoding="utf-8"))
    service = compose["services"]["codeartifact"]
    assert (ROOT / "docs" / service["build"]["context"] / "Dockerfile").exists()
    command = service["command"]
    volumes = dict(volume.split(":", 1) for volume in service["volumes"])
    assert volumes["codeartifact-data"] == "/data" and "codeartifact-data" in compose["volumes"]
    assert command[command.index("--state") + 1].startswith("/data/")
    assert command[command.index("--data-dir") + 1].startswith("/data/")
    public = command[command.index("--public-url") + 1]
    assert public == "http://codeartifact:8080"
    waiting = compose["services"]["build"]["depends_on"]["codeartifact"]["condition"]
    assert waiting == "service_healthy"
    # The service's command, as the entrypoint would receive it, with the
    # volumes in a temporary directory.
    seed_directory = volumes["./seed"].split(":")[0]
    data = tmp_path / "data"
    data.mkdir()
    mounts = {"/data/": f"{data}/", f"{seed_directory}/": f"{ROOT / 'docs' / 'seed'}/"}
    arguments = [next((local + part[len(inside):] for inside, local in mounts.items() if part.startswith(inside)),
                      part) for part in command]
    entrypoint = _with_free_port([sys.executable, "-m", "mock_codeartifact", *_exec_form("ENTRYPOINT")[1:]])
    process, url = _start(entrypoint + arguments)
    port = url.rsplit(":", 1)[1]
    try:
        assert _health_check(port).returncode == 0
        client = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{port}",
                              aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x")
        endpoint = client.get_repository_endpoint(domain="acme", repository="release", format="npm")
        assert endpoint["repositoryEndpoint"].startswith(f"{public}/endpoints/")
    finally:
        returncode, stderr = _stop(process)
    assert returncode == 0, stderr


def test_the_compose_seed_applies(codeartifact_mock):
    apply_seed_files(codeartifact_mock.registry, [ROOT / "docs" / "seed" / "seed.yaml"])
    repositories = codeartifact_mock.backend().domains["acme"].repositories
    assert repositories["release"].upstreams == ["npm-store", "pypi-store"]


def test_the_image_command_line_parses():
    with pytest.raises(SystemExit) as raised:
        main([*_exec_form("ENTRYPOINT")[1:], *_exec_form("CMD"), "--help"])
    assert raised.value.code == 0
