"""The whole state of a :class:`~mock_codeartifact.backend.registry.Registry`,
saved and put back: in memory (:func:`snapshot`/:func:`restore`) and as JSON
(:func:`export_json`/:func:`import_json`).

A snapshot is a deep copy of every account's and Region's backend, the
simulated public registries behind external connections, the authorization
tokens, the identities (``add_identity``), the quotas, the random source's state and the clock's state. Restoring copies it again, so one snapshot can be restored any number
of times (a session-scoped seed reset for each test) and into any registry.
Copying shares what the backend never mutates (version metadata, asset
references, origin dicts, blob bytes), which keeps a snapshot cheap.

The JSON document holds the same, as plain data: domains, repositories
(upstreams, external connections, policies, tags), packages (origin controls,
npm dist-tags) with every version (status, revision, origin, published time,
metadata, assets), package groups (restrictions, allowed repositories, tags),
each domain's asset blobs in base64 (reference counts are rebuilt from the
versions on import; with ``embed_assets=False``, a blob kept on disk by a
data directory is named by its hash, size and hashes instead), the simulated public registries (as one more domain),
tokens, identities, quotas, the clock and the random source.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import json
import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sortedcontainers import SortedKeyList

from .._time import as_utc
from ..clock import ClockState
from .assets import AssetStore, Blob
from .packages import copy_sorted_list, new_package, origin
from .public_registries import PUBLIC_OWNER, PublicRegistries, PublicState
from .state import (
    Identity,
    EMPTY_METADATA,
    AssetRef,
    Domain,
    ExternalConnection,
    Package,
    PackageGroup,
    PackageVersion,
    Policy,
    Repository,
    Token,
    VersionMetadata,
)


if TYPE_CHECKING:
    from .registry import Registry

__all__ = ["Snapshot", "export_json", "import_json", "restore", "snapshot"]

#: The JSON document's format marker and version.
FORMAT = "mock_codeartifact/state"
VERSION = 1


# -- in-memory snapshots --------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Snapshot:
    """The state of a registry at one moment. Opaque: give it to :func:`restore`."""

    backends: dict[tuple[str, str], Any]
    tokens: dict[str, Token]
    quotas: dict[str, int]
    random_state: Any
    clock_state: ClockState
    #: The simulated public registries behind external connections (None: unused).
    public: PublicState | None = None
    #: Access key id -> Identity (immutable records, shared).
    identities: Any = dataclasses.field(default_factory=dict)

    def __repr__(self) -> str:
        domains = sum(len(b.domains) for b in self.backends.values())
        return f"<Snapshot backends={len(self.backends)} domains={domains} tokens={len(self.tokens)}>"


class _Detached:
    """Stands in for the registry (and its lock, clock, random source) inside
    a snapshot, so a snapshot holds no live registry and restores into any."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<detached {self.name}>"

    def __deepcopy__(self, memo: dict[int, Any]) -> _Detached:
        return self


_DETACHED = {name: _Detached(name) for name in ("registry", "lock", "clock", "random")}

#: Values the backend never mutates in place: shared, not copied.
_ATOMIC: frozenset[type] = frozenset({
    str, int, float, bool, bytes, type(None), complex, frozenset,
    _dt.datetime, _dt.date, _dt.timedelta, _dt.timezone,
    VersionMetadata, AssetRef,
})


