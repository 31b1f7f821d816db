"""Layers import downward only (docs/architecture.md, "Layers")."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter is not installed (pip install -e '.[typing]')")
def test_the_layers_contract_is_kept() -> None:
    result = subprocess.run(["lint-imports"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter (with grimp) is not installed")
def test_no_import_cycle_runs_through_the_layers_this_step_cleaned() -> None:
    result = subprocess.run([sys.executable, "scripts/check_import_cycles.py"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    # None remains (docs/architecture.md); least of all through the layers
    # this step cleaned: the access layer, the policy language, persistence's
    # callers outside _backend/.
    assert "mock_codeartifact._access" not in result.stdout
    assert "mock_codeartifact._policy_language" not in result.stdout
    assert "mock_codeartifact.state_io" not in result.stdout
    assert result.returncode == 0 and "0 import cycle(s)" in result.stdout, result.stdout
