"""The pure-Python CodeArtifact backend: state and one method per operation.

Each area lives in its own module; :class:`Backend` is their union. Methods
take the operation's parameters under the API's own names and return the
operation's result as a dict, so a test can seed state with exactly the calls
it would make through boto3::

    backend.create_domain(domain="acme")
    backend.create_repository(domain="acme", repository="release")
    backend.publish_package(domain="acme", repository="release", format="npm",
                            files={"package.tgz": tarball})
"""

from __future__ import annotations

from .copy_versions import CopyOperations
from .domains import DomainOperations
from .external_connections import ExternalConnectionOperations
from .package_groups import PackageGroupOperations
from .packages import PackageOperations
from .policies import PolicyOperations
from .publish import PublishOperations
from .resolution import ResolutionOperations
from .repositories import RepositoryOperations
from .tags import TagOperations
from .tokens import TokenOperations
from .versions import VersionOperations


class Backend(
    DomainOperations,
    ResolutionOperations,
    PublishOperations,
    CopyOperations,
    VersionOperations,
    PackageOperations,
    PackageGroupOperations,
    RepositoryOperations,
    ExternalConnectionOperations,
    PolicyOperations,
    TokenOperations,
    TagOperations,
):
    """CodeArtifact as one caller account sees it in one Region."""


def implemented_operations() -> set[str]:
    """Python names of the operations the backend implements."""
    return {name for name in dir(Backend) if getattr(getattr(Backend, name), "is_operation", False)}


__all__ = ["Backend", "implemented_operations"]
