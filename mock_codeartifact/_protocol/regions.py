"""Which Region names are real: the ones botocore's partition data lists.

A request signed for a Region no partition lists (``xx-fake-1``, a typo,
``us-east-1:x``) never reaches CodeArtifact: its endpoint's host name does
not resolve. The mock refuses such a request the same way instead of
creating state under a Region (and ARNs) that cannot exist. A newer botocore
lists newer Regions, and the mock then knows them too.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def known_regions() -> frozenset[str]:
    """Every Region of every partition in the installed botocore's data
    (already loaded by boto3's default session when a client was made
    through it: botocore's endpoint resolver reads the same file)."""
    from .model import data_loader

    endpoints = data_loader().load_data("endpoints")
    return frozenset(
        region for partition in endpoints.get("partitions", []) for region in partition.get("regions", {})
    )


def known_region(region: str) -> bool:
    return region in known_regions()
