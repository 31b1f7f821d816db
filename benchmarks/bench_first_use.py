"""First use in a fresh process: what importing mock_codeartifact, starting
the first mock and making the first call cost beyond botocore's own import
and client creation.

Each run is a new interpreter. ``bare`` imports boto3 and creates a
CodeArtifact client; ``mock`` does the same inside ``mock_codeartifact()``
and makes one call. The runs alternate, and the figure is the difference of
the medians (target: at most 30 ms).

    python benchmarks/bench_first_use.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

_BARE = """
import time
t0 = time.perf_counter()
import boto3
boto3.client("codeartifact", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
print(time.perf_counter() - t0)
"""

_MOCK = """
import time
t0 = time.perf_counter()
import boto3
from mock_codeartifact import mock_codeartifact
with mock_codeartifact():
    boto3.client("codeartifact", region_name="us-east-1").list_domains()
print(time.perf_counter() - t0)
"""


#: Bytecode is cached in a private directory (never in the source tree), as
#: an installed package's would be; PYTHONDONTWRITEBYTECODE would otherwise
#: make every run compile every module.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
_ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "mock-codeartifact-bench-pycache")


def _seconds(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=_ENV).stdout
    return float(out.strip().splitlines()[-1])


def main(runs: int) -> None:
    _seconds(_BARE), _seconds(_MOCK)  # fill the bytecode cache once
    bare, mocked = [], []
    for _ in range(runs):
        bare.append(_seconds(_BARE))
        mocked.append(_seconds(_MOCK))
    bare_ms, mock_ms = statistics.median(bare) * 1e3, statistics.median(mocked) * 1e3
    print(f"import boto3 + client:                      median {bare_ms:7.1f} ms over {runs} runs")
    print(f"... + import, first mock, first call:      median {mock_ms:7.1f} ms")
    print(f"first use beyond botocore's client creation: {mock_ms - bare_ms:7.1f} ms (target <= 30 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
