"""The pure-Python CodeArtifact backend: state and one method per operation.

Each resource's operations live in their own module, as a small class over
the account's context (:class:`~.base.AccountContext`) that names, in its
constructor, the other operation classes it uses. :class:`Backend` is the
thin facade a test and the dispatcher see: the context plus the operation
table below, so a test can seed state with exactly the calls it would make
through boto3::

    backend.create_domain(domain="acme")
    backend.create_repository(domain="acme", repository="release")
    backend.publish_package(domain="acme", repository="release", format="npm",
                            files={"package.tgz": tarball})

Methods take the operation's parameters under the API's own names and return
the operation's result as a dict.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from .base import AccountContext, SharedState
from .copy_versions import CopyOperations
from .domains import DomainOperations
from .external_connections import ExternalConnectionOperations
from .package_groups import PackageGroupOperations
from .packages import PackageOperations
from .policies import PolicyOperations
from .publish import PublishOperations
from .repositories import RepositoryOperations
from .resolution import ResolutionOperations
from .tags import TagOperations
from .tokens import TokenOperations
from .versions import VersionOperations

_P = ParamSpec("_P")
_R = TypeVar("_R")
_S = TypeVar("_S")


def _via(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[Backend, _P], _R]:
    """A facade method calling ``method`` on the backend's instance of the
    class that defines it (same name, signature, docstring and ``is_operation``
    mark, so the dispatcher and ``implemented_operations`` see it as before)."""
    owner = method.__qualname__.partition(".")[0]

    @functools.wraps(method)
    def call(self: Backend, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        return method(self._resources[owner], *args, **kwargs)

    return call


class Backend(AccountContext):
    """CodeArtifact as one caller account sees it in one Region."""

    def __init__(self, registry: SharedState, account_id: str, region: str) -> None:
        super().__init__(registry, account_id, region)
        packages = PackageOperations(self)
        versions = VersionOperations(self, packages)
        publishing = PublishOperations(self, packages, versions)
        resources: list[Any] = [
            DomainOperations(self), RepositoryOperations(self), ExternalConnectionOperations(self),
            PolicyOperations(self), TokenOperations(self), TagOperations(self), PackageGroupOperations(self),
            packages, versions, CopyOperations(self, packages, versions), publishing,
            ResolutionOperations(self, packages, publishing),
        ]
        #: Each resource's operations object, by class name (what ``_via`` calls).
        self._resources: dict[str, Any] = {type(r).__name__: r for r in resources}

    # -- the operation table: API operations, by their python names ---------------

    create_domain = _via(DomainOperations.create_domain)
    describe_domain = _via(DomainOperations.describe_domain)
    delete_domain = _via(DomainOperations.delete_domain)
    list_domains = _via(DomainOperations.list_domains)

    create_repository = _via(RepositoryOperations.create_repository)
    describe_repository = _via(RepositoryOperations.describe_repository)
    update_repository = _via(RepositoryOperations.update_repository)
    delete_repository = _via(RepositoryOperations.delete_repository)
    list_repositories = _via(RepositoryOperations.list_repositories)
    list_repositories_in_domain = _via(RepositoryOperations.list_repositories_in_domain)

    associate_external_connection = _via(ExternalConnectionOperations.associate_external_connection)
    disassociate_external_connection = _via(ExternalConnectionOperations.disassociate_external_connection)

    put_domain_permissions_policy = _via(PolicyOperations.put_domain_permissions_policy)
    get_domain_permissions_policy = _via(PolicyOperations.get_domain_permissions_policy)
    delete_domain_permissions_policy = _via(PolicyOperations.delete_domain_permissions_policy)
    put_repository_permissions_policy = _via(PolicyOperations.put_repository_permissions_policy)
    get_repository_permissions_policy = _via(PolicyOperations.get_repository_permissions_policy)
    delete_repository_permissions_policy = _via(PolicyOperations.delete_repository_permissions_policy)

    get_authorization_token = _via(TokenOperations.get_authorization_token)
    get_repository_endpoint = _via(TokenOperations.get_repository_endpoint)

    tag_resource = _via(TagOperations.tag_resource)
    untag_resource = _via(TagOperations.untag_resource)
    list_tags_for_resource = _via(TagOperations.list_tags_for_resource)

    create_package_group = _via(PackageGroupOperations.create_package_group)
    describe_package_group = _via(PackageGroupOperations.describe_package_group)
    update_package_group = _via(PackageGroupOperations.update_package_group)
    delete_package_group = _via(PackageGroupOperations.delete_package_group)
    list_package_groups = _via(PackageGroupOperations.list_package_groups)
    list_sub_package_groups = _via(PackageGroupOperations.list_sub_package_groups)
    get_associated_package_group = _via(PackageGroupOperations.get_associated_package_group)
    list_associated_packages = _via(PackageGroupOperations.list_associated_packages)
    list_allowed_repositories_for_group = _via(PackageGroupOperations.list_allowed_repositories_for_group)
    update_package_group_origin_configuration = _via(PackageGroupOperations.update_package_group_origin_configuration)

    list_packages = _via(PackageOperations.list_packages)
    describe_package = _via(PackageOperations.describe_package)
    delete_package = _via(PackageOperations.delete_package)
    put_package_origin_configuration = _via(PackageOperations.put_package_origin_configuration)

    list_package_versions = _via(VersionOperations.list_package_versions)
    describe_package_version = _via(VersionOperations.describe_package_version)
    update_package_versions_status = _via(VersionOperations.update_package_versions_status)
    dispose_package_versions = _via(VersionOperations.dispose_package_versions)
    delete_package_versions = _via(VersionOperations.delete_package_versions)
    list_package_version_assets = _via(VersionOperations.list_package_version_assets)
    get_package_version_asset = _via(VersionOperations.get_package_version_asset)
    get_package_version_readme = _via(VersionOperations.get_package_version_readme)
    list_package_version_dependencies = _via(VersionOperations.list_package_version_dependencies)

    copy_package_versions = _via(CopyOperations.copy_package_versions)

    publish_package_version = _via(PublishOperations.publish_package_version)

    # -- seeding (docs/seeding.md) and the package-manager endpoints' view ----------
    publish_package = _via(PublishOperations.publish_package)
    repository_view = _via(ResolutionOperations.repository_view)


def implemented_operations() -> set[str]:
    """Python names of the operations the backend implements."""
    return {name for name in dir(Backend) if getattr(getattr(Backend, name), "is_operation", False)}


__all__ = ["Backend", "implemented_operations"]
