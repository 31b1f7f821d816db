"""Counts how many fuzz examples each operation got and reports them at the
end of the run (the suite's budget is set by MOCK_CODEARTIFACT_FUZZ_EXAMPLES)."""

from __future__ import annotations

import pytest

from tests.fuzz.tally import EXAMPLES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if EXAMPLES:
        total = sum(EXAMPLES.values())
        terminalreporter.write_line(
            f"fuzz: {total} examples over {len(EXAMPLES)} operations "
            f"(fewest: {min(EXAMPLES.values())}, most: {max(EXAMPLES.values())})"
        )
