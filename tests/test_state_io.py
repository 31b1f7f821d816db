"""State control: snapshot/restore of the whole registry, export/import as
JSON, and seeds that make ids, revisions, tokens and request ids reproducible."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from typing import Any

import boto3
import pytest

from mock_codeartifact import (
    CodeArtifactMock,
    Registry,
    ResourceNotFoundException,
    mock_codeartifact,
)
from mock_codeartifact._backend import persistence as state_io
from mock_codeartifact._backend import state
from mock_codeartifact._backend._disk_storage import DiskStorage
from mock_codeartifact._backend.assets import Blob, use_storage
from mock_codeartifact._backend.public_registries import PublicState
from mock_codeartifact._backend.state import (
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

pytest_plugins = ["pytester"]

OTHER_ACCOUNT = "111122223333"
T0 = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone.utc)
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*"}]})
TYPES = ("EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM", "PUBLISH")


def _generic(backend: Any, repository: str, package: str, version: str, asset: str, data: bytes, **extra: Any) -> None:
    backend.publish_package_version(
        domain="acme", repository=repository, format="generic", namespace="tools", package=package,
        packageVersion=version, assetName=asset, assetContent=data,
        assetSHA256=hashlib.sha256(data).hexdigest(), **extra,
    )


def build_rich_state(registry: Registry) -> None:
    """Something of everything the state holds, in two accounts and Regions."""
    registry.clock.freeze(T0)
    backend = registry.backend()
    backend.create_domain(domain="acme", tags=[{"key": "team", "value": "platform"}])
    backend.put_domain_permissions_policy(domain="acme", policyDocument=POLICY)
    backend.create_repository(domain="acme", repository="upstream", description="public mirror")
    backend.associate_external_connection(domain="acme", repository="upstream", externalConnection="public:npmjs")
    backend.create_repository(
        domain="acme", repository="staging", upstreams=[{"repositoryName": "upstream"}],
        tags=[{"key": "stage", "value": "staging"}],
    )
    backend.put_repository_permissions_policy(domain="acme", repository="staging", policyDocument=POLICY)
    backend.create_repository(domain="acme", repository="release", upstreams=[{"repositoryName": "staging"}])
    registry.clock.advance(60)
    # generic: several assets (one shared between versions), unfinished, statuses
    _generic(backend, "staging", "cli", "1.0.0", "cli.tar.gz", b"cli one", unfinished=True)
    _generic(backend, "staging", "cli", "1.0.0", "cli.sig", b"signature", unfinished=True)
    backend.update_package_versions_status(
        domain="acme", repository="staging", format="generic", namespace="tools", package="cli",
        versions=["1.0.0"], targetStatus="Published",
    )
    _generic(backend, "staging", "cli", "1.1.0", "cli.tar.gz", b"cli one-one")
    _generic(backend, "staging", "cli", "2.0.0", "cli.tar.gz", b"shared bytes")
    _generic(backend, "staging", "lib", "0.1.0", "lib.zip", b"shared bytes")
    _generic(backend, "staging", "wip", "0.0.1", "wip.bin", b"wip", unfinished=True)
    registry.clock.advance(60)
    backend.copy_package_versions(
        domain="acme", sourceRepository="staging", destinationRepository="release", format="generic",
        namespace="tools", package="cli", versions=["1.0.0", "1.1.0", "2.0.0"],
    )
    backend.update_package_versions_status(
        domain="acme", repository="staging", format="generic", namespace="tools", package="cli",
        versions=["1.1.0"], targetStatus="Archived",
    )
    backend.update_package_versions_status(
        domain="acme", repository="release", format="generic", namespace="tools", package="cli",
        versions=["2.0.0"], targetStatus="Unlisted",
    )
    backend.dispose_package_versions(
        domain="acme", repository="release", format="generic", namespace="tools", package="cli", versions=["1.0.0"],
    )
    # other formats: metadata, dist-tags, external origin, origin controls
    backend.publish_package(
        domain="acme", repository="upstream", format="npm", package="left-pad", version="1.3.0",
        namespace="acme", origin_from="public:npmjs", dist_tags={"latest": "1.3.0", "legacy": "1.3.0"},
        metadata={"summary": "pads", "licenses": [{"name": "MIT", "url": "https://mit"}], "readme": "# pad"},
    )
    backend.publish_package(
        domain="acme", repository="upstream", format="npm", package="left-pad", version="1.2.0",
        namespace="acme", origin_from="public:npmjs", published_time=T0 - dt.timedelta(days=30), dist_tags={},
    )
    backend.publish_package(
        domain="acme", repository="staging", format="maven", namespace="com.acme", package="core",
        version="3.1.4", files={"core-3.1.4.jar": b"jar bytes"},
        metadata={"dependencies": [{"namespace": "org.slf4j", "package": "slf4j-api", "dependencyType": "compile",
                                    "versionRequirement": "2.0.9"}], "homePage": "https://acme.example"},
    )
    backend.publish_package(
        domain="acme", repository="staging", format="pypi", package="Acme_Utils", version="0.9",
        metadata={"summary": "utils", "readme": "utils readme"}, status="Unlisted",
    )
    backend.put_package_origin_configuration(
        domain="acme", repository="release", format="generic", namespace="tools", package="cli",
        restrictions={"publish": "BLOCK", "upstream": "ALLOW"},
    )
    backend.put_package_origin_configuration(  # a package with no versions
        domain="acme", repository="release", format="pypi", package="reserved",
        restrictions={"publish": "BLOCK", "upstream": "BLOCK"},
    )
    # package groups
    backend.create_package_group(
        domain="acme", packageGroup="/npm/acme/*", contactInfo="npm@acme", description="our npm scope",
        tags=[{"key": "owner", "value": "web"}],
    )
    backend.create_package_group(domain="acme", packageGroup="/generic/tools/cli$")
    backend.update_package_group_origin_configuration(
        domain="acme", packageGroup="/npm/acme/*",
        restrictions={"PUBLISH": "BLOCK", "EXTERNAL_UPSTREAM": "ALLOW_SPECIFIC_REPOSITORIES"},
        addAllowedRepositories=[
            {"repositoryName": "upstream", "originRestrictionType": "EXTERNAL_UPSTREAM"},
            {"repositoryName": "staging", "originRestrictionType": "INTERNAL_UPSTREAM"},
        ],
    )
    backend.get_authorization_token(domain="acme", durationSeconds=900)
    # a second Region and a second account
    other_region = registry.backend(region="eu-west-1")
    other_region.create_domain(domain="beta", encryptionKey="alias/beta")
    other_region.create_repository(domain="beta", repository="only")
    other_account = registry.backend(OTHER_ACCOUNT)
    other_account.create_domain(domain="shared")
    other_account.create_repository(domain="shared", repository="team", description="x")
    other_account.get_authorization_token(domain="shared")
    # the simulated public registry behind public:npmjs
    registry.public_registry("public:npmjs").publish_package(
        package="lodash", version="4.17.21", metadata={"summary": "utilities"},
    )
    registry.public_registry("public:maven-central").publish_package(
        namespace="org.slf4j", package="slf4j-api", version="2.0.9", files={"slf4j-api-2.0.9.jar": b"jar bytes"},
    )
    registry.quotas["domains"] = 20
    registry.clock.unfreeze()
    registry.clock.advance(hours=2)


def _policy(get: Any, **address: Any) -> Any:
    try:
        return get(**address)
    except ResourceNotFoundException:
        return None


def _walk(list_call: Any, key: str, **params: Any) -> list[Any]:
    """Every page of a List, one item at a time (2 per page, to walk tokens)."""
    items, token = [], None
    while True:
        page = list_call(**params, maxResults=2, **({"nextToken": token} if token else {}))
        items.extend(page[key])
        token = page.get("nextToken")
        if not token:
            return items


def api_view(registry: Registry) -> dict[str, Any]:
    """Every List and Describe answer the state gives (read with the backend's
    own operations), plus tokens, quotas and the clock's offset."""
    view: dict[str, Any] = {"tokens": sorted((t.value, t.domain, t.expiration) for t in registry.tokens.values()),
                            "quotas": dict(registry.quotas)}
    for backend in registry.backends():
        where = f"{backend.account_id}/{backend.region}"
        view[where, "repositories"] = _walk(backend.list_repositories, "repositories")
        for summary in _walk(backend.list_domains, "domains"):
            domain = {"domain": summary["name"], "domainOwner": summary["owner"]}
            d = backend.describe_domain(**domain)
            view[where, summary["name"]] = {
                "summary": summary,
                "describe": d,
                "policy": _policy(backend.get_domain_permissions_policy, **domain),
                "tags": backend.list_tags_for_resource(resourceArn=summary["arn"]),
            }
            for group in _walk(backend.list_package_groups, "packageGroups", **domain):
                address = {**domain, "packageGroup": group["pattern"]}
                view[where, summary["name"], group["pattern"]] = {
                    "listed": group,
                    "describe": backend.describe_package_group(**address),
                    "sub": _walk(backend.list_sub_package_groups, "packageGroups", **address),
                    "packages": _walk(backend.list_associated_packages, "packages", **address),
                    "allowed": {
                        kind: _walk(backend.list_allowed_repositories_for_group, "allowedRepositories",
                                    **address, originRestrictionType=kind)
                        for kind in TYPES
                    },
                    "tags": backend.list_tags_for_resource(resourceArn=group["arn"]),
                }
            for repo in _walk(backend.list_repositories_in_domain, "repositories", **domain):
                address = {**domain, "repository": repo["name"]}
                shown: dict[str, Any] = {
                    "listed": repo,
                    "describe": backend.describe_repository(**address),
                    "policy": _policy(backend.get_repository_permissions_policy, **address),
                    "tags": backend.list_tags_for_resource(resourceArn=repo["arn"]),
                    "endpoint": backend.get_repository_endpoint(**address, format="npm"),
                }
                view[where, summary["name"], repo["name"]] = shown
                for package in _walk(backend.list_packages, "packages", **address):
                    coordinates = {k: package[k] for k in ("format", "namespace", "package") if k in package}
                    at = {**address, **coordinates}
                    p: dict[str, Any] = {
                        "listed": package,
                        "describe": backend.describe_package(**at),
                        "group": backend.get_associated_package_group(**domain, **coordinates),
                        "versions": _walk(backend.list_package_versions, "versions", **at),
                        "by_time": _walk(backend.list_package_versions, "versions", **at, sortBy="PUBLISHED_TIME"),
                    }
                    for version in p["versions"]:
                        v = {**at, "packageVersion": version["version"]}
                        assets = _walk(backend.list_package_version_assets, "assets", **v)
                        downloads = {}
                        if version["status"] not in ("Archived", "Disposed"):
                            downloads = {
                                a["name"]: backend.get_package_version_asset(**v, asset=a["name"])["asset"]
                                for a in assets
                            }
                        p[version["version"]] = {
                            "describe": backend.describe_package_version(**v),
                            "assets": assets,
                            "downloads": downloads,
                            "readme": backend.get_package_version_readme(**v) if at["format"] != "maven" else None,
                            "dependencies": backend.list_package_version_dependencies(**v),
                        }
                    shown[tuple(coordinates.values())] = p
    return view


