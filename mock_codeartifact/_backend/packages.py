"""Packages: ListPackages, DescribePackage, DeletePackage,
PutPackageOriginConfiguration, and what every package-level area shares
(coordinates, lookups, adding and removing versions)."""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import ResourceNotFoundException, ValidationException
from .base import Operations, operation
from .pagination import page_result, paginate
from .state import AssetRef, Package, PackageVersion, Repository, VersionMetadata

if TYPE_CHECKING:
    from .._formats import PackageFormat

#: Statuses a version can be in (``Deleted`` only ever appears in results).
STATUSES = ("Published", "Unfinished", "Unlisted", "Archived", "Disposed", "Deleted")


@functools.lru_cache(maxsize=4096)
def origin(kind: str, name: str) -> dict[str, Any]:
    """The API's PackageVersionOrigin, shared between versions of one entry
    point: ``kind`` is ``repository`` (INTERNAL) or ``external`` (EXTERNAL)."""
    if kind == "external":
        return {"domainEntryPoint": {"externalConnectionName": name}, "originType": "EXTERNAL"}
    return {"domainEntryPoint": {"repositoryName": name}, "originType": "INTERNAL"}


def revision_of(assets: tuple[AssetRef, ...], metadata: VersionMetadata, coordinates: tuple[Any, ...] = ()) -> str:
    """Same assets and metadata, same revision: a copy is recognisably identical.
    ``coordinates`` (format, namespace, package, version) keep two versions
    with the same content apart: a revision names one version's state."""
    content = repr((coordinates, sorted((a.name, a.sha256) for a in assets), metadata)).encode()
    return base64.b64encode(hashlib.sha256(content).digest()).decode("ascii")


def origin_configuration(package: Package) -> dict[str, Any]:
    return {"restrictions": {"publish": package.publish, "upstream": package.upstream}}


def package_summary(package: Package) -> dict[str, Any]:
    summary: dict[str, Any] = {"format": package.format, "package": package.name}
    if package.namespace is not None:
        summary["namespace"] = package.namespace
    summary["originConfiguration"] = origin_configuration(package)
    return summary


def coordinates(package: Package) -> dict[str, Any]:
    """``format``/``namespace``/``package`` as results echo them."""
    result: dict[str, Any] = {"format": package.format}
    if package.namespace is not None:
        result["namespace"] = package.namespace
    result["package"] = package.name
    return result


# -- loaded when the first package needs them ---------------------------------------
@functools.cache
def _get_format() -> Callable[[str], PackageFormat]:
    from .._formats import get_format

    return get_format


@functools.cache
def _sorted_key_list() -> Any:
    from sortedcontainers import SortedKeyList  # no stubs published: ignore_missing_imports (pyproject.toml)

    return SortedKeyList


def new_package(fmt: str, namespace: str | None, name: str, publish: str, upstream: str) -> Package:
    """A package without versions. Its ``order`` holds the version numbers in
    the format's order: a SortedKeyList by the format's version key."""
    order = _sorted_key_list()(key=_get_format()(fmt).version_sort_key)
    return Package(fmt, namespace, name, publish, upstream, order=order)


#: The attributes of sortedcontainers' SortedKeyList that copy_sorted_list knows.
_SORTED_LIST_FIELDS = frozenset({"_key", "_len", "_load", "_lists", "_keys", "_maxes", "_index", "_offset"})


def copy_sorted_list(order: Any) -> Any:
    """A copy of a package's ``order`` that shares its computed keys (they
    are immutable) instead of computing them again, as ``order.copy()`` would:
    a snapshot of many versions spends most of its time here otherwise. It
    copies sortedcontainers' internal lists, so any other layout of them (a
    release that adds, drops or renames one) falls back to ``copy()``."""
    fields = getattr(order, "__dict__", None)
    if fields is None or fields.keys() != _SORTED_LIST_FIELDS:
        return order.copy()
    kind: Any = type(order)
    new = kind.__new__(kind)
    new.__dict__.update(fields)  # _key, _len, _load, _offset: immutable values
    new._lists = [list(part) for part in order._lists]
    new._keys = [list(part) for part in order._keys]
    new._maxes = list(order._maxes)
    new._index = list(order._index)
    return new


def drop_version(repo: Repository, package: Package, version: PackageVersion) -> None:
    """Remove ``version`` from ``package`` in ``repo``: its asset references
    are released and the dist-tags pointing at it go."""
    store = repo.domain.assets
    for asset in version.assets:
        store.release(asset.sha256)
    del package.versions[version.version]
    package.order.remove(version.version)
    for tag, tagged in list(package.dist_tags.items()):
        if tagged == version.version:
            del package.dist_tags[tag]
    package.changed()


def forget_packages(repo: Repository) -> None:
    """Release what a deleted repository's packages hold (their assets)."""
    for package in repo.packages.values():
        for version in list(package.versions.values()):
            drop_version(repo, package, version)
    repo.packages.clear()


