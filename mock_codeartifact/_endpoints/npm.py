"""The npm repository endpoint: the registry protocol ``npm`` speaks.

Paths are relative to ``/npm/{repository}/``; a package name is ``name`` or
``@scope/name`` (npm sends the scoped one as ``@scope%2fname``, which the
transport has already decoded):

- ``GET {name}``: the packument (only listed, i.e. Published, versions; the
  dist-tags merged across upstreams, the upstream value winning), built once
  per change of the packages it reads and kept in the mock's derived cache;
- ``GET {name}/{version-or-tag}``: one version's manifest;
- ``GET {name}/-/{basename}-{version}.tgz``: the tarball, resolved through
  the upstream graph and external connections with retention (Unlisted
  versions download, Archived and Disposed ones do not);
- ``PUT {name}``: ``npm publish`` (the tarball in ``_attachments``, stored as
  the version's ``package.tgz`` asset as on CodeArtifact), and ``npm
  deprecate`` (the packument sent back with ``deprecated`` messages, which the
  packument then carries and ``npm install`` prints);
- ``GET -/package/{name}/dist-tags``, ``PUT``/``DELETE
  -/package/{name}/dist-tags/{tag}``: ``npm dist-tag ls/add/rm``;
- ``GET -/ping``: ``npm ping``.

Commands CodeArtifact does not support (``audit``, ``search``, ``whoami``,
``unpublish``, ``owner``, ``access``, ``login``...) get a 404 with a message,
which ``npm install`` tolerates for its audit request.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .. import _json as untrusted_json
from .._formats._versions import semver_key
from .._formats.npm import _find_manifest, split_npm_name
from ..limits import shorten
from ._npm_upload import read_publish_body
from .messages import EndpointRequest, EndpointResponse
from .view import RepositoryView

#: The asset an npm version's tarball is stored as (as on CodeArtifact).
TARBALL = "package.tgz"
#: package.json fields a registry keeps at the top of the packument, not per version.
_TOP_LEVEL_ONLY = ("readme", "readmeFilename")
#: CodeArtifact dependencyType -> package.json section.
_SECTIONS = {"regular": "dependencies", "dev": "devDependencies", "peer": "peerDependencies",
             "optional": "optionalDependencies"}
#: npm commands CodeArtifact does not support, by the path their request uses.
_UNSUPPORTED = {
    "npm": "npm audit", "v1": "npm search/token", "whoami": "npm whoami", "user": "npm login/adduser",
    "org": "npm org", "team": "npm team", "access": "npm access", "hook": "npm hook",
}


def serve(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    parts = [p for p in request.path.split("/") if p]
    if not parts:
        return EndpointResponse.not_found("No package name in the request")
    if parts[0] == "-":
        return _special(request, view, parts[1:])
    split = _package_name(parts)
    if split is None:
        return EndpointResponse.not_found(f"{request.path!r} is not an npm package path")
    (full, namespace, name), rest = split
    method = request.method
    if not rest:
        if method in ("GET", "HEAD"):
            return _packument_response(view, full, namespace, name)
        if method == "PUT":
            return _publish(request, view, full, namespace, name)
        return _not_allowed(method, "npm unpublish is not supported: use DeletePackageVersions")
    if rest[0] == "-rev":  # npm unpublish: PUT/DELETE {name}/-rev/{rev}
        return _not_allowed(method, "npm unpublish is not supported: use DeletePackageVersions")
    if rest[0] == "-" and len(rest) >= 2:
        if method not in ("GET", "HEAD"):
            return _not_allowed(method)
        return _tarball(view, full, namespace, name, "/".join(rest[1:]))
    if len(rest) == 1 and method in ("GET", "HEAD"):
        return _version_manifest(view, full, namespace, name, rest[0])
    return EndpointResponse.not_found(f"{request.path!r} is not an npm registry path")


# -- names and paths ------------------------------------------------------------------
def _package_name(parts: list[str]) -> tuple[tuple[str, str | None, str], list[str]] | None:
    """((full name, namespace, name), the path after the name), or None."""
    if parts[0].startswith("@"):
        if len(parts) < 2:
            return None
        full, rest = f"{parts[0]}/{parts[1]}", parts[2:]
    else:
        full, rest = parts[0], parts[1:]
    try:
        namespace, name = split_npm_name(full)
    except ValueError:
        return None
    return (full, namespace, name), rest


def tarball_url(view: RepositoryView, full: str, name: str, version: str) -> str:
    """Where a version's tarball is: ``{endpoint}{full}/-/{name}-{version}.tgz``."""
    return f"{view.base_url}{quote(full, safe='@/')}/-/{quote(name, safe='')}-{quote(version, safe='+')}.tgz"


