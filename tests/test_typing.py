"""A user's test file that uses the fixtures and the decorator passes
``mypy --strict`` with boto3-stubs (the ``typing`` extra), and runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

USER_FILE = Path(__file__).parent / "static_typing" / "user_test_file.py"


@pytest.mark.slow
def test_a_user_test_file_passes_mypy_strict(tmp_path):
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[typing]')")
    pytest.importorskip("mypy_boto3_codeartifact", reason="boto3-stubs[codeartifact] is not installed (pip install -e '.[typing]')")
    config = tmp_path / "mypy.ini"
    # Our own modules are checked for what the user sees (their signatures),
    # not for their insides: the user's file is the subject here.
    config.write_text("[mypy]\nstrict = True\n\n[mypy-mock_codeartifact.*]\nfollow_imports = silent\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--no-incremental", str(USER_FILE)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_user_test_file_also_passes(pytester):
    pytest.importorskip("mypy_boto3_codeartifact", reason="boto3-stubs[codeartifact] is not installed")
    pytester.makepyfile(test_user=USER_FILE.read_text(encoding="utf-8"))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
