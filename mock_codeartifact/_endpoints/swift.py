"""The Swift repository endpoint: the Swift Package Registry service
(SE-0292, API version 1) as CodeArtifact serves it to ``swift package``.

Paths are relative to ``/swift/{repository}/``; scopes and names are
case-insensitive and stored lower-cased, as CodeArtifact does:

- ``GET {scope}/{name}`` (or ``….json``): the package's releases, each with
  its URL, and a ``Link: <…>; rel="latest-version"`` header;
- ``GET {scope}/{name}/{version}`` (or ``….json``): release metadata: ``id``,
  ``version``, the ``source-archive`` resource with its SHA-256 checksum,
  ``metadata`` and ``publishedAt``;
- ``GET {scope}/{name}/{version}/Package.swift[?swift-version=X]``: the
  manifest from the source archive (a version-specific one,
  ``Package@swift-X.swift``, when asked for and present; otherwise a 303 to
  the unqualified one), with ``Link`` headers naming the alternatives;
- ``GET {scope}/{name}/{version}.zip``: the source archive, with
  ``Content-Disposition`` and ``Digest: sha-256=…``; resolved through
  upstreams with retention (Swift has no external connection);
- ``GET identifiers?url=…``: the package identifiers whose release metadata
  names that source repository;
- ``PUT {scope}/{name}/{version}``: publish, a ``multipart/form-data`` body
  with ``source-archive`` (the zip) and optional ``metadata`` (JSON):
  **201 Created** with ``Location``;
- ``POST login``: checks the credentials (``swift package-registry login``).

Every answer carries ``Content-Version: 1``; errors are problem details
(``application/problem+json``, ``{"detail": …}``). An ``Accept`` header
asking for another API version is a 415.
"""

from __future__ import annotations

import base64
import datetime as _dt
import re
from typing import Any
from urllib.parse import quote

from .. import _json as untrusted_json
from ..errors import AccessDeniedException, ConflictException, ValidationException
from .._formats._archive import basename, depth, read_zip
from .messages import EndpointRequest, EndpointResponse
from .view import RepositoryView

API_VERSION = "1"
JSON_TYPE = "application/json"
_SCOPE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|[-_](?=[A-Za-z0-9])){0,99}$")
_ACCEPT_VERSION = re.compile(r"application/vnd\.swift\.registry\.v([^+;,\s]*)")
_MANIFEST = re.compile(r"^Package(?:@swift-(\d+(?:\.\d+){0,2}))?\.swift$")
_TOOLS_VERSION = re.compile(r"^//\s*swift-tools-version\s*:\s*([0-9.]+)")
#: The largest metadata document accepted with a publish.
_MAX_METADATA = 1 << 20


