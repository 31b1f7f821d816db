"""Tags on domains, repositories and package groups: TagResource,
UntagResource, ListTagsForResource (resources addressed by ARN)."""

from __future__ import annotations

from typing import Any

from ..errors import ResourceNotFoundException, ServiceQuotaExceededException, ValidationException
from . import arns
from .base import Operations, operation
from .group_tree import tagged_package_group


def tag_dict(
    tags: list[dict[str, str]], limit: int, resource_id: str, resource_type: str | None,
    existing: dict[str, str] | None = None,
) -> dict[str, str]:
    """``existing`` updated with ``tags`` ([{key, value}]), after the tagging
    rules: ``aws:`` keys are reserved, and a resource holds at most ``limit`` tags."""
    merged = dict(existing or {})
    for tag in tags:
        key = tag["key"]
        if key.lower().startswith("aws:"):
            raise ValidationException(f"Tag key '{key}' uses the reserved prefix 'aws:'")
        merged[key] = tag.get("value") or ""
    if len(merged) > limit:
        raise ServiceQuotaExceededException(
            f"A resource can have at most {limit} tags; this request would give it {len(merged)}",
            resource_id=resource_id,
            resource_type=resource_type,
        )
    return merged


class TagOperations(Operations):
    def _tagged(self, arn: str) -> Any:
        """The domain, repository or package group an ARN names."""
        parsed = arns.parse(arn)
        # Every CodeArtifact resource ARN names its Region and owner account.
        if parsed is None or not parsed[0] or not parsed[1]:
            raise ValidationException(f"'{arn}' is not a valid CodeArtifact resource ARN")
        region, owner, kind, rest = parsed
        missing = ResourceNotFoundException(f"Resource not found: {arn}", resource_id=arn)
        if region != self.region:
            raise missing
        holder = self._registry.find(owner, region)
        domains = holder.domains if holder is not None else {}
        found: Any
        if kind == "domain":
            found = domains.get(rest)
        elif kind == "repository":
            domain, _, name = rest.partition("/")
            found = domains[domain].repositories.get(name) if domain in domains else None
        elif kind == "package-group":
            found = tagged_package_group(domains, rest)
        else:
            raise ValidationException(f"Resources of type '{kind}' cannot be tagged")
        if found is None:
            raise missing
        return found

    @operation
    def tag_resource(self, *, resourceArn: str, tags: list[dict[str, str]]) -> dict[str, Any]:
        resource = self._tagged(resourceArn)
        resource.tags = tag_dict(
            tags, self._registry.quotas["tags_per_resource"], resourceArn, None, resource.tags
        )
        return {}

    @operation
    def untag_resource(self, *, resourceArn: str, tagKeys: list[str]) -> dict[str, Any]:
        resource = self._tagged(resourceArn)
        for key in tagKeys:
            resource.tags.pop(key, None)
        return {}

    @operation
    def list_tags_for_resource(self, *, resourceArn: str) -> dict[str, Any]:
        resource = self._tagged(resourceArn)
        return {"tags": [{"key": k, "value": v} for k, v in resource.tags.items()]}
