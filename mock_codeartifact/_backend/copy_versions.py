"""CopyPackageVersions: promotion between repositories of one domain."""

from __future__ import annotations

from typing import Any

from ..errors import ValidationException
from . import admission
from .base import AccountContext, Operations, operation
from .repositories import upstream_closure
from .state import Package, PackageVersion, Repository
from .packages import PackageOperations
from .versions import VersionOperations, all_or_nothing, success

#: Statuses whose versions can be copied; the copy keeps the status.
COPYABLE = ("Published", "Unlisted", "Archived")


def identical(existing: PackageVersion | None, version: PackageVersion) -> bool:
    """Whether the destination already holds the same assets and metadata (the
    revision says so, unless disposal has since deleted the assets)."""
    return (
        existing is not None and existing.revision == version.revision and set(existing.assets) == set(version.assets)
    )


class CopyOperations(Operations):
    def __init__(self, ctx: AccountContext, packages: PackageOperations, versions: VersionOperations) -> None:
        super().__init__(ctx)
        self.packages = packages
        self.versions = versions

    @operation
    def copy_package_versions(
        self, *, domain: str, sourceRepository: str, destinationRepository: str, format: str, package: str,
        domainOwner: str | None = None, namespace: str | None = None, versions: list[str] | None = None,
        versionRevisions: dict[str, str] | None = None, allowOverwrite: bool | None = None,
        includeFromUpstream: bool | None = None,
    ) -> dict[str, Any]:
        if (versions is None) == (versionRevisions is None):
            raise ValidationException("Exactly one of versions or versionRevisions must be specified")
        source = self._repository(domain, domainOwner, sourceRepository)
        destination = self._repository(domain, domainOwner, destinationRepository)
        if source is destination:
            raise ValidationException("The source and destination repositories must be different")
        _, namespace, package = self.packages.checked_coordinates(format, namespace, package)
        key = (format, namespace or "", package)
        # Where to look: the source, then (if asked) its upstreams in the
        # service's search order.
        searched = [source]
        if includeFromUpstream:
            searched += [source.domain.repositories[n] for n in upstream_closure(source.domain, source.name)
                         if n in source.domain.repositories]
        holders = [(repo, repo.packages[key]) for repo in searched if key in repo.packages]
        if not holders:
            raise self.packages.missing_package(source, format, namespace, package)
        wanted, versionRevisions = self.versions.api_versions(
            format, versionRevisions if versionRevisions is not None else versions or [], versionRevisions
        )
        target = destination.packages.get(key)
        refusal = admission.publish_refusal(destination, format, namespace, package)

        def locate(name: str) -> tuple[Package, PackageVersion] | None:
            for _, held in holders:
                if name in held.versions:
                    return held, held.versions[name]
            return None

        def check(name: str) -> tuple[str, str] | None:
            found = locate(name)
            if found is None:
                return ("NOT_FOUND", f"Could not find version {name}")
            version = found[1]
            if versionRevisions and versionRevisions.get(name, version.revision) != version.revision:
                return (
                    "MISMATCHED_REVISION",
                    f"current revision: {version.revision}, expected revision: {versionRevisions[name]}",
                )
            if version.status not in COPYABLE:
                return ("NOT_ALLOWED", f"Version {name} is {version.status} and cannot be copied")
            existing = target.versions.get(name) if target else None
            if existing is not None and not identical(existing, version) and not allowOverwrite:
                return ("ALREADY_EXISTS", f"Version {name} already exists")
            if refusal is not None and not identical(existing, version):
                return ("NOT_ALLOWED", admission.copy_refused(name, destination.name, refusal))
            return None

        failed = all_or_nothing(wanted, check, lambda v: f"Version {v} was skipped")
        if failed:
            return {"successfulVersions": {}, "failedVersions": failed}
        return {"successfulVersions": self._copy_into(destination, format, namespace, package, wanted, locate),
                "failedVersions": {}}

    def _copy_into(
        self, destination: Repository, fmt: str, namespace: str | None, name: str, wanted: list[str], locate: Any
    ) -> dict[str, Any]:
        target = self.packages.package_for_write(destination, fmt, namespace, name, "publish")
        copied = {}
        for version_name in dict.fromkeys(wanted):
            held, version = locate(version_name)
            existing = target.versions.get(version_name)
            if identical(existing, version):
                continue  # identical already: idempotent, and left out of the result
            self.packages.store_version(
                destination, target,
                PackageVersion(version.version, version.status, version.revision, version.published_time,
                               version.origin, version.metadata, version.assets),
            )
            # npm: tags pointing at a copied version come along, overwriting
            # same-named tags in the destination.
            for tag, tagged in held.dist_tags.items():
                if tagged == version_name:
                    target.dist_tags[tag] = version_name
            copied[version_name] = success(version)
        return copied
