"""PublishPackageVersion (generic packages through the API), and the seeding
API that puts any format's versions into a repository the way a package
manager, an upstream or an external connection would have."""

from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Mapping
from typing import Any, NamedTuple

from .._time import as_utc
from ..errors import (
    ConflictException,
    ServiceQuotaExceededException,
    ValidationException,
)
from . import admission
from .assets import content_hashes
from .base import AccountContext, Operations, operation_outside_lock
from .model_rules import check_members
from .packages import PackageOperations, origin, revision_of
from .state import AssetRef, Package, PackageVersion, Repository, VersionMetadata
from .versions import VersionOperations

_GENERIC_NAME_CATEGORIES = {"Ll", "Lm", "Lo", "Lt", "Lu", "Nl", "Nd"}
_GENERIC_NAME_SPECIALS = set("~!@^&()-_+[]{};,. ")


def check_generic_asset_name(name: str) -> None:
    """The generic format's asset-name rules (stricter than the model's)."""
    problem = None
    if name in (".", ".."):
        problem = "cannot be '.' or '..'"
    elif name != name.strip(" ") or "  " in name:
        problem = "cannot start or end with a space or contain two spaces in a row"
    else:
        bad = [c for c in name if c not in _GENERIC_NAME_SPECIALS and unicodedata.category(c) not in _GENERIC_NAME_CATEGORIES]
        if bad:
            problem = f"contains characters that are not allowed: {''.join(dict.fromkeys(bad))!r}"
    if problem:
        raise ValidationException(f"Invalid asset name '{name}': the name {problem}")


def _check_version_digits(fmt: str, version: str) -> None:
    """Refuse a version holding a number of absurd length (thousands of
    digits) before it is stored: no registry publishes one, and every
    later read of the package would have to cope with it."""
    from .._formats._versions import longest_digit_run
    from ..limits import get_limits

    limit = get_limits().max_version_digits
    if longest_digit_run(version) > limit:
        shown = version if len(version) <= 64 else version[:64] + "..."
        raise ValidationException(f"{fmt} version {shown!r} has a number longer than {limit} digits")


def metadata_from(values: Mapping[str, Any] | None) -> VersionMetadata:
    """VersionMetadata from the seeding API's plain dict (API or snake_case keys)."""
    if not values:
        return VersionMetadata()

    def get(*names: str) -> Any:
        for name in names:
            if values.get(name) is not None:
                return values[name]
        return None

    licenses = tuple(
        (lic.get("name"), lic.get("url")) if isinstance(lic, Mapping) else (str(lic), None)
        for lic in get("licenses") or ()
    )
    dependencies = tuple(
        (d.get("namespace"), d.get("package"), d.get("dependencyType", d.get("dependency_type")),
         d.get("versionRequirement", d.get("version_requirement")))
        for d in get("dependencies") or ()
    )
    return VersionMetadata(
        display_name=get("displayName", "display_name"),
        summary=get("summary"),
        home_page=get("homePage", "home_page"),
        source_code_repository=get("sourceCodeRepository", "source_code_repository"),
        licenses=licenses,
        readme=get("readme"),
        dependencies=dependencies,
    )


class Upload(NamedTuple):
    """A version's files as read before the registry lock is taken: its
    coordinates (stored form), metadata, npm dist-tags and the content hashes
    of every file. Everything slow about a publish (decompressing, parsing,
    hashing) produces this; only storing it happens under the lock."""

    format: str
    namespace: str | None
    package: str
    version: str
    metadata: VersionMetadata
    dist_tags: dict[str, str] | None
    files: dict[str, bytes]
    #: File name -> :func:`~mock_codeartifact._backend.assets.content_hashes`.
    hashes: dict[str, dict[str, str]]


def check_seeded(upload: Upload) -> None:
    """A seeded version must be one boto3 could address: its coordinates and
    asset names obey PublishPackageVersion's model rules, as the API's are."""
    check_members("PublishPackageVersion", {
        "format": upload.format, "namespace": upload.namespace, "package": upload.package,
        "packageVersion": upload.version,
    })
    for name in upload.files:
        check_members("PublishPackageVersion", {"assetName": name})


def hash_files(files: Mapping[str, bytes]) -> dict[str, dict[str, str]]:
    """The content hashes of every file (call it outside the registry lock)."""
    return {name: content_hashes(data) for name, data in files.items()}


