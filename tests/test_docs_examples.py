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
import subprocess
import sys
from pathlib import Path

import pytest
from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, SkipParser

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
#: README.md and every page under docs/ (pages other helpers add are included).
DOCUMENTS = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
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


@pytest.mark.slow  # test files run in a pytest subprocess
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_example_runs_as_pasted(path, tmp_path, monkeypatch):
    # A fresh directory, as a user pasting into a new project has. (Not
    # pytester: its sys.modules snapshot would drop modules the examples load.)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    document = SYBIL.parse(path)
    for example in document:
        example.evaluate()
    test_files = document.namespace.get(_TEST_FILES, [])
    if not test_files:
        return
    for line, source in test_files:
        (tmp_path / f"test_{path.stem.replace('-', '_')}_line_{line}.py").write_text(source, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert f"{len(test_files)} passed" in summary or _passed(summary) >= len(test_files), summary


def _passed(summary: str) -> int:
    found = re.search(r"(\d+) passed", summary)
    return int(found.group(1)) if found else 0


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
    (code,) = _blocks(page)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, page, "exec"), {})
    printed = [line.rstrip() for line in out.getvalue().splitlines()]
    assert printed == _expected_output(code)
