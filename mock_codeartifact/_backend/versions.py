"""Package versions and their status state machine: ListPackageVersions,
DescribePackageVersion, UpdatePackageVersionsStatus, DisposePackageVersions,
DeletePackageVersions, ListPackageVersionAssets, GetPackageVersionAsset,
GetPackageVersionReadme, ListPackageVersionDependencies."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..errors import ConflictException, ResourceNotFoundException, ValidationException
from .base import AccountContext, Operations, operation
from .packages import PackageOperations, coordinates, drop_version
from .pagination import decode_token, encode_token, page_result, paginate
from .state import Package, PackageVersion, Repository

#: Targets UpdatePackageVersionsStatus accepts (Disposed has its own
#: operation; nothing returns to Unfinished).
STATUS_TARGETS = ("Published", "Unlisted", "Archived")
#: Statuses whose assets cannot be downloaded.
NO_DOWNLOAD = ("Archived", "Disposed")

Failure = tuple[str, str]  # (errorCode, errorMessage)


def version_error(code: str, message: str) -> dict[str, str]:
    return {"errorCode": code, "errorMessage": message}


def all_or_nothing(
    versions: Iterable[str], check: Callable[[str], Failure | None], skipped: Callable[[str], str]
) -> dict[str, dict[str, str]]:
    """The service's batch rule: every version that fails says why, and when
    any fails every other one is reported SKIPPED and nothing changes."""
    names = list(dict.fromkeys(versions))
    failed = {}
    for name in names:
        problem = check(name)
        if problem is not None:
            failed[name] = version_error(*problem)
    if failed:
        for name in names:
            failed.setdefault(name, version_error("SKIPPED", skipped(name)))
    return failed


def success(version: PackageVersion, status: str | None = None) -> dict[str, str]:
    return {"revision": version.revision, "status": status or version.status}


def version_summary(version: PackageVersion) -> dict[str, Any]:
    return {"version": version.version, "revision": version.revision, "status": version.status, "origin": version.origin}


class VersionOperations(Operations):
    def __init__(self, ctx: AccountContext, packages: PackageOperations) -> None:
        super().__init__(ctx)
        self.packages = packages

    def _find_version(
        self, domain: str, domain_owner: str | None, repository: str, fmt: str,
        namespace: str | None, package: str, version: str,
    ) -> tuple[Repository, Package, PackageVersion]:
        repo, found = self.packages.find_package(domain, domain_owner, repository, fmt, namespace, package)
        if self.packages.plugin(fmt).normalizes_api_input:
            version = self.packages.plugin(fmt).normalize_version(version)
        record = found.versions.get(version)
        if record is None:
            raise self.packages.missing_version(found, version)
        return repo, found, record

    def _default_display_version(self, package: Package) -> str | None:
        if package.display_version is None:
            package.display_version = (self._compute_display_version(package),)
        return package.display_version[0]

    def _compute_display_version(self, package: Package) -> str | None:
        published = sorted(
            (v for v in package.versions.values() if v.status == "Published"),
            key=lambda v: (v.published_time, v.version),
        )
        return self.packages.plugin(package.format).default_display_version(
            [v.version for v in published], package.dist_tags
        )

    def _state_check(
        self, package: Package, expected_status: str | None, revisions: dict[str, str] | None,
        extra: Callable[[PackageVersion], Failure | None] | None = None,
    ) -> Callable[[str], Failure | None]:
        """The per-version checks shared by status changes, disposal and deletion."""

        def check(name: str) -> Failure | None:
            version = package.versions.get(name)
            if version is None:
                return ("NOT_FOUND", f"Could not find version {name}")
            if expected_status is not None and version.status != expected_status:
                return ("MISMATCHED_STATUS", f"current status: {version.status}, expected status: {expected_status}")
            if revisions and name in revisions and revisions[name] != version.revision:
                return (
                    "MISMATCHED_REVISION",
                    f"current revision: {version.revision}, expected revision: {revisions[name]}",
                )
            return extra(version) if extra else None

        return check

    def api_versions(
        self, fmt: str, versions: Iterable[str], revisions: dict[str, str] | None
    ) -> tuple[list[str], dict[str, str] | None]:
        """``versions`` and the keys of ``revisions`` as stored: normalised where
        the service normalises API input (NuGet), as single-version calls do."""
        plugin = self.packages.plugin(fmt)
        if not plugin.normalizes_api_input:
            return list(versions), revisions
        if revisions is not None:
            revisions = {plugin.normalize_version(k): v for k, v in revisions.items()}
        return [plugin.normalize_version(v) for v in versions], revisions

    @staticmethod
    def _batch(
        package: Package, versions: list[str], check: Callable[[str], Failure | None],
        change: Callable[[PackageVersion], dict[str, str]],
    ) -> dict[str, Any]:
        """Check every version, then (only if all pass) change each one."""
        failed = all_or_nothing(versions, check, lambda v: f"version {v} is skipped")
        if failed:
            return {"successfulVersions": {}, "failedVersions": failed}
        done = {name: change(package.versions[name]) for name in dict.fromkeys(versions)}
        package.changed()
        return {"successfulVersions": done, "failedVersions": {}}

    @staticmethod
    def _check_revision_keys(versions: list[str], revisions: dict[str, str] | None) -> None:
        if revisions and set(revisions) != set(versions):
            raise ValidationException("versionRevisions must name exactly the versions given in versions")

    # -- listing and describing ----------------------------------------------
    @operation
    def list_package_versions(
        self, *, domain: str, repository: str, format: str, package: str,
        domainOwner: str | None = None, namespace: str | None = None, status: str | None = None,
        sortBy: str | None = None, maxResults: int | None = None, nextToken: str | None = None,
        originType: str | None = None,
    ) -> dict[str, Any]:
        _, found = self.packages.find_package(domain, domainOwner, repository, format, namespace, package)

        def wanted(version: PackageVersion) -> bool:
            return (status is None or version.status == status) and (
                originType is None or version.origin["originType"] == originType
            )

        size = maxResults or 50
        if sortBy == "PUBLISHED_TIME":
            # Newest first; the cursor is the last (time, version) returned.
            ordered = sorted(
                found.versions.values(), key=lambda v: (-v.published_time.timestamp(), v.version)
            )
            matching = [v for v in ordered if wanted(v)]
            page, token = paginate(
                matching, lambda v: (-v.published_time.timestamp(), v.version), size, nextToken
            )
        else:
            # The format's version order: a page costs O(log n + page).
            start = 0
            if nextToken:
                after = decode_token(nextToken)
                if not isinstance(after, str):
                    raise ValidationException("The provided nextToken is not valid", reason="OTHER")
                start = found.order.bisect_key_right(self.packages.plugin(format).version_sort_key(after))
            page = []
            index = start
            names = found.order
            while index < len(names) and len(page) < size:
                version = found.versions[names[index]]
                if wanted(version):
                    page.append(version)
                index += 1
            more = any(wanted(found.versions[n]) for n in names.islice(index)) if index < len(names) else False
            token = encode_token(page[-1].version) if page and more else None
        result = page_result("versions", [version_summary(v) for v in page], token, **coordinates(found))
        display = self._default_display_version(found)
        if display is not None:
            result["defaultDisplayVersion"] = display
        return result

    @operation
    def describe_package_version(
        self, *, domain: str, repository: str, format: str, package: str, packageVersion: str,
        domainOwner: str | None = None, namespace: str | None = None,
    ) -> dict[str, Any]:
        _, found, version = self._find_version(domain, domainOwner, repository, format, namespace, package, packageVersion)
        meta = version.metadata
        description: dict[str, Any] = {"format": found.format}
        if found.namespace is not None:
            description["namespace"] = found.namespace
        description.update(
            packageName=found.name,
            displayName=self.packages.plugin(format).display_name(found.namespace, found.name, meta.display_name),
            version=version.version,
            summary=meta.summary,
            homePage=meta.home_page,
            sourceCodeRepository=meta.source_code_repository,
            publishedTime=version.published_time,
            licenses=[{k: v for k, v in (("name", n), ("url", u)) if v is not None} for n, u in meta.licenses],
            revision=version.revision,
            status=version.status,
            origin=version.origin,
        )
        return {"packageVersion": {k: v for k, v in description.items() if v is not None}}

    # -- the status state machine ---------------------------------------------
    @operation
    def update_package_versions_status(
        self, *, domain: str, repository: str, format: str, package: str, versions: list[str],
        targetStatus: str, domainOwner: str | None = None, namespace: str | None = None,
        versionRevisions: dict[str, str] | None = None, expectedStatus: str | None = None,
    ) -> dict[str, Any]:
        if targetStatus not in STATUS_TARGETS:
            raise ValidationException(
                f"targetStatus {targetStatus} is not allowed: a version's status can only be set to "
                + ", ".join(STATUS_TARGETS)
                + " (use DisposePackageVersions to dispose of versions)"
            )
        versions, versionRevisions = self.api_versions(format, versions, versionRevisions)
        self._check_revision_keys(versions, versionRevisions)
        _, found = self.packages.find_package(domain, domainOwner, repository, format, namespace, package)

        def disposed(version: PackageVersion) -> Failure | None:
            if version.status == "Disposed":
                return ("NOT_ALLOWED", f"version {version.version} is Disposed and can only be deleted")
            return None

        check = self._state_check(found, expectedStatus, versionRevisions, disposed)

        def change(version: PackageVersion) -> dict[str, str]:
            version.status = targetStatus
            return success(version)

        return self._batch(found, versions, check, change)

    @operation
    def dispose_package_versions(
        self, *, domain: str, repository: str, format: str, package: str, versions: list[str],
        domainOwner: str | None = None, namespace: str | None = None,
        versionRevisions: dict[str, str] | None = None, expectedStatus: str | None = None,
    ) -> dict[str, Any]:
        versions, versionRevisions = self.api_versions(format, versions, versionRevisions)
        self._check_revision_keys(versions, versionRevisions)
        repo, found = self.packages.find_package(domain, domainOwner, repository, format, namespace, package)
        check = self._state_check(found, expectedStatus, versionRevisions)

        def dispose(version: PackageVersion) -> dict[str, str]:
            for asset in version.assets:  # disposal deletes the assets for good
                repo.domain.assets.release(asset.sha256)
            version.assets = ()
            version.status = "Disposed"
            return success(version)

        return self._batch(found, versions, check, dispose)

    @operation
    def delete_package_versions(
        self, *, domain: str, repository: str, format: str, package: str, versions: list[str],
        domainOwner: str | None = None, namespace: str | None = None, expectedStatus: str | None = None,
    ) -> dict[str, Any]:
        versions, _ = self.api_versions(format, versions, None)
        repo, found = self.packages.find_package(domain, domainOwner, repository, format, namespace, package)
        check = self._state_check(found, expectedStatus, None)

        def delete(version: PackageVersion) -> dict[str, str]:
            drop_version(repo, found, version)
            return success(version, "Deleted")

        return self._batch(found, versions, check, delete)

    # -- assets, readme, dependencies -----------------------------------------
    @operation
    def list_package_version_assets(
        self, *, domain: str, repository: str, format: str, package: str, packageVersion: str,
        domainOwner: str | None = None, namespace: str | None = None,
        maxResults: int | None = None, nextToken: str | None = None,
    ) -> dict[str, Any]:
        repo, found, version = self._find_version(domain, domainOwner, repository, format, namespace, package, packageVersion)
        ordered = sorted(version.assets, key=lambda a: a.name)
        page, token = paginate(ordered, lambda a: a.name, maxResults, nextToken)
        store = repo.domain.assets
        assets = [{"name": a.name, "size": a.size, "hashes": store.hashes(a.sha256)} for a in page]
        return page_result(
            "assets", assets, token, **coordinates(found), version=version.version, versionRevision=version.revision
        )

    @operation
    def get_package_version_asset(
        self, *, domain: str, repository: str, format: str, package: str, packageVersion: str, asset: str,
        domainOwner: str | None = None, namespace: str | None = None, packageVersionRevision: str | None = None,
    ) -> dict[str, Any]:
        repo, _, version = self._find_version(domain, domainOwner, repository, format, namespace, package, packageVersion)
        if packageVersionRevision is not None and packageVersionRevision != version.revision:
            raise ResourceNotFoundException(
                f"Version {version.version} has no revision {packageVersionRevision}",
                resource_id=packageVersionRevision,
                resource_type="package-version",
            )
        if version.status in NO_DOWNLOAD:
            raise ConflictException(
                f"Version {version.version} is {version.status}: its assets cannot be downloaded",
                resource_id=version.version,
                resource_type="package-version",
            )
        for ref in version.assets:
            if ref.name == asset:
                return {
                    "asset": repo.domain.assets.data(ref.sha256),
                    "assetName": ref.name,
                    "packageVersion": version.version,
                    "packageVersionRevision": version.revision,
                }
        raise ResourceNotFoundException(
            f"Asset '{asset}' not found in version {version.version}", resource_id=asset, resource_type="asset"
        )

    @operation
    def get_package_version_readme(
        self, *, domain: str, repository: str, format: str, package: str, packageVersion: str,
        domainOwner: str | None = None, namespace: str | None = None,
    ) -> dict[str, Any]:
        if format == "maven":
            raise ValidationException("GetPackageVersionReadme is not supported for Maven packages")
        _, found, version = self._find_version(domain, domainOwner, repository, format, namespace, package, packageVersion)
        result = {**coordinates(found), "version": version.version, "versionRevision": version.revision}
        if version.metadata.readme is not None:
            result["readme"] = version.metadata.readme
        return result

    @operation
    def list_package_version_dependencies(
        self, *, domain: str, repository: str, format: str, package: str, packageVersion: str,
        domainOwner: str | None = None, namespace: str | None = None, nextToken: str | None = None,
    ) -> dict[str, Any]:
        _, found, version = self._find_version(domain, domainOwner, repository, format, namespace, package, packageVersion)
        keys = ("namespace", "package", "dependencyType", "versionRequirement")
        dependencies = [
            {k: v for k, v in zip(keys, dependency) if v is not None} for dependency in version.metadata.dependencies
        ]
        numbered = list(enumerate(dependencies))
        page, token = paginate(numbered, lambda item: item[0], None, nextToken, default_size=1000)
        return page_result(
            "dependencies", [d for _, d in page], token,
            **coordinates(found), version=version.version, versionRevision=version.revision,
        )