class PublishOperations(Operations):
    def __init__(self, ctx: AccountContext, packages: PackageOperations, versions: VersionOperations) -> None:
        super().__init__(ctx)
        self.packages = packages
        self.versions = versions

    def _publish_result(self, package: Package, version: PackageVersion, asset: AssetRef, repo: Repository) -> dict[str, Any]:
        result: dict[str, Any] = {"format": package.format}
        if package.namespace is not None:
            result["namespace"] = package.namespace
        result.update(
            package=package.name,
            version=version.version,
            versionRevision=version.revision,
            status=version.status,
            asset={"name": asset.name, "size": asset.size, "hashes": repo.domain.assets.hashes(asset.sha256)},
        )
        return result

    @operation_outside_lock
    def publish_package_version(
        self, *, domain: str, repository: str, format: str, package: str, packageVersion: str,
        assetContent: bytes, assetName: str, assetSHA256: str, domainOwner: str | None = None,
        namespace: str | None = None, unfinished: bool | None = None,
    ) -> dict[str, Any]:
        # Checks in the service's order; the asset is hashed outside the lock,
        # and everything looked up before is looked up again under it.
        if format != "generic":
            raise ValidationException(
                f"PublishPackageVersion supports only the generic format, not {format}; "
                "publish other formats with their package manager"
            )
        with self._registry.lock:
            self._repository(domain, domainOwner, repository)
        _, namespace, package = self.packages.checked_coordinates(format, namespace, package)
        check_generic_asset_name(assetName)
        data = assetContent if isinstance(assetContent, bytes) else bytes(assetContent)
        hashes = content_hashes(data)
        calculated = hashes["SHA-256"]
        if calculated != assetSHA256:
            raise ValidationException(
                "The provided content hashes do not match the calculated content hashes. "
                f"Hash algorithm 'SHA-256', Expected hash '{assetSHA256}', Calculated hash '{calculated}'"
            )
        with self._registry.lock:
            repo = self._repository(domain, domainOwner, repository)
            return self._store_generic_asset(
                repo, format, namespace, package, packageVersion, assetName, data, hashes, unfinished
            )

    def _store_generic_asset(
        self, repo: Repository, format: str, namespace: str | None, package: str, packageVersion: str,
        assetName: str, data: bytes, hashes: dict[str, str], unfinished: bool | None,
    ) -> dict[str, Any]:
        """PublishPackageVersion's state change (the registry lock is held)."""
        repository = repo.name
        calculated = hashes["SHA-256"]
        quotas = self._registry.quotas
        if len(data) > quotas["asset_size_bytes"]:
            raise ServiceQuotaExceededException(
                f"Asset '{assetName}' is {len(data)} bytes; the limit is {quotas['asset_size_bytes']}",
                resource_id=assetName, resource_type="asset",
            )
        admission.check_publish(repo, format, namespace, package, packageVersion)
        existing_package = repo.packages.get((format, namespace or "", package))
        current = existing_package.versions.get(packageVersion) if existing_package else None
        same = next((a for a in current.assets if a.name == assetName), None) if current else None
        if same is not None and current is not None and existing_package is not None:
            if same.sha256 != calculated:
                raise ConflictException(
                    f"Asset '{assetName}' of version {packageVersion} already exists with different content",
                    resource_id=assetName, resource_type="asset",
                )
            if current.status != "Unfinished" or unfinished:
                return self._publish_result(existing_package, current, same, repo)  # idempotent re-upload
        elif current is not None and current.status != "Unfinished":
            raise ConflictException(
                f"Version {packageVersion} of package {package} is {current.status}; "
                "assets can only be added while a version is Unfinished",
                resource_id=packageVersion, resource_type="package-version",
            )
        assets = current.assets if current else ()
        if same is None:
            if len(assets) >= quotas["assets_per_version"]:
                raise ServiceQuotaExceededException(
                    f"Version {packageVersion} already has the maximum of {quotas['assets_per_version']} assets",
                    resource_id=packageVersion, resource_type="package-version",
                )
            assets = assets + (AssetRef(assetName, calculated, len(data)),)
        repo.domain.assets.put(data, calculated, hashes)
        target = self.packages.package_for_write(repo, format, namespace, package, "publish")
        version = PackageVersion(
            version=packageVersion,
            status="Unfinished" if unfinished else "Published",
            revision=revision_of(
                assets, current.metadata if current else VersionMetadata(), (format, namespace, package, packageVersion)
            ),
            published_time=current.published_time if current else self._now(),
            origin=current.origin if current else origin("repository", repository),
            metadata=current.metadata if current else VersionMetadata(),
            assets=assets,
        )
        self.packages.store_version(repo, target, version)
        asset = next(a for a in assets if a.name == assetName)
        return self._publish_result(target, version, asset, repo)

    # -- seeding ------------------------------------------------------------------
    def publish_package(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str | None = None,
        version: str | None = None,
        namespace: str | None = None,
        files: Mapping[str, bytes] | None = None,
        metadata: Mapping[str, Any] | None = None,
        status: str = "Published",
        origin_from: str | None = None,
        published_time: _dt.datetime | None = None,
        dist_tags: Mapping[str, str] | None = None,
        domain_owner: str | None = None,
    ) -> dict[str, Any]:
        """Seed a package version of any format, as a real account could hold it.

        ``files`` are the version's assets (``{name: bytes}``); for formats
        that carry metadata (wheel/sdist, npm tarball, POM, nupkg, gem, crate)
        the summary, licenses, readme, dependencies, and the name and version
        when not given, are read from them. ``metadata`` (API or snake_case
        keys: summary, homePage, licenses, readme, dependencies, ...) sets or
        overrides them. ``origin_from`` is None for a direct publish, or an
        external connection name (``"public:npmjs"``) for a version ingested
        from a public registry. Origin controls are not enforced: seeding sets
        up state, it does not test rules. Returns DescribePackageVersion's
        ``packageVersion``.
        """
        with self._registry.lock:
            self._repository(domain, domain_owner, repository)
        if status not in ("Published", "Unfinished", "Unlisted", "Archived", "Disposed"):
            raise ValidationException(f"Cannot seed a version with status {status}")
        # Read outside the lock: parsing a large file holds up nobody.
        files = files or {}
        upload = self.read_upload(format, package, version, namespace, files, metadata)
        check_seeded(upload)
        with self._registry.lock:
            return self._seed(
                domain, domain_owner, repository, upload, status, origin_from, published_time, dist_tags,
            )

    def read_upload(
        self, fmt: str, package: str | None, version: str | None, namespace: str | None,
        files: Mapping[str, bytes], metadata: Mapping[str, Any] | None,
    ) -> Upload:
        """Read and hash a version's files (never under the registry lock)."""
        namespace, package, version, meta, dist_tags = self.prepare(fmt, package, version, namespace, files, metadata)
        files = dict(files)
        return Upload(fmt, namespace, package, version, meta, dist_tags, files, hash_files(files))

    def prepare(
        self, fmt: str, package: str | None, version: str | None, namespace: str | None,
        files: Mapping[str, bytes], metadata: Mapping[str, Any] | None,
    ) -> tuple[str | None, str, str, VersionMetadata, dict[str, str] | None]:
        """Coordinates (stored form), metadata and npm dist-tags of a version
        from its files and/or plain metadata, as the format reads them."""
        plugin = self.packages.plugin(fmt)
        extracted: dict[str, Any] = {}
        dist_tags = None
        if files and fmt != "generic":
            try:
                found = plugin.extract_metadata(files)
            except ValueError as error:
                raise ValidationException(str(error)) from None
            extracted = {
                "display_name": found.display_name, "summary": found.summary, "home_page": found.home_page,
                "source_code_repository": found.source_code_repository, "licenses": found.licenses,
                "readme": found.readme, "dependencies": found.dependencies,
            }
            package = package or found.name
            version = version or found.version
            namespace = namespace if namespace is not None else found.namespace
            dist_tags = found.dist_tags or None
        if not package or not version:
            raise ValidationException("package and version are required (and could not be read from the files)")
        try:
            namespace = plugin.validate_namespace(namespace)
        except ValueError as error:
            raise ValidationException(str(error)) from None
        display = package
        package = plugin.normalize_name(package)
        version = plugin.normalize_version(version)
        _check_version_digits(fmt, version)
        values = {**{k: v for k, v in extracted.items() if v}, **(metadata or {})}
        values.setdefault("display_name", display if display != package else None)
        return namespace, package, version, metadata_from(values), dist_tags

    def new_version(
        self, repo: Repository, fmt: str, namespace: str | None, package: str, version: str,
        files: Mapping[str, bytes], meta: VersionMetadata, status: str, entry: dict[str, Any],
        published_time: _dt.datetime | None = None, hashes: Mapping[str, dict[str, str]] | None = None,
    ) -> PackageVersion:
        """A version record whose assets are in the domain's store (not yet
        referenced: ``_store_version`` takes the references). ``hashes`` of
        the files, when given, were computed before the lock was taken."""
        store = repo.domain.assets
        assets: tuple[AssetRef, ...] = ()
        if status != "Disposed":
            hashes = hashes or {}
            assets = tuple(
                AssetRef(name, store.put(data, None, hashes.get(name)), len(data)) for name, data in files.items()
            )
        return PackageVersion(
            version=version, status=status, revision=revision_of(assets, meta, (fmt, namespace, package, version)),
            published_time=as_utc(published_time) if published_time else self._now(), origin=entry, metadata=meta, assets=assets,
        )

    def _seed(
        self, domain: str, domain_owner: str | None, repository: str, upload: Upload, status: str,
        origin_from: str | None, published_time: _dt.datetime | None, dist_tags: Mapping[str, str] | None,
    ) -> dict[str, Any]:
        repo = self._repository(domain, domain_owner, repository)
        fmt, namespace, package, version = upload.format, upload.namespace, upload.package, upload.version
        if dist_tags is None:
            dist_tags = upload.dist_tags
        if origin_from is None:
            arrival, entry = "publish", origin("repository", repository)
        else:
            arrival, entry = "upstream", origin("external", origin_from)
        target = self.packages.package_for_write(repo, fmt, namespace, package, arrival)
        record = self.new_version(
            repo, fmt, namespace, package, version, upload.files, upload.metadata, status, entry, published_time,
            upload.hashes,
        )
        self.packages.store_version(repo, target, record)
        if dist_tags is not None:
            target.dist_tags.update(dist_tags)
        elif fmt == "npm":
            target.dist_tags["latest"] = version  # what `npm publish` does
        described: dict[str, Any] = self.versions.describe_package_version(
            domain=domain, domainOwner=domain_owner, repository=repository, format=fmt,
            namespace=namespace, package=package, packageVersion=version,
        )["packageVersion"]
        return described
