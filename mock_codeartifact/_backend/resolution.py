"""How package managers see a repository through its endpoint: the upstream
search order, retention of versions found upstream or through an external
connection, the status rules, and publishing with origin controls enforced.

These are not API operations; the format plugins' endpoint protocols call them
through :class:`BackendRepositoryView` (which implements
:class:`mock_codeartifact._endpoints.view.RepositoryView`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from ..errors import ConflictException, ValidationException
from .admission import EXTERNAL_UPSTREAM, INTERNAL_UPSTREAM, check_publish, may_retain
from .base import AccountContext, Operations
from .packages import PackageOperations, origin
from .publish import PublishOperations, Upload
from .repositories import upstream_closure
from .state import Package, PackageVersion, Repository, VersionMetadata

if TYPE_CHECKING:
    from .._formats.base import PackageFormat
    from ._derived_cache import DerivedCache
    from .assets import AssetStore
    from .public_registries import PublicRegistry

#: The most repositories one request searches ("Upstream repositories searched", not adjustable).
SEARCH_LIMIT = 25
#: Statuses whose assets a package manager can download; only Published ones are listed.
DOWNLOADABLE = ("Published", "Unlisted")
#: How often a publish that adds a file reads the version's files again when
#: the version changed meanwhile (another upload to it), before giving up.
_PUBLISH_ATTEMPTS = 5


class Admission(Protocol):
    """What a repository endpoint's caller may do, checked before the state
    changes: the transport passes one with the caller's identity (see
    ``_transport/_admission.py``). Each method raises a ServiceError to refuse."""

    def publish(self, upload: Upload) -> None:
        """A version about to be published (read from its files, not stored yet)."""

    def update_metadata(self, fmt: str, namespace: str | None, name: str) -> None:
        """A change of package metadata (npm dist-tags, Maven's maven-metadata.xml)."""


class Found(NamedTuple):
    """A version a request resolved to, and the repository that holds it now."""

    repository: Repository
    package: Package
    version: PackageVersion


class ResolutionOperations(Operations):
    def __init__(self, ctx: AccountContext, packages: PackageOperations, publishing: PublishOperations) -> None:
        super().__init__(ctx)
        self.packages = packages
        self.publishing = publishing

    # -- where to look ----------------------------------------------------------
    @staticmethod
    def _search_order(repo: Repository) -> list[Repository]:
        """The repository, then its upstreams depth-first in priority order."""
        domain = repo.domain
        upstreams = [domain.repositories[n] for n in upstream_closure(domain, repo.name) if n in domain.repositories]
        return ([repo] + upstreams)[:SEARCH_LIMIT]

    def _connections(self, order: list[Repository], fmt: str) -> list[tuple[Repository, PublicRegistry]]:
        """External connections of ``fmt`` reachable in the search, in order."""
        found = []
        for repo in order:
            for connection in repo.external_connections:
                if connection.package_format == fmt:
                    found.append((repo, self._registry.public_registry(connection.name)))
        return found

    def _retain(
        self, repo: Repository, fmt: str, namespace: str | None, name: str, version: PackageVersion,
        source_tags: Mapping[str, str],
    ) -> Found:
        """Keep a reference to ``version`` in ``repo`` (metadata only: assets are
        per domain)."""
        package = self.packages.package_for_write(repo, fmt, namespace, name, "upstream")
        copy = PackageVersion(
            version.version, version.status, version.revision, version.published_time,
            version.origin, version.metadata, version.assets,
        )
        self.packages.store_version(repo, package, copy)
        for tag, tagged in source_tags.items():
            package.dist_tags.setdefault(tag, tagged)
        return Found(repo, package, copy)

    def _ingest(
        self, holder: Repository, public: PublicRegistry, namespace: str | None, name: str, version: PackageVersion,
    ) -> PackageVersion:
        """Bring a public version into the repository holding the connection:
        its bytes into the domain's store, origin EXTERNAL."""
        fmt = public.format
        package = self.packages.package_for_write(holder, fmt, namespace, name, "upstream")
        store, source_store = holder.domain.assets, public.repository.domain.assets
        for asset in version.assets:
            store.put(source_store.data(asset.sha256), asset.sha256, source_store.hashes(asset.sha256))
        copy = PackageVersion(
            version.version, "Published", version.revision, self._now(),
            origin("external", public.name), version.metadata, version.assets,
        )
        self.packages.store_version(holder, package, copy)
        source = public.package(namespace, name)
        for tag, tagged in (source.dist_tags if source else {}).items():
            if tagged == version.version:
                package.dist_tags[tag] = tagged
        return copy

    # -- what a package manager sees ---------------------------------------------------
    def resolve_version(
        self, repo: Repository, fmt: str, namespace: str | None, name: str, version: str
    ) -> Found | None:
        """The version a request for ``name`` ``version`` gets through ``repo``:
        the first repository in the search order that has it, else a public
        registry behind a reachable external connection. A version found
        elsewhere is retained as the service retains it: in ``repo`` (the most
        downstream), and for external ones also in the repository holding the
        connection. None when it is nowhere, may not be retained, or its
        status makes it unavailable."""
        with self._registry.lock:
            key = (fmt, namespace or "", name)
            order = self._search_order(repo)
            for holder in order:
                package = holder.packages.get(key)
                if package is None or version not in package.versions:
                    continue
                found = package.versions[version]
                if found.status not in DOWNLOADABLE:
                    return None
                if holder is repo:
                    return Found(repo, package, found)
                if not may_retain(repo, fmt, namespace, name, INTERNAL_UPSTREAM):
                    return None
                tags = {t: v for t, v in package.dist_tags.items() if v == version}
                return self._retain(repo, fmt, namespace, name, found, tags)
            for holder, public in self._connections(order, fmt):
                source = public.package(namespace, name)
                if source is None or version not in source.versions:
                    continue
                if not may_retain(holder, fmt, namespace, name, EXTERNAL_UPSTREAM):
                    return None
                if holder is not repo and not may_retain(repo, fmt, namespace, name, INTERNAL_UPSTREAM):
                    return None
                ingested = self._ingest(holder, public, namespace, name, source.versions[version])
                package = holder.packages[key]
                if holder is repo:
                    return Found(repo, package, ingested)
                tags = {t: v for t, v in package.dist_tags.items() if v == version}
                return self._retain(repo, fmt, namespace, name, ingested, tags)
            return None

    def listed_versions(
        self, repo: Repository, fmt: str, namespace: str | None, name: str
    ) -> tuple[dict[str, PackageVersion], dict[str, str]]:
        """Versions a package manager lists for ``name`` through ``repo`` (only
        Published ones; each from the first repository that has it, upstream
        and public ones only where they could be retained), and the merged
        npm dist-tags (on the same tag the upstream value wins)."""
        with self._registry.lock:
            versions: dict[str, PackageVersion] = {}
            tags: dict[str, str] = {}
            seen: set[str] = set()
            for package in self._listing_sources(repo, fmt, namespace, name):
                for number, version in package.versions.items():
                    if number not in seen:
                        seen.add(number)
                        if version.status == "Published":
                            versions[number] = version
                tags = {**tags, **package.dist_tags}  # upstream tags win
            return versions, {t: v for t, v in tags.items() if v in versions}

    def listing_generations(self, repo: Repository, fmt: str, namespace: str | None, name: str) -> tuple[int, ...]:
        """What :meth:`listed_versions` is made of, as the generations of the
        packages it reads: equal tuples mean an equal listing, so a document
        built from one can be served again until this changes."""
        with self._registry.lock:
            return tuple(p.generation for p in self._listing_sources(repo, fmt, namespace, name))

    def _listing_sources(self, repo: Repository, fmt: str, namespace: str | None, name: str) -> list[Package]:
        """The packages a listing reads, first one first: the repository's
        own, then (where versions may be retained) its upstreams' in search
        order and the public registries' behind external connections."""
        key = (fmt, namespace or "", name)
        order = self._search_order(repo)
        sources: list[Package] = []
        own = repo.packages.get(key)
        if own is not None:
            sources.append(own)
        if may_retain(repo, fmt, namespace, name, INTERNAL_UPSTREAM):
            sources += [r.packages[key] for r in order[1:] if key in r.packages]
            for holder, public in self._connections(order, fmt):
                source = public.package(namespace, name)
                if source is not None and may_retain(holder, fmt, namespace, name, EXTERNAL_UPSTREAM):
                    sources.append(source)
        return sources

    def listed_packages(self, repo: Repository, fmt: str) -> list[tuple[str | None, str]]:
        """Packages of ``fmt`` with listed versions in ``repo`` or its upstreams."""
        with self._registry.lock:
            names = set()
            for holder in self._search_order(repo):
                for package in holder.packages.values():
                    if package.format == fmt and any(v.status == "Published" for v in package.versions.values()):
                        names.add((package.namespace, package.name))
            return sorted(names, key=lambda n: (n[0] or "", n[1]))

    def asset_hashes(self, repo: Repository, sha256: str) -> dict[str, str] | None:
        """Hashes of a blob in ``repo``'s domain, or in the public registries
        (versions listed through an external connection, not ingested yet)."""
        with self._registry.lock:
            store = self._store_holding(repo, sha256)
            return store.hashes(sha256) if store is not None else None

    def _store_holding(self, repo: Repository, sha256: str) -> AssetStore | None:
        if sha256 in repo.domain.assets:
            return repo.domain.assets
        public = self._registry.public_store()
        return public if public is not None and sha256 in public else None

    def asset_data(self, repo: Repository, version: PackageVersion, asset: str) -> bytes | None:
        with self._registry.lock:
            for ref in version.assets:
                if ref.name == asset:
                    store = self._store_holding(repo, ref.sha256)
                    return store.data(ref.sha256) if store is not None else None
            return None

    def repository_view(
        self, domain: str, owner: str, repository: str, fmt: str, base_url: str, admission: Admission | None = None,
    ) -> BackendRepositoryView:
        """A repository as a package manager's request through ``base_url``
        sees it; ``admission`` checks what the request changes (None: anything
        goes, as for seeding)."""
        plugin = self.packages.plugin(fmt)
        with self._registry.lock:
            return BackendRepositoryView(
                self, self._repository(domain, owner, repository), plugin, base_url, admission
            )

    # -- publishing through an endpoint -----------------------------------------------
    def publish_from_endpoint(
        self, repo: Repository, fmt: str, files: Mapping[str, bytes], *, namespace: str | None = None,
        package: str | None = None, version: str | None = None, metadata: Mapping[str, Any] | None = None,
        status: str = "Published", adds_assets: bool = False, dist_tags: Mapping[str, str] | None = None,
        declared_package: str | None = None, declared_version: str | None = None,
        admission: Admission | None = None,
    ) -> Found:
        """Publish as a package manager does: origin controls and package
        groups enforced, an existing version refused unless the format adds
        assets to versions one file at a time (``adds_assets``: PyPI's wheel
        and sdist, Maven's POM and JAR), where an identical file is accepted
        again and a different one under the same name is a conflict.

        The files are read and hashed before the registry lock is taken;
        ``declared_package``/``declared_version`` (what the request says the
        files are, e.g. twine's form fields) must agree with what they hold;
        then ``admission`` (the caller's authorization and the API's model
        constraints) sees the version. Only storing it holds the lock, and
        every precondition is checked again there."""
        upload = self.publishing.read_upload(fmt, package, version, namespace, files, metadata)
        self._check_declared(upload, declared_package, declared_version)
        if not upload.files:
            raise ValidationException(
                f"Nothing to publish for {upload.package} {upload.version}: no files were sent"
            )
        if admission is not None:
            admission.publish(upload)
        tags = dict(dist_tags or upload.dist_tags or {})
        for _ in range(_PUBLISH_ATTEMPTS):
            with self._registry.lock:
                current = self._endpoint_publish_allowed(repo, upload, adds_assets)
                if current is None:
                    return self._store_upload(repo, upload, upload.metadata, status, None, tags)
                held = current.assets
                store = repo.domain.assets
                merged = {**{a.name: store.data(a.sha256) for a in held}, **upload.files}
            # A file added to a version: its metadata is read again from all its
            # files (the POM may come after the JAR), still outside the lock.
            meta = self.publishing.prepare(fmt, upload.package, upload.version, upload.namespace, merged, metadata)[3]
            with self._registry.lock:
                again = self._endpoint_publish_allowed(repo, upload, adds_assets)
                if again is current and again.assets == held:
                    merged_upload = Upload(
                        fmt, upload.namespace, upload.package, upload.version, meta, upload.dist_tags,
                        merged, {**{a.name: store.hashes(a.sha256) for a in held}, **upload.hashes},
                    )
                    return self._store_upload(repo, merged_upload, meta, status, current, tags)
            # The version changed while its files were read: read them again.
        raise ConflictException(
            f"Version {upload.version} of {upload.package} kept changing while it was published; try again",
            resource_id=upload.version, resource_type="package-version",
        )

    def _check_declared(self, upload: Upload, package: str | None, version: str | None) -> None:
        """What a request says its file is must be what the file says it is
        (twine sends the name and version as form fields). The refusal is
        PyPI's (warehouse's legacy upload API: 400 with these messages)."""
        plugin = self.packages.plugin(upload.format)
        if package is not None and plugin.normalize_name(package) != upload.package:
            # The file (name and metadata) should be the declared project's.
            prefix = plugin.normalize_name(package).replace("-", "_")
            raise ValidationException(f"Start filename for {package!r} with {prefix!r}.")
        if version is not None and plugin.normalize_version(version) != upload.version:
            raise ValidationException(f"Version in filename should be {version!r} not {upload.version!r}.")

    def _endpoint_publish_allowed(self, repo: Repository, upload: Upload, adds_assets: bool) -> PackageVersion | None:
        """Check, under the lock, that ``upload`` may enter ``repo``; the
        version it adds files to (``adds_assets``), or None for a new one."""
        self._still_there(repo)
        fmt, namespace, package, version = upload.format, upload.namespace, upload.package, upload.version
        check_publish(repo, fmt, namespace, package, version)
        existing = repo.packages.get((fmt, namespace or "", package))
        current = existing.versions.get(version) if existing is not None else None
        if current is None and (existing is None or existing.upstream == "ALLOW"):
            # A version that exists upstream or in the public registry cannot
            # be published here while upstream versions may be retained.
            upstream = self._exists_elsewhere(repo, fmt, namespace, package, version)
            if upstream is not None:
                raise ConflictException(
                    f"Version {version} of {package} already exists in {upstream}",
                    resource_id=version, resource_type="package-version",
                )
        if current is None:
            return None
        if not adds_assets:
            raise ConflictException(
                f"Version {version} of {package} already exists in repository {repo.name}",
                resource_id=version, resource_type="package-version",
            )
        held = {a.name: a for a in current.assets}
        for name, hashes in upload.hashes.items():
            if name in held and held[name].sha256 != hashes["SHA-256"]:
                raise ConflictException(
                    f"Asset {name} of {package} {version} already exists with different content",
                    resource_id=name, resource_type="asset",
                )
        return current

    def _store_upload(
        self, repo: Repository, upload: Upload, meta: VersionMetadata, status: str, current: PackageVersion | None,
        dist_tags: Mapping[str, str],
    ) -> Found:
        """Store a checked upload as a version of ``repo`` (lock held)."""
        if current is not None:
            status = "Published" if status == "Published" or current.status == "Published" else current.status
        record = self.publishing.new_version(
            repo, upload.format, upload.namespace, upload.package, upload.version, upload.files, meta, status,
            current.origin if current else origin("repository", repo.name),
            current.published_time if current else None, upload.hashes,
        )
        target = self.packages.package_for_write(repo, upload.format, upload.namespace, upload.package, "publish")
        self.packages.store_version(repo, target, record)
        for tag, tagged in dist_tags.items():
            target.dist_tags[tag] = tagged
        return Found(repo, target, record)

    def _exists_elsewhere(
        self, repo: Repository, fmt: str, namespace: str | None, name: str, version: str
    ) -> str | None:
        key = (fmt, namespace or "", name)
        order = self._search_order(repo)
        for holder in order[1:]:
            package = holder.packages.get(key)
            if package is not None and version in package.versions:
                return f"upstream repository {holder.name}"
        for _, public in self._connections(order, fmt):
            source = public.package(namespace, name)
            if source is not None and version in source.versions:
                return public.name
        return None

    def complete_version(self, repo: Repository, fmt: str, namespace: str | None, name: str, version: str) -> bool:
        """Unfinished -> Published; False when the version is not Unfinished here."""
        with self._registry.lock:
            package = repo.packages.get((fmt, namespace or "", name))
            record = package.versions.get(version) if package is not None else None
            if package is None or record is None or record.status != "Unfinished":
                return False
            record.status = "Published"
            package.changed()
            return True

    def set_dist_tag(self, repo: Repository, fmt: str, namespace: str | None, name: str, tag: str, version: str | None) -> dict[str, str]:
        """Point ``tag`` at ``version`` (None removes it); the package's tags after."""
        with self._registry.lock:
            package = repo.packages.get((fmt, namespace or "", name))
            if package is None:
                raise self.packages.missing_package(repo, fmt, namespace, name)
            if version is None:
                package.dist_tags.pop(tag, None)
            else:
                if version not in package.versions:
                    raise self.packages.missing_version(package, version)
                package.dist_tags[tag] = version
            package.changed()
            return dict(package.dist_tags)

    def deprecate(
        self, repo: Repository, fmt: str, namespace: str | None, name: str, version: str, message: str | None,
    ) -> None:
        """Set (or, with None or ``""``, clear) a version's deprecation message
        (``npm deprecate``) on this repository's own version."""
        with self._registry.lock:
            package = repo.packages.get((fmt, namespace or "", name))
            if package is None:
                raise self.packages.missing_package(repo, fmt, namespace, name)
            record = package.versions.get(version)
            if record is None:
                raise self.packages.missing_version(package, version)
            if (record.metadata.deprecated or None) != (message or None):
                record.metadata = replace(record.metadata, deprecated=message or None)
                package.changed()


class BackendRepositoryView:
    """One repository as a package manager's request sees it, in one format:
    what a format's endpoint protocol may read and do. ``base_url`` is the
    repository endpoint the request came in through (ends with ``/``);
    ``plugin`` is the format object from the plugin registry."""

    def __init__(self, backend: ResolutionOperations, repository: Repository, plugin: PackageFormat,
                 base_url: str, admission: Admission | None = None) -> None:
        self._backend = backend
        self._admission = admission
        self.repository = repository
        self.plugin = plugin
        self.format = plugin.name
        self.base_url = base_url

    def __repr__(self) -> str:
        return f"<RepositoryView {self.repository.domain.name}/{self.repository.name} {self.format} at {self.base_url}>"

    def packages(self) -> list[tuple[str | None, str]]:
        return self._backend.listed_packages(self.repository, self.format)

    def versions(self, namespace: str | None, name: str) -> tuple[dict[str, PackageVersion], dict[str, str]]:
        return self._backend.listed_versions(self.repository, self.format, namespace, name)

    def fetch(self, namespace: str | None, name: str, version: str) -> Found | None:
        return self._backend.resolve_version(self.repository, self.format, namespace, name, version)

    def asset(self, version: PackageVersion | Found, name: str) -> bytes | None:
        """An asset's bytes, also of a listed version not retained yet."""
        record = version.version if isinstance(version, Found) else version
        return self._backend.asset_data(self.repository, record, name)

    def hashes(self, version: PackageVersion | Found, name: str) -> dict[str, str] | None:
        """An asset's hashes, also for a listed version not retained yet (whose
        bytes may still be in a public registry)."""
        record = version.version if isinstance(version, Found) else version
        for ref in record.assets:
            if ref.name == name:
                return self._backend.asset_hashes(self.repository, ref.sha256)
        return None

    def publish(self, files: Mapping[str, bytes], **options: Any) -> Found:
        return self._backend.publish_from_endpoint(
            self.repository, self.format, files, admission=self._admission, **options
        )

    def authorize_metadata_update(self, namespace: str | None, name: str) -> None:
        """Refuse (a ServiceError) unless the caller may change the package's metadata."""
        if self._admission is not None:
            self._admission.update_metadata(self.format, namespace, name)

    def set_dist_tag(self, namespace: str | None, name: str, tag: str, version: str | None) -> dict[str, str]:
        self.authorize_metadata_update(namespace, name)
        return self._backend.set_dist_tag(self.repository, self.format, namespace, name, tag, version)

    def deprecate(self, namespace: str | None, name: str, version: str, message: str | None) -> None:
        self._backend.deprecate(self.repository, self.format, namespace, name, version, message)

    def listing_generations(self, namespace: str | None, name: str) -> tuple[int, ...]:
        return self._backend.listing_generations(self.repository, self.format, namespace, name)

    @property
    def derived(self) -> DerivedCache:
        return self._backend._registry.derived_cache

    def own_versions(self, namespace: str | None, name: str) -> dict[str, PackageVersion]:
        """This repository's own versions of a package, whatever their status."""
        with self._backend._registry.lock:
            package = self.repository.packages.get((self.format, namespace or "", name))
            return dict(package.versions) if package is not None else {}

    def own_version(self, namespace: str | None, name: str, version: str) -> Found | None:
        with self._backend._registry.lock:
            package = self.repository.packages.get((self.format, namespace or "", name))
            record = package.versions.get(version) if package is not None else None
            return Found(self.repository, package, record) if package is not None and record is not None else None

    def complete(self, namespace: str | None, name: str, version: str) -> bool:
        """Publish an Unfinished version (Maven's maven-metadata.xml upload)."""
        self.authorize_metadata_update(namespace, name)
        return self._backend.complete_version(self.repository, self.format, namespace, name, version)

    def display_name(self, found: Found) -> str:
        return self.plugin.display_name(found.package.namespace, found.package.name, found.version.metadata.display_name)
