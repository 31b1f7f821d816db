"""Package-version scale: page cost, full walk, a 1,000-version copy, memory.

Prints, at 1,000 / 10,000 / 100,000 versions of one package:
- the median time of one 50-item ListPackageVersions page (through boto3),
- the time of the full paginated walk,
- the time of copying 1,000 versions in one CopyPackageVersions call,
- peak memory while seeding, and metadata bytes per version beyond assets.

Targets (issue 3): one page costs the same whatever the size (at most 1.5x
from 100 to 100,000 versions), the walk grows linearly, and metadata costs
under 1 KiB per version. Measures; never asserts.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
import tracemalloc

import boto3

from mock_codeartifact import mock_codeartifact


def seed(backend, count: int) -> None:
    for i in range(count):
        backend.publish_package(
            domain="bench", repository="source", format="generic", namespace="ns", package="pkg",
            version=f"{i // 1000}.{(i // 10) % 100}.{i % 10}",
        )


def measure(count: int) -> dict[str, float]:
    with mock_codeartifact(record_calls=False) as mock:
        backend = mock.backend()
        backend.create_domain(domain="bench")
        backend.create_repository(domain="bench", repository="source")
        backend.create_repository(domain="bench", repository="dest")
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        seed(backend, count)
        after, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        client = boto3.client("codeartifact", region_name=mock.region)
        args = dict(domain="bench", repository="source", format="generic", namespace="ns", package="pkg")
        first = client.list_package_versions(maxResults=50, **args)
        token = first.get("nextToken")
        page_times = []
        for _ in range(30):
            start = time.perf_counter()
            client.list_package_versions(maxResults=50, nextToken=token, **args)
            page_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        walked = sum(len(p["versions"]) for p in client.get_paginator("list_package_versions").paginate(
            PaginationConfig={"PageSize": 1000}, **args))
        walk = time.perf_counter() - start
        assert walked == count
        pkg = backend.domains["bench"].repositories["source"].packages[("generic", "ns", "pkg")]
        revisions = {v: pkg.versions[v].revision for v in list(pkg.versions)[:1000]}
        start = time.perf_counter()
        copied = client.copy_package_versions(
            domain="bench", sourceRepository="source", destinationRepository="dest", format="generic",
            namespace="ns", package="pkg", versionRevisions=revisions)
        copy_time = time.perf_counter() - start
        assert len(copied["successfulVersions"]) == len(revisions)
    return {
        "versions": count,
        "page_ms": statistics.median(page_times) * 1000,
        "walk_s": walk,
        "copy_1000_ms": copy_time * 1000,
        "peak_mib": (peak - before) / 2**20,
        "bytes_per_version": (after - before) / count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [measure(int(n)) for n in args.sizes.split(",")]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'versions':>9} {'page ms':>8} {'walk s':>8} {'copy 1000 ms':>13} {'peak MiB':>9} {'B/version':>10}")
    for r in rows:
        print(f"{r['versions']:>9} {r['page_ms']:>8.2f} {r['walk_s']:>8.3f} {r['copy_1000_ms']:>13.1f} "
              f"{r['peak_mib']:>9.1f} {r['bytes_per_version']:>10.0f}")
    base = rows[0]
    for r in rows[1:]:
        print(f"page cost {r['versions']} vs {base['versions']}: {r['page_ms'] / base['page_ms']:.2f}x (target <= 1.5x); "
              f"walk per version: {r['walk_s'] / r['versions'] * 1e6:.1f} us")
    print("metadata target: under 1024 bytes per version (generic versions without assets)")


if __name__ == "__main__":
    main()
