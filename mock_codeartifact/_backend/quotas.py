"""The service's count quotas (defaults per account and Region, AWS quota table).

Adjustable quotas can be raised in a test (``mock.registry.quotas["domains"] = 20``)
the way an account raises them with AWS.
"""

from __future__ import annotations


def default_quotas() -> dict[str, int]:
    return {
        "domains": 10,  # per account and Region, adjustable
        "repositories_per_domain": 1000,  # adjustable
        "upstreams_per_repository": 10,  # not adjustable at AWS
        "tags_per_resource": 50,  # AWS's general tagging limit (not in the CodeArtifact table)
        "assets_per_version": 150,  # not adjustable at AWS
        "asset_size_bytes": 5 * 1024**3,  # adjustable
    }
