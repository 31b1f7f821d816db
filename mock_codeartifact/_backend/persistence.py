"""Copies and the JSON document of the records that make up the whole state
of a :class:`~mock_codeartifact._backend.registry.Registry`.

The registry owns its state: ``Registry.snapshot()``/``restore()``/
``export_json()``/``import_json()`` hand this module their state as one
:class:`RegistryState` (every account's and Region's domains, the tokens,
identities, quotas, the clock's and the random source's state, the
simulated public registries) and adopt the one it gives back. Here those
records are copied (:func:`copy_state`) and turned into the JSON document and
back (:func:`state_document`, :func:`state_from_document`), each through the
hooks of the record's owner: ``AssetStore.copy``/``to_json``/``from_json``,
``packages.copy_sorted_list``/``new_package``, ``Clock.state``,
``PublicRegistries.state``. This module never imports the registry; the
functions :func:`snapshot`, :func:`restore`, :func:`export_json`,
:func:`import_json` and :func:`to_document` take one and call its methods.

A snapshot is a deep copy of the state. Restoring copies it again, so one
snapshot can be restored any number of times (a session-scoped seed reset for
each test) and into any registry. Copying shares what the backend never
mutates (version metadata, asset references, origin dicts, blob bytes),
which keeps a snapshot cheap.

The JSON document holds the same, as plain data: domains, repositories
(upstreams, external connections, policies, tags), packages (origin controls,
npm dist-tags) with every version (status, revision, origin, published time,
metadata, assets), package groups (restrictions, allowed repositories, tags),
each domain's asset blobs in base64 (reference counts are rebuilt from the
versions on import; with ``embed_assets=False``, a blob kept on disk by a
data directory is named by its hash, size and hashes instead), the simulated
public registries (as one more domain), tokens, identities, quotas, the clock
and the random source. :data:`JSON_FIELDS` says which fields of each record
it carries, :data:`NOT_EXPORTED` which it leaves out and why.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import json
import operator
from dataclasses import dataclass
from typing import Any, Protocol

from sortedcontainers import SortedKeyList

from .._time import as_utc
from .._clock import ClockState
from .assets import AssetStore, Blob
from .packages import copy_sorted_list, new_package, origin
from .public_registries import PublicState
from .state import (
    EMPTY_METADATA,
    AssetRef,
    Domain,
    ExternalConnection,
    Identity,
    Package,
    PackageGroup,
    PackageVersion,
    Policy,
    Repository,
    Token,
    VersionMetadata,
)

__all__ = [
    "JSON_FIELDS", "NOT_EXPORTED", "RegistryState", "Snapshot", "copy_state", "export_json", "import_json",
    "restore", "snapshot", "state_document", "state_from_document", "to_document",
]

#: The JSON document's format marker and version.
FORMAT = "mock_codeartifact/state"
VERSION = 1


@dataclass(frozen=True, eq=False)
class RegistryState:
    """All of a registry's state as records: what it hands to :func:`copy_state`
    and :func:`state_document`, and adopts from a copy or :func:`state_from_document`."""

    #: Each account's and Region's domains, by name.
    backends: dict[tuple[str, str], dict[str, Domain]]
    tokens: dict[str, Token]
    quotas: dict[str, int]
    #: ``random.Random.getstate()``; None: a document without one (the registry keeps its own).
    random_state: Any
    #: ``Clock.state()``; None: a document without one (the registry's clock stays as it is).
    clock_state: ClockState | None
    #: The simulated public registries behind external connections (None: unused).
    public: PublicState | None = None
    #: Access key id -> Identity (immutable records, shared).
    identities: dict[str, Identity] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Snapshot(RegistryState):
    """The state of a registry at one moment. Opaque: give it to
    ``Registry.restore()`` (or :func:`restore`)."""

    def __repr__(self) -> str:
        domains = sum(len(owned) for owned in self.backends.values())
        return f"<Snapshot backends={len(self.backends)} domains={domains} tokens={len(self.tokens)}>"


# -- in-memory copies ------------------------------------------------------------------
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
}


def copy_state(state: RegistryState) -> Snapshot:
    """A deep copy of ``state`` that shares with it only what the backend
    never changes in place (one memo, so a record referenced twice stays one
    record in the copy)."""
    memo: dict[int, Any] = {}
    public = state.public
    return Snapshot(
        backends={key: _copy(domains, memo) for key, domains in state.backends.items()},
        tokens={value: _copy(token, memo) for value, token in state.tokens.items()},
        quotas=dict(state.quotas),
        random_state=state.random_state,
        clock_state=state.clock_state,
        public=None if public is None else PublicState(_copy(public.domain, memo), dict(public.registries)),
        identities=dict(state.identities),
    )


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


def _json_name(field: str) -> str:
    """A record's field as the document names it: ``home_page`` -> ``homePage``."""
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


#: (document key, field) of each field of version metadata, in field order.
_METADATA_KEYS = tuple((_json_name(f.name), f.name) for f in dataclasses.fields(VersionMetadata))


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


def _public(public: PublicState, memo: dict[int, Any], embed: bool = True) -> dict[str, Any]:
    """The simulated public registries: their one domain (a repository per
    registry, with its packages and blobs) and which registries exist."""
    return {"domain": _domain(public.domain, memo, embed), "registries": dict(public.registries)}