class PackageOperations(Operations):
    # -- coordinates and lookups -------------------------------------------
    @staticmethod
    def plugin(name: str) -> PackageFormat:
        try:
            return _get_format()(name)
        except KeyError:
            raise ValidationException(f"'{name}' is not a supported package format") from None

    def checked_coordinates(self, fmt: str, namespace: str | None, package: str) -> tuple[PackageFormat, str | None, str]:
        """The package's stored coordinates: namespace rules checked, and the
        names normalised where the service normalises API input (NuGet, Swift)."""
        plugin = self.plugin(fmt)
        try:
            namespace = plugin.validate_namespace(namespace)
        except ValueError as error:
            raise ValidationException(str(error)) from None
        if plugin.normalizes_api_input:
            package = plugin.normalize_name(package)
        return plugin, namespace, package

    @staticmethod
    def missing_package(repo: Repository, fmt: str, namespace: str | None, name: str) -> ResourceNotFoundException:
        shown = f"{namespace}/{name}" if namespace else name
        return ResourceNotFoundException(
            f"Package not found in repository. Repository: {repo.name}, "
            f"Package = PackageCoordinate{{packageType={fmt}, packageName={shown}}}",
            resource_id=name,
            resource_type="package",
        )

    def find_package(
        self, domain: str, domain_owner: str | None, repository: str, fmt: str, namespace: str | None, package: str
    ) -> tuple[Repository, Package]:
        repo = self._repository(domain, domain_owner, repository)
        _, namespace, package = self.checked_coordinates(fmt, namespace, package)
        found = repo.packages.get((fmt, namespace or "", package))
        if found is None:
            raise self.missing_package(repo, fmt, namespace, package)
        return repo, found

    @staticmethod
    def missing_version(package: Package, version: str) -> ResourceNotFoundException:
        return ResourceNotFoundException(
            f"Package version not found. Package '{package.name}' has no version '{version}' in this repository",
            resource_id=version,
            resource_type="package-version",
        )

    # -- adding and removing versions (asset references follow) -------------
    def package_for_write(
        self, repo: Repository, fmt: str, namespace: str | None, name: str, arrival: str
    ) -> Package:
        """The package, created on first arrival with the origin controls the
        service gives by how the first version arrived: direct publish (and
        copy) -> publish ALLOW / upstream BLOCK; from upstream or an external
        connection -> publish BLOCK / upstream ALLOW."""
        key = (fmt, namespace or "", name)
        found = repo.packages.get(key)
        if found is None:
            publish, upstream = ("ALLOW", "BLOCK") if arrival == "publish" else ("BLOCK", "ALLOW")
            found = repo.packages[key] = new_package(fmt, namespace, name, publish, upstream)
        return found

    @staticmethod
    def store_version(repo: Repository, package: Package, version: PackageVersion) -> None:
        """Put ``version`` in ``package`` (replacing one of the same number),
        taking references on its assets and releasing the replaced one's."""
        store = repo.domain.assets
        for asset in version.assets:
            store.retain(asset.sha256)
        previous = package.versions.get(version.version)
        if previous is not None:
            for asset in previous.assets:
                store.release(asset.sha256)
        else:
            package.order.add(version.version)
        package.versions[version.version] = version
        package.changed()

    # -- operations -----------------------------------------------------------
    @operation
    def list_packages(
        self,
        *,
        domain: str,
        repository: str,
        domainOwner: str | None = None,
        format: str | None = None,
        namespace: str | None = None,
        packagePrefix: str | None = None,
        maxResults: int | None = None,
        nextToken: str | None = None,
        publish: str | None = None,
        upstream: str | None = None,
    ) -> dict[str, Any]:
        repo = self._repository(domain, domainOwner, repository)
        if namespace is not None and format is None:
            raise ValidationException("namespace can only be used together with format")
        found = sorted(
            (
                p
                for p in repo.packages.values()
                if (format is None or p.format == format)
                and (namespace is None or (p.namespace or "").startswith(namespace))
                and (packagePrefix is None or p.name.startswith(packagePrefix))
                and (publish is None or p.publish == publish)
                and (upstream is None or p.upstream == upstream)
            ),
            key=lambda p: p.key,
        )
        page, token = paginate(found, lambda p: p.key, maxResults, nextToken)
        return page_result("packages", [package_summary(p) for p in page], token)

    @operation
    def describe_package(
        self, *, domain: str, repository: str, format: str, package: str,
        domainOwner: str | None = None, namespace: str | None = None,
    ) -> dict[str, Any]:
        _, found = self.find_package(domain, domainOwner, repository, format, namespace, package)
        description: dict[str, Any] = {"format": found.format}
        if found.namespace is not None:
            description["namespace"] = found.namespace
        description["name"] = found.name
        description["originConfiguration"] = origin_configuration(found)
        return {"package": description}

    @operation
    def delete_package(
        self, *, domain: str, repository: str, format: str, package: str,
        domainOwner: str | None = None, namespace: str | None = None,
    ) -> dict[str, Any]:
        repo, found = self.find_package(domain, domainOwner, repository, format, namespace, package)
        for version in list(found.versions.values()):
            drop_version(repo, found, version)
        del repo.packages[found.key]
        return {"deletedPackage": package_summary(found)}

    @operation
    def put_package_origin_configuration(
        self, *, domain: str, repository: str, format: str, package: str, restrictions: dict[str, str],
        domainOwner: str | None = None, namespace: str | None = None,
    ) -> dict[str, Any]:
        repo = self._repository(domain, domainOwner, repository)
        _, namespace, package = self.checked_coordinates(format, namespace, package)
        # On a package the repository does not hold yet, this creates it with
        # no versions, so publishing or ingestion can be blocked in advance.
        found = self.package_for_write(repo, format, namespace, package, "publish")
        found.publish, found.upstream = restrictions["publish"], restrictions["upstream"]
        return {"originConfiguration": origin_configuration(found)}
