"""The demo shows the user guide's scenario step by step, and the pytest
test it ends with runs as printed."""

from __future__ import annotations

import pytest

from mock_codeartifact.demo import PYTEST_EXAMPLE, run_demo

pytest_plugins = ["pytester"]


@pytest.fixture(scope="module")
def printed() -> list[str]:
    lines: list[str] = []
    run_demo(lines.append)
    return lines


def test_every_outcome_of_the_user_guide_is_shown(printed):
    steps = "\n".join(printed)
    for expected in (
        "2. published npm array-unique 0.1.0, 0.2.0, 0.2.1, 0.3.2 to staging; "
        "release already holds 0.2.1 (same files) and 0.3.2 (different files)",
        "3. copy_package_versions 0.2.0, 5.6.7  staging -> release\n"
        "     0.2.0   SKIPPED        Version 0.2.0 was skipped\n"
        "     5.6.7   NOT_FOUND      Could not find version 5.6.7",
        "4. copy_package_versions 0.2.1, 0.2.0  staging -> release\n"
        "     0.2.1   identical in both: not copied, not listed (the copy is idempotent)\n"
        "     0.2.0   copied, Published",
        "5. copy_package_versions 0.3.2, 0.1.0  staging -> release\n"
        "     0.3.2   ALREADY_EXISTS Version 0.3.2 already exists\n"
        "     0.1.0   SKIPPED        Version 0.1.0 was skipped",
        "6. update_package_versions_status 0.1.0 in staging: Published -> Archived",
        "7. dispose_package_versions 0.1.0 in staging: Archived -> Disposed (0 assets left)",
        "8. release now lists 0.2.0, 0.2.1, 0.3.2; 10 calls answered in-process, none sent to AWS",
    ):
        assert expected in steps


def test_it_ends_with_a_five_line_pytest_test(printed):
    assert printed[-5:] == [f"    {line}" for line in PYTEST_EXAMPLE.splitlines()]
    assert len(PYTEST_EXAMPLE.splitlines()) == 5


@pytest.mark.slow
def test_the_printed_pytest_test_passes(pytester):
    pytester.makepyfile(test_promote=PYTEST_EXAMPLE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
