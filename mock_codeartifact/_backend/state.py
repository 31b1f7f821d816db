"""The records the backend keeps. Plain data; the rules live in the operations."""

from __future__ import annotations

import datetime as _dt
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .assets import AssetStore


@dataclass
class Policy:
    """A resource policy and its optimistic-lock revision."""

    document: str
    revision: str


@dataclass
class ExternalConnection:
    """A repository's connection to a public registry (``public:npmjs``)."""

    name: str
    package_format: str


@dataclass(repr=False, eq=False)
class Repository:
    """A repository of a domain. Compared by identity, as the domain and the
    package records are: it and its domain refer to each other."""

    name: str
    domain: Domain
    administrator_account: str
    arn: str
    created_time: _dt.datetime
    description: str | None = None
    upstreams: list[str] = field(default_factory=list)
    external_connections: list[ExternalConnection] = field(default_factory=list)
    policy: Policy | None = None
    tags: dict[str, str] = field(default_factory=dict)
    #: Packages of this repository, keyed by (format, namespace or "", name).
    packages: dict[tuple[str, str, str], Package] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Repository {self.domain.name}/{self.name} upstreams={self.upstreams} packages={len(self.packages)}>"


@dataclass(repr=False, eq=False)
class Domain:
    """A domain: its repositories, package groups, policy and asset store."""

    name: str
    owner: str
    region: str
    arn: str
    created_time: _dt.datetime
    encryption_key: str
    s3_bucket_arn: str
    repositories: dict[str, Repository] = field(default_factory=dict)
    policy: Policy | None = None
    tags: dict[str, str] = field(default_factory=dict)
    #: Every asset blob of the domain, stored once by content.
    assets: AssetStore = field(default_factory=lambda: _new_asset_store())
    #: Extension point for later areas (package groups).
    extras: dict[str, Any] = field(default_factory=dict)
    #: Package groups by pattern. The root group ``/*`` is added on first use
    #: (see ``PackageGroupOperations._package_groups``).
    package_groups: dict[str, PackageGroup] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Domain {self.name} owner={self.owner} region={self.region} repositories={len(self.repositories)}>"


#: The three ways a package version can enter a repository, as package-group
#: origin controls name them.
RESTRICTION_TYPES = ("EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM", "PUBLISH")


@dataclass(eq=False)
class PackageGroup:
    """A package group of a domain. The pattern is its identity; the parent
    and the associated packages are derived from the domain's other groups."""

    pattern: str
    created_time: _dt.datetime
    contact_info: str | None = None
    description: str | None = None
    #: Origin restriction mode per type: ALLOW, BLOCK, ALLOW_SPECIFIC_REPOSITORIES or INHERIT.
    restrictions: dict[str, str] = field(default_factory=lambda: dict.fromkeys(RESTRICTION_TYPES, "INHERIT"))
    #: Allowed repository names per restriction type.
    allowed_repositories: dict[str, set[str]] = field(
        default_factory=lambda: {kind: set() for kind in RESTRICTION_TYPES}
    )
    tags: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<PackageGroup {self.pattern} {self.restrictions}>"


@dataclass
class Token:
    """An authorization token: opens the repositories of one domain until it
    expires (or the domain is deleted), to the principal that asked for it."""

    value: str = field(repr=False)
    domain: str
    domain_owner: str
    account_id: str
    region: str
    expiration: _dt.datetime
    #: Who called GetAuthorizationToken (an IAM or STS ARN); None: the account's root.
    principal_arn: str | None = None


def _new_asset_store() -> AssetStore:
    from .assets import AssetStore

    return AssetStore()


@dataclass(frozen=True, slots=True)
class AssetRef:
    """One named asset of a version; the bytes live in the domain's store."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class VersionMetadata:
    """What the service shows of a version beyond its assets. Frozen and
    shared: identical metadata is one object, which keeps versions small."""

    display_name: str | None = None
    summary: str | None = None
    home_page: str | None = None
    source_code_repository: str | None = None
    #: ((name, url), ...)
    licenses: tuple[tuple[str | None, str | None], ...] = ()
    readme: str | None = None
    #: ((namespace, package, dependencyType, versionRequirement), ...)
    dependencies: tuple[tuple[str | None, str | None, str | None, str | None], ...] = ()
    #: npm's deprecation message (``npm deprecate``); None when not deprecated.
    deprecated: str | None = None


EMPTY_METADATA = VersionMetadata()


@dataclass(slots=True, eq=False)
class PackageVersion:
    version: str
    status: str
    revision: str
    published_time: _dt.datetime
    #: The API's PackageVersionOrigin dict (shared between versions).
    origin: dict[str, Any]
    metadata: VersionMetadata = EMPTY_METADATA
    assets: tuple[AssetRef, ...] = ()

    def __repr__(self) -> str:
        return f"<PackageVersion {self.version} {self.status} assets={len(self.assets)}>"


#: Every package change takes the next number: a package's ``generation``
#: names its content, so what is derived from it can be cached by generation.
_GENERATIONS = itertools.count(1)


def _next_generation() -> int:
    return next(_GENERATIONS)  # itertools.count is atomic under the GIL


@dataclass(eq=False)
class Package:
    """A package in one repository, with its versions and origin controls."""

    format: str
    namespace: str | None
    name: str
    publish: str = "ALLOW"
    upstream: str = "BLOCK"
    versions: dict[str, PackageVersion] = field(default_factory=dict, repr=False)
    #: Versions in the format's order, for pagination (a SortedKeyList).
    order: Any = field(default=None, repr=False)
    #: npm dist-tags: tag -> version.
    dist_tags: dict[str, str] = field(default_factory=dict)
    #: Cached defaultDisplayVersion (a 1-tuple); None when it must be recomputed.
    display_version: tuple[str | None] | None = field(default=None, repr=False)
    #: Unique across all packages and all time; renewed by every change, so
    #: equal generations mean equal content (a snapshot's copy keeps it).
    generation: int = field(default_factory=_next_generation, repr=False)

    def changed(self) -> None:
        """Forget what is derived from the versions (call after any change
        to the versions, their statuses or metadata, or the dist-tags)."""
        self.display_version = None
        self.generation = _next_generation()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.format, self.namespace or "", self.name)

    def __repr__(self) -> str:
        namespace = f"{self.namespace}/" if self.namespace else ""
        return (
            f"<Package {self.format}:{namespace}{self.name} versions={len(self.versions)} "
            f"publish={self.publish} upstream={self.upstream}>"
        )


@dataclass(frozen=True)
class Identity:
    """Who a client signing with one access key id is (``add_identity``)."""

    account_id: str
    #: An IAM user or role ARN, or an assumed-role session ARN, of that
    #: account; None: the account itself (``arn:aws:iam::{account}:root``).
    principal_arn: str | None = None

    def __post_init__(self) -> None:
        arn = self.principal_arn
        if arn is not None:
            parts = arn.split(":", 5)
            if len(parts) != 6 or parts[0] != "arn" or parts[2] not in ("iam", "sts") or parts[4] != self.account_id:
                raise ValueError(f"principal_arn {arn!r} is not an IAM or STS ARN of account {self.account_id}")
