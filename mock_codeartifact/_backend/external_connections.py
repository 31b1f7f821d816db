"""External connections to public registries: AssociateExternalConnection,
DisassociateExternalConnection."""

from __future__ import annotations

from typing import Any

from ..errors import ResourceNotFoundException, ValidationException
from .base import Operations, operation
from .repositories import repository_description
from .state import ExternalConnection

#: Every connection the service offers, with the package format it serves.
EXTERNAL_CONNECTIONS: dict[str, str] = {
    "public:npmjs": "npm",
    "public:pypi": "pypi",
    "public:maven-central": "maven",
    "public:maven-googleandroid": "maven",
    "public:maven-gradleplugins": "maven",
    "public:maven-commonsware": "maven",
    "public:maven-clojars": "maven",
    "public:nuget-org": "nuget",
    "public:ruby-gems-org": "ruby",
    "public:crates-io": "cargo",
}


class ExternalConnectionOperations(Operations):
    @operation
    def associate_external_connection(
        self, *, domain: str, repository: str, externalConnection: str, domainOwner: str | None = None
    ) -> dict[str, Any]:
        repo = self._repository(domain, domainOwner, repository)
        package_format = EXTERNAL_CONNECTIONS.get(externalConnection)
        if package_format is None:
            raise ValidationException(
                f"'{externalConnection}' is not a valid external connection; valid connections are: "
                + ", ".join(EXTERNAL_CONNECTIONS)
            )
        if repo.external_connections:  # the service's own words (HTTP 400)
            raise ValidationException("ExternalConnections for repositories are currently limited to 1")
        repo.external_connections.append(ExternalConnection(externalConnection, package_format))
        return {"repository": repository_description(repo)}

    @operation
    def disassociate_external_connection(
        self, *, domain: str, repository: str, externalConnection: str, domainOwner: str | None = None
    ) -> dict[str, Any]:
        repo = self._repository(domain, domainOwner, repository)
        kept = [c for c in repo.external_connections if c.name != externalConnection]
        if len(kept) == len(repo.external_connections):
            raise ResourceNotFoundException(
                f"External connection '{externalConnection}' is not associated with repository '{repository}'",
                resource_id=externalConnection,
            )
        repo.external_connections = kept
        return {"repository": repository_description(repo)}
