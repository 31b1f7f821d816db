"""Simulated public registries behind external connections (``public:pypi``,
``public:npmjs``, ...), seeded offline by tests: what npmjs.com or PyPI would
serve when a repository with an external connection is asked for a package."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .assets import AssetStore
from .state import Domain, Package, Repository

#: The account and Region the registries' records carry; never a real caller.
PUBLIC_OWNER = "000000000000"


class Publisher(Protocol):
    """The backend the registries publish through (a
    :class:`~mock_codeartifact._backend.Backend` of their own account)."""

    @property
    def domains(self) -> dict[str, Domain]: ...

    @property
    def publish_package(self) -> Callable[..., dict[str, Any]]: ...


class PublicRegistry:
    """One public registry: a repository of its own, outside every domain."""

    def __init__(self, backend: Publisher, name: str, package_format: str, repository: Repository) -> None:
        self._backend = backend
        self.name = name
        self.format = package_format
        self.repository = repository

    def __repr__(self) -> str:
        return f"<PublicRegistry {self.name} ({self.format}) packages={len(self.repository.packages)}>"

    def publish_package(
        self, *, package: str | None = None, version: str | None = None, namespace: str | None = None,
        files: Mapping[str, bytes] | None = None, metadata: Mapping[str, Any] | None = None,
        dist_tags: Mapping[str, str] | None = None, published_time: _dt.datetime | None = None,
    ) -> dict[str, Any]:
        """Put a version in the registry (same arguments as the backend's
        ``publish_package``; name, version and metadata may come from files)."""
        return self._backend.publish_package(
            domain="public", repository=self.repository.name, format=self.format, package=package,
            version=version, namespace=namespace, files=files, metadata=metadata, dist_tags=dist_tags,
            published_time=published_time, domain_owner=PUBLIC_OWNER,
        )

    def package(self, namespace: str | None, name: str) -> Package | None:
        return self.repository.packages.get((self.format, namespace or "", name))


@dataclass(frozen=True)
class PublicState:
    """What the public registries hold: their one domain (a repository per
    registry in use) and the package format of each registry in use, by name."""

    domain: Domain
    registries: dict[str, str]


class PublicRegistries:
    """Every external connection's registry, created on first use."""

    def __init__(self, backend: Publisher, formats: Mapping[str, str], state: PublicState) -> None:
        """``backend``: a backend of account :data:`PUBLIC_OWNER` that is not
        in the registry's table (so invisible to every API listing);
        ``formats``: each external connection's package format; ``state``:
        what they hold (:meth:`empty`, a copy of what :meth:`state` gave, or
        one read from a state document: its records are theirs from now on)."""
        self._formats = formats
        self._backend = backend
        self._domain = state.domain
        backend.domains["public"] = state.domain
        self._registries: dict[str, PublicRegistry] = {
            name: PublicRegistry(backend, name, package_format, state.domain.repositories[name])
            for name, package_format in state.registries.items()
        }

    @staticmethod
    def empty(created_time: _dt.datetime) -> PublicState:
        """The state of registries nobody has used yet: their domain, no repository."""
        domain = Domain(
            name="public", owner=PUBLIC_OWNER, region="public", arn="arn:aws:codeartifact:public",
            created_time=created_time, encryption_key="", s3_bucket_arn="",
        )
        return PublicState(domain, {})

    def state(self) -> PublicState:
        """The domain and the registries in use (the records themselves, not
        copies: a snapshot copies them)."""
        return PublicState(self._domain, {name: item.format for name, item in self._registries.items()})

    @property
    def assets(self) -> AssetStore:
        return self._domain.assets

    def get(self, name: str) -> PublicRegistry:
        found = self._registries.get(name)
        if found is None:
            if name not in self._formats:
                raise KeyError(f"no external connection is called {name!r} (known: {', '.join(self._formats)})")
            repo = Repository(
                name=name, domain=self._domain, administrator_account=PUBLIC_OWNER, arn=name,
                created_time=self._domain.created_time,
            )
            self._domain.repositories[name] = repo
            found = self._registries[name] = PublicRegistry(self._backend, name, self._formats[name], repo)
        return found

    def __repr__(self) -> str:
        return f"<PublicRegistries {sorted(self._registries)}>"