@pytest.fixture
def rich() -> Registry:
    registry = Registry(seed=7)
    build_rich_state(registry)
    return registry


# -- JSON --------------------------------------------------------------------------------
def test_export_import_round_trip_answers_every_list_and_describe_alike(rich, invariants):
    text = rich.export_json()
    fresh = Registry()
    fresh.import_json(text)
    assert api_view(fresh) == api_view(rich)
    assert fresh.export_json() == rich.export_json()
    assert invariants(fresh) == invariants(rich)
    assert fresh.clock.now() - rich.clock.now() < dt.timedelta(seconds=5)  # same offset
    assert fresh.random.getstate() == rich.random.getstate()


def test_the_document_is_complete_and_plain_json(rich):
    document = json.loads(rich.export_json(indent=2))
    assert document["format"] == "mock_codeartifact/state" and document["version"] == 1
    assert document["quotas"]["domains"] == 20
    (acme,) = [d for b in document["backends"] for d in b["domains"] if d["name"] == "acme"]
    assert acme["policy"]["document"] == POLICY and acme["tags"] == {"team": "platform"}
    repos = {r["name"]: r for r in acme["repositories"]}
    assert repos["staging"]["upstreams"] == ["upstream"]
    assert repos["upstream"]["externalConnections"] == [{"name": "public:npmjs", "packageFormat": "npm"}]
    npm = next(p for p in repos["upstream"]["packages"] if p["format"] == "npm")
    assert npm["distTags"] == {"latest": "1.3.0", "legacy": "1.3.0"}
    assert npm["publish"] == "BLOCK" and npm["upstream"] == "ALLOW"
    assert npm["versions"][0]["origin"]["originType"] == "EXTERNAL"
    groups = {g["pattern"]: g for g in acme["packageGroups"]}
    assert groups["/npm/acme/*"]["allowedRepositories"]["EXTERNAL_UPSTREAM"] == ["upstream"]
    assert groups["/npm/acme/*"]["tags"] == {"owner": "web"}
    blobs = {a["sha256"] for a in acme["assets"]}
    assert hashlib.sha256(b"shared bytes").hexdigest() in blobs
    assert len(document["tokens"]) == 2


