"""The PyPI repository endpoint: the simple index (PEP 503 HTML and PEP 691
JSON), file downloads with hashes, and the legacy upload API ``twine`` uses.

Paths are relative to ``/pypi/{repository}/``: ``simple/``,
``simple/{project}/``, ``simple/{project}/{version}/{file}``, and a POST to
the root for uploads, as on CodeArtifact."""

from __future__ import annotations

import hashlib
import html
from urllib.parse import quote

from packaging.utils import canonicalize_name

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
            {"meta": {"api-version": "1.0"}, "projects": [{"name": n} for n in names]}, content_type=JSON_TYPE
        )
    links = "".join(f'<a href="{quote(n)}/">{html.escape(n)}</a>\n' for n in names)
    return EndpointResponse.text(
        f"<!DOCTYPE html>\n<html><head><title>Simple index</title></head><body>\n{links}</body></html>\n",
        content_type="text/html; charset=utf-8",
    )


def _project(request: EndpointRequest, view: RepositoryView, project: str) -> EndpointResponse:
    versions, _ = view.versions(None, project)
    if not versions:
        return EndpointResponse.not_found(f"No versions of {project} are available")
    files = [
        (number, asset.name, asset.sha256)
        for number, version in sorted(versions.items())
        for asset in version.assets
    ]
    url = lambda number, name: f"{view.base_url}simple/{project}/{quote(number)}/{quote(name)}"  # noqa: E731
    if _wants_json(request):
        return EndpointResponse.json(
            {
                "meta": {"api-version": "1.1"},
                "name": project,
                "versions": sorted(versions),
                "files": [{"filename": name, "url": url(n, name), "hashes": {"sha256": digest}} for n, name, digest in files],
            },
            content_type=JSON_TYPE,
        )
    links = "".join(
        f'<a href="{html.escape(url(n, name))}#sha256={digest}">{html.escape(name)}</a><br/>\n'
        for n, name, digest in files
    )
    return EndpointResponse.text(
        f"<!DOCTYPE html>\n<html><head><title>Links for {html.escape(project)}</title></head>"
        f"<body>\n<h1>Links for {html.escape(project)}</h1>\n{links}</body></html>\n",
        content_type="text/html; charset=utf-8",
    )


def _download(view: RepositoryView, project: str, version: str, filename: str) -> EndpointResponse:
    found = view.fetch(None, project, version)
    data = view.asset(found, filename) if found is not None else None
    if data is None:
        return EndpointResponse.not_found(f"{filename} is not available")
    return EndpointResponse.binary(data)


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
