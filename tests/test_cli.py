"""The console script: the demo runs offline, the coverage table is current."""

from __future__ import annotations

from pathlib import Path

from mock_codeartifact.cli import main
from mock_codeartifact.coverage import coverage_markdown, coverage_rows


def test_demo_runs_the_pipeline_in_process(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "created domain acme" in out
    assert "https://acme-123456789012.d.codeartifact.eu-west-1.amazonaws.com/pypi/release/" in out
    assert "none sent to AWS" in out


def test_coverage_lists_every_model_operation():
    rows = coverage_rows()
    assert len(rows) == len({name for name, *_ in rows}) >= 48
    assert ("CreateDomain", "create_domain", True) in rows


def test_docs_coverage_table_is_current():
    committed = (Path(__file__).parents[1] / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert committed == coverage_markdown(), "regenerate: mock-codeartifact coverage -o docs/coverage.md"


def test_coverage_command_writes_a_file(tmp_path):
    target = tmp_path / "coverage.md"
    assert main(["coverage", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Operation coverage")