def _not_allowed(method: str, message: str | None = None) -> EndpointResponse:
    return EndpointResponse.error(405, message or f"{method} is not supported on this npm path")


# -- reading ----------------------------------------------------------------------------
def _tarball_asset(version: Any) -> str | None:
    names = [a.name for a in version.assets]
    if TARBALL in names:
        return TARBALL
    return next((n for n in names if n.endswith((".tgz", ".tar.gz"))), None)


def _package_json(data: bytes, sha256: str) -> dict[str, Any] | None:
    """The tarball's package.json, None when unreadable (a fresh dict)."""
    manifest: Any
    try:
        raw, _ = _find_manifest({TARBALL: data})
        manifest = untrusted_json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        manifest = None
    return manifest if isinstance(manifest, dict) else None


def _kept_package_json(view: RepositoryView, data: bytes, sha256: str) -> dict[str, Any] | None:
    """:func:`_package_json`, kept in the mock's derived cache by content
    (a copy is returned: callers change their manifest)."""
    key = ("npm package.json", sha256)
    kept = view.derived.get(key, _MISSING)
    if kept is _MISSING:
        kept = _package_json(data, sha256)
        view.derived.put(key, kept, len(json.dumps(kept)) if kept is not None else 64)
    return dict(kept) if kept is not None else None


_MISSING = object()


def _from_metadata(metadata: Any) -> dict[str, Any]:
    """package.json fields rebuilt from what the service keeps of a version."""
    manifest: dict[str, Any] = {}
    if metadata.summary:
        manifest["description"] = metadata.summary
    if metadata.home_page:
        manifest["homepage"] = metadata.home_page
    if metadata.source_code_repository:
        manifest["repository"] = {"type": "git", "url": metadata.source_code_repository}
    licenses = [name for name, _ in metadata.licenses if name]
    if len(licenses) == 1:
        manifest["license"] = licenses[0]
    elif licenses:
        manifest["license"] = " OR ".join(licenses)
    for namespace, package, kind, requirement in metadata.dependencies:
        section = _SECTIONS.get(kind or "regular", "dependencies")
        full = f"@{namespace}/{package}" if namespace else str(package)
        manifest.setdefault(section, {})[full] = requirement or "*"
    return manifest


def _manifest(
    view: RepositoryView, full: str, name: str, number: str, version: Any,
    known: dict[str, dict[str, Any] | None] | None = None,
) -> tuple[dict[str, Any], str | None]:
    """One version as the packument lists it: its package.json, name,
    version, ``deprecated`` and ``dist`` (tarball URL, SHA-1 ``shasum``,
    SHA-512 ``integrity``); and the tarball's SHA-256. ``known`` maps
    tarball SHA-256s to the package.json already read from them."""
    ref = _tarball_asset(version)
    hashes = view.hashes(version, ref) if ref is not None else None
    sha256 = hashes["SHA-256"] if hashes is not None else None
    manifest = None
    if sha256 is not None:
        if known is not None and sha256 in known:
            found = known[sha256]
            manifest = dict(found) if found is not None else None
        else:
            data = view.asset(version, ref) if ref is not None else None
            manifest = _kept_package_json(view, data, sha256) if data is not None else None
    if manifest is None:
        manifest = _from_metadata(version.metadata)
    for field in (*_TOP_LEVEL_ONLY, "deprecated"):
        manifest.pop(field, None)
    manifest.update(name=full, version=number, _id=f"{full}@{number}")
    if version.metadata.deprecated:
        manifest["deprecated"] = version.metadata.deprecated
    dist: dict[str, Any] = {"tarball": tarball_url(view, full, name, number)}
    if hashes is not None:
        dist["shasum"] = hashes["SHA-1"]
        dist["integrity"] = "sha512-" + base64.b64encode(bytes.fromhex(hashes["SHA-512"])).decode("ascii")
    manifest["dist"] = dist
    return manifest, sha256


