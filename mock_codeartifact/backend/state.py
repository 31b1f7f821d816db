"""The records the backend keeps. Plain data; the rules live in the operations."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Policy:
    """A resource policy and its optimistic-lock revision."""

    document: str
    revision: str


@dataclass
class ExternalConnection:
    name: str
    package_format: str


@dataclass(repr=False)
class Repository:
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
    packages: dict[tuple[str, str, str], Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Repository {self.domain.name}/{self.name} upstreams={self.upstreams} packages={len(self.packages)}>"


@dataclass(repr=False)
class Domain:
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
    #: Extension point for later areas (package groups, asset store).
    extras: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Domain {self.name} owner={self.owner} region={self.region} repositories={len(self.repositories)}>"


@dataclass
class Token:
    """An authorization token: opens the repositories of one domain until it expires."""

    value: str = field(repr=False)
    domain: str
    domain_owner: str
    account_id: str
    region: str
    expiration: _dt.datetime
