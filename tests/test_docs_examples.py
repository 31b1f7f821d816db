"""Every code example of README.md and docs/ runs as pasted (Sybil reads the
Markdown), and the worked examples print what their pages say.

How a block is checked (docs/contributing.md says the same for authors):

- a ```python block runs on its own, in a fresh namespace: it needs its own
  imports (no names carried over from earlier blocks);
- a block that defines ``test_*`` functions (or ``Test*`` classes) is a test
  file: all of a page's such blocks run with pytest (each as its own file,
  the plugin's fixtures available) and every test in them must pass;
- other languages (```bash, ```ini, ```text, ...) are not run;
- an example that cannot run here (placeholders, a real AWS account) is
  preceded by ``<!-- skip: next -->`` with a comment saying why.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

import pytest
from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, SkipParser

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
#: README.md, PyPI's page, and every page under docs/ (new pages are included).
DOCUMENTS = [ROOT / "README.md", ROOT / "PYPI.md", *sorted(DOCS.rglob("*.md"))]
_TEST_FILE = re.compile(r"^(async\s+)?def test_|^class Test", re.M)
_TEST_FILES = "__test_files__"


def _run_block(example: Example) -> None:
    source = str(example.parsed)
    # Line numbers in tracebacks are the page's.
    padded = "\n" * example.line + source
    code = compile(padded, str(example.path), "exec")
    if _TEST_FILE.search(source):
        example.namespace.setdefault(_TEST_FILES, []).append((example.line, source))
        return
    exec(code, {"__name__": "__doc_example__"})


SYBIL = Sybil(parsers=[CodeBlockParser(language="python", evaluator=_run_block), SkipParser()])


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_example_runs_as_pasted(path, tmp_path, monkeypatch):
    check_examples(path, tmp_path, monkeypatch)


def check_examples(path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every example of the page at ``path`` (see the module docstring)."""
    # A fresh directory, as a reader pasting into a new project has.
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    document = SYBIL.parse(path)
    for example in document:
        example.evaluate()
    test_files = document.namespace.get(_TEST_FILES, [])
    if not test_files:
        return
    for line, source in test_files:
        (workdir / f"test_{path.stem.replace('-', '_')}_line_{line}.py").write_text(source, encoding="utf-8")
    outcomes = _run_pytest(workdir)
    failed = [report for report in outcomes if report.failed]
    passed = [report for report in outcomes if report.passed and report.when == "call"]
    assert not failed, "\n\n".join(f"{report.nodeid}\n{report.longreprtext}" for report in failed)
    assert len(passed) >= len(test_files), [report.nodeid for report in outcomes]


# -- the harness itself catches what it must ------------------------------------------------
def _page(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    (tmp_path / "work").mkdir()
    return page


def test_a_block_needs_its_own_imports(tmp_path, monkeypatch):
    page = _page(tmp_path, "```python\nimport boto3\n```\n\n```python\nboto3.client\n```\n")
    with pytest.raises(NameError, match="boto3"):
        check_examples(page, tmp_path / "work", monkeypatch)


def test_a_failing_test_block_fails_the_page(tmp_path, monkeypatch):
    page = _page(tmp_path, "```python\ndef test_x(codeartifact_client):\n    assert codeartifact_client.list_domains()['domains']\n```\n")
    with pytest.raises(AssertionError, match="test_x"):
        check_examples(page, tmp_path / "work", monkeypatch)


def test_skip_next_and_other_languages_are_not_run(tmp_path, monkeypatch):
    page = _page(tmp_path, "<!-- skip: next -->\n```python\nundefined_name\n```\n\n```bash\nexit 1\n```\n\n"
                 "```python\ndef test_ok(codeartifact_domain):\n    assert codeartifact_domain['name'] == 'acme'\n```\n")
    check_examples(page, tmp_path / "work", monkeypatch)


class _Reports:
    def __init__(self) -> None:
        self.reports: list[pytest.TestReport] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.reports.append(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.reports.append(report)  # type: ignore[arg-type]


def _run_pytest(directory: Path) -> list[pytest.TestReport]:
    """Run the page's test files with pytest, in this process (a subprocess
    costs seconds per page), with only this package's plugin: the one a
    reader's project gets by installing it."""
    reports = _Reports()
    with contextlib.redirect_stdout(io.StringIO()), pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
        pytest.main(["-p", "mock_codeartifact.pytest_plugin", "-p", "no:cacheprovider", "-o", "addopts=", "-q",
                     "--rootdir", str(directory), str(directory)], plugins=[reports])
    return reports.reports


# -- worked examples print what the page says ------------------------------------------------
def _blocks(page: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (DOCS / page).read_text(encoding="utf-8"), flags=re.S)


def _expected_output(code: str) -> list[str]:
    """Comment lines right after a print() are what it prints."""
    expected, after_print = [], False
    for line in code.splitlines():
        stripped = line.strip()
        if stripped.startswith("# ") and after_print:
            expected.append(stripped[2:].split("  <-")[0].rstrip())
            continue
        after_print = stripped.startswith(("print(", "for ", "# ")) and after_print or "print(" in stripped
    return expected


@pytest.mark.parametrize("page", ["package-groups.md", "identities-and-policies.md"])
def test_worked_example_prints_what_the_page_says(page):
    blocks = _blocks(page)
    assert blocks
    for code in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, page, "exec"), {})
        printed = [line.rstrip() for line in out.getvalue().splitlines()]
        assert printed == _expected_output(code)


def test_the_intercepts_page_example_runs():
    for code in _blocks("intercepts.md"):
        exec(compile(code, "intercepts.md", "exec"), {})


def test_the_limits_examples_run_as_written():
    blocks = _blocks("hostile-input.md")
    assert blocks
    for code in blocks:
        exec(compile(code, "hostile-input.md", "exec"), {})
