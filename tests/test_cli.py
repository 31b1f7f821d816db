"""The console script: the demo runs offline, the coverage table is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_codeartifact._cli import main
from mock_codeartifact._coverage import coverage_markdown, coverage_rows


def test_demo_runs_the_scenario_in_process(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "1. domain acme with repositories staging and release (eu-west-1, account 123456789012)" in out
    assert "none sent to AWS" in out


@pytest.mark.parametrize("command", [[], ["demo"], ["server"], ["coverage"]])
def test_help_is_plain_text(capsys, command):
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: mock-codeartifact")
    for markup in ("``", ":class:", ":func:", ":meth:", "**"):
        assert markup not in text, f"{markup!r} in --help of {command}"


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


@pytest.mark.slow
def test_server_command_serves_the_api_over_http():
    import signal
    import subprocess
    import sys

    import boto3

    process = subprocess.Popen(
        [sys.executable, "-m", "mock_codeartifact", "server", "--port", "0", "--region", "eu-west-1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()
        url = line.split("serving on ", 1)[1].split()[0]
        client = boto3.client("codeartifact", region_name="eu-west-1", endpoint_url=url,
                              aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x")
        client.create_domain(domain="served")
        assert [d["name"] for d in client.list_domains()["domains"]] == ["served"]
        endpoint = client.get_repository_endpoint
        client.create_repository(domain="served", repository="rp")
        assert endpoint(domain="served", repository="rp", format="npm")["repositoryEndpoint"] == (
            f"{url}/endpoints/eu-west-1/served-123456789012/npm/rp/")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    assert process.returncode == 0, process.stderr.read()
