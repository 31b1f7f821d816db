"""The Python clients users pick today beside pip and twine, for real,
against the mock's server on 127.0.0.1: ``uv publish`` and ``uv pip
install``; ``poetry publish`` and a poetry project whose only source is the
repository. Each runs with a private HOME and cache (nothing cached from a
previous run) and a wrong token is refused. ``.ci/run`` installs uv and
poetry; without them these tests skip."""

from __future__ import annotations

import sys

import pytest

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.clients import find_tool, private_env, run
from tests.endpoints.repositories import auth_token
from tests.endpoints.wheels import build_wheel

UV = find_tool("uv")
POETRY = find_tool("poetry")


@pytest.fixture
def served(codeartifact_client, codeartifact_mock):
    """A running server with acme/staging, and a token for it."""
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="staging")
    token = auth_token(codeartifact_client)
    with ThreadedServer(codeartifact_mock) as server:
        yield server, server.endpoint("acme", "staging", "pypi"), token


def _versions(client, package: str) -> dict[str, str]:
    listed = client.list_package_versions(domain="acme", repository="staging", format="pypi", package=package)
    return {v["version"]: v["status"] for v in listed["versions"]}


@pytest.mark.skipif(UV is None, reason="uv is not installed (.ci/run installs it: pip install uv)")
def test_uv_publish_then_uv_pip_install(served, codeartifact_client, tmp_path):
    """As uv's AWS CodeArtifact guide configures it: a named index with a
    ``publish-url``, credentials ``aws`` / the token from
    ``UV_INDEX_<NAME>_USERNAME``/``_PASSWORD``."""
    assert UV is not None
    server, endpoint, token = served
    project = tmp_path / "project"
    (project / "dist").mkdir(parents=True)
    name, data = build_wheel("acme-uvlib", "1.0.0", requires_python=">=3.8")
    (project / "dist" / name).write_bytes(data)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "acme-uvlib"\nversion = "1.0.0"\n\n'
        f'[[tool.uv.index]]\nname = "codeartifact"\nurl = "{endpoint}simple/"\npublish-url = "{endpoint}"\n'
    )
    env = private_env(tmp_path / "home", UV_CACHE_DIR=str(tmp_path / "uv-cache"), UV_PYTHON_DOWNLOADS="never",
                      UV_HTTP_TIMEOUT="120",
                      UV_INDEX_CODEARTIFACT_USERNAME="aws", UV_INDEX_CODEARTIFACT_PASSWORD=token)

    wrong = dict(env, UV_INDEX_CODEARTIFACT_PASSWORD="not-a-token")
    refused = run([UV, "publish", "--index", "codeartifact", "--trusted-publishing", "never", "dist/*"],
                  cwd=project, env=wrong, check=False)
    assert refused.returncode != 0 and "401" in refused.stderr, refused.stderr
    assert "acme-uvlib" not in {p["package"] for p in codeartifact_client.list_packages(
        domain="acme", repository="staging")["packages"]}

    run([UV, "publish", "--index", "codeartifact", "--trusted-publishing", "never", "dist/*"], cwd=project, env=env)
    assert _versions(codeartifact_client, "acme-uvlib") == {"1.0.0": "Published"}

    index = endpoint.replace("http://", f"http://aws:{token}@") + "simple/"
    target = tmp_path / "site"
    run([UV, "pip", "install", "--no-cache", "--python", sys.executable, "--target", str(target),
         "--index-url", index, "acme-uvlib==1.0.0"], cwd=tmp_path, env=env)
    assert (target / "acme_uvlib" / "__init__.py").read_text() == "VERSION = '1.0.0'\n"

    bad_index = endpoint.replace("http://", "http://aws:not-a-token@") + "simple/"
    denied = run([UV, "pip", "install", "--no-cache", "--python", sys.executable, "--target", str(tmp_path / "t2"),
                  "--index-url", bad_index, "acme-uvlib==1.0.0"], cwd=tmp_path, env=env, check=False)
    assert denied.returncode != 0 and "401" in denied.stderr, denied.stderr


