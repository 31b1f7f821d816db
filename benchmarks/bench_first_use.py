"""First use in a fresh process: what importing mock_codeartifact, starting
the first mock and making the first call cost beyond botocore's own import
and client creation.

Each run is a new interpreter. ``bare`` imports boto3 and creates a
CodeArtifact client; ``mock`` does the same inside ``mock_codeartifact()``
and makes one call. The runs alternate, and the figure is the difference of
the medians (target: at most 30 ms).

Both runs also time their full (generation-2) garbage collections; the last
line is the difference of those medians, a part of the figure. The process's
first full collection falls due a few thousand allocations after the client
is made (``bare`` ends just before it) and walks every object botocore has
created: whatever code runs next pays it, so it is in the figure but is not
the mock's own work.

    python benchmarks/bench_first_use.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

#: Times full collections (gc.callbacks), for the last line of the report.
_GC_CLOCK = """
import gc, time
full_gc = [0.0, 0.0]
def _full_gc(phase, info):
    if info["generation"] == 2:
        if phase == "start":
            full_gc[1] = time.perf_counter()
        else:
            full_gc[0] += time.perf_counter() - full_gc[1]
gc.callbacks.append(_full_gc)
"""

_BARE = _GC_CLOCK + """
t0 = time.perf_counter()
import boto3
boto3.client("codeartifact", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
print(time.perf_counter() - t0, full_gc[0])
"""

_MOCK = _GC_CLOCK + """
t0 = time.perf_counter()
import boto3
from mock_codeartifact import mock_codeartifact
with mock_codeartifact():
    boto3.client("codeartifact", region_name="us-east-1").list_domains()
print(time.perf_counter() - t0, full_gc[0])
"""


#: Bytecode is cached in a private directory (never in the source tree), as
#: an installed package's would be; PYTHONDONTWRITEBYTECODE would otherwise
#: make every run compile every module.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
_ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "mock-codeartifact-bench-pycache")


def _seconds(code: str) -> tuple[float, float]:
    """The run's time from ``import boto3`` on, and its time in full collections."""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=_ENV).stdout
    total, full_gc = out.strip().splitlines()[-1].split()
    return float(total), float(full_gc)


def main(runs: int) -> None:
    _seconds(_BARE), _seconds(_MOCK)  # fill the bytecode cache once
    bare, mocked, bare_gc, mock_gc = [], [], [], []
    for _ in range(runs):
        for times, gc_times, code in ((bare, bare_gc, _BARE), (mocked, mock_gc, _MOCK)):
            seconds, full_gc = _seconds(code)
            times.append(seconds)
            gc_times.append(full_gc)
    bare_ms, mock_ms = statistics.median(bare) * 1e3, statistics.median(mocked) * 1e3
    gc_ms = (statistics.median(mock_gc) - statistics.median(bare_gc)) * 1e3
    print(f"import boto3 + client:                      median {bare_ms:7.1f} ms over {runs} runs")
    print(f"... + import, first mock, first call:      median {mock_ms:7.1f} ms")
    print(f"first use beyond botocore's client creation: {mock_ms - bare_ms:7.1f} ms (target <= 30 ms)")
    print(f"  of which full garbage collections:         {gc_ms:7.1f} ms (the first one walks botocore's objects)")
    print(f"  the mock's own work (the rest):             {mock_ms - bare_ms - gc_ms:7.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
