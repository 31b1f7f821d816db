"""The reference pages cover what the plugin offers: every fixture, marker
keyword and ini option is documented (the CLI page renders the program's own
--help when the site is built, see scripts/mkdocs_hooks.py)."""

from __future__ import annotations

import importlib.util
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mock_codeartifact import pytest_plugin

DOCS = Path(__file__).parents[1] / "docs"


def _ini_options() -> list[str]:
    names: list[str] = []

    class Recorder:
        def addini(self, name: str, *args: object, **kwargs: object) -> None:
            names.append(name)

    pytest_plugin.pytest_addoption(Recorder())  # type: ignore[arg-type]
    return names


def test_every_fixture_is_in_the_fixtures_reference():
    fixtures = [name for name, value in vars(pytest_plugin).items()
                if name.startswith("codeartifact_") and callable(value)]
    assert len(fixtures) == 6
    page = (DOCS / "fixtures.md").read_text(encoding="utf-8")
    for name in fixtures:
        assert f"| `{name}` |" in page, name


def test_every_marker_keyword_is_documented():
    page = (DOCS / "reference" / "marker.md").read_text(encoding="utf-8")
    for keyword in pytest_plugin.VALID_KEYWORDS:
        assert f"| `{keyword}` |" in page, keyword


def test_every_ini_option_is_documented():
    page = (DOCS / "reference" / "ini-options.md").read_text(encoding="utf-8")
    options = _ini_options()
    assert options == ["codeartifact_region", "codeartifact_account_id", "codeartifact_strict"]
    for name in options:
        assert f"| `{name}` |" in page, name


def test_the_cli_page_renders_the_program_s_help():
    path = Path(__file__).parents[1] / "scripts" / "mkdocs_hooks.py"
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", path)
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    page = hooks.on_page_markdown((DOCS / "reference" / "cli.md").read_text(encoding="utf-8"))
    assert "{{" not in page
    for command in ("demo", "server", "coverage"):
        assert f"usage: mock-codeartifact {command} [-h]" in page
    assert inspect.isfunction(hooks.on_page_markdown)


@pytest.mark.slow
def test_the_site_builds_without_a_warning(tmp_path):
    pytest.importorskip("mkdocs", reason="the docs extra is not installed (pip install -e '.[docs]')")
    pytest.importorskip("mkdocstrings", reason="the docs extra is not installed (pip install -e '.[docs]')")
    root = Path(__file__).parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=root, capture_output=True, text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    cli = (tmp_path / "site" / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    assert "usage: mock-codeartifact server" in cli
    api = (tmp_path / "site" / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    assert "assert_called_once" in api and "CodeArtifactFactory" in api
