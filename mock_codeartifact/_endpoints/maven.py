"""The Maven repository endpoint: the repository layout ``mvn deploy`` and
dependency resolution (Maven, Gradle, sbt, Ivy) use.

Paths are relative to ``/maven/{repository}/``:

- ``{group/path}/{artifactId}/{version}/{artifactId}-{version}[-{classifier}].{ext}``:
  GET (HEAD) downloads, PUT uploads. An upload adds the file to the version as
  an asset and leaves the version ``Unfinished``; the package is
  ``namespace=groupId``, ``package=artifactId`` and its metadata comes from
  the version's POM (whichever upload brings it).
- the same path plus ``.md5``, ``.sha1``, ``.sha256`` or ``.sha512``: GET
  answers the hex digest computed from the stored file (checksums are not
  stored as assets, as on CodeArtifact); PUT is accepted (200) and, when the
  file is already in the repository, checked against it (a mismatch is 400).
- ``{group/path}/{artifactId}/maven-metadata.xml`` (and its checksums): GET
  is generated from the versions a package manager sees (listed ones: this
  repository's, its upstreams' and its external connections'); PUT completes
  the ``Unfinished`` versions of this repository it lists (they become
  ``Published``), as publishing ``maven-metadata.xml`` does on CodeArtifact.
  The uploaded document itself is not kept (it is generated on GET), so PUT
  checksums of it are accepted unchecked.

A version that is ``Unfinished`` (no ``maven-metadata.xml`` listing it yet)
is not offered to clients: its files, checksums and the metadata that would
list it answer 404, as on CodeArtifact. ``Unlisted`` versions download but are
not listed; ``Archived`` and ``Disposed`` ones answer 404.

SNAPSHOT versions: ``1.0-SNAPSHOT`` is one package version. Plain file names
(``lib-1.0-SNAPSHOT.jar``) work like any release. Unique (timestamped)
snapshot files as Maven 3 deploys them (``lib-1.0-20240101.120000-1.jar``
under ``1.0-SNAPSHOT/``) are accepted as further assets of that version, and
the version-level ``{artifactId}/1.0-SNAPSHOT/maven-metadata.xml`` is
generated from them (latest build per classifier and extension), so Maven
resolves them; a plain-name GET falls back to the latest build. Unlike the
service, earlier builds are not split off into ``Unlisted`` build versions.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from typing import Any

from .._formats._xml import child, child_text, children, local_name, parse_xml
from .messages import EndpointRequest, EndpointResponse
from .view import RepositoryView

METADATA = "maven-metadata.xml"
#: checksum file extension -> (key of ``RepositoryView.hashes``, hashlib name)
CHECKSUMS = {"md5": ("MD5", "md5"), "sha1": ("SHA-1", "sha1"), "sha256": ("SHA-256", "sha256"),
             "sha512": ("SHA-512", "sha512")}
SNAPSHOT = "-SNAPSHOT"
_TIMESTAMP = r"(?P<timestamp>\d{8}\.\d{6})-(?P<build>\d{1,9})"  # a Java int: never int() of 5,000 digits
_CONTENT_TYPES = {"pom": "application/xml", "xml": "application/xml", "jar": "application/java-archive",
                  "war": "application/java-archive", "module": "application/json"}


def escape(text: str) -> str:
    """XML character data (``xml.sax.saxutils.escape`` without importing ``xml``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def serve(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    response = _serve(request, view)
    if request.method == "HEAD":  # headers only (the ``responses`` door would pass a body on)
        response = EndpointResponse(response.status, b"", response.headers)
    return response


def _serve(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    parts = [p for p in request.path.split("/") if p]
    if request.method not in ("GET", "HEAD", "PUT"):
        return EndpointResponse.error(405, f"{request.method} is not supported by the Maven endpoint")
    if any(p in (".", "..") for p in parts):
        return EndpointResponse.error(400, "Path segments '.' and '..' are not allowed")
    if not parts:
        return EndpointResponse.not_found()
    name, checksum = _split_checksum(parts[-1])
    if name == METADATA:
        target = _metadata_target(parts[:-1])
        if target is None:
            return EndpointResponse.not_found(f"{request.path} is not a Maven metadata path")
        if request.method == "PUT":
            return _put_metadata(request, view, *target, checksum)
        return _get_metadata(view, *target, checksum)
    if len(parts) < 4:
        return EndpointResponse.not_found(f"{request.path} is not a Maven artifact path")
    group, artifact, version = ".".join(parts[:-3]), parts[-3], parts[-2]
    if _file_kind(artifact, version, name) is None:
        return EndpointResponse.error(
            400 if request.method == "PUT" else 404,
            f"{name} is not a file of {group}:{artifact}:{version} "
            f"(expected {artifact}-{version}[-classifier].extension)",
        )
    if request.method == "PUT":
        if checksum:
            return _put_checksum(request, view, group, artifact, version, name, checksum)
        return _put_file(request, view, group, artifact, version, name)
    return _get_file(view, group, artifact, version, name, checksum)


# -- paths ---------------------------------------------------------------------------
def _split_checksum(name: str) -> tuple[str, str | None]:
    base, dot, extension = name.rpartition(".")
    if dot and base and extension.lower() in CHECKSUMS:
        return base, extension.lower()
    return name, None


def _metadata_target(folders: list[str]) -> tuple[str, str, str | None] | None:
    """(groupId, artifactId, snapshot version or None) of a metadata path.

    ``g/a/maven-metadata.xml`` is the artifact's; ``g/a/1.0-SNAPSHOT/...`` is a
    snapshot version's (only SNAPSHOT versions have version-level metadata)."""
    if len(folders) >= 3 and folders[-1].endswith(SNAPSHOT):
        return ".".join(folders[:-2]), folders[-2], folders[-1]
    if len(folders) >= 2:
        return ".".join(folders[:-1]), folders[-1], None
    return None


def _file_kind(artifact: str, version: str, name: str) -> str | None:
    """``"plain"`` for ``{artifact}-{version}[-classifier].ext``, ``"build"``
    for a unique snapshot file of a SNAPSHOT version, else None."""
    prefix = f"{artifact}-{version}"
    if name.startswith(prefix) and len(name) > len(prefix) + 1 and name[len(prefix)] in ".-":
        return "plain"
    if _build_of(artifact, version, name) is not None:
        return "build"
    return None


def _build_of(artifact: str, version: str, name: str) -> tuple[str, int, str | None, str] | None:
    """(timestamp, build number, classifier, extension) of a unique snapshot
    file name such as ``lib-1.0-20240101.120000-3-sources.jar``."""
    if not version.endswith(SNAPSHOT):
        return None
    base = version[: -len(SNAPSHOT)]
    match = re.fullmatch(
        re.escape(f"{artifact}-{base}-") + _TIMESTAMP + r"(?:-(?P<classifier>[^.]+))?\.(?P<extension>.+)", name
    )
    if match is None:
        return None
    return match["timestamp"], int(match["build"]), match["classifier"], match["extension"]


def _plain_parts(artifact: str, version: str, name: str) -> tuple[str | None, str]:
    """(classifier, extension) of a plain file name."""
    rest = name[len(artifact) + len(version) + 1:]
    if rest.startswith("-"):
        classifier, _, extension = rest[1:].partition(".")
        return classifier or None, extension
    return None, rest[1:]


# -- artifacts -------------------------------------------------------------------------
def _get_file(view: RepositoryView, group: str, artifact: str, version: str, name: str, checksum: str | None) -> EndpointResponse:
    found = view.fetch(group, artifact, version)
    if found is None:
        return EndpointResponse.not_found(f"{group}:{artifact}:{version} is not available")
    stored = name if any(a.name == name for a in found.version.assets) else _latest_build(found, artifact, version, name)
    if stored is None:
        return EndpointResponse.not_found(f"{name} is not available")
    if checksum:
        hashes = view.hashes(found, stored)
        if hashes is None:  # its blob is in no store: as for the file itself
            return EndpointResponse.not_found(f"{name} is not available")
        return EndpointResponse.text(hashes[CHECKSUMS[checksum][0]])
    data = view.asset(found, stored)
    if data is None:
        return EndpointResponse.not_found(f"{name} is not available")
    extension = name.rsplit(".", 1)[-1].lower()
    hashes = view.hashes(found, stored)
    return EndpointResponse.download(data, hashes["SHA-256"] if hashes else None,
                                     _CONTENT_TYPES.get(extension, "application/octet-stream"))


def _latest_build(found: Any, artifact: str, version: str, name: str) -> str | None:
    """For a plain-name request of a SNAPSHOT version holding only unique
    snapshot files: the latest build's file of that classifier and extension."""
    if not version.endswith(SNAPSHOT) or _file_kind(artifact, version, name) != "plain":
        return None
    wanted = _plain_parts(artifact, version, name)
    builds = []
    for asset in found.version.assets:
        build = _build_of(artifact, version, asset.name)
        if build is not None and (build[2], build[3]) == wanted:
            builds.append((build[1], build[0], asset.name))
    return max(builds)[2] if builds else None


def _put_file(request: EndpointRequest, view: RepositoryView, group: str, artifact: str, version: str, name: str) -> EndpointResponse:
    if not request.body:
        return EndpointResponse.error(400, f"The upload of {name} has no content")
    view.publish(
        {name: request.body}, namespace=group, package=artifact, version=version,
        status="Unfinished", adds_assets=True,
    )
    return EndpointResponse(200, b"", {})


def _put_checksum(
    request: EndpointRequest, view: RepositoryView, group: str, artifact: str, version: str, name: str, checksum: str,
) -> EndpointResponse:
    given = _checksum_value(request.body)
    if given is None:
        return EndpointResponse.error(400, f"The {checksum} checksum of {name} is empty or not hexadecimal")
    own = _own_version(view, group, artifact, version)
    hashes = view.hashes(own, name) if own is not None else None
    if hashes is not None and hashes[CHECKSUMS[checksum][0]] != given:
        return EndpointResponse.error(
            400, f"Checksum mismatch for {name}: uploaded {checksum} {given}, "
                 f"calculated {hashes[CHECKSUMS[checksum][0]]}",
        )
    return EndpointResponse(200, b"", {})


def _checksum_value(body: bytes) -> str | None:
    """The digest in a checksum file: the first word (``sha1sum`` output and
    the like append the file name), lower-cased."""
    words = body.decode("utf-8", errors="replace").split()
    if not words or not re.fullmatch(r"[0-9A-Fa-f]+", words[0]):
        return None
    return words[0].lower()


def _own_version(view: RepositoryView, group: str, artifact: str, version: str) -> Any:
    """This repository's own record of the version, whatever its status
    (``view.fetch`` only answers downloadable ones and may look upstream)."""
    return view.own_version(group, artifact, version)


# -- maven-metadata.xml ----------------------------------------------------------------
def _get_metadata(view: RepositoryView, group: str, artifact: str, snapshot: str | None, checksum: str | None) -> EndpointResponse:
    document = _snapshot_metadata(view, group, artifact, snapshot) if snapshot else _artifact_metadata(view, group, artifact)
    if document is None:
        return EndpointResponse.not_found(f"No {METADATA} for {group}:{artifact}{':' + snapshot if snapshot else ''}")
    if checksum:
        return EndpointResponse.text(hashlib.new(CHECKSUMS[checksum][1], document).hexdigest())
    return EndpointResponse.binary(document, "application/xml")


def _stamp(moment: _dt.datetime) -> str:
    return moment.astimezone(_dt.timezone.utc).strftime("%Y%m%d%H%M%S")


def _build_stamp(timestamp: str) -> str:
    """``20240101.120000`` (a unique snapshot's time, UTC, as the deploying
    client wrote it) as metadata writes times: ``20240101120000``."""
    return timestamp.replace(".", "")


def _last_publish(artifact: str, number: str, version: Any) -> str:
    """When a version was last published to: its publish time, or for a
    SNAPSHOT the newest build deployed to it since."""
    stamps = [_stamp(version.published_time)]
    for asset in version.assets:
        build = _build_of(artifact, number, asset.name)
        if build is not None:
            stamps.append(_build_stamp(build[0]))
    return max(stamps)


def _artifact_metadata(view: RepositoryView, group: str, artifact: str) -> bytes | None:
    """The artifact-level document: every listed version in Maven order,
    ``latest`` the highest, ``release`` the highest non-SNAPSHOT one, and
    ``lastUpdated`` the latest publish (a version's publish time, or a
    SNAPSHOT's newest build), so the document, and its checksums, change
    exactly when a publish does."""
    versions, _ = view.versions(group, artifact)
    if not versions:
        return None
    ordered = view.plugin.sort_versions(versions)
    releases = [v for v in ordered if not v.endswith(SNAPSHOT)]
    updated = max(_last_publish(artifact, number, version) for number, version in versions.items())
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<metadata>",
        f"  <groupId>{escape(group)}</groupId>",
        f"  <artifactId>{escape(artifact)}</artifactId>",
        "  <versioning>",
        f"    <latest>{escape(ordered[-1])}</latest>",
        *([f"    <release>{escape(releases[-1])}</release>"] if releases else []),
        "    <versions>",
        *[f"      <version>{escape(v)}</version>" for v in ordered],
        "    </versions>",
        f"    <lastUpdated>{updated}</lastUpdated>",
        "  </versioning>",
        "</metadata>",
    ]
    return ("\n".join(lines) + "\n").encode()


def _snapshot_metadata(view: RepositoryView, group: str, artifact: str, version: str) -> bytes | None:
    """The version-level document of a SNAPSHOT version holding unique
    snapshot files: the latest build, and per classifier and extension the
    latest build's file. None when it holds plain files only (Maven then
    downloads ``{artifact}-{version}.{ext}`` as named)."""
    found = view.fetch(group, artifact, version)
    if found is None:
        return None
    latest: dict[tuple[str | None, str], tuple[int, str]] = {}
    for asset in found.version.assets:
        build = _build_of(artifact, version, asset.name)
        if build is not None:
            timestamp, number, classifier, extension = build
            latest[(classifier, extension)] = max(latest.get((classifier, extension), (0, "")), (number, timestamp))
    if not latest:
        return None
    number, timestamp = max(latest.values())
    # Each file's <updated> is when its build was deployed, and <lastUpdated>
    # the newest of them: a consumer's `mvn -U` compares these with what it
    # installed locally, so they must move with every deploy.
    updated = max(_build_stamp(stamp) for _, stamp in latest.values())
    base = version[: -len(SNAPSHOT)]
    entries = []
    for (classifier, extension), (build_number, stamp) in sorted(latest.items(), key=lambda i: (i[0][0] or "", i[0][1])):
        entries += [
            "      <snapshotVersion>",
            *([f"        <classifier>{escape(classifier)}</classifier>"] if classifier else []),
            f"        <extension>{escape(extension)}</extension>",
            f"        <value>{escape(base)}-{stamp}-{build_number}</value>",
            f"        <updated>{_build_stamp(stamp)}</updated>",
            "      </snapshotVersion>",
        ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<metadata modelVersion="1.1.0">',
        f"  <groupId>{escape(group)}</groupId>",
        f"  <artifactId>{escape(artifact)}</artifactId>",
        f"  <version>{escape(version)}</version>",
        "  <versioning>",
        "    <snapshot>",
        f"      <timestamp>{timestamp}</timestamp>",
        f"      <buildNumber>{number}</buildNumber>",
        "    </snapshot>",
        f"    <lastUpdated>{updated}</lastUpdated>",
        "    <snapshotVersions>",
        *entries,
        "    </snapshotVersions>",
        "  </versioning>",
        "</metadata>",
    ]
    return ("\n".join(lines) + "\n").encode()


def _put_metadata(
    request: EndpointRequest, view: RepositoryView, group: str, artifact: str, snapshot: str | None, checksum: str | None,
) -> EndpointResponse:
    view.authorize_metadata_update(group, artifact)
    if checksum:  # of a document that is generated, not kept: nothing to check against
        if _checksum_value(request.body) is None:
            return EndpointResponse.error(400, f"The {checksum} checksum of {METADATA} is empty or not hexadecimal")
        return EndpointResponse(200, b"", {})
    try:
        root = parse_xml("maven", METADATA, request.body)
    except ValueError as error:
        return EndpointResponse.error(400, str(error))
    if local_name(root) != "metadata":
        return EndpointResponse.error(400, f"{METADATA} must have a <metadata> root element")
    for field, expected in (("groupId", group), ("artifactId", artifact)):
        given = child_text(root, field)
        if given is not None and given != expected:
            return EndpointResponse.error(400, f"{METADATA} names {field} {given}, but the path is for {expected}")
    listed = [(v.text or "").strip() for v in children(child(child(root, "versioning"), "versions"), "version")]
    listed += [child_text(root, "version") or "", snapshot or ""]
    for version in dict.fromkeys(v for v in listed if v):
        view.complete(group, artifact, version)
    return EndpointResponse(200, b"", {})
