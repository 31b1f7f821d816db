"""Repositories and their upstream graph: Create/Describe/Update/Delete
Repository, ListRepositories, ListRepositoriesInDomain."""

from __future__ import annotations

from typing import Any

from ..errors import ConflictException, ServiceQuotaExceededException, ValidationException
from . import arns
from .base import Operations, operation
from .group_tree import forget_repository as forget_repository_in_groups
from .packages import forget_packages
from .pagination import page_result, paginate
from .state import Domain, Repository
from .tags import tag_dict


def repository_summary(repo: Repository) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "name": repo.name,
        "administratorAccount": repo.administrator_account,
        "domainName": repo.domain.name,
        "domainOwner": repo.domain.owner,
        "arn": repo.arn,
        "createdTime": repo.created_time,
    }
    if repo.description is not None:
        summary["description"] = repo.description
    return summary


def repository_description(repo: Repository) -> dict[str, Any]:
    return {
        **repository_summary(repo),
        "upstreams": [{"repositoryName": name} for name in repo.upstreams],
        # The model's enum says "Available"; the real service answers "AVAILABLE".
        "externalConnections": [
            {"externalConnectionName": c.name, "packageFormat": c.package_format, "status": "AVAILABLE"}
            for c in repo.external_connections
        ],
    }


def upstream_closure(domain: Domain, start: str) -> list[str]:
    """Repositories reachable from ``start`` through upstreams, in the service's
    search order: depth-first, each upstream's subtree before the next sibling."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        repo = domain.repositories.get(name)
        for upstream in repo.upstreams if repo else ():
            if upstream not in seen:
                seen.add(upstream)
                order.append(upstream)
                visit(upstream)

    visit(start)
    return order


class RepositoryOperations(Operations):
    def _check_upstreams(self, domain: Domain, repository: str, upstreams: list[dict[str, Any]]) -> list[str]:
        """The upstream names, after the service's rules: existing repositories of
        the same domain, no duplicates, at most the quota, and no cycle."""
        names = [u["repositoryName"] for u in upstreams]
        limit = self._registry.quotas["upstreams_per_repository"]
        if len(names) > limit:  # a count quota (not adjustable at AWS), hence 402
            raise ServiceQuotaExceededException(
                f"A repository can have at most {limit} direct upstream repositories; {len(names)} were given",
                resource_id=repository,
                resource_type="repository",
            )
        if len(set(names)) != len(names):
            raise ValidationException("The upstream repository list contains duplicates")
        if repository in names:
            raise ValidationException(f"Repository '{repository}' cannot be an upstream of itself")
        for name in names:
            self._repository(domain.name, domain.owner, name)
            if repository in upstream_closure(domain, name):
                raise ValidationException(
                    f"Adding upstream repository '{name}' to '{repository}' would create a cycle in the upstream graph"
                )
        return names

    @operation
    def create_repository(
        self,
        *,
        domain: str,
        repository: str,
        domainOwner: str | None = None,
        description: str | None = None,
        upstreams: list[dict[str, Any]] | None = None,
        tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        if repository in record.repositories:
            raise ConflictException(
                f"Repository '{repository}' already exists in domain '{domain}'",
                resource_id=repository,
                resource_type="repository",
            )
        if len(record.repositories) >= self._registry.quotas["repositories_per_domain"]:
            raise ServiceQuotaExceededException(
                f"Domain '{domain}' already has the maximum of "
                f"{self._registry.quotas['repositories_per_domain']} repositories",
                resource_id=domain,
                resource_type="domain",
            )
        names = self._check_upstreams(record, repository, upstreams or [])
        new_tags = tag_dict(tags or [], self._registry.quotas["tags_per_resource"], repository, "repository")
        repo = Repository(
            name=repository,
            domain=record,
            administrator_account=self.account_id,
            arn=arns.repository_arn(record.region, record.owner, domain, repository),
            created_time=self._now(),
            description=description,
            upstreams=names,
            tags=new_tags,
        )
        record.repositories[repository] = repo
        return {"repository": repository_description(repo)}

    @operation
    def describe_repository(
        self, *, domain: str, repository: str, domainOwner: str | None = None
    ) -> dict[str, Any]:
        return {"repository": repository_description(self._repository(domain, domainOwner, repository))}

    @operation
    def update_repository(
        self,
        *,
        domain: str,
        repository: str,
        domainOwner: str | None = None,
        description: str | None = None,
        upstreams: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        repo = self._repository(domain, domainOwner, repository)
        # Omitted members stay as they are; an empty upstream list removes all.
        names = self._check_upstreams(repo.domain, repository, upstreams) if upstreams is not None else None
        if description is not None:
            repo.description = description
        if names is not None:
            repo.upstreams = names
        return {"repository": repository_description(repo)}

    @operation
    def delete_repository(
        self, *, domain: str, repository: str, domainOwner: str | None = None
    ) -> dict[str, Any]:
        repo = self._repository(domain, domainOwner, repository)
        # The service does not refuse to delete someone's upstream: downstream
        # repositories keep a dangling reference until they are updated.
        # What the repository held goes: its packages' assets, and its name
        # from every package group's allowed-repository lists.
        forget_packages(repo)
        forget_repository_in_groups(repo)
        del repo.domain.repositories[repository]
        return {"repository": repository_description(repo)}

    @operation
    def list_repositories(
        self,
        *,
        repositoryPrefix: str | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
    ) -> dict[str, Any]:
        # "Repositories in the calling account": those it administers, in any
        # domain of this Region (its own or another account's).
        found = [
            repo
            for backend in self._registry.backends(self.region)
            for domain in backend.domains.values()
            for repo in domain.repositories.values()
            if repo.administrator_account == self.account_id
            and (not repositoryPrefix or repo.name.startswith(repositoryPrefix))
        ]
        return self._repository_page(found, maxResults, nextToken)

    @operation
    def list_repositories_in_domain(
        self,
        *,
        domain: str,
        domainOwner: str | None = None,
        administratorAccount: str | None = None,
        repositoryPrefix: str | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
    ) -> dict[str, Any]:
        found = [
            repo
            for repo in self._domain(domain, domainOwner).repositories.values()
            if (not administratorAccount or repo.administrator_account == administratorAccount)
            and (not repositoryPrefix or repo.name.startswith(repositoryPrefix))
        ]
        return self._repository_page(found, maxResults, nextToken)

    @staticmethod
    def _repository_page(found: list[Repository], max_results: int | None, token: str | None) -> dict[str, Any]:
        def key(repo: Repository) -> tuple[str, str, str]:
            return (repo.name, repo.domain.name, repo.domain.owner)

        found.sort(key=key)
        page, next_token = paginate(found, key, max_results, token)
        return page_result("repositories", [repository_summary(r) for r in page], next_token)
