"""Domains: CreateDomain, DescribeDomain, DeleteDomain, ListDomains."""

from __future__ import annotations

import uuid
from typing import Any

from ..errors import ConflictException, ServiceQuotaExceededException
from . import arns
from .base import Operations, operation
from .pagination import page_result, paginate
from .state import Domain
from .tags import tag_dict


def domain_summary(domain: Domain) -> dict[str, Any]:
    return {
        "name": domain.name,
        "owner": domain.owner,
        "arn": domain.arn,
        "status": "Active",
        "createdTime": domain.created_time,
        "encryptionKey": domain.encryption_key,
    }


def domain_description(domain: Domain) -> dict[str, Any]:
    return {
        **domain_summary(domain),
        "repositoryCount": len(domain.repositories),
        "assetSizeBytes": domain.assets.total_bytes,
        "s3BucketArn": domain.s3_bucket_arn,
    }


class DomainOperations(Operations):
    def _kms_key_arn(self, key: str | None) -> str:
        """The key ARN the service reports: an AWS-managed key when none is
        given; a bare key id or alias name expanded to its ARN."""
        prefix = f"arn:{arns.partition(self.region)}:kms:{self.region}:{self.account_id}"
        if not key:
            return f"{prefix}:key/{uuid.UUID(int=self._registry.random.getrandbits(128), version=4)}"
        if key.startswith("arn:"):
            return key
        return f"{prefix}:{key}" if key.startswith("alias/") else f"{prefix}:key/{key}"

    @operation
    def create_domain(
        self, *, domain: str, encryptionKey: str | None = None, tags: list[dict[str, str]] | None = None
    ) -> dict[str, Any]:
        if domain in self.domains:
            raise ConflictException(
                f"Domain '{domain}' already exists in account '{self.account_id}'",
                resource_id=domain,
                resource_type="domain",
            )
        if len(self.domains) >= self._registry.quotas["domains"]:
            raise ServiceQuotaExceededException(
                f"Cannot create domain '{domain}': the account already has the maximum of "
                f"{self._registry.quotas['domains']} domains in {self.region}",
                resource_id=domain,
                resource_type="domain",
            )
        new_tags = tag_dict(tags or [], self._registry.quotas["tags_per_resource"], domain, "domain")
        record = Domain(
            name=domain,
            owner=self.account_id,
            region=self.region,
            arn=arns.domain_arn(self.region, self.account_id, domain),
            created_time=self._now(),
            encryption_key=self._kms_key_arn(encryptionKey),
            s3_bucket_arn=f"arn:{arns.partition(self.region)}:s3:::assets-{self.account_id}-{self.region}",
            tags=new_tags,
        )
        self.domains[domain] = record
        return {"domain": domain_description(record)}

    @operation
    def describe_domain(self, *, domain: str, domainOwner: str | None = None) -> dict[str, Any]:
        return {"domain": domain_description(self._domain(domain, domainOwner))}

    @operation
    def delete_domain(self, *, domain: str, domainOwner: str | None = None) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        if record.repositories:
            raise ConflictException(
                f"Domain '{domain}' cannot be deleted because it contains "
                f"{len(record.repositories)} repositories",
                resource_id=domain,
                resource_type="domain",
            )
        del self._owner_backend(record.owner).domains[domain]
        # Its tokens die with it: a domain created again under the name is
        # another domain, which no earlier token opens.
        tokens = self._registry.tokens
        for value in [v for v, t in tokens.items() if (t.domain, t.domain_owner, t.region) == (
            record.name, record.owner, record.region
        )]:
            del tokens[value]
        return {"domain": {**domain_description(record), "status": "Deleted"}}

    @operation
    def list_domains(self, *, maxResults: int | None = None, nextToken: str | None = None) -> dict[str, Any]:
        ordered = sorted(self.domains.values(), key=lambda d: d.name)
        page, token = paginate(ordered, lambda d: d.name, maxResults, nextToken)
        return page_result("domains", [domain_summary(d) for d in page], token)
