"""docs/server.md as written: the Python example prints what it says, the
seed example applies with real package files, and the curl examples of the
control API succeed against a running server."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from mock_codeartifact._seed_files import apply_seed_files

from tests.server_process import ServerProcess
from tests.endpoints.npm_packages import npm_tarball
from tests.endpoints.wheels import build_wheel

PAGE = Path(__file__).parents[1] / "docs" / "server.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S)


def test_the_python_example_prints_what_the_page_says():
    (code,) = _blocks("python")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(PAGE), "exec"), {})
    expected = [line.strip()[2:] for line in code.splitlines() if line.strip().startswith("# ")]
    assert out.getvalue().splitlines() == expected


def _package_files(directory: Path) -> None:
    packages = directory / "packages"
    packages.mkdir(parents=True, exist_ok=True)
    for name, version in (("acme-utils", "1.4.0"), ("tinylib", "2.32.3")):
        filename, data = build_wheel(name, version)
        (packages / filename).write_bytes(data)
    (packages / "acme-web-2.0.0.tgz").write_bytes(npm_tarball("acme-web", "2.0.0"))
    (packages / "left-pad-1.3.0.tgz").write_bytes(npm_tarball("left-pad", "1.3.0"))
    (packages / "installer-3.1.sh").write_text("#!/bin/sh\necho installing\n")
    (packages / "app-1.0.pom").write_text(
        '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>com.acme</groupId><artifactId>app</artifactId><version>1.0</version>"
        "<description>The app</description></project>\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
    (packages / "app-1.0.jar").write_bytes(buffer.getvalue())


def test_the_seed_example_applies(codeartifact_mock, tmp_path, invariants):
    seeds = [block for block in _blocks("yaml") if "publicRegistries:" in block]
    (text,) = seeds
    assert isinstance(yaml.safe_load(text), dict)
    (tmp_path / "seed.yaml").write_text(text)
    _package_files(tmp_path)
    apply_seed_files(codeartifact_mock.registry, [tmp_path / "seed.yaml"])
    domain = codeartifact_mock.backend().domains["acme"]
    staging = domain.repositories["staging"].packages
    assert set(staging) == {("pypi", "", "acme-utils"), ("npm", "", "acme-web"), ("generic", "tools", "installer"),
                            ("maven", "com.acme", "app")}
    web = staging[("npm", "", "acme-web")]
    assert web.versions["2.0.0"].status == "Unlisted" and web.dist_tags["next"] == "2.0.0"
    assert domain.repositories["release"].upstreams == ["staging", "npm-store", "pypi-store"]
    assert codeartifact_mock.registry.public_registry("public:npmjs").package(None, "left-pad") is not None
    invariants(codeartifact_mock.registry)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not on PATH")
def test_the_curl_examples_work(tmp_path):
    (script,) = [block for block in _blocks("bash") if "/_mock/health" in block]
    _package_files(tmp_path)
    filename, wheel = build_wheel("tinylib", "2.0.0")
    (tmp_path / filename).write_bytes(wheel)
    (tmp_path / "left-pad-1.3.0.tgz").write_bytes((tmp_path / "packages" / "left-pad-1.3.0.tgz").read_bytes())
    with ServerProcess() as server:
        # Every command must succeed (HTTP errors fail it), in order, as pasted.
        strict = "set -euo pipefail\ncurl() { command curl --fail --show-error \"$@\"; echo; }\n"
        result = subprocess.run(["bash", "-c", strict + script.replace("http://localhost:8080", server.url)],
                                cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    assert '"status": "ok"' in result.stdout
    assert '"packageName": "left-pad"' in result.stdout and '"packageName": "tinylib"' in result.stdout
    assert (tmp_path / "saved-state.json").exists()
