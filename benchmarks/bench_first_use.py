"""First use in a fresh process: what importing mock_codeartifact, starting
the first mock and making the first call cost beyond botocore's own client
creation.

Each run is a new interpreter that imports boto3 first (not timed). ``bare``
then creates a CodeArtifact client, with credentials from the environment;
``mock`` imports mock_codeartifact and, inside ``mock_codeartifact()``,
creates the client the same way and makes one call. Runs alternate, and each
figure is the median over the pairs of runs.

A process's first full (generation-2) garbage collection walks every object
botocore has made (about 60,000) and falls wherever the collector's counters
reach their thresholds. On CPython 3.11 ``bare`` ends just short of it (the
counters stand at ``(…, 8, 10)``): the next ~3,000 objects the process keeps
set it off, whoever keeps them (``import pytest`` or ``import unittest.mock``
would). In the ``mock`` run the mock's import keeps them, and the collection
then falls inside botocore's client creation. It is botocore's cost; only
where it falls is the mock's doing. So each run is counted through its first
full collection (a run where none has fallen runs it with ``gc.collect()``),
which compares like with like wherever the thresholds fall, and the target,
at most 30 ms, applies to that difference. Printed beside it: the raw
difference (the collection where it fell), the difference less every full
collection, and a cross-check in which both runs import pytest before boto3,
as a test session does, so that the collection falls inside client creation
in both and the raw difference needs no accounting.

    python benchmarks/bench_first_use.py [pairs of runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

#: Counts and times full collections (gc.callbacks), and makes sure the run
#: has had one before it ends (``settle``).
_PRELUDE = """
import gc, os, time
os.environ.update(AWS_ACCESS_KEY_ID="a", AWS_SECRET_ACCESS_KEY="b")
full_gc = [0, 0.0, 0.0]  # count, seconds, start
def _full_gc(phase, info):
    if info["generation"] == 2:
        if phase == "start":
            full_gc[2] = time.perf_counter()
        else:
            full_gc[0] += 1
            full_gc[1] += time.perf_counter() - full_gc[2]
gc.callbacks.append(_full_gc)
def settle():
    fell = full_gc[0]
    if not fell:
        gc.collect()
    return fell
IMPORTS
full_gc[:2] = [0, 0.0]
"""

#: Each run prints: seconds to the end of its work, seconds to the end of its
#: first full collection, seconds in full collections, full collections that
#: fell inside the work, and the collector's counters after the work.
_BARE = _PRELUDE + """
t0 = time.perf_counter()
boto3.client("codeartifact", region_name="us-east-1")
t1 = time.perf_counter()
counters = gc.get_count()
fell = settle()
print(t1 - t0, time.perf_counter() - t0, full_gc[1], fell, *counters)
"""

_MOCK = _PRELUDE + """
t0 = time.perf_counter()
from mock_codeartifact import mock_codeartifact
with mock_codeartifact():
    boto3.client("codeartifact", region_name="us-east-1").list_domains()
t1 = time.perf_counter()
counters = gc.get_count()
fell = settle()
print(t1 - t0, time.perf_counter() - t0, full_gc[1], fell, *counters)
"""

#: Bytecode is cached in a private directory (never in the source tree), as
#: an installed package's would be; PYTHONDONTWRITEBYTECODE would otherwise
#: make every run compile every module.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
_ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "mock-codeartifact-bench-pycache")

_WORK, _SETTLED, _FULL_GC, _FELL = range(4)

Pair = tuple[list[float], list[float]]


def _run(code: str, imports: str) -> list[float]:
    """The figures the run printed on its last line."""
    code = code.replace("IMPORTS", imports)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=_ENV).stdout
    return [float(figure) for figure in out.strip().splitlines()[-1].split()]


def _pairs(count: int, imports: str) -> list[Pair]:
    _run(_BARE, imports), _run(_MOCK, imports)  # fill the bytecode cache once
    return [(_run(_BARE, imports), _run(_MOCK, imports)) for _ in range(count)]


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1e3


def main(count: int) -> None:
    runs = _pairs(count, "import boto3")
    bares = [bare for bare, _ in runs]
    client = [bare[_WORK] for bare in bares]
    settled = [mock[_SETTLED] - bare[_SETTLED] for bare, mock in runs]
    raw = [mock[_WORK] - bare[_WORK] for bare, mock in runs]
    own = [mock[_SETTLED] - mock[_FULL_GC] - bare[_SETTLED] + bare[_FULL_GC] for bare, mock in runs]
    first_gc = [bare[_FULL_GC] for bare in bares if not bare[_FELL]] or [0.0]
    fell_in_mock = sum(1 for _, mock in runs if mock[_FELL])
    counters = sorted({tuple(int(c) for c in bare[4:]) for bare in bares})
    pytest_first = _pairs(count, "import pytest, boto3")
    both_fell = sum(1 for bare, mock in pytest_first if bare[_FELL] and mock[_FELL])
    raw_pytest_first = [mock[_WORK] - bare[_WORK] for bare, mock in pytest_first]
    print(f"client creation (bare):                       median {_ms(client):6.1f} ms over {count} pairs of runs")
    print(f"  then the process's first full collection:   median {_ms(first_gc):6.1f} ms "
          f"(gc.get_count() after the client: {', '.join(map(str, counters))})")
    print(f"  it fell inside the mock's first use in {fell_in_mock} of {count} mock runs")
    print(f"first use beyond client creation, each run")
    print(f"  counted through its first full collection:  median {_ms(settled):6.1f} ms (target <= 30 ms; "
          f"{statistics.median(settled) / statistics.median(client):.2f} x client creation)")
    print(f"raw difference (the collection where it fell): median {_ms(raw):6.1f} ms")
    print(f"less every full collection in both runs:      median {_ms(own):6.1f} ms")
    print(f"cross-check, pytest imported first in both:   median {_ms(raw_pytest_first):6.1f} ms raw "
          f"(a full collection fell in both runs of {both_fell} of {count} pairs)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
