"""The Cargo repository endpoint: the sparse registry protocol ``cargo`` speaks.

Configured as AWS documents it, the registry's index is the endpoint with
``sparse+`` in front (``index = "sparse+https://.../cargo/{repository}/"``).
Paths are relative to ``/cargo/{repository}/``:

- ``GET config.json``: where crates download from (``dl``) and the web API
  (``api``), and ``auth-required: true`` (every request needs a token);
- ``GET 1/{name}``, ``2/{name}``, ``3/{c}/{name}``, ``{ab}/{cd}/{name}``
  (lower-cased): the crate's index file, one JSON line per listed version,
  read from the ``Cargo.toml`` that ``cargo package`` normalised into the
  ``.crate``;
- ``GET api/v1/crates/{name}/{version}/download``: the ``.crate``, resolved
  through upstreams and the ``public:crates-io`` external connection with
  retention;
- ``PUT api/v1/crates/new``: ``cargo publish`` (a length-prefixed JSON
  document, then the ``.crate``), stored as the asset
  ``{name}-{version}.crate``.

AWS's Cargo command-support page lists ``build``, ``check``, ``fetch`` and
``publish`` as supported and ``owner`` and ``search`` as not; ``yank`` and
``unyank`` are on neither list, and the mock refuses them like the
unsupported ones (see docs/behaviour.md). Errors use the body Cargo prints,
``{"errors": [{"detail": ...}]}``.
"""

from __future__ import annotations

import json
import struct
import threading
from collections import OrderedDict
from typing import Any
from urllib.parse import quote

from .. import _json as untrusted_json
from ..errors import AccessDeniedException, ConflictException, ValidationException
from .._formats._archive import basename, depth, read_tar
from .._formats.cargo import parse_cargo_toml
from .messages import EndpointRequest, EndpointResponse
from .view import RepositoryView

#: What ``registry`` says in an index entry for a dependency on crates.io.
CRATES_IO_INDEX = "https://github.com/rust-lang/crates.io-index"
#: Cargo.toml dependency table -> the index's ``kind``.
_KINDS = {"dependencies": "normal", "dev-dependencies": "dev", "build-dependencies": "build"}
#: Largest JSON document accepted in a publish request (crates.io's own limit is far lower).
_MAX_PUBLISH_JSON = 1 << 20


