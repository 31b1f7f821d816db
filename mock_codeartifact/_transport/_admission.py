"""What a repository endpoint request may change, decided as the API decides
it for the same caller: the principal that asked for the request's
authorization token, the same IAM actions on the same resources, and the
API's model constraints on what is published.

From the user guide ("Publishing permissions", packages overview):
``codeartifact:PublishPackageVersion`` on the *package* resource for every
format; Maven also ``codeartifact:PutPackageMetadata`` (its
``maven-metadata.xml``), NuGet also ``codeartifact:ReadFromRepository`` on the
*repository*. Reads need ``codeartifact:ReadFromRepository``, which "can only
be used on a repository resource" (repository policies page): a principal
reads every package of a repository or none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._access.actions import PUBLISH_PACKAGE_VERSION, PUT_PACKAGE_METADATA, READ_FROM_REPOSITORY
from .._access.authorize import authorize_repository_access
from .._protocol import model as _model
from .._protocol.validation import validate_members

if TYPE_CHECKING:
    from .._backend.publish import Upload
    from .._backend.registry import Registry
    from .._backend.state import Token

#: Formats whose publish also needs ReadFromRepository on the repository (NuGet's push).
_PUBLISH_ALSO_READS = frozenset({"nuget"})


class EndpointAdmission:
    """The checks of one endpoint request to ``repository``, made with
    ``token``'s identity (implements ``_backend.resolution.Admission``)."""

    def __init__(self, registry: Registry, token: Token, repository: str) -> None:
        self._registry = registry
        self._token = token
        self._repository = repository

    def __repr__(self) -> str:
        return f"<EndpointAdmission {self._token.principal_arn or self._token.account_id} -> {self._repository}>"

    def read(self) -> None:
        """``codeartifact:ReadFromRepository`` on the repository."""
        self._authorize(READ_FROM_REPOSITORY, None)

    def publish(self, upload: Upload) -> None:
        """A version read from its files: the API's constraints on its
        coordinates and asset names (PublishPackageVersion's members), then
        ``codeartifact:PublishPackageVersion`` on its package."""
        shape = _model.service_model().operation_model("PublishPackageVersion").input_shape
        values: dict[str, Any] = {
            "namespace": upload.namespace, "package": upload.package, "packageVersion": upload.version,
        }
        validate_members(shape, values)
        for name in upload.files:
            validate_members(shape, {"assetName": name})
        self._authorize(PUBLISH_PACKAGE_VERSION, (upload.format, upload.namespace, upload.package))
        if upload.format in _PUBLISH_ALSO_READS:
            self.read()

    def update_metadata(self, fmt: str, namespace: str | None, name: str) -> None:
        """``codeartifact:PutPackageMetadata`` on the package."""
        self._authorize(PUT_PACKAGE_METADATA, (fmt, namespace, name))

    def _authorize(self, action: str, package: tuple[str, str | None, str] | None) -> None:
        token = self._token
        authorize_repository_access(
            self._registry, token.account_id, token.domain, token.domain_owner, self._repository, action,
            principal_arn=token.principal_arn, region=token.region, package=package,
        )