def test_imported_blobs_get_their_reference_counts_rebuilt(rich, invariants):
    fresh = Registry()
    fresh.import_json(rich.export_json())
    store = fresh.backend().domains["acme"].assets
    shared = hashlib.sha256(b"shared bytes").hexdigest()
    assert store.references(shared) == 3  # staging cli 2.0.0, staging lib 0.1.0, release cli 2.0.0
    assert store.references(hashlib.sha256(b"cli one").hexdigest()) == 1  # disposed in release
    # and they keep counting: deleting the repositories frees every blob
    backend = fresh.backend()
    for name in ("release", "staging", "upstream"):
        backend.delete_repository(domain="acme", repository=name)
    assert len(store) == 0 and store.total_bytes == 0
    invariants(fresh)


def _public_view(registry: Registry) -> Any:
    public = registry._public
    if public is None:
        return None
    return {
        name: {
            key: [(v.version, v.status, v.revision, v.metadata, v.assets) for v in package.versions.values()]
            for key, package in item.repository.packages.items()
        }
        for name, item in public._registries.items()
    }, {sha: (len(blob.data), blob.references) for sha, blob in public.assets._blobs.items()}


def test_public_registries_are_part_of_the_state(rich, invariants):
    shown = _public_view(rich)
    assert set(shown[0]) == {"public:npmjs", "public:maven-central"}
    assert shown[1] == {hashlib.sha256(b"jar bytes").hexdigest(): (9, 1)}
    fresh = Registry()
    fresh.import_json(rich.export_json())
    assert _public_view(fresh) == shown
    assert fresh.public_registry("public:npmjs").package("", "lodash") is not None
    saved = rich.snapshot()
    rich.public_registry("public:npmjs").publish_package(package="left-pad", version="1.0.0")
    rich.restore(saved)
    assert _public_view(rich) == shown
    assert rich.public_registry("public:npmjs").package("", "left-pad") is None
    # the copy is wired to the registry it was restored into
    assert rich._public._backend._registry is rich
    empty = Registry()
    empty.restore(Registry().snapshot())
    assert empty._public is None
    invariants(fresh)


