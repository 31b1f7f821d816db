"""Profile the mock's per-call path: where does a call spend its time beyond
what botocore itself costs?

    python benchmarks/profile_calls.py                      # cProfile, describe_domain
    python benchmarks/profile_calls.py --op list_repositories_in_domain -n 5000
    python benchmarks/profile_calls.py --pyinstrument       # call tree (pip install pyinstrument)

Runs ``-n`` calls on a pre-created client under ``mock_codeartifact()`` (10
repositories seeded) and prints, for the functions of ``mock_codeartifact``
(and what they call: pluggy, json, urllib, uuid, regex), the cProfile figures
sorted by cumulative time (rows for json.loads, urlparse and uuid4 come from
botocore's own path, which the bare floor pays too). Profilers inflate small pure-Python functions far
more than C code, so read the shares, not the microseconds, and confirm any
change with ``bench_calls.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time

os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchkey")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchsecret")
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"

import boto3

CALLS = {
    "describe_domain": {"domain": "bench"},
    "list_repositories_in_domain": {"domain": "bench"},
    "get_repository_endpoint": {"domain": "bench", "repository": "repo-00", "format": "pypi"},
}
# What the mock's own path touches (botocore's shared path is left out).
FOCUS = r"mock_codeartifact|pluggy|json/|urllib/parse|uuid|regex|dataclasses|<string>"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--op", choices=sorted(CALLS), default="describe_domain")
    parser.add_argument("-n", type=int, default=3000, help="profiled calls (default 3000)")
    parser.add_argument("--no-record", action="store_true", help="mock_codeartifact(record_calls=False)")
    parser.add_argument("--pyinstrument", action="store_true", help="print a pyinstrument call tree instead")
    parser.add_argument("--limit", type=int, default=40, help="rows of cProfile output")
    args = parser.parse_args()

    from mock_codeartifact import mock_codeartifact

    client = boto3.client("codeartifact")
    with mock_codeartifact(record_calls=not args.no_record):
        client.create_domain(domain="bench")
        for i in range(10):
            client.create_repository(domain="bench", repository=f"repo-{i:02d}")
        method, kwargs = getattr(client, args.op), CALLS[args.op]
        for _ in range(300):
            method(**kwargs)
        start = time.perf_counter()
        for _ in range(1000):
            method(**kwargs)
        print(f"{args.op}: {(time.perf_counter() - start) * 1e3:.0f} us per call without a profiler")

        if args.pyinstrument:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002)
            profiler.start()
            for _ in range(args.n):
                method(**kwargs)
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False))
            return 0

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.n):
            method(**kwargs)
        profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"profiled: {total / args.n * 1e6:.0f} us per call under cProfile; mock-side functions:")
    stats.sort_stats("cumulative").print_stats(FOCUS, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
