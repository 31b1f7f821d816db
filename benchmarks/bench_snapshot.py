"""What a session-scoped seed costs per test: snapshot, restore, export and
import of the whole state, beside building the seed again with calls.

    python benchmarks/bench_snapshot.py            # a table
    python benchmarks/bench_snapshot.py --quick    # smaller seeds, fewer rounds (smoke run)

Seeds: one domain with 10 repositories (two with upstreams), N generic
versions spread over 20 packages in a staging repository, half of them
copied to a release repository, a few status changes, 64 distinct asset
blobs of 1 KiB, a package group and a token. Figures are medians in
milliseconds; ``rebuild`` is making the same seed with backend calls (what a
function-scoped seed fixture does for every test), and ``deepcopy`` is
``copy.deepcopy`` of the backends (the naive snapshot). No assertion on time;
always exits 0.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mock_codeartifact import Registry

BLOBS = [bytes([i]) * 1024 for i in range(64)]
HASHES = [hashlib.sha256(b).hexdigest() for b in BLOBS]


def build(versions: int) -> Registry:
    registry = Registry(seed=1)
    backend = registry.backend()
    backend.create_domain(domain="acme")
    backend.create_repository(domain="acme", repository="staging")
    backend.create_repository(domain="acme", repository="release", upstreams=[{"repositoryName": "staging"}])
    for i in range(8):
        backend.create_repository(domain="acme", repository=f"team-{i}", upstreams=[{"repositoryName": "release"}])
    backend.create_package_group(domain="acme", packageGroup="/generic/ns/*")
    for i in range(versions):
        blob = i % len(BLOBS)
        backend.publish_package_version(
            domain="acme", repository="staging", format="generic", namespace="ns", package=f"pkg-{i % 20}",
            packageVersion=f"1.{i // 20}.0", assetName="a.bin", assetContent=BLOBS[blob], assetSHA256=HASHES[blob],
        )
    for p in range(20):
        names = [f"1.{j}.0" for j in range(0, versions // 20, 2)]
        if names:
            backend.copy_package_versions(
                domain="acme", sourceRepository="staging", destinationRepository="release", format="generic",
                namespace="ns", package=f"pkg-{p}", versions=names,
            )
            backend.update_package_versions_status(
                domain="acme", repository="release", format="generic", namespace="ns", package=f"pkg-{p}",
                versions=names[:1], targetStatus="Archived",
            )
    backend.get_authorization_token(domain="acme")
    return registry


def median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def naive_deepcopy(registry: Registry) -> object:
    memo = {id(registry): registry, id(registry.lock): registry.lock}
    return copy.deepcopy(registry._backends, memo)


def main() -> None:
    quick = "--quick" in sys.argv
    sizes = [100, 1_000] if quick else [100, 1_000, 10_000]
    rounds = 3 if quick else 9
    print(f"{'versions':>9} {'snapshot':>9} {'restore':>9} {'export':>9} {'import':>9} {'rebuild':>9} "
          f"{'deepcopy':>9} {'json KiB':>9}")
    for size in sizes:
        registry = build(size)
        saved = registry.snapshot()
        text = registry.export_json()
        target = Registry()
        row = [
            median_ms(registry.snapshot, rounds),
            median_ms(functools.partial(target.restore, saved), rounds),
            median_ms(registry.export_json, rounds),
            median_ms(functools.partial(target.import_json, text), rounds),
            median_ms(functools.partial(build, size), max(1, rounds // 3)),
            median_ms(functools.partial(naive_deepcopy, registry), max(1, rounds // 3)),
        ]
        print(f"{size:>9} " + " ".join(f"{v:>9.2f}" for v in row) + f" {len(text) / 1024:>9.0f}")
    print("\nmilliseconds, medians; 'restore' is what a per-test reset of a session seed costs.")


if __name__ == "__main__":
    main()
