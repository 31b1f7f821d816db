"""The PyPI repository endpoint: the simple index (PEP 503 HTML and PEP 691
JSON, api-version 1.1: files with ``size``, ``upload-time`` and the
``Requires-Python`` of their own metadata as ``data-requires-python`` /
``requires-python``; versions in PEP 440 order), file downloads with hashes
and an ``ETag``, and the legacy upload API ``twine`` uses.

Paths are relative to ``/pypi/{repository}/``: ``simple/``,
``simple/{project}/``, ``simple/{project}/{version}/{file}``, and a POST to
the root for uploads, as on CodeArtifact."""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import json
from email.parser import HeaderParser
from typing import Any
from urllib.parse import quote

from packaging.utils import canonicalize_name

from .._formats.pypi import _find_core_metadata

from .messages import EndpointRequest, EndpointResponse
from .view import RepositoryView

JSON_TYPE = "application/vnd.pypi.simple.v1+json"


def _wants_json(request: EndpointRequest) -> bool:
    return JSON_TYPE in request.header("accept")


def serve(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    parts = [p for p in request.path.split("/") if p]
    if request.method == "POST" and not parts:
        return _upload(request, view)
    if request.method not in ("GET", "HEAD") or not parts or parts[0] != "simple":
        return EndpointResponse.not_found()
    if len(parts) == 1:
        return _index(request, view)
    project = canonicalize_name(parts[1])
    if project != parts[1] and len(parts) == 2:  # PEP 503: redirect to the normalised name
        return EndpointResponse(301, b"", {"Location": f"{view.base_url}simple/{project}/"})
    if len(parts) == 2:
        return _project(request, view, project)
    if len(parts) == 4:
        return _download(view, project, parts[2], parts[3])
    return EndpointResponse.not_found()


def _index(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    names = [name for _, name in view.packages()]
    if _wants_json(request):
        return EndpointResponse.json(
            {"meta": {"api-version": "1.1"}, "projects": [{"name": n} for n in names]}, content_type=JSON_TYPE
        )
    links = "".join(f'<a href="{quote(n)}/">{html.escape(n)}</a>\n' for n in names)
    return EndpointResponse.text(
        f"<!DOCTYPE html>\n<html><head><title>Simple index</title></head><body>\n{links}</body></html>\n",
        content_type="text/html; charset=utf-8",
    )


def _project(request: EndpointRequest, view: RepositoryView, project: str) -> EndpointResponse:
    """A project's page (PEP 503 HTML or PEP 691 JSON), built once per
    change of the packages it lists and kept in the mock's derived cache."""
    wants_json = _wants_json(request)
    key = ("pypi project", view.base_url, project, wants_json)
    generations = view.listing_generations(None, project)
    kept = view.derived.get(key)
    if kept is None or kept[0] != generations:
        page = _project_page(view, project, wants_json)
        if page is None:
            return EndpointResponse.not_found(f"No versions of {project} are available")
        kept = (generations, page)
        if view.listing_generations(None, project) == generations:  # nothing changed meanwhile
            view.derived.put(key, kept, len(page))
    content_type = JSON_TYPE if wants_json else "text/html; charset=utf-8"
    return EndpointResponse(200, kept[1], {"Content-Type": content_type})


def _project_page(view: RepositoryView, project: str, wants_json: bool) -> bytes | None:
    versions, _ = view.versions(None, project)
    if not versions:
        return None
    ordered = view.plugin.sort_versions(versions)  # PEP 440 order, as clients compare them
    files = [(number, versions[number], asset) for number in ordered for asset in versions[number].assets]

    def url(number: str, name: str) -> str:
        return f"{view.base_url}simple/{project}/{quote(number)}/{quote(name)}"
    if wants_json:
        entries = []
        for number, version, asset in files:
            entry: dict[str, Any] = {"filename": asset.name, "url": url(number, asset.name),
                                     "hashes": {"sha256": asset.sha256}, "size": asset.size,
                                     "upload-time": _iso(version.published_time)}
            requires = _requires_python(view, version, asset)
            if requires:
                entry["requires-python"] = requires
            entries.append(entry)
        document = {"meta": {"api-version": "1.1"}, "name": project, "versions": ordered, "files": entries}
        return json.dumps(document, separators=(",", ":")).encode()
    links = []
    for number, version, asset in files:
        requires = _requires_python(view, version, asset)
        attribute = f' data-requires-python="{html.escape(requires)}"' if requires else ""
        links.append(f'<a href="{html.escape(url(number, asset.name))}#sha256={asset.sha256}"{attribute}>'
                     f"{html.escape(asset.name)}</a><br/>\n")
    return (
        f"<!DOCTYPE html>\n<html><head><title>Links for {html.escape(project)}</title></head>"
        f"<body>\n<h1>Links for {html.escape(project)}</h1>\n{''.join(links)}</body></html>\n"
    ).encode()


def _iso(moment: _dt.datetime) -> str:
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _requires_python(view: RepositoryView, version: Any, asset: Any) -> str | None:
    """The ``Requires-Python`` of a stored wheel or sdist (from its own core
    metadata, read once per file content), so pip skips files for other
    Pythons without downloading them."""
    key = ("pypi requires-python", asset.sha256)
    kept = view.derived.get(key, _MISSING)
    if kept is _MISSING:
        kept = None
        data = view.asset(version, asset.name)
        if data is not None:
            try:
                text = _find_core_metadata({asset.name: data})
            except ValueError:
                text = None
            if text is not None:
                value = HeaderParser().parsestr(text).get("Requires-Python")
                kept = " ".join(str(value).split()) or None if value is not None else None
        view.derived.put(key, kept, 64 + len(kept or ""))
    return kept  # type: ignore[no-any-return]


_MISSING = object()


def _download(view: RepositoryView, project: str, version: str, filename: str) -> EndpointResponse:
    found = view.fetch(None, project, version)
    data = view.asset(found, filename) if found is not None else None
    if data is None:
        return EndpointResponse.not_found(f"{filename} is not available")
    hashes = view.hashes(found, filename) if found is not None else None
    return EndpointResponse.download(data, hashes["SHA-256"] if hashes else None)


def _upload(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    """The legacy upload API: one file per request (wheel or sdist)."""
    if request.form.get(":action") != "file_upload" or "content" not in request.files:
        return EndpointResponse.error(400, "Expected a file_upload with a 'content' file")
    filename, data = request.files["content"]
    digest = request.form.get("sha256_digest")
    if digest and hashlib.sha256(data).hexdigest() != digest.lower():
        return EndpointResponse.error(400, "The sha256_digest does not match the uploaded file")
    # The name and version come from the file itself; twine's form fields
    # must agree with them (PyPI refuses a wheel of one project uploaded as another).
    found = view.publish(
        {filename: data}, declared_package=request.form.get("name"), declared_version=request.form.get("version"),
        adds_assets=True,
    )
    return EndpointResponse.text(f"Uploaded {filename} as {found.package.name} {found.version.version}\n")
