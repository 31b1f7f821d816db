"""The package as PyPI and a user get it: metadata, long description, the
sdist's contents (what its own tests need), ``twine check``, the lowest
dependency bounds tox tests, and pytest's summary line."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

try:
    import tomllib
except ImportError:  # Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def test_license_is_the_apache_2_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert PROJECT["license"] == "Apache-2.0" and PROJECT["license-files"] == ["LICENSE"]


def test_classifiers_and_urls():
    classifiers = PROJECT["classifiers"]
    for version in ("3.10", "3.11", "3.12", "3.13", "3.14"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert any(c.startswith("Development Status ::") for c in classifiers)
    assert "Operating System :: OS Independent" in classifiers
    assert PROJECT["requires-python"] == ">=3.10"
    assert set(PROJECT["urls"]) >= {"Documentation", "Source", "Issues"}


def test_the_long_description_starts_with_installing_and_links_absolutely():
    readme = PROJECT["readme"]
    assert readme == {"file": "PYPI.md", "content-type": "text/markdown"}
    text = (ROOT / readme["file"]).read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", text, flags=re.S)
    assert first_block and first_block.group(1).startswith("pip install mock-codeartifact\n")
    assert "pip install -e" not in text
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert links, "the long description links to the documentation"
    source = PROJECT["urls"]["Source"]
    for link in links:
        assert link.startswith(source + "/"), f"{link}: PyPI needs absolute links under {source}"
        relative = link.removeprefix(source + "/blob/main/")
        assert (ROOT / relative).exists(), f"{link} names no file of the project"


def test_the_readme_begins_with_the_two_set_up_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", text, flags=re.S)
    assert first_block and first_block.group(1) == (
        'pip install -e . && mock-codeartifact demo\npip install -e ".[test]" && python -m pytest\n')


def _lower_bounds() -> dict[str, str]:
    bounds = {}
    for line in [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["test"]]:
        requirement = Requirement(line)
        (lower,) = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        bounds[requirement.name.lower()] = lower
    return bounds


def test_tox_lowest_pins_every_declared_lower_bound():
    pinned = {}
    for line in (ROOT / "constraints" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pinned[name.lower()] = version
    from packaging.version import Version

    bounds = _lower_bounds()
    assert set(pinned) == set(bounds)
    for name, lower in bounds.items():
        assert Version(pinned[name]) == Version(lower), (name, pinned[name], lower)
    tox = (ROOT / "tox.ini").read_text(encoding="utf-8")
    assert "PIP_CONSTRAINT = {toxinidir}/constraints/lowest.txt" in tox


def test_the_test_tree_uses_no_relative_imports():
    """pytest 7 cannot import them under --import-mode=importlib: helpers
    are imported as ``from tests.endpoints.wheels import ...``."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "tests").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.match(r"\s*from \.+\w* import", line)
    ]
    assert not offenders, offenders


@pytest.mark.slow
def test_quiet_runs_keep_the_summary_line():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/test_packaging.py::test_license_is_the_apache_2_text"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^1 passed in ", result.stdout, flags=re.M), result.stdout


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> Path:
    pytest.importorskip("build", reason="the build package is not installed (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(ROOT)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (archive,) = out.glob("*.tar.gz")
    return archive


def _tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to compare the sdist with")
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [name for name in listed.splitlines() if (ROOT / name).exists()]


@pytest.mark.slow
def test_the_sdist_holds_what_its_tests_need(sdist):
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    needed = [name for name in _tracked_files()
              if name.startswith(("tests/", "docs/", "mock_codeartifact/", "scripts/", "constraints/"))
              or name in ("pyproject.toml", "README.md", "PYPI.md", "LICENSE", "tox.ini", "mkdocs.yml", ".ci/run")]
    missing = sorted(set(needed) - names)
    assert not missing, missing
    assert not [name for name in names if "__pycache__" in name]


@pytest.mark.slow
def test_twine_check_passes(sdist):
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(sdist)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASSED" in result.stdout


@pytest.mark.slow
def test_the_unpacked_sdist_collects_its_whole_test_suite_and_runs_some(sdist, tmp_path):
    """CI (.ci/run) runs the sdist's fast suite in full; here: everything
    collects from the unpacked sdist, and a sample runs."""
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(tmp_path, filter="data")
        else:  # pragma: no cover - Pythons without extraction filters
            archive.extractall(tmp_path)
    (unpacked,) = tmp_path.iterdir()
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q"],
                               cwd=unpacked, capture_output=True, text=True, timeout=600)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/test_public_api.py", "tests/test_calls.py",
         "tests/backend/test_copy.py", "tests/test_docs_examples.py::test_worked_example_prints_what_the_page_says"],
        cwd=unpacked, capture_output=True, text=True, timeout=600)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    # the package imported was the sdist's own
    where = subprocess.run([sys.executable, "-c", "import mock_codeartifact; print(mock_codeartifact.__file__)"],
                           cwd=unpacked, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(unpacked)), where
