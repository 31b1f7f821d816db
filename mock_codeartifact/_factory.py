"""Ready-made state for tests: domains, repositories and package versions.

The ``codeartifact_factory`` fixture is a :class:`CodeArtifactFactory` bound to
the test's mock; ``codeartifact_domain`` is the domain it makes by default.
Everything is seeded through the backend directly, so none of it shows in
``mock.calls`` (those stay the calls of the code under test).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._time import as_utc

if TYPE_CHECKING:
    from ._backend import Backend
    from ._clock import Clock

__all__ = ["DEFAULT_DOMAIN", "CodeArtifactFactory"]

#: The name of the domain ``codeartifact_domain`` creates (marker: ``domain=``).
DEFAULT_DOMAIN = "acme"


class CodeArtifactFactory:
    """Makes domains, repositories and package versions in one backend.

    ``repository()`` and ``package_version()`` work in :attr:`domain_name`
    unless given ``domain=``; that domain is created on first use.
    """

    def __init__(self, backend: Backend, clock: Clock, domain_name: str = DEFAULT_DOMAIN) -> None:
        self.backend = backend
        self.clock = clock
        #: The default domain of :meth:`repository` and :meth:`package_version`.
        self.domain_name = domain_name

    def domain(self, name: str | None = None, *, tags: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Create a domain (default: :attr:`domain_name`) if it does not exist;
        returns what ``DescribeDomain`` returns as ``domain``."""
        name = name or self.domain_name
        if name not in self.backend.domains:
            self.backend.create_domain(
                domain=name, tags=[{"key": k, "value": v} for k, v in (tags or {}).items()] or None
            )
        description: dict[str, Any] = self.backend.describe_domain(domain=name)["domain"]
        return description

    def repository(
        self,
        name: str,
        *,
        upstreams: Sequence[str] = (),
        external_connection: str | None = None,
        description: str | None = None,
        domain: str | None = None,
    ) -> dict[str, Any]:
        """Create a repository with ``upstreams`` (repository names, searched
        in that order) and an ``external_connection`` (``"public:pypi"``,
        ``"public:npmjs"``, ...); returns what ``DescribeRepository`` returns
        as ``repository``. Upstream repositories must exist already."""
        domain = self.domain(domain)["name"]
        self.backend.create_repository(
            domain=domain, repository=name, description=description,
            upstreams=[{"repositoryName": upstream} for upstream in upstreams] or None,
        )
        if external_connection is not None:
            self.backend.associate_external_connection(
                domain=domain, repository=name, externalConnection=external_connection
            )
        repository: dict[str, Any] = self.backend.describe_repository(domain=domain, repository=name)["repository"]
        return repository

    def package_version(
        self,
        repository: str,
        package: str | None = None,
        version: str | None = None,
        *,
        format: str = "generic",
        namespace: str | None = None,
        status: str = "Published",
        published_time: _dt.datetime | _dt.timedelta | None = None,
        files: Mapping[str, bytes] | None = None,
        metadata: Mapping[str, Any] | None = None,
        origin_from: str | None = None,
        dist_tags: Mapping[str, str] | None = None,
        domain: str | None = None,
    ) -> dict[str, Any]:
        """Seed a package version of any format in any status; returns what
        ``DescribePackageVersion`` returns as ``packageVersion``.

        ``published_time`` is a datetime (naive means UTC) or a ``timedelta``:
        that long before the mock clock's now (``timedelta(days=90)``: an old
        version for a clean-up job). ``generic`` packages need a
        ``namespace``; the other parameters are those of
        :meth:`~mock_codeartifact.Backend.publish_package`, which reads name,
        version and metadata from real package ``files``.
        """
        domain = self.domain(domain)["name"]
        if isinstance(published_time, _dt.timedelta):
            published_time = self.clock.now() - published_time
        elif published_time is not None:
            published_time = as_utc(published_time)
        return self.backend.publish_package(
            domain=domain, repository=repository, format=format, package=package, version=version,
            namespace=namespace, files=files, metadata=metadata, status=status, origin_from=origin_from,
            published_time=published_time, dist_tags=dist_tags,
        )

    def __repr__(self) -> str:
        return f"<CodeArtifactFactory domain={self.domain_name} backend={self.backend.account_id}/{self.backend.region}>"