def serve(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    wanted = _ACCEPT_VERSION.search(request.header("accept"))
    if wanted and wanted.group(1) != API_VERSION:
        return _versioned(_problem(415, f"API version {wanted.group(1)!r} is not supported; use version 1"))
    return _versioned(_route(request, view))


def _versioned(response: EndpointResponse) -> EndpointResponse:
    response.headers["Content-Version"] = API_VERSION
    return response


def _problem(status: int, detail: str) -> EndpointResponse:
    return EndpointResponse.json({"detail": detail}, status, content_type="application/problem+json")


def _route(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    parts = [p for p in request.path.split("/") if p]
    method = request.method
    if parts == ["login"]:
        return EndpointResponse(200) if method == "POST" else _problem(405, f"{method} is not supported on login")
    if parts == ["identifiers"]:
        if method not in ("GET", "HEAD"):
            return _problem(405, f"{method} is not supported on identifiers")
        return _identifiers(request, view)
    if len(parts) < 2 or len(parts) > 4:
        return _problem(404, f"{request.path!r} is not a Swift package registry path")
    scope, name = parts[0], parts[1]
    if len(parts) == 2 and name.endswith(".json"):
        name = name[:-5]
    if not _SCOPE.match(scope) or not _NAME.match(name):
        return _problem(400, f"{scope}.{name} is not a valid package identifier")
    scope, name = scope.lower(), name.lower()
    if len(parts) == 2:
        if method not in ("GET", "HEAD"):
            return _problem(405, f"{method} is not supported on a package")
        return _releases(view, scope, name)
    version = parts[2]
    if len(parts) == 3 and method == "PUT":
        return _publish(request, view, scope, name, version)
    if method not in ("GET", "HEAD"):
        return _problem(405, f"{method} is not supported on a release")
    if len(parts) == 4:
        if parts[3] != "Package.swift":
            return _problem(404, f"{parts[3]!r} is not a resource of a release")
        return _manifest(request, view, scope, name, version)
    if version.endswith(".zip"):
        return _archive(view, scope, name, version[:-4])
    if version.endswith(".json"):
        version = version[:-5]
    return _release(view, scope, name, version)


# -- reading ----------------------------------------------------------------------------
def _iso(moment: _dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    moment = moment.astimezone(_dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _release_url(view: RepositoryView, scope: str, name: str, version: str) -> str:
    return f"{view.base_url}{quote(scope)}/{quote(name)}/{quote(version, safe='+')}"


def _archive_asset(version: Any) -> str | None:
    return next((a.name for a in version.assets if a.name.endswith(".zip")), None)


def _ordered(view: RepositoryView, numbers: list[str]) -> list[str]:
    return view.plugin.sort_versions(numbers)


def _identifier(view: RepositoryView, scope: str, name: str, metadata: Any) -> str:
    """``scope.Name``: the manifest's spelling of the name when it is the
    same name, else the stored (lower-case) one."""
    display = metadata.display_name if metadata is not None else None
    return f"{scope}.{display if isinstance(display, str) and display.lower() == name else name}"


def _releases(view: RepositoryView, scope: str, name: str) -> EndpointResponse:
    versions, _ = view.versions(scope, name)
    if not versions:
        return _problem(404, f"{scope}.{name} is not found")
    ordered = _ordered(view, list(versions))
    body = {"releases": {number: {"url": _release_url(view, scope, name, number)} for number in reversed(ordered)}}
    response = EndpointResponse.json(body)
    response.headers["Link"] = f'<{_release_url(view, scope, name, ordered[-1])}>; rel="latest-version"'
    return response


def _resolve(view: RepositoryView, scope: str, name: str, version: str) -> Any:
    """The release's version record (retained here as a download would), or None."""
    found = view.fetch(scope, name, version)
    return found.version if found is not None else None


def _release(view: RepositoryView, scope: str, name: str, version: str) -> EndpointResponse:
    versions, _ = view.versions(scope, name)
    record = versions.get(version)
    if record is None:
        return _problem(404, f"Release {version} of {scope}.{name} is not found")
    asset = _archive_asset(record)
    hashes = view.hashes(record, asset) if asset is not None else None
    resources = []
    if asset is not None and hashes is not None:
        resources.append({"name": "source-archive", "type": "application/zip", "checksum": hashes["SHA-256"]})
    body = {
        "id": _identifier(view, scope, name, record.metadata),
        "version": version,
        "resources": resources,
        "metadata": _metadata_document(record.metadata),
        "publishedAt": _iso(record.published_time),
    }
    ordered = _ordered(view, list(versions))
    links = [f'<{_release_url(view, scope, name, ordered[-1])}>; rel="latest-version"']
    position = ordered.index(version)
    if position + 1 < len(ordered):
        links.append(f'<{_release_url(view, scope, name, ordered[position + 1])}>; rel="successor-version"')
    if position > 0:
        links.append(f'<{_release_url(view, scope, name, ordered[position - 1])}>; rel="predecessor-version"')
    response = EndpointResponse.json(body)
    response.headers["Link"] = ", ".join(links)
    return response


def _metadata_document(metadata: Any) -> dict[str, Any]:
    """The release metadata SE-0292 names, from what the service keeps."""
    document: dict[str, Any] = {}
    if metadata.summary:
        document["description"] = metadata.summary
    if metadata.source_code_repository:
        document["repositoryURLs"] = [metadata.source_code_repository]
    license_url = next((url for _, url in metadata.licenses if url), None)
    if license_url:
        document["licenseURL"] = license_url
    return document


def _archive(view: RepositoryView, scope: str, name: str, version: str) -> EndpointResponse:
    record = _resolve(view, scope, name, version)
    asset = _archive_asset(record) if record is not None else None
    data = view.asset(record, asset) if record is not None and asset is not None else None
    hashes = view.hashes(record, asset) if record is not None and asset is not None else None
    if data is None or hashes is None:
        return _problem(404, f"Release {version} of {scope}.{name} is not found")
    response = EndpointResponse.binary(data, content_type="application/zip")
    digest = base64.b64encode(bytes.fromhex(hashes["SHA-256"])).decode("ascii")
    response.headers.update({
        "Content-Disposition": f'attachment; filename="{name}-{version}.zip"',
        "Digest": f"sha-256={digest}",
        "Cache-Control": "public, immutable",
    })
    return response


def _manifests(data: bytes) -> dict[str, bytes]:
    """``Package.swift`` and ``Package@swift-X.swift`` at the archive's root
    or in its single top folder, by file name."""
    members = read_zip("swift", "source archive", data, lambda n: depth(n) <= 1 and bool(_MANIFEST.match(basename(n))))
    found: dict[str, bytes] = {}
    for member in sorted(members, key=lambda n: (depth(n), n)):
        found.setdefault(basename(member), members[member])
    return found


def _manifest(request: EndpointRequest, view: RepositoryView, scope: str, name: str, version: str) -> EndpointResponse:
    record = _resolve(view, scope, name, version)
    asset = _archive_asset(record) if record is not None else None
    data = view.asset(record, asset) if record is not None and asset is not None else None
    if data is None:
        return _problem(404, f"Release {version} of {scope}.{name} is not found")
    try:
        manifests = _manifests(data)
    except ValueError:
        manifests = {}
    if "Package.swift" not in manifests:
        return _problem(404, f"Release {version} of {scope}.{name} has no Package.swift")
    url = f"{_release_url(view, scope, name, version)}/Package.swift"
    swift_version = request.query.get("swift-version")
    if swift_version:
        wanted = f"Package@swift-{swift_version}.swift"
        if wanted not in manifests:
            return EndpointResponse(303, b"", {"Location": url})
        return _manifest_response(manifests[wanted], wanted, {})
    alternates = {}
    for filename in sorted(manifests):
        match = _MANIFEST.match(filename)
        if match and match.group(1):
            tools = _TOOLS_VERSION.match(manifests[filename].decode("utf-8", errors="replace"))
            link = f'<{url}?swift-version={match.group(1)}>; rel="alternate"; filename="{filename}"'
            alternates[filename] = link + (f'; swift-tools-version="{tools.group(1)}"' if tools else "")
    return _manifest_response(manifests["Package.swift"], "Package.swift", alternates)


def _manifest_response(data: bytes, filename: str, alternates: dict[str, str]) -> EndpointResponse:
    response = EndpointResponse.binary(data, content_type="text/x-swift")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "public, immutable"
    if alternates:
        response.headers["Link"] = ", ".join(alternates.values())
    return response


def _normalised_url(url: str) -> str:
    """A repository URL compared loosely: no scheme, user, ``.git`` or
    trailing slash; ``git@host:path`` as ``host/path``; case-insensitive."""
    text = url.strip().lower()
    text = re.sub(r"^[a-z+]+://", "", text)
    text = re.sub(r"^[^@/]+@", "", text)
    text = re.sub(r"^([^/:]+):(?!\d)", r"\1/", text)
    text = text.rstrip("/")
    return text[:-4] if text.endswith(".git") else text


def _identifiers(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    url = request.query.get("url", "")
    if not url:
        return _problem(400, "The url query parameter is required")
    wanted = _normalised_url(url)
    found = []
    for scope, name in view.packages():
        versions, _ = view.versions(scope, name)
        for record in versions.values():
            repository = record.metadata.source_code_repository
            if repository and _normalised_url(repository) == wanted:
                found.append(_identifier(view, scope or "", name, record.metadata))
                break
    if not found:
        return _problem(404, f"No package is known for {url}")
    return EndpointResponse.json({"identifiers": sorted(set(found))})


# -- publishing -------------------------------------------------------------------------
def _publish(request: EndpointRequest, view: RepositoryView, scope: str, name: str, version: str) -> EndpointResponse:
    if view.plugin.parsed_version_key(version) is None:
        return _problem(400, f"{version!r} is not a valid semantic version")
    archive = request.files.get("source-archive")
    if archive is None:
        return _problem(422, "The request has no source-archive part (multipart/form-data)")
    data = archive[1]
    metadata: dict[str, Any] = {}
    sent = request.files["metadata"][1] if "metadata" in request.files else request.form.get("metadata", "")
    if sent:
        if len(sent) > _MAX_METADATA:
            return _problem(413, "The metadata part is too large")
        try:
            document = untrusted_json.loads(sent)
        except ValueError:
            return _problem(422, "The metadata part is not JSON")
        if not isinstance(document, dict):
            return _problem(422, "The metadata part must be a JSON object")
        metadata = _metadata_values(document)
    filename = f"{name}-{version}.zip"
    try:
        view.plugin.extract_metadata({filename: data})
    except ValueError as error:
        return _problem(422, str(error))
    try:
        view.publish({filename: data}, namespace=scope, package=name, version=version, metadata=metadata or None)
    except ConflictException as error:
        return _problem(409, error.message)
    except AccessDeniedException as error:
        return _problem(403, error.message)
    except ValidationException as error:
        return _problem(422, error.message)
    location = _release_url(view, scope, name, version)
    return EndpointResponse(201, b"", {"Location": location})


def _metadata_values(document: dict[str, Any]) -> dict[str, Any]:
    """What CodeArtifact keeps of SE-0292 release metadata."""
    values: dict[str, Any] = {}
    if isinstance(document.get("description"), str):
        values["summary"] = document["description"]
    urls = document.get("repositoryURLs")
    if isinstance(urls, list):
        first = next((u for u in urls if isinstance(u, str) and u), None)
        if first:
            values["source_code_repository"] = first
    if isinstance(document.get("licenseURL"), str):
        values["licenses"] = [{"name": None, "url": document["licenseURL"]}]
    author = document.get("author")
    if isinstance(author, dict) and isinstance(author.get("url"), str):
        values["home_page"] = author["url"]
    return values