@pytest.mark.skipif(POETRY is None, reason="poetry is not installed (.ci/run installs it: pip install poetry)")
def test_poetry_publish_then_a_project_with_the_repository_as_its_source(served, codeartifact_client, tmp_path):
    """``poetry publish`` to the repository (``poetry config repositories``
    by environment, ``-u aws -p <token>`` as AWS's poetry page does), then a
    project whose only (primary) source is the repository installs it."""
    assert POETRY is not None
    server, endpoint, token = served
    env = private_env(
        tmp_path / "home", POETRY_CACHE_DIR=str(tmp_path / "poetry-cache"),
        POETRY_CONFIG_DIR=str(tmp_path / "poetry-config"), POETRY_DATA_DIR=str(tmp_path / "poetry-data"),
        POETRY_VIRTUALENVS_IN_PROJECT="true", POETRY_NO_INTERACTION="1",
        # poetry gives up on a request after 15 s; a loaded 2-core CI machine can take longer
        POETRY_REQUESTS_TIMEOUT="120",
        # the project's venv needs no pip (poetry installs itself), and
        # virtualenv must not look for newer seed wheels on the network
        POETRY_VIRTUALENVS_OPTIONS_NO_PIP="true", VIRTUALENV_NO_PERIODIC_UPDATE="1",
        POETRY_REPOSITORIES_CODEARTIFACT_URL=endpoint,
    )
    library = tmp_path / "library"
    (library / "acme_poetrylib").mkdir(parents=True)
    (library / "acme_poetrylib" / "__init__.py").write_text("VERSION = '2.1.0'\n")
    (library / "README.md").write_text("# acme-poetrylib\n")
    (library / "pyproject.toml").write_text(
        '[project]\nname = "acme-poetrylib"\nversion = "2.1.0"\ndescription = "A library poetry publishes"\n'
        'readme = "README.md"\nrequires-python = ">=3.10"\n\n'
        '[build-system]\nrequires = ["poetry-core>=2.0"]\nbuild-backend = "poetry.core.masonry.api"\n'
    )
    run([POETRY, "build"], cwd=library, env=env)
    refused = run([POETRY, "publish", "-r", "codeartifact", "-u", "aws", "-p", "not-a-token"],
                  cwd=library, env=env, check=False)
    assert refused.returncode != 0 and "401" in refused.stdout + refused.stderr, refused.stdout + refused.stderr
    run([POETRY, "publish", "-r", "codeartifact", "-u", "aws", "-p", token], cwd=library, env=env)
    assert _versions(codeartifact_client, "acme-poetrylib") == {"2.1.0": "Published"}
    summary = codeartifact_client.describe_package_version(
        domain="acme", repository="staging", format="pypi", package="acme-poetrylib", packageVersion="2.1.0",
    )["packageVersion"]["summary"]
    assert summary == "A library poetry publishes"

    consumer = tmp_path / "consumer"
    consumer.mkdir()
    (consumer / "pyproject.toml").write_text(
        '[project]\nname = "consumer"\nversion = "0.1.0"\nrequires-python = ">=3.10"\n'
        'dependencies = ["acme-poetrylib (>=2.0,<3)"]\n\n'
        '[tool.poetry]\npackage-mode = false\n\n'
        f'[[tool.poetry.source]]\nname = "codeartifact"\nurl = "{endpoint}simple/"\npriority = "primary"\n'
    )
    wrong = dict(env, POETRY_HTTP_BASIC_CODEARTIFACT_USERNAME="aws", POETRY_HTTP_BASIC_CODEARTIFACT_PASSWORD="nope")
    denied = run([POETRY, "lock"], cwd=consumer, env=wrong, check=False)
    assert denied.returncode != 0 and "Authorization error" in denied.stderr, denied.stdout + denied.stderr
    env.update(POETRY_HTTP_BASIC_CODEARTIFACT_USERNAME="aws", POETRY_HTTP_BASIC_CODEARTIFACT_PASSWORD=token)
    run([POETRY, "install"], cwd=consumer, env=env, timeout=300)
    installed = list((consumer / ".venv").glob("lib/python*/site-packages/acme_poetrylib/__init__.py"))
    assert len(installed) == 1 and installed[0].read_text() == "VERSION = '2.1.0'\n"
    assert 'name = "acme-poetrylib"' in (consumer / "poetry.lock").read_text()


def test_the_clients_have_what_they_need_when_ci_runs():
    """In CI (``CI`` set, as the CI runner sets it) uv and poetry must be
    there: a skip would hide a missing install step in ``.ci/run``."""
    import os

    if not os.environ.get("CI"):
        pytest.skip("only checked in CI, where .ci/run installs the clients")
    assert UV is not None and POETRY is not None