def state_document(state: RegistryState, embed_assets: bool = True) -> dict[str, Any]:
    """``state`` as plain JSON-ready data (blobs on disk named, not embedded,
    when ``embed_assets`` is false)."""
    version, internal, gauss = state.random_state
    # (Only a state read from a document without a clock has none: a running one.)
    frozen, offset = state.clock_state or (None, _dt.timedelta(0))
    memo: dict[int, Any] = {}
    return {
        "format": FORMAT,
        "version": VERSION,
        "quotas": dict(state.quotas),
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
            for t in state.tokens.values()
        ],
        "identities": [
            {"accessKeyId": key, "accountId": i.account_id, "principalArn": i.principal_arn}
            for key, i in state.identities.items()
        ],
        "backends": [
            {
                "accountId": account_id,
                "region": region,
                "domains": [_domain(d, memo, embed_assets) for d in domains.values()],
            }
            for (account_id, region), domains in state.backends.items()
        ],
        "public": None if state.public is None else _public(state.public, memo, embed_assets),
    }


class _Importer:
    def __init__(self) -> None:
        self._metadata: dict[tuple[Any, ...], VersionMetadata] = {
            tuple(getattr(EMPTY_METADATA, name) for _, name in _METADATA_KEYS): EMPTY_METADATA
        }
        self._origins: dict[str, dict[str, Any]] = {}

    def metadata(self, data: dict[str, Any]) -> VersionMetadata:
        # A field the document leaves out (it exports only what is set) takes
        # its default; lists (licenses, dependencies) become tuples of tuples.
        values: tuple[Any, ...] = tuple(
            getattr(EMPTY_METADATA, name) if data.get(key) is None
            else tuple(tuple(item) for item in data[key]) if isinstance(data[key], list)
            else data[key]
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


def state_from_document(text: str | bytes | dict[str, Any]) -> RegistryState:
    """The state a document of :func:`state_document` holds (its JSON text, or
    the parsed dict): every record built and checked before a registry adopts
    any of it, so a defective document raises and changes nothing."""
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
    public = document.get("public")
    random_state = document.get("random")
    clock = document.get("clock")
    clock_state: ClockState | None = None
    if clock is not None:
        days, seconds, microseconds = clock["offset"]
        offset = _dt.timedelta(days=days, seconds=seconds, microseconds=microseconds)
        clock_state = (_parse_time(clock["frozen"]), offset)
    return RegistryState(
        backends=domains,
        tokens=tokens,
        quotas=dict(document["quotas"]),
        random_state=None if random_state is None else (
            random_state["version"], tuple(random_state["state"]), random_state["gauss"]
        ),
        clock_state=clock_state,
        public=None if public is None else PublicState(importer.domain(public["domain"]), dict(public["registries"])),
        identities=identities,
    )


# -- the same, called on a registry ------------------------------------------------------
class StatefulRegistry(Protocol):
    """What the functions below call: a :class:`~mock_codeartifact._backend.registry.Registry`."""

    def snapshot(self) -> Snapshot: ...
    def restore(self, saved: Snapshot) -> None: ...
    def to_document(self, embed_assets: bool = True) -> dict[str, Any]: ...
    def export_json(self, indent: int | None = None, embed_assets: bool = True) -> str: ...
    def import_json(self, text: str | bytes | dict[str, Any]) -> None: ...


def snapshot(registry: StatefulRegistry) -> Snapshot:
    """A deep copy of all the registry's state, for :func:`restore` (``Registry.snapshot()``)."""
    return registry.snapshot()


def restore(registry: StatefulRegistry, saved: Snapshot) -> None:
    """Make ``registry``'s state exactly what ``saved`` holds (``Registry.restore()``):
    backend objects the registry already has are kept (refilled)."""
    registry.restore(saved)


def to_document(registry: StatefulRegistry, embed_assets: bool = True) -> dict[str, Any]:
    """The registry's state as plain JSON-ready data (``Registry.to_document()``)."""
    return registry.to_document(embed_assets)


def export_json(registry: StatefulRegistry, indent: int | None = None, embed_assets: bool = True) -> str:
    """The registry's whole state as a JSON text (``Registry.export_json()``)."""
    return registry.export_json(indent=indent, embed_assets=embed_assets)


def import_json(registry: StatefulRegistry, text: str | bytes | dict[str, Any]) -> None:
    """Replace all of ``registry``'s state with a document of :func:`export_json`
    (its text, or the parsed dict; ``Registry.import_json()``)."""
    registry.import_json(text)


#: The fields of the records that the JSON document deliberately leaves out,
#: each with the reason. Every other field is exported (:data:`JSON_FIELDS`);
#: a test checks that the document carries each of those.
NOT_EXPORTED: dict[type, dict[str, str]] = {
    Repository: {"domain": "a back-reference: a repository is exported inside its domain, which import sets again"},
    Package: {
        "order": "derived: the versions in the format's order, rebuilt from the versions on import",
        "display_version": "a cache of the default display version, computed again when next asked for",
        "generation": "names the package's content for caches of what is derived from it; an import takes a new one",
    },
    Blob: {"references": "derived: counted again on import from the assets of the versions"},
}

#: Every record the state is made of, with the fields the JSON document
#: carries: all its dataclass fields but those :data:`NOT_EXPORTED` names.
JSON_FIELDS: dict[type, frozenset[str]] = {
    record: frozenset(f.name for f in dataclasses.fields(record)).difference(NOT_EXPORTED.get(record, ()))
    for record in (
        Domain, Repository, Package, PackageVersion, VersionMetadata, AssetRef, PackageGroup, Policy,
        ExternalConnection, Token, Identity, Blob, PublicState,
    )
}
