"""The worked examples in docs/ run as written (their printed lines are the
comments that follow them)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"


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


def test_the_limits_examples_run_as_written():
    blocks = _blocks("hostile-input.md")
    assert blocks
    for code in blocks:
        exec(compile(code, "hostile-input.md", "exec"), {})
