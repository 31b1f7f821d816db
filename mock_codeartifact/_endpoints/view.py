"""What an endpoint protocol may read and do in a repository: the typed
boundary between the package-manager protocols and the backend.

The backend's ``BackendRepositoryView`` implements it; a protocol never
reaches past it into backend state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .._backend._derived_cache import DerivedCache
    from .._backend.resolution import Found
    from .._backend.state import PackageVersion, Repository
    from .._formats.base import PackageFormat


class RepositoryView(Protocol):
    """One repository as a package manager's request sees it, in one format."""

    #: The repository the request names.
    repository: Repository
    #: The format object from the plugin registry (a plugin's override included).
    plugin: PackageFormat
    #: The API's ``format`` value (``plugin.name``).
    format: str
    #: The repository endpoint the request came in through (ends with ``/``).
    base_url: str

    def packages(self) -> list[tuple[str | None, str]]:
        """``(namespace, name)`` of every package a client can list here."""

    def versions(self, namespace: str | None, name: str) -> tuple[dict[str, PackageVersion], dict[str, str]]:
        """The listed versions of a package through the upstream graph, and its dist-tags."""

    def fetch(self, namespace: str | None, name: str, version: str) -> Found | None:
        """Resolve one version for download (retaining it here as the service does)."""

    def asset(self, version: PackageVersion | Found, name: str) -> bytes | None:
        """An asset's bytes, also of a listed version not retained yet."""

    def hashes(self, version: PackageVersion | Found, name: str) -> dict[str, str] | None:
        """An asset's hashes by the API's algorithm names."""

    def publish(self, files: Mapping[str, bytes], **options: Any) -> Found:
        """Publish files as a version, under origin controls and package groups,
        as the caller (authorization and the API's model constraints checked
        once the files are read). Options: ``namespace``, ``package``,
        ``version``, ``metadata``, ``status``, ``adds_assets``, ``dist_tags``,
        and ``declared_package``/``declared_version`` (what the request claims
        the files are: refused with a ValidationException when they disagree)."""

    def authorize_metadata_update(self, namespace: str | None, name: str) -> None:
        """Refuse (raise a ServiceError) unless the caller may change the
        package's metadata (``codeartifact:PutPackageMetadata``); ``set_dist_tag``
        and ``complete`` check it themselves, a protocol calls this to refuse
        before doing anything else."""

    def set_dist_tag(self, namespace: str | None, name: str, tag: str, version: str | None) -> dict[str, str]:
        """Set (or, with ``version=None``, remove) an npm dist-tag; the tags after."""

    def deprecate(self, namespace: str | None, name: str, version: str, message: str | None) -> None:
        """Set (None or ``""``: clear) the npm deprecation message of one of this repository's versions."""

    def listing_generations(self, namespace: str | None, name: str) -> tuple[int, ...]:
        """A stamp of what :meth:`versions` reads: while it is unchanged, so is the listing."""

    @property
    def derived(self) -> DerivedCache:
        """The mock's cache of documents derived from the state (bounded by bytes)."""

    def own_versions(self, namespace: str | None, name: str) -> dict[str, PackageVersion]:
        """This repository's own versions of a package, whatever their status."""

    def own_version(self, namespace: str | None, name: str, version: str) -> Found | None:
        """One of this repository's own versions, whatever its status."""

    def complete(self, namespace: str | None, name: str, version: str) -> bool:
        """Publish an Unfinished version (Maven's ``maven-metadata.xml`` upload)."""

    def display_name(self, found: Found) -> str:
        """The name a client shows for a version (the format's display name)."""