def serve(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    parts = [p for p in request.path.split("/") if p]
    method = request.method
    if parts == ["config.json"]:
        if method not in ("GET", "HEAD"):
            return _error(405, f"{method} is not supported on config.json")
        return _config(view)
    if parts[:3] == ["api", "v1", "crates"]:
        return _api(request, view, parts[3:])
    name = _index_name(parts)
    if name is not None:
        if method not in ("GET", "HEAD"):
            return _error(405, f"{method} is not supported on the index")
        return _index_file(view, name)
    if parts[:2] == ["api", "v1"] and parts[2:3] == ["me"]:
        return _error(404, "cargo login through the registry is not supported: use GetAuthorizationToken")
    return _error(404, f"{request.path!r} is not a Cargo sparse registry path")


def _error(status: int, detail: str) -> EndpointResponse:
    return EndpointResponse.json({"errors": [{"detail": detail}]}, status)


def _config(view: RepositoryView) -> EndpointResponse:
    return EndpointResponse.json({
        "dl": f"{view.base_url}api/v1/crates",
        "api": view.base_url.rstrip("/"),
        "auth-required": True,
    })


# -- the index ------------------------------------------------------------------------
def index_path(name: str) -> str:
    """Where a crate's index file is in the sparse layout."""
    lowered = name.lower()
    if len(lowered) <= 2:
        return f"{len(lowered)}/{lowered}"
    if len(lowered) == 3:
        return f"3/{lowered[0]}/{lowered}"
    return f"{lowered[:2]}/{lowered[2:4]}/{lowered}"


def _index_name(parts: list[str]) -> str | None:
    """The crate an index path names, when the path is the one its name has."""
    if not parts or len(parts) > 3:
        return None
    name = parts[-1]
    return name if "/".join(parts) == index_path(name) else None


def _crate_name(view: RepositoryView, lowered: str) -> str | None:
    """The stored name of a crate the index asks for in lower case."""
    versions, _ = view.versions(None, lowered)
    if versions:
        return lowered
    return next((name for _, name in view.packages() if name.lower() == lowered), None)


def _index_file(view: RepositoryView, lowered: str) -> EndpointResponse:
    name = _crate_name(view, lowered.lower())
    versions = view.versions(None, name)[0] if name is not None else {}
    if not versions:
        return _error(404, f"No crate named {lowered} is available")
    ordered = sorted(versions.items(), key=lambda item: (item[1].published_time, view.plugin.version_sort_key(item[0])))
    lines = []
    for number, version in ordered:
        entry = _index_entry(view, name or lowered, number, version)
        if entry is not None:
            lines.append(json.dumps(entry, separators=(",", ":")))
    if not lines:
        return _error(404, f"No crate named {lowered} is available")
    return EndpointResponse.text("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _crate_asset(version: Any) -> str | None:
    return next((a.name for a in version.assets if a.name.endswith(".crate")), None)


def _index_entry(view: RepositoryView, name: str, number: str, version: Any) -> dict[str, Any] | None:
    """One version's index line; None when it has no ``.crate`` to offer."""
    asset = _crate_asset(version)
    hashes = view.hashes(version, asset) if asset is not None else None
    if asset is None or hashes is None:
        return None
    manifest = _manifest(view, version, asset, hashes["SHA-256"])
    entry: dict[str, Any] = {"name": name, "vers": number}
    if manifest is not None:
        entry["deps"] = _dependencies(manifest, view.base_url)
        features, features2 = _features(manifest)
    else:  # the manifest cannot be read: what the service kept of the version
        entry["deps"] = [
            _dependency_entry(package, requirement or "*", kind or "normal")
            for _, package, kind, requirement in version.metadata.dependencies
        ]
        features, features2 = {}, {}
    entry["cksum"] = hashes["SHA-256"]
    entry["features"] = features
    entry["yanked"] = False
    package = manifest.get("package") if manifest is not None else None
    package = package if isinstance(package, dict) else {}
    entry["links"] = package.get("links") if isinstance(package.get("links"), str) else None
    if features2:
        entry["features2"] = features2
        entry["v"] = 2
    if isinstance(package.get("rust-version"), str):
        entry["rust_version"] = package["rust-version"]
    return entry


_MANIFESTS: OrderedDict[str, dict[str, Any] | None] = OrderedDict()
_MANIFESTS_LOCK = threading.Lock()
_MANIFESTS_KEPT = 512


def _manifest(view: RepositoryView, version: Any, asset: str, sha256: str) -> dict[str, Any] | None:
    """The crate's normalised Cargo.toml (cached by content); None when unreadable."""
    with _MANIFESTS_LOCK:
        if sha256 in _MANIFESTS:
            _MANIFESTS.move_to_end(sha256)
            return _MANIFESTS[sha256]
    data = view.asset(version, asset)
    manifest: dict[str, Any] | None = None
    if data is not None:
        try:
            members = read_tar("cargo", asset, data, lambda n: depth(n) == 1 and basename(n) == "Cargo.toml")
            if members:
                filename = sorted(members)[0]
                parsed = parse_cargo_toml(filename, members[filename].decode("utf-8", errors="replace"))
                manifest = parsed if isinstance(parsed, dict) else None
        except ValueError:
            manifest = None
    with _MANIFESTS_LOCK:
        _MANIFESTS[sha256] = manifest
        while len(_MANIFESTS) > _MANIFESTS_KEPT:
            _MANIFESTS.popitem(last=False)
    return manifest


def _dependency_entry(
    name: str, requirement: str, kind: str, *, features: list[str] | None = None, optional: bool = False,
    default_features: bool = True, target: str | None = None, registry: str | None = CRATES_IO_INDEX,
    package: str | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": name, "req": requirement, "features": features or [], "optional": optional,
        "default_features": default_features, "target": target, "kind": kind,
    }
    if registry is not None:
        entry["registry"] = registry
    if package is not None:
        entry["package"] = package
    return entry


def _dependencies(manifest: dict[str, Any], base_url: str) -> list[dict[str, Any]]:
    """The index's ``deps`` from Cargo.toml's dependency tables, target ones included.

    A dependency without ``registry-index`` is on crates.io; one whose
    ``registry-index`` is this registry has no ``registry`` (the same
    registry), as in the index crates.io and Cargo write."""
    own_index = {f"sparse+{base_url}", base_url, f"sparse+{base_url.rstrip('/')}", base_url.rstrip("/")}
    scopes: list[tuple[str | None, dict[str, Any]]] = [(None, manifest)]
    targets = manifest.get("target")
    if isinstance(targets, dict):
        scopes += [(str(t), table) for t, table in targets.items() if isinstance(table, dict)]
    found = []
    for target, scope in scopes:
        for section, kind in _KINDS.items():
            declared = scope.get(section) or scope.get(section.replace("-", "_"))
            if not isinstance(declared, dict):
                continue
            for key, spec in declared.items():
                spec = {"version": spec} if isinstance(spec, str) else spec
                if not isinstance(spec, dict):
                    continue
                index = spec.get("registry-index")
                registry = CRATES_IO_INDEX if not isinstance(index, str) else (None if index in own_index else index)
                renamed = spec.get("package") if isinstance(spec.get("package"), str) else None
                features = spec.get("features")
                default = spec.get("default-features", spec.get("default_features", True))
                found.append(_dependency_entry(
                    str(key), str(spec.get("version") or "*"), kind,
                    features=[f for f in features if isinstance(f, str)] if isinstance(features, list) else [],
                    optional=spec.get("optional") is True, default_features=default is not False,
                    target=target, registry=registry, package=renamed,
                ))
    return found


def _features(manifest: dict[str, Any]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``features`` and ``features2`` (those using ``dep:`` or ``?/``, which
    older Cargo cannot read), as the index splits them."""
    declared = manifest.get("features")
    plain: dict[str, list[str]] = {}
    newer: dict[str, list[str]] = {}
    if isinstance(declared, dict):
        for feature, values in declared.items():
            listed = [v for v in values if isinstance(v, str)] if isinstance(values, list) else []
            target = newer if any(v.startswith("dep:") or "?/" in v for v in listed) else plain
            target[str(feature)] = listed
    return plain, newer


# -- the web API ----------------------------------------------------------------------
def _api(request: EndpointRequest, view: RepositoryView, rest: list[str]) -> EndpointResponse:
    method = request.method
    if rest == ["new"]:
        if method != "PUT":
            return _error(405, f"{method} is not supported on api/v1/crates/new")
        return _publish(request, view)
    if not rest:
        return _error(404, "cargo search is not supported by CodeArtifact repositories")
    if len(rest) == 2 and rest[1] == "owners":
        return _error(404, "cargo owner is not supported by CodeArtifact repositories")
    if len(rest) == 3 and rest[2] in ("yank", "unyank"):
        return _error(404, f"cargo {rest[2]} is not supported by CodeArtifact repositories: "
                           "use UpdatePackageVersionsStatus")
    if len(rest) == 3 and rest[2] == "download":
        if method not in ("GET", "HEAD"):
            return _error(405, f"{method} is not supported on a download")
        return _download(view, rest[0], rest[1])
    return _error(404, f"api/v1/crates/{'/'.join(rest)} is not a Cargo registry path")


def _download(view: RepositoryView, name: str, version: str) -> EndpointResponse:
    stored = _crate_name(view, name.lower()) or name
    found = view.fetch(None, stored, version)
    asset = _crate_asset(found.version) if found is not None else None
    data = view.asset(found, asset) if found is not None and asset is not None else None
    if data is None:
        return _error(404, f"Version {version} of crate {name} is not available")
    return EndpointResponse.binary(data, content_type="application/x-tar")


def _publish(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    """``cargo publish``: u32 LE JSON length, the JSON, u32 LE crate length, the crate."""
    body = request.body
    if len(body) < 4:
        return _error(400, "The publish request is too short")
    (json_length,) = struct.unpack_from("<I", body, 0)
    if json_length > _MAX_PUBLISH_JSON or 4 + json_length + 4 > len(body):
        return _error(400, "The publish request's metadata length does not fit the body")
    try:
        document = untrusted_json.loads(body[4:4 + json_length])
    except ValueError:
        return _error(400, "The publish request's metadata is not JSON")
    (crate_length,) = struct.unpack_from("<I", body, 4 + json_length)
    crate = body[8 + json_length:]
    if crate_length != len(crate):
        return _error(400, f"The publish request announces a {crate_length}-byte crate but carries {len(crate)} bytes")
    if not isinstance(document, dict) or not isinstance(document.get("name"), str) \
            or not isinstance(document.get("vers"), str):
        return _error(400, "The publish request's metadata needs the crate's name and vers")
    name, number = document["name"], document["vers"]
    if view.plugin.parsed_version_key(number) is None:
        return _error(400, f"{number!r} is not a valid SemVer version")
    filename = f"{name}-{number}.crate"
    try:
        inside = view.plugin.extract_metadata({filename: crate})
    except ValueError as error:
        return _error(400, str(error))
    if (inside.name, inside.version) != (name, number):
        return _error(400, f"The crate's Cargo.toml is {inside.name} {inside.version}, not {name} {number}")
    try:
        view.publish({filename: crate}, package=name, version=number)
    except ConflictException as error:
        return _error(409, error.message)
    except AccessDeniedException as error:
        return _error(403, error.message)
    except ValidationException as error:
        return _error(400, error.message)
    return EndpointResponse.json({"warnings": {"invalid_categories": [], "invalid_badges": [], "other": []}})


def download_url(view: RepositoryView, name: str, version: str) -> str:
    """Where Cargo downloads a version from (``{dl}/{crate}/{version}/download``)."""
    return f"{view.base_url}api/v1/crates/{quote(name, safe='')}/{quote(version, safe='+')}/download"