def test_import_replaces_everything_and_keeps_backend_objects(rich):
    target = Registry()
    kept = target.backend()
    kept.create_domain(domain="gone")
    target.backend(region="ap-south-1").create_domain(domain="gone-too")
    target.import_json(json.loads(rich.export_json()))  # the parsed dict works too
    assert target.backend() is kept and sorted(kept.domains) == ["acme"]
    assert target.find("123456789012", "ap-south-1") is None


def test_import_refuses_foreign_documents():
    registry = Registry()
    with pytest.raises(ValueError, match="not a mock_codeartifact state"):
        registry.import_json("{}")
    with pytest.raises(ValueError, match="version"):
        registry.import_json(json.dumps({"format": "mock_codeartifact/state", "version": 99}))


def test_a_defective_document_changes_nothing(rich):
    """The whole document is read before anything changes, whichever part is broken."""
    text = rich.export_json()
    missing_quotas = json.loads(text)
    del missing_quotas["quotas"]
    lacking_blob = json.loads(text)
    lacking_blob["public"]["domain"]["assets"] = []
    for document, error in ((missing_quotas, KeyError), (lacking_blob, ValueError)):
        with pytest.raises(error):
            rich.import_json(document)
        assert rich.export_json() == text


def test_every_record_field_is_known_to_state_io(tmp_path):
    """A field added to a state record must be exported (and copied), or left
    out on purpose, with the reason, in ``NOT_EXPORTED``: this fails until
    ``state_io`` learns about it."""
    records = (Domain, Repository, Package, PackageVersion, VersionMetadata, AssetRef, PackageGroup, Policy,
               ExternalConnection, Token, Identity, Blob, PublicState)
    in_state_py = {kind for kind in vars(state).values() if isinstance(kind, type)
                   and dataclasses.is_dataclass(kind) and kind.__module__ == state.__name__}
    assert in_state_py <= set(records) == set(state_io.JSON_FIELDS)
    for record in records:
        left_out = state_io.NOT_EXPORTED.get(record, {})
        assert all(reason.strip() for reason in left_out.values()), record.__name__
        exported = state_io.JSON_FIELDS[record]
        assert {f.name for f in dataclasses.fields(record)} == exported | set(left_out), record.__name__
        assert not exported & set(left_out), record.__name__
    # and the document carries every exported field, under its camelCase name
    seen = _document_keys(*_documents_of_everything(tmp_path))
    for record in records:
        assert {_json_name(name) for name in state_io.JSON_FIELDS[record]} <= seen[record], record.__name__


