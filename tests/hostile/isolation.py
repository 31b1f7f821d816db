"""Run one hostile case in a forked child with a memory cap and a time limit.

A hostile input that escapes its bounds would take the test run down with it
(gigabytes of memory, a loop that never ends). So each case runs in a child
process whose address space is capped with ``RLIMIT_AS`` (a few hundred MiB
above what the child starts with) and which is killed after a generous time
limit. The child reports what happened as JSON through a pipe; the parent
turns "killed", "crashed" and "out of memory" into test failures.

The time limit is a hang guard, not a speed measurement: the attacks here
took minutes or forever before they were bounded, and take milliseconds now.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

#: Extra address space the child may use above its size at fork time.
MEMORY_HEADROOM = 768 * 1024 * 1024
#: Seconds before a child is considered hung and killed.
TIME_LIMIT = 60.0

supported = sys.platform.startswith("linux") and hasattr(os, "fork")


def _virtual_size() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def _peak_resident() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def run_isolated(case: Callable[[], dict[str, Any]], headroom: int = MEMORY_HEADROOM,
                 time_limit: float = TIME_LIMIT) -> dict[str, Any]:
    """Run ``case()`` in a forked child; return its result dict.

    The result gains ``seconds`` and ``peak_rss``. Raises ``AssertionError``
    when the child hangs, dies, runs out of memory or raises.
    """
    read_end, write_end = os.pipe()
    cap = _virtual_size() + headroom
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        status = 0
        try:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            started = time.perf_counter()
            result = case()
            result["seconds"] = time.perf_counter() - started
            result["peak_rss"] = _peak_resident()
            payload = {"ok": True, "result": result}
        except MemoryError:
            payload = {"ok": False, "error": "MemoryError: the case needed more than the memory cap"}
        except BaseException:  # noqa: BLE001 - everything goes back to the parent
            payload = {"ok": False, "error": traceback.format_exc()[-4000:]}
        try:
            os.write(write_end, json.dumps(payload, default=repr).encode())
        except BaseException:  # noqa: BLE001
            status = 3
        finally:
            os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + time_limit
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                raise AssertionError(f"the case did not finish within {time_limit} s (killed)")
            ready, _, _ = select.select([read_end], [], [], remaining)
            if ready:
                chunk = os.read(read_end, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if not chunks:
        raise AssertionError(f"the child died without a report (wait status {status})")
    payload = json.loads(b"".join(chunks))
    if not payload["ok"]:
        raise AssertionError(f"the case failed in the child:\n{payload['error']}")
    return dict(payload["result"])