def _iso(moment: _dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    moment = moment.astimezone(_dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _ordered(numbers: list[str]) -> list[str]:
    """SemVer order (unparseable versions first, by text)."""
    keys = {n: semver_key(n) for n in numbers}
    return sorted(numbers, key=lambda n: (keys[n] is not None, keys[n] or (), n))


def packument(view: RepositoryView, full: str, namespace: str | None, name: str) -> dict[str, Any] | None:
    """The package document npm reads, or None when no version is listed."""
    built = _build_packument(view, full, namespace, name, {})
    return built[0] if built is not None else None


def _build_packument(
    view: RepositoryView, full: str, namespace: str | None, name: str, known: dict[str, dict[str, Any] | None],
) -> tuple[dict[str, Any], dict[str, dict[str, Any] | None]] | None:
    """The packument and the package.json of each tarball it was built from
    (by SHA-256, for the next build); None when no version is listed."""
    versions, tags = view.versions(namespace, name)
    if not versions:
        return None
    numbers = _ordered(list(versions))
    manifests: dict[str, dict[str, Any]] = {}
    read: dict[str, dict[str, Any] | None] = {}
    for number in numbers:
        manifest, sha256 = _manifest(view, full, name, number, versions[number], known)
        manifests[number] = manifest
        if sha256 is not None:
            read[sha256] = known[sha256] if sha256 in known else _without_registry_fields(manifest)
    tags = {tag: v for tag, v in tags.items() if v in versions}
    times = {n: versions[n].published_time for n in numbers}
    document: dict[str, Any] = {
        "_id": full,
        "name": full,
        "dist-tags": tags,
        "versions": manifests,
        "time": {
            "created": _iso(min(times.values())),
            "modified": _iso(max(times.values())),
            **{n: _iso(t) for n, t in times.items()},
        },
    }
    current = versions[tags.get("latest", numbers[-1])]
    if current.metadata.summary:
        document["description"] = current.metadata.summary
    if current.metadata.readme:
        document["readme"] = current.metadata.readme
    return document, read


def _without_registry_fields(manifest: dict[str, Any]) -> dict[str, Any]:
    """A listed manifest less what the registry adds: its package.json again."""
    return {k: v for k, v in manifest.items() if k not in ("name", "version", "_id", "dist", "deprecated")}


@dataclass(frozen=True)
class _KeptPackument:
    """A packument as served, and what the next build can reuse."""

    generations: tuple[int, ...]
    body: bytes
    etag: str
    package_jsons: dict[str, dict[str, Any] | None]


def _packument_response(view: RepositoryView, full: str, namespace: str | None, name: str) -> EndpointResponse:
    """The packument, built once per change of the packages it reads (kept
    in the mock's derived cache, keyed by the endpoint and the name)."""
    key = ("npm packument", view.base_url, full)
    generations = view.listing_generations(namespace, name)
    kept = view.derived.get(key)
    if kept is None or kept.generations != generations:
        built = _build_packument(view, full, namespace, name, kept.package_jsons if kept is not None else {})
        if built is None:
            return EndpointResponse.not_found(f"Package {full} not found in repository {view.repository.name}")
        document, package_jsons = built
        body = json.dumps(document, separators=(",", ":")).encode()
        kept = _KeptPackument(generations, body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', package_jsons)
        # Kept only if nothing changed while it was built (else the next request builds again).
        if view.listing_generations(namespace, name) == generations:
            view.derived.put(key, kept, 2 * len(body))
    return EndpointResponse(200, kept.body, {"Content-Type": "application/json", "ETag": kept.etag})


def _version_manifest(view: RepositoryView, full: str, namespace: str | None, name: str, wanted: str) -> EndpointResponse:
    versions, tags = view.versions(namespace, name)
    number = tags.get(wanted, wanted)
    if number not in versions:
        return EndpointResponse.not_found(f"Version {wanted} of {full} not found")
    return EndpointResponse.json(_manifest(view, full, name, number, versions[number])[0])


def _tarball(view: RepositoryView, full: str, namespace: str | None, name: str, filename: str) -> EndpointResponse:
    # npm's own publish document names it after the full name: '@scope/name-1.0.0.tgz'.
    if namespace and filename.startswith(f"@{namespace}/"):
        filename = filename[len(namespace) + 2:]
    prefix = f"{name}-"
    if not filename.startswith(prefix) or not filename.endswith(".tgz") or len(filename) <= len(prefix) + 4:
        return EndpointResponse.not_found(f"{filename} is not a tarball of {full}")
    version = filename[len(prefix):-4]
    found = view.fetch(namespace, name, version)
    asset = _tarball_asset(found.version) if found is not None else None
    data = view.asset(found, asset) if found is not None and asset is not None else None
    if found is None or asset is None or data is None:
        return EndpointResponse.not_found(f"{filename} is not available")
    hashes = view.hashes(found, asset)
    return EndpointResponse.download(data, hashes["SHA-256"] if hashes else None)


# -- publishing -------------------------------------------------------------------------
def _publish(request: EndpointRequest, view: RepositoryView, full: str, namespace: str | None, name: str) -> EndpointResponse:
    """``npm publish``: one version, its tarball base64 in ``_attachments``
    (a large one decoded in place, see ``_npm_upload``)."""
    try:
        parsed = read_publish_body(request.take_content())
    except ValueError:
        return EndpointResponse.error(400, "The publish request body is not JSON")
    body = parsed.document
    if not isinstance(body, dict):
        return EndpointResponse.error(400, "The publish request body must be a JSON object")
    if body.get("name", full) != full:
        return EndpointResponse.error(400, f"The document names {body.get('name')!r}, the URL {full!r}")
    attachments = body.get("_attachments")
    if not attachments:  # the whole packument sent back: npm deprecate
        return _update_versions(view, full, namespace, name, body)
    if not isinstance(attachments, dict) or len(attachments) != 1:
        return EndpointResponse.error(400, "Publish exactly one tarball at a time")
    filename, attachment = next(iter(attachments.items()))
    declared_versions = body.get("versions")
    versions = declared_versions if isinstance(declared_versions, dict) else {}
    version = _published_version(filename, full, versions)
    if version is None:
        return EndpointResponse.error(400, f"Cannot tell which version {filename!r} is")
    if parsed.tarball is not None:
        data = parsed.tarball
    else:
        try:
            data = base64.b64decode(attachment["data"], validate=True)
        except (KeyError, TypeError, ValueError):
            return EndpointResponse.error(400, f"The attachment {filename!r} has no valid base64 data")
        attachment["data"] = None  # the text is not needed any more
    del parsed
    if isinstance(attachment.get("length"), int) and attachment["length"] != len(data):
        return EndpointResponse.error(400, f"The attachment {filename!r} is not {attachment['length']} bytes long")
    problem = _check_dist(versions.get(version), data) or _check_tarball(data, full, version, view)
    if problem:
        return EndpointResponse.error(400, problem)
    sent_tags = body.get("dist-tags")
    if isinstance(sent_tags, dict):
        tags = {t: v for t, v in sent_tags.items() if isinstance(t, str) and t and v == version}
    else:
        tags = {"latest": version}
    found = view.publish(
        {TARBALL: data}, namespace=namespace, package=name, version=version, dist_tags=tags or None,
    )
    return EndpointResponse.json({"ok": True, "id": full, "version": found.version.version, "dist-tags": tags})


def _update_versions(
    view: RepositoryView, full: str, namespace: str | None, name: str, body: dict[str, Any],
) -> EndpointResponse:
    """``npm deprecate``: the packument read with ``?write=true`` comes back
    with ``deprecated`` set (or ``""``: cleared) on some versions. Only that
    change is taken; a document that leaves versions out is ``npm
    unpublish``, which CodeArtifact does not support."""
    sent = body.get("versions")
    if not isinstance(sent, dict) or not all(isinstance(m, dict) for m in sent.values()):
        return EndpointResponse.error(400, "The document has no versions to update")
    versions, _ = view.versions(namespace, name)
    if not versions:
        return EndpointResponse.not_found(f"Package {full} not found in repository {view.repository.name}")
    if any(number not in sent for number in versions):
        return _not_allowed("PUT", "npm unpublish is not supported: use DeletePackageVersions")
    changes: dict[str, str | None] = {}
    for number, manifest in sent.items():
        message = manifest.get("deprecated", "")
        if not isinstance(message, str):
            return EndpointResponse.error(400, f"The deprecation message of {full}@{number} must be a string")
        if number not in versions:
            return EndpointResponse.not_found(f"Version {number} of {full} not found")
        if message != (versions[number].metadata.deprecated or ""):
            changes[number] = message or None
    for number, message in changes.items():
        # A version the repository only reaches upstream is kept here first, as installing it would.
        if view.fetch(namespace, name, number) is None:
            return EndpointResponse.not_found(f"Version {number} of {full} not found")
        view.deprecate(namespace, name, number, message)
    return EndpointResponse.json({"ok": True, "id": full})


def _published_version(filename: str, full: str, versions: dict[str, Any]) -> str | None:
    """The version an attachment is: ``{full}-{version}.tgz`` (or by the
    single version the document carries)."""
    for stem in (f"{full}-", f"{full.rpartition('/')[2]}-"):
        if filename.startswith(stem) and filename.endswith(".tgz"):
            candidate = filename[len(stem):-4]
            if candidate in versions or not versions:
                return candidate or None
    if len(versions) == 1:
        return next(iter(versions))
    return None


def _check_dist(manifest: Any, data: bytes) -> str | None:
    """The document's ``dist.shasum``/``dist.integrity`` must fit the tarball."""
    dist = manifest.get("dist") if isinstance(manifest, dict) else None
    if not isinstance(dist, dict):
        return None
    shasum = dist.get("shasum")
    if isinstance(shasum, str) and shasum and shasum.lower() != hashlib.sha1(data).hexdigest():
        return "The tarball does not match dist.shasum"
    integrity = dist.get("integrity")
    if isinstance(integrity, str):
        for entry in integrity.split():
            algorithm, _, digest = entry.partition("-")
            if algorithm in ("sha1", "sha256", "sha384", "sha512"):
                actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
                if digest.split("?")[0] != actual:
                    return f"The tarball does not match dist.integrity ({algorithm})"
    return None


def _check_tarball(data: bytes, full: str, version: str, view: RepositoryView | None = None) -> str | None:
    """The tarball's package.json must name the package and version published
    (read once: kept in ``view``'s derived cache for the next packument)."""
    sha256 = hashlib.sha256(data).hexdigest()
    manifest = _kept_package_json(view, data, sha256) if view is not None else _package_json(data, sha256)
    if manifest is None:
        return "The tarball has no readable package/package.json"
    if manifest.get("name") != full or manifest.get("version") != version:
        found = f"{manifest.get('name')}@{manifest.get('version')}"
        return f"The tarball's package.json is {shorten(found)}, not {shorten(f'{full}@{version}')}"
    return None


# -- dist-tags and the rest -------------------------------------------------------------
def _special(request: EndpointRequest, view: RepositoryView, parts: list[str]) -> EndpointResponse:
    """Paths under ``-/``: dist-tags, ping, and the unsupported commands."""
    if parts[:1] == ["package"] and len(parts) >= 3:
        split = _package_name(parts[1:])
        if split is not None and split[1][:1] == ["dist-tags"] and len(split[1]) <= 2:
            (full, namespace, name), rest = split
            return _dist_tags(request, view, full, namespace, name, rest[1] if len(rest) == 2 else None)
    if parts == ["ping"]:
        return EndpointResponse.json({})
    command = _UNSUPPORTED.get(parts[0]) if parts else None
    if command:
        return EndpointResponse.not_found(f"{command} is not supported by CodeArtifact repositories")
    return EndpointResponse.not_found(f"-/{'/'.join(parts)} is not an npm registry path")


def _dist_tags(
    request: EndpointRequest, view: RepositoryView, full: str, namespace: str | None, name: str, tag: str | None
) -> EndpointResponse:
    method = request.method
    if tag is None:
        if method not in ("GET", "HEAD"):
            return _not_allowed(method, "Set or remove one tag at a time: -/package/{name}/dist-tags/{tag}")
        versions, tags = view.versions(namespace, name)
        if not versions:
            return EndpointResponse.not_found(f"Package {full} not found in repository {view.repository.name}")
        return EndpointResponse.json({t: v for t, v in tags.items() if v in versions})
    if method == "GET":
        _, tags = view.versions(namespace, name)
        if tag not in tags:
            return EndpointResponse.not_found(f"{full} has no dist-tag {tag}")
        return EndpointResponse.json(tags[tag])
    view.authorize_metadata_update(namespace, name)  # before anything below retains a version
    if method == "DELETE":
        tags = view.set_dist_tag(namespace, name, tag, None)
        return EndpointResponse.json({"ok": True, "id": full, "dist-tags": tags})
    if method not in ("PUT", "POST"):
        return _not_allowed(method)
    try:
        version = untrusted_json.loads(request.body or b"null")
    except ValueError:
        version = None
    if not isinstance(version, str) or not version:
        return EndpointResponse.error(400, "The body must be a JSON string: the version to tag")
    if semver_key(tag) is not None:
        return EndpointResponse.error(400, f"Tag name must not be a valid SemVer version: {tag}")
    # Tagging a version the repository only reaches upstream keeps it here
    # first, as installing it would.
    if view.fetch(namespace, name, version) is None:
        return EndpointResponse.not_found(f"Version {version} of {full} not found")
    tags = view.set_dist_tag(namespace, name, tag, version)
    return EndpointResponse.json({"ok": True, "id": full, "dist-tags": tags})
