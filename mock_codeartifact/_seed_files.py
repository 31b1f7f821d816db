"""Seed files (``mock-codeartifact server --seed PATH``): domains,
repositories with upstreams and external connections, package versions, and
the simulated public registries behind external connections, filled with
real package files named relative to the seed file. YAML or JSON.

The schema (every key but ``name`` and ``files`` optional; see
docs/server.md for an example)::

    accountId: "123456789012"     # default: the server's --account-id
    region: us-east-1             # default: the server's --region
    domains:
      - name: acme
        accountId: ..., region: ..., encryptionKey: ..., tags: {key: value}
        repositories:
          - name: npm-store
            description: ...
            tags: {key: value}
            upstreams: [other-repository, ...]       # repositories of this domain
            externalConnections: [public:npmjs]
            packages:
              - files: [dist/acme_utils-1.0.0-py3-none-any.whl]
                format: pypi                          # default: from the files
                package, version, namespace, status, metadata, distTags
    publicRegistries:
      public:npmjs:
        - files: [packages/left-pad-1.3.0.tgz]
          package, version, namespace, metadata, distTags

``files`` is a list of paths (each asset named after its file; an npm
tarball becomes ``package.tgz`` as on CodeArtifact) or a mapping of asset
names to paths. Every seed file is read and checked completely before
anything is applied, and applying is all-or-nothing: a problem raises
:class:`SeedError` naming the file, the entry and the problem, with the
state exactly as before.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._backend.external_connections import EXTERNAL_CONNECTIONS
from .errors import ServiceError

if TYPE_CHECKING:
    from ._backend.registry import Registry

__all__ = ["SeedError", "apply_seed_files", "read_seed_file"]

#: A package file larger than this is refused (seeds are read into memory).
MAX_FILE_BYTES = 512 * 1024 * 1024

_FORMATS = ("generic", "npm", "pypi", "maven", "nuget", "swift", "ruby", "cargo")
_STATUSES = ("Published", "Unfinished", "Unlisted", "Archived", "Disposed")
_SUFFIX_FORMATS = (
    ((".whl", ".tar.gz", ".zip"), "pypi"), ((".tgz",), "npm"), ((".pom", ".jar"), "maven"),
    ((".nupkg",), "nuget"), ((".gem",), "ruby"), ((".crate",), "cargo"),
)


class SeedError(ValueError):
    """A seed file that cannot be applied: which file, which entry, why."""


@dataclass
class _Version:
    where: str
    format: str
    files: dict[str, bytes]
    package: str | None = None
    version: str | None = None
    namespace: str | None = None
    status: str = "Published"
    metadata: dict[str, Any] | None = None
    dist_tags: dict[str, str] | None = None


@dataclass
class _Repository:
    where: str
    name: str
    description: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    upstreams: list[str] = field(default_factory=list)
    external_connections: list[str] = field(default_factory=list)
    packages: list[_Version] = field(default_factory=list)


@dataclass
class _Domain:
    where: str
    name: str
    account_id: str | None
    region: str | None
    encryption_key: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    repositories: list[_Repository] = field(default_factory=list)


@dataclass
class Seed:
    """A seed file, read and checked."""

    path: Path
    domains: list[_Domain] = field(default_factory=list)
    public: list[tuple[str, _Version]] = field(default_factory=list)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.base = path.parent

    def fail(self, where: str, problem: str) -> SeedError:
        return SeedError(f"{self.path}: {where}: {problem}" if where else f"{self.path}: {problem}")

    def mapping(self, value: Any, where: str, allowed: Iterable[str], required: Sequence[str] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}")
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise self.fail(where, f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in value:
                raise self.fail(where, f"{key!r} is required")
        return value

    def string(self, value: Any, where: str, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # YAML reads 1.0 as a number: a version is text
        if not isinstance(value, str) or not value:
            raise self.fail(where, "expected a non-empty string")
        return value

    def strings(self, value: Any, where: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "expected a list of strings")
        return [self.string(item, f"{where}[{i}]", optional=False) or "" for i, item in enumerate(value)]

    def tags(self, value: Any, where: str) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, "expected a mapping of tag keys to values")
        return {str(k): self.string(v, f"{where}.{k}", optional=False) or "" for k, v in value.items()}

    def files(self, value: Any, where: str) -> dict[str, bytes]:
        if isinstance(value, list):
            named = {}
            for index, item in enumerate(value):
                relative = self.string(item, f"{where}[{index}]", optional=False) or ""
                named[Path(relative).name] = (relative, f"{where}[{index}]")
        elif isinstance(value, dict):
            named = {
                str(name): (self.string(item, f"{where}.{name}", optional=False) or "", f"{where}.{name}")
                for name, item in value.items()
            }
        else:
            raise self.fail(where, "expected a list of paths or a mapping of asset names to paths")
        if not named:
            raise self.fail(where, "at least one file is needed")
        files = {}
        for name, (relative, at) in named.items():
            path = (self.base / relative).resolve()
            try:
                size = path.stat().st_size
                if not path.is_file():
                    raise self.fail(at, f"{relative} is not a file")
                if size > MAX_FILE_BYTES:
                    raise self.fail(at, f"{relative} is larger than {MAX_FILE_BYTES} bytes")
                files[name] = path.read_bytes()
            except OSError as error:
                raise self.fail(at, f"cannot read {relative} ({error.strerror or error})") from None
        return files

    def version(self, value: Any, where: str, package_format: str | None) -> _Version:
        entry = self.mapping(value, where, ("files", "format", "package", "version", "namespace", "status",
                                            "metadata", "distTags"), ("files",))
        files = self.files(entry["files"], f"{where}.files")
        fmt = self.string(entry.get("format"), f"{where}.format") or package_format or _format_of(files)
        if fmt is None:
            raise self.fail(where, "give the format (no file name tells it)")
        if fmt not in _FORMATS:
            raise self.fail(f"{where}.format", f"unknown format {fmt!r} (one of {', '.join(_FORMATS)})")
        if package_format is not None and fmt != package_format:
            raise self.fail(f"{where}.format", f"this registry holds {package_format} packages, not {fmt}")
        if fmt == "npm":
            tarballs = [n for n in files if n.endswith(".tgz")]
            if len(tarballs) == 1 and "package.tgz" not in files:
                files["package.tgz"] = files.pop(tarballs[0])  # the asset's name on CodeArtifact
        status = self.string(entry.get("status"), f"{where}.status") or "Published"
        if status not in _STATUSES:
            raise self.fail(f"{where}.status", f"unknown status {status!r} (one of {', '.join(_STATUSES)})")
        metadata = entry.get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise self.fail(f"{where}.metadata", "expected a mapping")
        dist_tags = entry.get("distTags")
        return _Version(
            where=where, format=fmt, files=files,
            package=self.string(entry.get("package"), f"{where}.package"),
            version=self.string(entry.get("version"), f"{where}.version"),
            namespace=self.string(entry.get("namespace"), f"{where}.namespace"),
            status=status, metadata=metadata,
            dist_tags=self.tags(dist_tags, f"{where}.distTags") if dist_tags is not None else None,
        )

    def repository(self, value: Any, where: str) -> _Repository:
        entry = self.mapping(value, where, ("name", "description", "tags", "upstreams", "externalConnections",
                                            "packages"), ("name",))
        name = self.string(entry["name"], f"{where}.name", optional=False) or ""
        where = f"{where} ({name})"
        connections = self.strings(entry.get("externalConnections"), f"{where}.externalConnections")
        for index, connection in enumerate(connections):
            if connection not in EXTERNAL_CONNECTIONS:
                raise self.fail(f"{where}.externalConnections[{index}]",
                                f"unknown external connection {connection!r} (one of {', '.join(EXTERNAL_CONNECTIONS)})")
        packages = entry.get("packages") or []
        if not isinstance(packages, list):
            raise self.fail(f"{where}.packages", "expected a list")
        return _Repository(
            where=where, name=name, description=self.string(entry.get("description"), f"{where}.description"),
            tags=self.tags(entry.get("tags"), f"{where}.tags"),
            upstreams=self.strings(entry.get("upstreams"), f"{where}.upstreams"),
            external_connections=connections,
            packages=[self.version(item, f"{where}.packages[{i}]", None) for i, item in enumerate(packages)],
        )

    def domain(self, value: Any, where: str, account_id: str | None, region: str | None) -> _Domain:
        entry = self.mapping(value, where, ("name", "accountId", "region", "encryptionKey", "tags", "repositories"),
                             ("name",))
        name = self.string(entry["name"], f"{where}.name", optional=False) or ""
        where = f"{where} ({name})"
        repositories = entry.get("repositories") or []
        if not isinstance(repositories, list):
            raise self.fail(f"{where}.repositories", "expected a list")
        domain = _Domain(
            where=where, name=name,
            account_id=self.string(entry.get("accountId"), f"{where}.accountId") or account_id,
            region=self.string(entry.get("region"), f"{where}.region") or region,
            encryption_key=self.string(entry.get("encryptionKey"), f"{where}.encryptionKey"),
            tags=self.tags(entry.get("tags"), f"{where}.tags"),
            repositories=[self.repository(item, f"{where}.repositories[{i}]") for i, item in enumerate(repositories)],
        )
        known = {r.name for r in domain.repositories}
        for repo in domain.repositories:
            for index, upstream in enumerate(repo.upstreams):
                if upstream not in known:
                    raise self.fail(f"{repo.where}.upstreams[{index}]",
                                    f"{upstream!r} is not a repository of this seed's domain {name}")
        return domain

    def seed(self, document: Any) -> Seed:
        top = self.mapping(document if document is not None else {}, "", ("accountId", "region", "domains",
                                                                            "publicRegistries"))
        account_id = self.string(top.get("accountId"), "accountId")
        region = self.string(top.get("region"), "region")
        domains = top.get("domains") or []
        if not isinstance(domains, list):
            raise self.fail("domains", "expected a list")
        seed = Seed(self.path, [self.domain(item, f"domains[{i}]", account_id, region) for i, item in enumerate(domains)])
        registries = top.get("publicRegistries") or {}
        if not isinstance(registries, dict):
            raise self.fail("publicRegistries", "expected a mapping of external connection names to lists")
        for connection, versions in registries.items():
            where = f"publicRegistries.{connection}"
            if connection not in EXTERNAL_CONNECTIONS:
                raise self.fail(where, f"unknown external connection {connection!r} "
                                       f"(one of {', '.join(EXTERNAL_CONNECTIONS)})")
            if not isinstance(versions, list):
                raise self.fail(where, "expected a list of package versions")
            for index, item in enumerate(versions):
                seed.public.append((connection, self.version(item, f"{where}[{index}]", EXTERNAL_CONNECTIONS[connection])))
        return seed


def _format_of(files: dict[str, bytes]) -> str | None:
    for name in files:
        for suffixes, fmt in _SUFFIX_FORMATS:
            if name.endswith(suffixes):
                return fmt
    return None


def _parse(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(f"{path}: cannot read it ({getattr(error, 'strerror', None) or error})") from None
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except ValueError as error:
            raise SeedError(f"{path}: not valid JSON ({error})") from None
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML comes with the server extra
        raise SeedError(f"{path}: YAML seed files need PyYAML (pip install 'mock-codeartifact[server]'); "
                        "or write it as .json") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SeedError(f"{path}: not valid YAML ({error})") from None


def read_seed_file(path: str | os.PathLike[str]) -> Seed:
    """Read and check a seed file (its package files too); nothing is applied."""
    where = Path(path)
    return _Reader(where).seed(_parse(where))


def apply_seed_files(registry: Registry, paths: Iterable[str | os.PathLike[str]]) -> None:
    """Read and check every seed file, then apply them in order, all or
    nothing (on any problem the registry is put back as it was)."""
    seeds = [read_seed_file(path) for path in paths]
    saved = registry.snapshot()
    try:
        for seed in seeds:
            _apply(registry, seed)
    except BaseException:
        registry.restore(saved)
        raise


def _apply(registry: Registry, seed: Seed) -> None:
    def fail(where: str, error: Exception) -> SeedError:
        if isinstance(error, ServiceError):
            return SeedError(f"{seed.path}: {where}: {error.code}: {error.message}")
        return SeedError(f"{seed.path}: {where}: {error}")

    for connection, version in seed.public:
        try:
            registry.public_registry(connection).publish_package(
                files=version.files, package=version.package, version=version.version,
                namespace=version.namespace, metadata=version.metadata, dist_tags=version.dist_tags,
            )
        except (ServiceError, ValueError, TypeError) as error:
            raise fail(version.where, error) from None
    for domain in seed.domains:
        backend = registry.backend(domain.account_id, domain.region)
        where = domain.where
        try:
            backend.create_domain(
                domain=domain.name, encryptionKey=domain.encryption_key,
                tags=[{"key": k, "value": v} for k, v in domain.tags.items()] or None,
            )
            for repo in domain.repositories:
                where = repo.where
                backend.create_repository(
                    domain=domain.name, repository=repo.name, description=repo.description,
                    tags=[{"key": k, "value": v} for k, v in repo.tags.items()] or None,
                )
            for repo in domain.repositories:
                where = repo.where
                if repo.upstreams:  # every repository exists now, whatever the order
                    backend.update_repository(domain=domain.name, repository=repo.name,
                                              upstreams=[{"repositoryName": u} for u in repo.upstreams])
                for connection in repo.external_connections:
                    backend.associate_external_connection(domain=domain.name, repository=repo.name,
                                                          externalConnection=connection)
                for version in repo.packages:
                    where = version.where
                    backend.publish_package(
                        domain=domain.name, repository=repo.name, format=version.format, files=version.files,
                        package=version.package, version=version.version, namespace=version.namespace,
                        status=version.status, metadata=version.metadata, dist_tags=version.dist_tags,
                    )
        except (ServiceError, ValueError, TypeError) as error:
            raise fail(where, error) from None
