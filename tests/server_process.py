"""``mock-codeartifact server`` run as a real subprocess, for the tests of
its options: started, its URL read from its first line, stopped with SIGTERM."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3


class ServerProcess:
    """``with ServerProcess("--state", path) as server: ...``; after the
    block, ``returncode``, ``stdout`` and ``stderr`` hold how it ended."""

    def __init__(self, *options: str | Path, cwd: Path | None = None) -> None:
        self.command = [sys.executable, "-m", "mock_codeartifact", "server", "--port", "0", *map(str, options)]
        self.cwd = cwd
        self.url = ""
        self.returncode: int | None = None
        self.stdout = self.stderr = ""
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> ServerProcess:
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        self._process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=self.cwd, env=env,
        )
        assert self._process.stdout is not None
        ready, _, _ = select.select([self._process.stdout], [], [], 60)
        line = self._process.stdout.readline() if ready else ""
        if "serving on " not in line:
            self.stop()
            raise RuntimeError(f"the server did not start (exit {self.returncode}):\n{line}{self.stderr}")
        self.first_line = line
        self.url = line.split("serving on ", 1)[1].split()[0]
        return self

    def stop(self, signum: int = signal.SIGTERM) -> int:
        process = self._process
        if process is None:
            return self.returncode or 0
        if process.poll() is None:
            process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
        self.stdout += stdout
        self.stderr += stderr
        self.returncode = process.returncode
        self._process = None
        return self.returncode

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def client(self, region: str = "us-east-1", access_key: str = "AKIAEXAMPLE") -> Any:
        return boto3.client("codeartifact", region_name=region, endpoint_url=self.url,
                            aws_access_key_id=access_key, aws_secret_access_key="x")


def run_server(*options: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a server that is expected to refuse to start."""
    return subprocess.run(
        [sys.executable, "-m", "mock_codeartifact", "server", "--port", "0", *map(str, options)],
        capture_output=True, text=True, timeout=60, cwd=cwd,
    )
