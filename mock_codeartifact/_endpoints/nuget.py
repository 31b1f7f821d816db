"""The NuGet v3 feed: what ``dotnet restore``/``nuget install`` read and
``dotnet nuget push`` writes.

Paths are relative to ``/nuget/{repository}/``:

- ``v3/index.json``: the service index. It names the flat container
  (``PackageBaseAddress/3.0.0``), the push URL (``PackagePublish/2.0.0``) and
  registrations (``RegistrationsBaseUrl`` and its 3.0.0-rc, 3.0.0-beta and
  3.6.0 variants); clients find every other URL there.
- ``v3-flatcontainer/{id}/index.json``: ``{"versions": [...]}``, the listed
  (``Published``) versions seen through the repository, its upstreams and its
  external connections, lower-cased and in NuGet order.
- ``v3-flatcontainer/{id}/{version}/{id}.{version}.nupkg`` and
  ``.../{id}.nuspec``: the package and its manifest (ids and versions
  lower-case in the URL, any spelling accepted). Downloading retains the
  version as the service does; ``Unlisted`` versions download too.
- ``v3/registrations/{id}/index.json`` (one inline page) and
  ``v3/registrations/{id}/{version}.json``: registration metadata, with the
  dependency groups per target framework of the package's own ``.nuspec``
  and ranges as NuGet writes them (``[1.0.0, )``).
- ``PUT api/v2/package``: push, a multipart body holding the ``.nupkg``
  (a raw ``.nupkg`` body is accepted too). ``X-NuGet-ApiKey`` is ignored:
  the authorization token (Basic ``aws:<token>``) is what counts. The id
  and version come from the ``.nuspec`` and are stored normalised (id
  lower-cased, version normalised); the asset is ``{id}.{version}.nupkg``.
  201 on success; a version that exists already is 409, which the NuGet
  client reports as a conflict (``--skip-duplicate`` skips it).

Not served: search (``SearchQueryService``), autocomplete, delete/unlist
through the feed, symbol packages, the v2 OData feed.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from .._formats._xml import child, local_name, parse_xml
from .messages import EndpointRequest, EndpointResponse
from .view import RepositoryView

FLAT = "v3-flatcontainer"
REGISTRATIONS = "v3/registrations"
PUSH = "api/v2/package"
_REGISTRATION_TYPES = ("RegistrationsBaseUrl", "RegistrationsBaseUrl/3.0.0-rc", "RegistrationsBaseUrl/3.0.0-beta",
                       "RegistrationsBaseUrl/3.6.0")


def serve(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    path = request.path.strip("/")
    if request.method in ("PUT", "POST") and path == PUSH:
        return _push(request, view)
    if request.method not in ("GET", "HEAD"):
        return EndpointResponse.error(405, f"{request.method} {path} is not supported by the NuGet feed")
    parts = path.split("/")
    if path == "v3/index.json":
        response = _service_index(view)
    elif parts[0] == FLAT and len(parts) == 3 and parts[2] == "index.json":
        response = _versions(view, parts[1].lower())
    elif parts[0] == FLAT and len(parts) == 4:
        response = _download(view, parts[1].lower(), parts[2], parts[3])
    elif path.startswith(REGISTRATIONS + "/") and len(parts) == 4 and parts[3].endswith(".json"):
        response = _registration(view, parts[2].lower(), parts[3][: -len(".json")])
    else:
        response = EndpointResponse.not_found(f"{path} is not a NuGet feed path")
    if request.method == "HEAD":
        response = EndpointResponse(response.status, b"", response.headers)
    return response


def _service_index(view: RepositoryView) -> EndpointResponse:
    base = view.base_url
    resources = [
        {"@id": f"{base}{FLAT}/", "@type": "PackageBaseAddress/3.0.0"},
        {"@id": f"{base}{PUSH}", "@type": "PackagePublish/2.0.0"},
        *[{"@id": f"{base}{REGISTRATIONS}/", "@type": kind} for kind in _REGISTRATION_TYPES],
    ]
    return EndpointResponse.json({"version": "3.0.0", "resources": resources})


# -- reading -------------------------------------------------------------------------
def _listed(view: RepositoryView, package: str) -> list[tuple[str, Any]]:
    versions, _ = view.versions(None, package)
    return [(number, versions[number]) for number in view.plugin.sort_versions(versions)]


def _versions(view: RepositoryView, package: str) -> EndpointResponse:
    listed = _listed(view, package)
    if not listed:
        return EndpointResponse.not_found(f"No versions of {package} are available")
    return EndpointResponse.json({"versions": [number.lower() for number, _ in listed]})


def _resolve(view: RepositoryView, package: str, version: str) -> Any:
    """The version a URL names: normalised, then matched case-insensitively
    (URLs carry lower-case versions, stored pre-release labels keep their case)."""
    wanted = view.plugin.normalize_version(version)
    found = view.fetch(None, package, wanted)
    if found is not None:
        return found
    candidates = {number for number, _ in _listed(view, package)}
    candidates.update(view.own_versions(None, package))
    for number in sorted(candidates):
        if number.lower() == wanted.lower() and number != wanted:
            found = view.fetch(None, package, number)
            if found is not None:
                return found
    return None


def _nupkg_name(found: Any) -> str | None:
    names = [a.name for a in found.version.assets if a.name.lower().endswith(".nupkg")]
    expected = f"{found.package.name}.{found.version.version}.nupkg".lower()
    return next((n for n in names if n.lower() == expected), names[0] if names else None)


def _download(view: RepositoryView, package: str, version: str, filename: str) -> EndpointResponse:
    lowered = filename.lower()
    wanted = view.plugin.normalize_version(version).lower()
    if lowered not in (f"{package}.{wanted}.nupkg", f"{package}.{version.lower()}.nupkg", f"{package}.nuspec"):
        return EndpointResponse.not_found(f"{filename} is not a file of {package} {version}")
    found = _resolve(view, package, version)
    name = _nupkg_name(found) if found is not None else None
    data = view.asset(found, name) if name is not None else None
    if data is None:
        return EndpointResponse.not_found(f"{package} {version} is not available")
    if lowered.endswith(".nupkg"):
        hashes = view.hashes(found, name) if name is not None else None
        return EndpointResponse.download(data, hashes["SHA-256"] if hashes else None)
    nuspec = _read_nuspec(data)
    if nuspec is None:
        return EndpointResponse.not_found(f"{name} holds no .nuspec")
    return EndpointResponse.binary(nuspec, "application/xml")


def _read_nuspec(data: bytes) -> bytes | None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".nuspec") and "/" not in n.strip("/")]
            return archive.read(names[0]) if names else None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None


def _registration(view: RepositoryView, package: str, leaf: str) -> EndpointResponse:
    base = f"{view.base_url}{REGISTRATIONS}/{quote(package)}/"
    listed = _listed(view, package)
    if leaf != "index":
        wanted = view.plugin.normalize_version(leaf).lower()
        entry = next((_leaf(view, base, package, n, v) for n, v in listed if n.lower() == wanted), None)
        return EndpointResponse.json(entry) if entry else EndpointResponse.not_found(f"{package} {leaf} is not listed")
    if not listed:
        return EndpointResponse.not_found(f"No versions of {package} are available")
    leaves = [_leaf(view, base, package, number, version) for number, version in listed]
    lower, upper = listed[0][0].lower(), listed[-1][0].lower()
    return EndpointResponse.json({
        "@id": f"{base}index.json",
        "count": 1,
        "items": [{
            "@id": f"{base}index.json#page/{lower}/{upper}",
            "count": len(leaves), "lower": lower, "upper": upper, "parent": f"{base}index.json", "items": leaves,
        }],
    })


def _leaf(view: RepositoryView, base: str, package: str, number: str, version: Any) -> dict[str, Any]:
    lowered = number.lower()
    content = f"{view.base_url}{FLAT}/{quote(package)}/{quote(lowered)}/{quote(package)}.{quote(lowered)}.nupkg"
    meta = version.metadata
    licenses = [name for name, _ in meta.licenses if name]
    entry: dict[str, Any] = {
        "@id": f"{base}{quote(lowered)}.json",
        "@type": "PackageDetails",
        "id": meta.display_name or package,
        "version": number,
        "description": meta.summary or "",
        "listed": True,
        "published": version.published_time.isoformat().replace("+00:00", "Z"),
        "packageContent": content,
        "dependencyGroups": _dependency_groups(view, version, f"{base}{quote(lowered)}.json"),
    }
    if meta.home_page:
        entry["projectUrl"] = meta.home_page
    if licenses:
        entry["licenseExpression"] = licenses[0]
    return {
        "@id": entry["@id"], "@type": "Package", "catalogEntry": entry, "packageContent": content,
        "registration": f"{base}index.json",
    }


def _dependency_groups(view: RepositoryView, version: Any, leaf_id: str) -> list[dict[str, Any]]:
    """The registration's ``dependencyGroups``, read from the package's own
    ``.nuspec`` (once per content): one group per ``targetFramework`` as the
    nuspec declares them, each range normalised as NuGet writes it
    (``1.0.0`` -> ``[1.0.0, )``). From the stored metadata when the nuspec
    cannot be read."""
    groups = _nuspec_groups(view, version)
    if groups is None:
        flat = [(dep, requirement) for _, dep, _, requirement in version.metadata.dependencies if dep]
        groups = [(None, flat)] if flat else []
    shaped = []
    for index, (framework, dependencies) in enumerate(groups):
        group: dict[str, Any] = {"@id": f"{leaf_id}#dependencygroup" + (f"/{framework.lower()}" if framework else
                                                                        (f"/{index}" if index else ""))}
        if framework:
            group["targetFramework"] = framework
        group["dependencies"] = [{"id": dep, "range": nuget_range(view, requirement)} for dep, requirement in dependencies]
        shaped.append(group)
    return shaped


Groups = list[tuple[str | None, list[tuple[str, str | None]]]]


def _nuspec_groups(view: RepositoryView, version: Any) -> Groups | None:
    name = next((a.name for a in version.assets if a.name.lower().endswith(".nupkg")), None)
    sha256 = next((a.sha256 for a in version.assets if a.name == name), None)
    if name is None or sha256 is None:
        return None
    key = ("nuget dependency groups", sha256)
    kept = view.derived.get(key, _MISSING)
    if kept is _MISSING:
        data = view.asset(version, name)
        nuspec = _read_nuspec(data) if data is not None else None
        kept = _parse_groups(nuspec) if nuspec is not None else None
        view.derived.put(key, kept, 64 + sum(64 + 48 * len(deps) for _, deps in kept or []))
    return kept  # type: ignore[no-any-return]


_MISSING = object()


def _parse_groups(nuspec: bytes) -> Groups | None:
    try:
        root = parse_xml("nuget", "package.nuspec", nuspec)
    except ValueError:
        return None
    declared = child(child(root, "metadata"), "dependencies")
    if declared is None:
        return []
    groups: Groups = []
    flat: list[tuple[str, str | None]] = []
    for node in list(declared):
        if local_name(node) == "group":
            deps = [(package_id, d.get("version")) for d in list(node)
                    if local_name(d) == "dependency" and (package_id := d.get("id"))]
            groups.append((node.get("targetFramework") or None, deps))
        elif local_name(node) == "dependency" and (package_id := node.get("id")):
            flat.append((package_id, node.get("version")))
    return ([(None, flat)] if flat else []) + groups


def nuget_range(view: RepositoryView, requirement: str | None) -> str:
    """A nuspec ``version`` attribute as NuGet's registration writes it:
    a bare version is a minimum (``[1.0.0, )``), bounds are normalised, and
    no version at all is any version (``(, )``)."""
    text = (requirement or "").strip()
    if not text:
        return "(, )"
    if text[0] not in "[(":
        return f"[{_normal(view, text)}, )"
    if len(text) < 2 or text[-1] not in "])":
        return text
    inner = text[1:-1]
    if "," not in inner:  # [1.0]: exactly that version
        exact = _normal(view, inner.strip())
        return f"[{exact}, {exact}]"
    low, _, high = inner.partition(",")
    low, high = low.strip(), high.strip()
    return f"{text[0]}{_normal(view, low) if low else ''}, {_normal(view, high) if high else ''}{text[-1]}"


def _normal(view: RepositoryView, version: str) -> str:
    try:
        return view.plugin.normalize_version(version)
    except ValueError:
        return version


# -- pushing -----------------------------------------------------------------------------
def _push(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    if request.files:
        filename, data = next(iter(request.files.values()))
    else:
        filename, data = "package.nupkg", request.body
    if not data:
        return EndpointResponse.error(400, "The push carries no .nupkg (expected a multipart body with the package)")
    try:
        metadata = view.plugin.extract_metadata({filename if filename.lower().endswith(".nupkg") else "package.nupkg": data})
    except ValueError as error:
        return EndpointResponse.error(400, str(error))
    package, version = metadata.name, metadata.version
    found = view.publish({f"{package}.{version}.nupkg": data}, package=package, version=version)
    return EndpointResponse.text(
        f"Pushed {found.package.name} {found.version.version}\n", status=201,
    )