def _copy(value: Any, memo: dict[int, Any]) -> Any:
    """A deep copy that shares immutable values and keeps object identity
    (two references to one record stay two references to one copy)."""
    kind = type(value)
    if kind in _ATOMIC:
        return value
    found = memo.get(id(value))
    if found is not None:
        return found
    copier = _COPIERS.get(kind)
    if copier is not None:
        return copier(value, memo)
    if kind is dict:
        new: Any = {}
        memo[id(value)] = new
        for key, item in value.items():
            new[key if type(key) in _ATOMIC else _copy(key, memo)] = _copy(item, memo)
        return new
    if kind is list:
        new = []
        memo[id(value)] = new
        new.extend(_copy(item, memo) for item in value)
        return new
    if kind is tuple:
        items = tuple(_copy(item, memo) for item in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if kind is set:
        new = set()
        memo[id(value)] = new
        new.update(_copy(item, memo) for item in value)
        return new
    if dataclasses.is_dataclass(kind):
        return _copy_fields(value, memo, _field_names(kind))
    if hasattr(value, "__dict__") and not callable(value):
        return _copy_object(value, memo)
    return copy.deepcopy(value, memo)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def _copy_fields(value: Any, memo: dict[int, Any], names: tuple[str, ...]) -> Any:
    kind: Any = type(value)
    new = kind.__new__(kind)
    memo[id(value)] = new
    for name in names:
        object.__setattr__(new, name, _copy(getattr(value, name), memo))
    extra = getattr(value, "__dict__", None)
    if extra:  # attributes beyond the fields
        for name, item in extra.items():
            if name not in names:
                object.__setattr__(new, name, _copy(item, memo))
    return new


def _copy_object(value: Any, memo: dict[int, Any]) -> Any:
    """A plain object (a Backend): every attribute copied."""
    kind: Any = type(value)
    new = kind.__new__(kind)
    memo[id(value)] = new
    state = {name: _copy(item, memo) for name, item in vars(value).items()}
    new.__dict__.update(state)
    return new


def _version_copier() -> Any:
    """Versions are the bulk of any state: their known fields hold only
    immutable values (origin dicts are shared and never mutated), so a copy
    is one constructor call. Fields added later are deep-copied."""
    names = _field_names(PackageVersion)
    known = ("version", "status", "revision", "published_time", "origin", "metadata", "assets")
    if set(names) == set(known) and all(f.init for f in dataclasses.fields(PackageVersion)):
        values = operator.attrgetter(*names)

        def copy_version(version: PackageVersion, memo: dict[int, Any]) -> PackageVersion:
            new = memo[id(version)] = PackageVersion(*values(version))
            return new

        return copy_version

    def copy_version_slowly(version: PackageVersion, memo: dict[int, Any]) -> PackageVersion:
        new = PackageVersion.__new__(PackageVersion)
        memo[id(version)] = new
        for name in names:
            item = getattr(version, name)
            object.__setattr__(new, name, item if name in known else _copy(item, memo))
        return new

    return copy_version_slowly


def _copy_sorted_list(value: Any, memo: dict[int, Any]) -> Any:
    new = memo[id(value)] = copy_sorted_list(value)
    return new


def _copy_asset_store(store: AssetStore, memo: dict[int, Any]) -> AssetStore:
    new = memo[id(store)] = store.copy()
    return new


_COPIERS: dict[type, Any] = {
    PackageVersion: _version_copier(),
    AssetStore: _copy_asset_store,
    SortedKeyList: _copy_sorted_list,  # a package's order (packages.new_package)
    # Reached only when the memo does not map it: a snapshot keeps it.
    _Detached: lambda value, memo: value,
}


def _registry_parts(registry: Registry) -> list[Any]:
    return [registry, registry.lock, registry.clock, registry.random]


def snapshot(registry: Registry) -> Snapshot:
    """A deep copy of all the registry's state, for :func:`restore`."""
    with registry.lock:
        memo: dict[int, Any] = {
            id(part): _DETACHED[name]
            for part, name in zip(_registry_parts(registry), ("registry", "lock", "clock", "random"))
        }
        backends = {key: _copy(backend, memo) for key, backend in registry._backends.items()}
        tokens = {value: _copy(token, memo) for value, token in registry.tokens.items()}
        return Snapshot(
            backends=backends,
            tokens=tokens,
            quotas=dict(registry.quotas),
            random_state=registry.random.getstate(),
            clock_state=registry.clock.state(),
            public=None if registry._public is None else _copy_public(registry._public.state(), memo),
            identities=dict(registry.identities),
        )


def restore(registry: Registry, saved: Snapshot) -> None:
    """Make ``registry``'s state exactly what ``saved`` holds. Backend objects
    the registry already has are kept (refilled), so references to them (the
    ``codeartifact_backend`` fixture) stay valid."""
    if not isinstance(saved, Snapshot):
        raise TypeError(f"restore() takes a Snapshot, not {type(saved).__name__}")
    with registry.lock:
        memo: dict[int, Any] = {
            id(_DETACHED[name]): part
            for part, name in zip(_registry_parts(registry), ("registry", "lock", "clock", "random"))
        }
        backends = {}
        for key, source in saved.backends.items():
            target = registry._backends.get(key)
            if target is None or type(target) is not type(source):
                backends[key] = _copy(source, memo)
                continue
            memo[id(source)] = target
            state = {name: _copy(item, memo) for name, item in vars(source).items()}
            target.__dict__.clear()
            target.__dict__.update(state)
            backends[key] = target
        registry._backends.clear()
        registry._backends.update(backends)
        registry.tokens.clear()
        registry.tokens.update({value: _copy(token, memo) for value, token in saved.tokens.items()})
        registry.identities.clear()
        registry.identities.update(saved.identities)
        registry.quotas.clear()
        registry.quotas.update(saved.quotas)
        registry.random.setstate(saved.random_state)
        registry.clock.set_state(saved.clock_state)
        registry._public = None if saved.public is None else _public_registries_of(registry, _copy_public(saved.public, memo))


# -- JSON ------------------------------------------------------------------------------
def _time(value: _dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(text: str | None) -> _dt.datetime | None:
    # A hand-written document's naive time is UTC, as everywhere (_time.py).
    return None if text is None else as_utc(_dt.datetime.fromisoformat(text))


def _policy(policy: Policy | None) -> dict[str, str] | None:
    return None if policy is None else {"document": policy.document, "revision": policy.revision}


def _parse_policy(data: dict[str, str] | None) -> Policy | None:
    return None if data is None else Policy(document=data["document"], revision=data["revision"])


_METADATA_KEYS = (
    ("displayName", "display_name"),
    ("summary", "summary"),
    ("homePage", "home_page"),
    ("sourceCodeRepository", "source_code_repository"),
    ("licenses", "licenses"),
    ("readme", "readme"),
    ("dependencies", "dependencies"),
    ("deprecated", "deprecated"),
)


def _metadata(meta: VersionMetadata, memo: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Only what is set (metadata objects are shared, so each is built once)."""
    found = memo.get(id(meta))
    if found is None:
        found = {}
        for key, name in _METADATA_KEYS:
            value = getattr(meta, name)
            if value:
                found[key] = [list(item) for item in value] if isinstance(value, tuple) else value
        memo[id(meta)] = found
    return found


def _version(version: PackageVersion, memo: dict[int, Any]) -> dict[str, Any]:
    return {
        "version": version.version,
        "status": version.status,
        "revision": version.revision,
        "publishedTime": _time(version.published_time),
        "origin": version.origin,
        "metadata": _metadata(version.metadata, memo),
        "assets": [{"name": a.name, "sha256": a.sha256, "size": a.size} for a in version.assets],
    }


def _package(package: Package, memo: dict[int, Any]) -> dict[str, Any]:
    return {
        "format": package.format,
        "namespace": package.namespace,
        "name": package.name,
        "publish": package.publish,
        "upstream": package.upstream,
        "distTags": dict(package.dist_tags),
        "versions": [_version(v, memo) for v in package.versions.values()],
    }


def _repository(repo: Repository, memo: dict[int, Any]) -> dict[str, Any]:
    return {
        "name": repo.name,
        "administratorAccount": repo.administrator_account,
        "arn": repo.arn,
        "createdTime": _time(repo.created_time),
        "description": repo.description,
        "upstreams": list(repo.upstreams),
        "externalConnections": [{"name": c.name, "packageFormat": c.package_format} for c in repo.external_connections],
        "policy": _policy(repo.policy),
        "tags": dict(repo.tags),
        "packages": [_package(p, memo) for p in repo.packages.values()],
    }


def _package_group(group: PackageGroup) -> dict[str, Any]:
    return {
        "pattern": group.pattern,
        "createdTime": _time(group.created_time),
        "contactInfo": group.contact_info,
        "description": group.description,
        "restrictions": dict(group.restrictions),
        "allowedRepositories": {kind: sorted(names) for kind, names in group.allowed_repositories.items()},
        "tags": dict(group.tags),
    }


def _domain(domain: Domain, memo: dict[int, Any], embed: bool = True) -> dict[str, Any]:
    try:
        extras = json.loads(json.dumps(domain.extras))
    except TypeError as error:
        raise TypeError(f"domain {domain.name}: extras cannot be exported as JSON ({error})") from None
    return {
        "name": domain.name,
        "owner": domain.owner,
        "region": domain.region,
        "arn": domain.arn,
        "createdTime": _time(domain.created_time),
        "encryptionKey": domain.encryption_key,
        "s3BucketArn": domain.s3_bucket_arn,
        "policy": _policy(domain.policy),
        "tags": dict(domain.tags),
        "extras": extras,
        "packageGroups": [_package_group(g) for g in domain.package_groups.values()],
        "repositories": [_repository(r, memo) for r in domain.repositories.values()],
        "assets": domain.assets.to_json(embed),
    }


def to_document(registry: Registry, embed_assets: bool = True) -> dict[str, Any]:
    """The registry's state as plain JSON-ready data (blobs on disk named,
    not embedded, when ``embed_assets`` is false)."""
    with registry.lock:
        version, internal, gauss = registry.random.getstate()
        memo: dict[int, Any] = {}
        frozen, offset = registry.clock.state()
        return {
            "format": FORMAT,
            "version": VERSION,
            "quotas": dict(registry.quotas),
            "clock": {"frozen": _time(frozen), "offset": [offset.days, offset.seconds, offset.microseconds]},
            "random": {"version": version, "state": list(internal), "gauss": gauss},
            "tokens": [
                {
                    "value": t.value,
                    "domain": t.domain,
                    "domainOwner": t.domain_owner,
                    "accountId": t.account_id,
                    "region": t.region,
                    "expiration": _time(t.expiration),
                    "principalArn": t.principal_arn,
                }
                for t in registry.tokens.values()
            ],
            "identities": [
                {"accessKeyId": key, "accountId": i.account_id, "principalArn": i.principal_arn}
                for key, i in registry.identities.items()
            ],
            "backends": [
                {
                    "accountId": account_id,
                    "region": region,
                    "domains": [_domain(d, memo, embed_assets) for d in backend.domains.values()],
                }
                for (account_id, region), backend in registry._backends.items()
            ],
            "public": None if registry._public is None else _public_json(registry._public.state(), memo, embed_assets),
        }


def _public_json(public: PublicState, memo: dict[int, Any], embed: bool = True) -> dict[str, Any]:
    """The simulated public registries: their one domain (a repository per
    registry, with its packages and blobs) and which registries exist."""
    return {"domain": _domain(public.domain, memo, embed), "registries": dict(public.registries)}


def _copy_public(public: PublicState, memo: dict[int, Any]) -> PublicState:
    return PublicState(_copy(public.domain, memo), dict(public.registries))


def _public_registries_of(registry: Registry, state: PublicState) -> PublicRegistries:
    from . import Backend
    from .external_connections import EXTERNAL_CONNECTIONS

    return PublicRegistries.from_state(Backend(registry, PUBLIC_OWNER, "public"), EXTERNAL_CONNECTIONS, state)


def export_json(registry: Registry, indent: int | None = None, embed_assets: bool = True) -> str:
    """The registry's whole state as a JSON text (see the module's docstring)."""
    return json.dumps(to_document(registry, embed_assets), indent=indent, sort_keys=False)


class _Importer:
    def __init__(self) -> None:
        self._metadata: dict[tuple[Any, ...], VersionMetadata] = {
            tuple(getattr(EMPTY_METADATA, name) for _, name in _METADATA_KEYS): EMPTY_METADATA
        }
        self._origins: dict[str, dict[str, Any]] = {}

    def metadata(self, data: dict[str, Any]) -> VersionMetadata:
        values: tuple[Any, ...] = tuple(
            tuple(tuple(item) for item in data.get(key) or ()) if name in ("licenses", "dependencies") else data.get(key)
            for key, name in _METADATA_KEYS
        )
        found = self._metadata.get(values)
        if found is None:  # identical metadata is one object, as the backend keeps it
            found = self._metadata[values] = VersionMetadata(*values)
        return found

    def origin(self, data: dict[str, Any]) -> dict[str, Any]:
        entry = data.get("domainEntryPoint") or {}
        if data.get("originType") == "INTERNAL" and set(entry) == {"repositoryName"} and len(data) == 2:
            return origin("repository", entry["repositoryName"])
        if data.get("originType") == "EXTERNAL" and set(entry) == {"externalConnectionName"} and len(data) == 2:
            return origin("external", entry["externalConnectionName"])
        key = json.dumps(data, sort_keys=True)
        return self._origins.setdefault(key, data)

    def version(self, data: dict[str, Any]) -> PackageVersion:
        return PackageVersion(
            version=data["version"],
            status=data["status"],
            revision=data["revision"],
            published_time=_parse_time(data["publishedTime"]),  # type: ignore[arg-type]
            origin=self.origin(data["origin"]),
            metadata=self.metadata(data["metadata"]),
            assets=tuple(AssetRef(a["name"], a["sha256"], a["size"]) for a in data["assets"]),
        )

    def package(self, data: dict[str, Any]) -> Package:
        package = new_package(data["format"], data["namespace"], data["name"], data["publish"], data["upstream"])
        for item in data["versions"]:
            version = self.version(item)
            package.versions[version.version] = version
        package.order.update(package.versions)
        package.dist_tags.update(data["distTags"])
        return package

    def repository(self, data: dict[str, Any], domain: Domain) -> Repository:
        repo = Repository(
            name=data["name"],
            domain=domain,
            administrator_account=data["administratorAccount"],
            arn=data["arn"],
            created_time=_parse_time(data["createdTime"]),  # type: ignore[arg-type]
            description=data["description"],
            upstreams=list(data["upstreams"]),
            external_connections=[ExternalConnection(c["name"], c["packageFormat"]) for c in data["externalConnections"]],
            policy=_parse_policy(data["policy"]),
            tags=dict(data["tags"]),
        )
        for item in data["packages"]:
            package = self.package(item)
            repo.packages[package.key] = package
        return repo

    @staticmethod
    def package_group(data: dict[str, Any]) -> PackageGroup:
        return PackageGroup(
            pattern=data["pattern"],
            created_time=_parse_time(data["createdTime"]),  # type: ignore[arg-type]
            contact_info=data["contactInfo"],
            description=data["description"],
            restrictions=dict(data["restrictions"]),
            allowed_repositories={kind: set(names) for kind, names in data["allowedRepositories"].items()},
            tags=dict(data["tags"]),
        )

    def domain(self, data: dict[str, Any]) -> Domain:
        domain = Domain(
            name=data["name"],
            owner=data["owner"],
            region=data["region"],
            arn=data["arn"],
            created_time=_parse_time(data["createdTime"]),  # type: ignore[arg-type]
            encryption_key=data["encryptionKey"],
            s3_bucket_arn=data["s3BucketArn"],
            policy=_parse_policy(data["policy"]),
            tags=dict(data["tags"]),
            extras=dict(data.get("extras") or {}),
        )
        for item in data["packageGroups"]:
            group = self.package_group(item)
            domain.package_groups[group.pattern] = group
        for item in data["repositories"]:
            domain.repositories[item["name"]] = self.repository(item, domain)
        domain.assets = _asset_store(data["assets"], domain)
        return domain


def _asset_store(blobs: list[dict[str, Any]], domain: Domain) -> AssetStore:
    """The domain's store with each blob's references counted from the versions."""
    references: dict[str, int] = {}
    for repo in domain.repositories.values():
        for package in repo.packages.values():
            for version in package.versions.values():
                for asset in version.assets:
                    references[asset.sha256] = references.get(asset.sha256, 0) + 1
    return AssetStore.from_json(blobs, references, f"domain {domain.name}")


def import_json(registry: Registry, text: str | bytes | dict[str, Any]) -> None:
    """Replace all of ``registry``'s state with a document of :func:`export_json`
    (its text, or the parsed dict). Backend objects the registry already has
    are kept (refilled)."""
    document = json.loads(text) if isinstance(text, (str, bytes, bytearray)) else text
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError("not a mock_codeartifact state document")
    if document.get("version") != VERSION:
        raise ValueError(f"unsupported state document version {document.get('version')!r} (this is {VERSION})")
    importer = _Importer()
    domains = {
        (b["accountId"], b["region"]): {d["name"]: importer.domain(d) for d in b["domains"]}
        for b in document["backends"]
    }
    tokens = {
        t["value"]: Token(
            value=t["value"], domain=t["domain"], domain_owner=t["domainOwner"], account_id=t["accountId"],
            region=t["region"], expiration=_parse_time(t["expiration"]),  # type: ignore[arg-type]
            principal_arn=t.get("principalArn"),
        )
        for t in document["tokens"]
    }
    identities = {
        i["accessKeyId"]: Identity(i["accountId"], i.get("principalArn")) for i in document.get("identities", [])
    }
    with registry.lock:
        public = document.get("public")
        registry._public = None if public is None else _public_registries_of(registry, PublicState(
            importer.domain(public["domain"]), dict(public["registries"])
        ))
        existing = dict(registry._backends)
        registry._backends.clear()
        for key, owned in domains.items():
            backend = existing.get(key)
            if backend is None:
                backend = registry.backend(*key)
            else:
                registry._backends[key] = backend
            backend.domains = owned
        registry.tokens.clear()
        registry.tokens.update(tokens)
        registry.identities.clear()
        registry.identities.update(identities)
        registry.quotas.clear()
        registry.quotas.update(document["quotas"])
        state = document.get("random")
        if state is not None:
            registry.random.setstate((state["version"], tuple(state["state"]), state["gauss"]))
        clock = document.get("clock")
        if clock is not None:
            days, seconds, microseconds = clock["offset"]
            offset = _dt.timedelta(days=days, seconds=seconds, microseconds=microseconds)
            registry.clock.set_state((_parse_time(clock["frozen"]), offset))


#: Every field of the state records, and whether the JSON document carries it;
#: a test keeps this in step with ``backend/state.py``.
JSON_FIELDS: dict[type, frozenset[str]] = {
    Domain: frozenset({
        "name", "owner", "region", "arn", "created_time", "encryption_key", "s3_bucket_arn",
        "repositories", "policy", "tags", "assets", "extras", "package_groups",
    }),
    Repository: frozenset({
        "name", "domain", "administrator_account", "arn", "created_time", "description", "upstreams",
        "external_connections", "policy", "tags", "packages",
    }),
    Package: frozenset({
        "format", "namespace", "name", "publish", "upstream", "versions", "order", "dist_tags", "display_version",
        "generation",
    }),
    PackageVersion: frozenset({"version", "status", "revision", "published_time", "origin", "metadata", "assets"}),
    VersionMetadata: frozenset({
        "display_name", "summary", "home_page", "source_code_repository", "licenses", "readme", "dependencies",
        "deprecated",
    }),
    AssetRef: frozenset({"name", "sha256", "size"}),
    PackageGroup: frozenset({
        "pattern", "created_time", "contact_info", "description", "restrictions", "allowed_repositories", "tags",
    }),
    Policy: frozenset({"document", "revision"}),
    ExternalConnection: frozenset({"name", "package_format"}),
    Token: frozenset({"value", "domain", "domain_owner", "account_id", "region", "expiration", "principal_arn"}),
    Blob: frozenset({"data", "hashes", "references"}),
}