def _json_name(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


def _documents_of_everything(tmp_path: Any) -> list[dict[str, Any]]:
    """The rich state, with one version's metadata all set (the document holds
    only what is set), exported with its blobs embedded and named on disk."""
    previous = use_storage(DiskStorage(tmp_path / "blobs"))
    try:
        registry = Registry(seed=7)
        build_rich_state(registry)
        registry.add_identity("AKIDEXAMPLE", OTHER_ACCOUNT, f"arn:aws:iam::{OTHER_ACCOUNT}:user/dev")
        package = registry.backend().domains["acme"].repositories["staging"].packages["generic", "tools", "cli"]
        package.versions["1.1.0"].metadata = VersionMetadata(**{
            f.name: (("one", "two"),) if "tuple" in str(f.type) else "set" for f in dataclasses.fields(VersionMetadata)
        })
        return [registry.to_document(), registry.to_document(embed_assets=False)]
    finally:
        use_storage(previous)


def _document_keys(*documents: dict[str, Any]) -> dict[type, set[str]]:
    """The keys each kind of record has somewhere in ``documents``."""
    seen: dict[type, set[str]] = {record: set() for record in state_io.JSON_FIELDS}

    def domain(data: dict[str, Any]) -> None:
        seen[Domain] |= data.keys()
        seen[Policy] |= (data["policy"] or {}).keys()
        seen[Blob] |= {key for blob in data["assets"] for key in blob}
        for group in data["packageGroups"]:
            seen[PackageGroup] |= group.keys()
        for repo in data["repositories"]:
            seen[Repository] |= repo.keys()
            seen[Policy] |= (repo["policy"] or {}).keys()
            for connection in repo["externalConnections"]:
                seen[ExternalConnection] |= connection.keys()
            for package in repo["packages"]:
                seen[Package] |= package.keys()
                for version in package["versions"]:
                    seen[PackageVersion] |= version.keys()
                    seen[VersionMetadata] |= version["metadata"].keys()
                    seen[AssetRef] |= {key for asset in version["assets"] for key in asset}

    for document in documents:
        for backend in document["backends"]:
            for item in backend["domains"]:
                domain(item)
        seen[PublicState] |= document["public"].keys()
        domain(document["public"]["domain"])
        seen[Token] |= {key for token in document["tokens"] for key in token}
        seen[Identity] |= {key for identity in document["identities"] for key in identity}
    return seen


# -- snapshot / restore ----------------------------------------------------------------
def _mutate_everything(registry: Registry) -> None:
    backend = registry.backend()
    backend.update_package_versions_status(
        domain="acme", repository="staging", format="generic", namespace="tools", package="cli",
        versions=["1.0.0"], targetStatus="Archived",
    )
    backend.dispose_package_versions(
        domain="acme", repository="staging", format="generic", namespace="tools", package="lib", versions=["0.1.0"],
    )
    backend.delete_package_group(domain="acme", packageGroup="/generic/tools/cli$")
    backend.tag_resource(resourceArn=backend.domains["acme"].arn, tags=[{"key": "new", "value": "tag"}])
    backend.delete_repository(domain="acme", repository="release")
    backend.update_repository(domain="acme", repository="staging", upstreams=[])
    _generic(backend, "staging", "new", "1.0.0", "n.bin", b"new blob")
    backend.delete_domain_permissions_policy(domain="acme")
    backend.get_authorization_token(domain="acme")
    registry.backend(OTHER_ACCOUNT).delete_repository(domain="shared", repository="team")
    registry.backend(region="sa-east-1").create_domain(domain="late")
    registry.quotas["domains"] = 3
    registry.clock.freeze(T0 + dt.timedelta(days=400))
    registry.random.random()


def test_restore_puts_back_exactly_what_the_snapshot_saw(rich, invariants):
    before, text = api_view(rich), rich.export_json()
    saved = rich.snapshot()
    _mutate_everything(rich)
    assert rich.export_json() != text
    rich.restore(saved)
    assert rich.export_json() == text
    assert api_view(rich) == before
    invariants(rich)


def test_a_snapshot_restores_any_number_of_times(rich):
    saved = rich.snapshot()
    text = rich.export_json()
    for _ in range(3):
        _mutate_everything(rich)
        rich.restore(saved)
        assert rich.export_json() == text


def test_a_snapshot_is_independent_of_later_changes(rich):
    text = rich.export_json()
    saved = rich.snapshot()
    rich.backend().domains["acme"].repositories["staging"].tags["edited"] = "in place"
    rich.backend().domains["acme"].assets._blobs.clear()
    rich.restore(saved)
    assert rich.export_json() == text


def test_random_source_and_clock_are_restored(rich):
    saved = rich.snapshot()
    first = [rich.request_id(), rich.backend().get_authorization_token(domain="acme")["authorizationToken"]]
    now = rich.clock.now()
    rich.restore(saved)
    again = [rich.request_id(), rich.backend().get_authorization_token(domain="acme")["authorizationToken"]]
    assert again == first
    assert abs(rich.clock.now() - now) < dt.timedelta(seconds=5)


def test_restore_into_another_registry_keeps_that_registrys_backends(rich, codeartifact_mock, codeartifact_backend):
    """The session-seed pattern: a snapshot of a seed registry restored into
    the test's mock; the ``codeartifact_backend`` fixture stays valid."""
    codeartifact_backend.create_domain(domain="scratch")
    codeartifact_mock.registry.restore(rich.snapshot())
    assert sorted(codeartifact_backend.domains) == ["acme"]
    assert codeartifact_backend._registry is codeartifact_mock.registry
    client = boto3.client("codeartifact", region_name="us-east-1")
    versions = client.list_package_versions(
        domain="acme", repository="staging", format="generic", namespace="tools", package="cli"
    )["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [
        ("1.0.0", "Published"), ("1.1.0", "Archived"), ("2.0.0", "Published"),
    ]
    # the restored state is the test's own: changing it leaves the seed alone
    client.delete_repository(domain="acme", repository="release")
    assert "release" in rich.backend().domains["acme"].repositories


def test_restored_state_works_with_every_operation_that_reads_the_registry(rich, invariants):
    target = Registry()
    target.restore(rich.snapshot())
    backend = target.backend()
    # operations reaching the registry (lock, clock, random, quotas, other accounts)
    repos = backend.list_repositories()["repositories"]
    assert {r["name"] for r in repos} == {"upstream", "staging", "release"}
    backend.put_repository_permissions_policy(domain="acme", repository="release", policyDocument=POLICY)
    assert target.backend(OTHER_ACCOUNT).describe_domain(domain="shared")["domain"]["repositoryCount"] == 1
    assert target.quotas["domains"] == 20
    invariants(target)


def test_restore_takes_only_snapshots():
    with pytest.raises(TypeError):
        Registry().restore({"not": "a snapshot"})


# -- reproducibility -------------------------------------------------------------------
def _scripted_run(seed: Any) -> dict[str, Any]:
    with mock_codeartifact(seed=seed) as mock:
        # Tokens carry their issue time, like the service's: the same moment too.
        mock.clock.freeze(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
        client = boto3.client("codeartifact", region_name="us-east-1")
        created = client.create_domain(domain="acme")
        client.create_repository(domain="acme", repository="repo")
        policy = client.put_domain_permissions_policy(domain="acme", policyDocument=POLICY)
        token = client.get_authorization_token(domain="acme")
        data = b"reproducible"
        published = client.publish_package_version(
            domain="acme", repository="repo", format="generic", namespace="ns", package="p",
            packageVersion="1", assetContent=data, assetName="a.bin", assetSHA256=hashlib.sha256(data).hexdigest(),
        )
        return {
            "kms": created["domain"]["encryptionKey"],
            "policy_revision": policy["policy"]["revision"],
            "token": token["authorizationToken"],
            "version_revision": published["versionRevision"],
            "request_ids": [
                r["ResponseMetadata"]["RequestId"] for r in (created, policy, token, published)
            ],
        }


def test_the_same_seed_gives_the_same_ids_revisions_tokens_and_request_ids():
    first, second = _scripted_run(42), _scripted_run(42)
    assert first == second
    other = _scripted_run(43)
    for key in ("kms", "policy_revision", "token", "request_ids"):
        assert other[key] != first[key], key
    assert other["version_revision"] == first["version_revision"]  # a content hash, not random


def test_a_seeded_mock_is_reproducible_across_starts():
    mock = CodeArtifactMock(seed="fixed")
    with mock:
        first = boto3.client("codeartifact", region_name="us-east-1").create_domain(domain="acme")
    with mock:
        again = boto3.client("codeartifact", region_name="us-east-1").create_domain(domain="acme")
    assert first["domain"]["encryptionKey"] == again["domain"]["encryptionKey"]
    assert first["ResponseMetadata"]["RequestId"] == again["ResponseMetadata"]["RequestId"]


# -- a session-scoped seed, reset for every test, also under xdist ---------------------------
@pytest.mark.slow
def test_session_seed_restored_for_each_test_under_xdist(pytester):
    pytest.importorskip("xdist")
    pytester.makeconftest(
        """
        import pytest
        from mock_codeartifact import Registry

        @pytest.fixture(scope="session")
        def seed_snapshot():
            registry = Registry(seed=1)
            backend = registry.backend()
            backend.create_domain(domain="acme")
            backend.create_repository(domain="acme", repository="release")
            return registry.snapshot()

        @pytest.fixture
        def seeded(codeartifact_mock, seed_snapshot):
            codeartifact_mock.registry.restore(seed_snapshot)
            return codeartifact_mock
        """
    )
    pytester.makepyfile(
        """
        from pathlib import Path

        import pytest

        @pytest.mark.parametrize("n", range(10))
        def test_each_test_starts_from_the_seed(seeded, codeartifact_client, n):
            names = [r["name"] for r in codeartifact_client.list_repositories()["repositories"]]
            assert names == ["release"]
            codeartifact_client.create_repository(domain="acme", repository=f"r{n}")
            codeartifact_client.delete_repository(domain="acme", repository="release")
            token = codeartifact_client.get_authorization_token(domain="acme")["authorizationToken"]
            Path(f"token-{n}.txt").write_text(token)
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=10)
    # the random source is part of the seed: every test drew the same token
    # (but for the issue and expiry times its header carries, as the service's do)
    tokens = {_without_times((pytester.path / f"token-{n}.txt").read_text()) for n in range(10)}
    assert len(tokens) == 1


def _without_times(token: str) -> str:
    import base64

    header, rest = token.split(".", 1)
    fields = json.loads(base64.urlsafe_b64decode(header + "=="))
    return json.dumps({k: v for k, v in fields.items() if k not in ("isu", "exp")}) + rest


def test_the_old_state_io_import_path_still_works_with_a_deprecation_warning():
    import importlib
    import sys

    sys.modules.pop("mock_codeartifact.state_io", None)
    with pytest.warns(DeprecationWarning, match="mock_codeartifact.state_io is deprecated"):
        old = importlib.import_module("mock_codeartifact.state_io")
    assert old.Snapshot is state_io.Snapshot
    assert old.export_json is state_io.export_json and old.import_json is state_io.import_json
    assert old.JSON_FIELDS is state_io.JSON_FIELDS
