"""First use in a fresh process: what importing mock_codeartifact, starting
the first mock and making the first call cost beyond botocore's own client
creation.

Each run is a new interpreter that imports boto3 first (not timed). ``bare``
then creates a CodeArtifact client, with credentials from the environment;
``mock`` imports mock_codeartifact and, inside ``mock_codeartifact()``,
creates the client the same way and makes one call. Runs alternate, and each
figure is the median over the pairs of runs.

Creating a botocore client leaves the process's first full (generation-2)
garbage collection due: ``bare`` ends with the collector's counters at their
thresholds, a few thousand allocations short of a collection that walks every
object botocore has made (about 60,000). Whatever code runs next pays it, the
mock as much as any other. So ``bare`` then makes 5,000 small dicts, which
set that collection off (timed apart, through ``gc.callbacks``), and the
target, at most 30 ms, is measured beyond botocore's client creation *with*
the collection it leaves due. The
raw difference, which counts that collection as the mock's, and the full
collections of the ``mock`` runs are printed too.

    python benchmarks/bench_first_use.py [pairs of runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

#: Times full collections (gc.callbacks), so the report can show them apart.
_GC_CLOCK = """
import gc, os, time
os.environ.update(AWS_ACCESS_KEY_ID="a", AWS_SECRET_ACCESS_KEY="b")
full_gc = [0.0, 0.0]
def _full_gc(phase, info):
    if info["generation"] == 2:
        if phase == "start":
            full_gc[1] = time.perf_counter()
        else:
            full_gc[0] += time.perf_counter() - full_gc[1]
gc.callbacks.append(_full_gc)
import boto3
"""

#: Prints: the client's time, full collections in it, the full collections
#: that 5,000 small allocations after it set off (none: 0), and the
#: collector's generation counters after the client.
_BARE = _GC_CLOCK + """
t0 = time.perf_counter()
boto3.client("codeartifact", region_name="us-east-1")
t1 = time.perf_counter()
counters, collected = gc.get_count(), full_gc[0]
any_code = [{} for _ in range(5000)]
print(t1 - t0, collected, full_gc[0] - collected, *counters)
"""

#: Prints: the time to the end of the first call, full collections in it.
_MOCK = _GC_CLOCK + """
t0 = time.perf_counter()
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


def _run(code: str) -> list[float]:
    """The figures the run printed on its last line."""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=_ENV).stdout
    return [float(figure) for figure in out.strip().splitlines()[-1].split()]


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1e3


def main(pairs: int) -> None:
    _run(_BARE), _run(_MOCK)  # fill the bytecode cache once
    runs = [(_run(_BARE), _run(_MOCK)) for _ in range(pairs)]
    client = [bare[0] for bare, _ in runs]
    owed = [bare[2] for bare, _ in runs]
    raw = [mock[0] - bare[0] for bare, mock in runs]
    settled = [mock[0] - bare[0] - bare[2] for bare, mock in runs]
    own = [mock[0] - mock[1] - bare[0] + bare[1] for bare, mock in runs]
    counters = sorted({tuple(int(c) for c in bare[3:]) for bare, _ in runs})
    print(f"client creation (bare):                          median {_ms(client):6.1f} ms over {pairs} pairs of runs")
    print(f"  the full collection it leaves due:             median {_ms(owed):6.1f} ms, set off by 5,000 "
          f"small allocations (gc.get_count() after the client: {', '.join(map(str, counters))})")
    print(f"first use beyond botocore's client creation")
    print(f"  and the collection it leaves due:              median {_ms(settled):6.1f} ms (target <= 30 ms; "
          f"{statistics.median(settled) / statistics.median(client):.2f} x the client's creation here)")
    print(f"raw difference, that collection counted as ours: median {_ms(raw):6.1f} ms")
    print(f"  less every full collection (the mock's own work): median {_ms(own):6.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
