"""The npm-registry clients users pick beside npm, for real, against the
mock's server on 127.0.0.1: ``pnpm install`` and ``yarn install`` (yarn 1)
of a project whose dependencies (scoped and unscoped, one depending on the
other) live in the repository, configured as AWS's pnpm and yarn pages
configure them (the registry and the token as ``_authToken`` for it in the
project's ``.npmrc``). Each runs from a clean cache and store under a
private HOME, and a wrong token is refused. ``.ci/run`` installs pnpm and
yarn; without them these tests skip."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.clients import find_tool, private_env, run
from tests.endpoints.npm_packages import npm_tarball, write_project
from tests.endpoints.repositories import auth_token

PNPM = find_tool("pnpm")
YARN = find_tool("yarn")
#: yarn 2+ ("berry"), whose executable is also called yarn: .ci/run installs
#: @yarnpkg/cli-dist into the venv's yarn-berry/ prefix.
YARN_BERRY = next((str(p) for p in (Path(sys.executable).parent.parent / "yarn-berry" / "node_modules" / ".bin" / "yarn",)
                   if p.is_file()), None)


@pytest.fixture
def served(codeartifact_client, codeartifact_mock, codeartifact_backend):
    """acme/staging holding @acme/base 2.1.0 and acme-tool 1.0.0 (which
    depends on @acme/base ^2.0.0), served over HTTP, and a token."""
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="staging")
    for name, version, dependencies in (("@acme/base", "2.1.0", None), ("acme-tool", "1.0.0", {"@acme/base": "^2.0.0"})):
        codeartifact_backend.publish_package(domain="acme", repository="staging", format="npm", files={
            "package.tgz": npm_tarball(name, version, description=f"{name} {version}", dependencies=dependencies)})
    token = auth_token(codeartifact_client)
    with ThreadedServer(codeartifact_mock) as server:
        yield server.endpoint("acme", "staging", "npm"), token


def _project(directory: Path, registry: str, token: str) -> Path:
    """A project and its ``.npmrc`` as ``aws codeartifact login --tool npm``
    writes one (with ``always-auth``, which yarn 1 needs to send the token)."""
    write_project(directory, {"name": "consumer", "version": "1.0.0", "private": True,
                              "dependencies": {"acme-tool": "^1.0.0"}}, {})
    nerf_dart = registry.split(":", 1)[1]  # //127.0.0.1:PORT/endpoints/.../npm/staging/
    (directory / ".npmrc").write_text(
        f"registry={registry}\n{nerf_dart}:_authToken={token}\n{nerf_dart}:always-auth=true\n")
    return directory


def _installed(directory: Path, name: str) -> dict[str, str]:
    manifest: dict[str, str] = json.loads((directory / "node_modules" / name / "package.json").read_text())
    return manifest


def _env(home: Path) -> dict[str, str]:
    return private_env(home, npm_config_update_notifier="false", COREPACK_ENABLE_STRICT="0",
                       COREPACK_ENABLE_DOWNLOAD_PROMPT="0", CI="true")


@pytest.mark.skipif(PNPM is None, reason="pnpm is not installed (.ci/run installs it: npm install -g pnpm)")
def test_pnpm_install(served, tmp_path):
    assert PNPM is not None
    registry, token = served
    home = tmp_path / "home"
    store = ["--store-dir", str(tmp_path / "pnpm-store"), "--cache-dir", str(tmp_path / "pnpm-cache")]
    denied = run([PNPM, "install", *store], cwd=_project(tmp_path / "intruder", registry, "not-a-token"),
                 env=_env(home), check=False)
    assert denied.returncode != 0 and "401" in denied.stdout + denied.stderr, denied.stdout + denied.stderr

    project = _project(tmp_path / "app", registry, token)
    run([PNPM, "install", *store], cwd=project, env=_env(home))
    assert _installed(project, "acme-tool")["version"] == "1.0.0"
    # pnpm links dependencies of dependencies from its virtual store.
    base = list((project / "node_modules" / ".pnpm").glob("@acme+base@2.1.0*/node_modules/@acme/base/package.json"))
    assert len(base) == 1 and json.loads(base[0].read_text())["version"] == "2.1.0"
    assert "@acme/base@2.1.0" in (project / "pnpm-lock.yaml").read_text()


@pytest.mark.skipif(YARN is None, reason="yarn is not installed (.ci/run installs it: npm install -g yarn)")
def test_yarn_install(served, tmp_path):
    assert YARN is not None
    registry, token = served
    home = tmp_path / "home"
    cache = ["--cache-folder", str(tmp_path / "yarn-cache"), "--non-interactive"]
    denied = run([YARN, "install", *cache], cwd=_project(tmp_path / "intruder", registry, "not-a-token"),
                 env=_env(home), check=False)
    # yarn 1 prints the refusal's message rather than its status.
    assert denied.returncode != 0 and "Missing or unknown authorization token" in denied.stderr, denied.stderr

    project = _project(tmp_path / "app", registry, token)
    # (yarn 1 only: yarn 2+ refuses settings it does not know, this one included)
    run([YARN, "install", *cache], cwd=project, env=dict(_env(home), YARN_DISABLE_SELF_UPDATE_CHECK="true"))
    assert _installed(project, "acme-tool")["version"] == "1.0.0"
    assert _installed(project, "@acme/base")["version"] == "2.1.0"
    lock = (project / "yarn.lock").read_text()
    assert f"{registry}@acme/base/-/base-2.1.0.tgz" in lock and "integrity sha512-" in lock


@pytest.mark.skipif(YARN_BERRY is None, reason="yarn 2+ is not installed (.ci/run installs @yarnpkg/cli-dist)")
def test_yarn_berry_install(served, tmp_path):
    """yarn 2 and later ignore ``.npmrc``: configured in ``.yarnrc.yml`` as
    AWS's yarn page does (``npmRegistryServer``, ``npmAlwaysAuth``,
    ``npmAuthToken``), plus the plain-HTTP server whitelisted."""
    assert YARN_BERRY is not None
    registry, token = served

    def project(directory: Path, auth: str) -> Path:
        write_project(directory, {"name": "consumer", "version": "1.0.0", "private": True,
                                  "dependencies": {"acme-tool": "^1.0.0"}}, {})
        (directory / ".yarnrc.yml").write_text(
            f'npmRegistryServer: "{registry}"\nnpmAlwaysAuth: true\nnpmAuthToken: "{auth}"\n'
            'unsafeHttpWhitelist: ["127.0.0.1"]\nenableTelemetry: false\nenableGlobalCache: false\n'
            f'cacheFolder: "{tmp_path / "berry-cache" / directory.name}"\nnodeLinker: node-modules\n'
            # yarn 4.10+ holds back versions published less than a day ago
            # (read from the packument's `time`); these were published just now.
            'npmMinimalAgeGate: 0\n')
        return directory

    env = dict(_env(tmp_path / "home"), YARN_ENABLE_IMMUTABLE_INSTALLS="false")
    denied = run([YARN_BERRY, "install"], cwd=project(tmp_path / "intruder", "not-a-token"), env=env, check=False)
    assert denied.returncode != 0 and "YN0041" in denied.stdout, denied.stdout  # Invalid authentication
    app = project(tmp_path / "app", token)
    run([YARN_BERRY, "install"], cwd=app, env=env)
    assert _installed(app, "acme-tool")["version"] == "1.0.0"
    assert _installed(app, "@acme/base")["version"] == "2.1.0"
    assert '"@acme/base@npm:^2.0.0"' in (app / "yarn.lock").read_text()


def test_the_clients_have_what_they_need_when_ci_runs():
    """In CI (``CI`` set) pnpm and yarn (1 and 2+) must be there: a skip
    would hide a missing install step in ``.ci/run``."""
    if not os.environ.get("CI"):
        pytest.skip("only checked in CI, where .ci/run installs the clients")
    assert PNPM is not None and YARN is not None and YARN_BERRY is not None
