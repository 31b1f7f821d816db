"""The Ruby repository endpoint: what AWS's Ruby pages say CodeArtifact
serves to ``gem`` and Bundler.

Paths are relative to ``/ruby/{repository}/``:

- ``POST api/v1/gems``: ``gem push`` (the ``.gem`` as the body), stored as the
  asset ``{name}-{version}[-{platform}].gem``;
- ``GET api/v1/dependencies?gems=a,b``: the Dependencies API Bundler uses,
  ``Marshal.dump`` of ``[{name:, number:, platform:, dependencies: [[name,
  requirement], ...]}, ...]`` (runtime dependencies of every listed version;
  without ``gems`` an empty 200, which Bundler asks to see that the API is
  there); ``api/v1/dependencies.json`` answers the same as JSON;
- ``GET gems/{name}-{version}[-{platform}].gem``: the gem, resolved through
  upstreams and ``public:ruby-gems-org`` with retention;
- ``GET quick/Marshal.4.8/{name}-{version}[-{platform}].gemspec.rz``: the
  deflated, marshalled ``Gem::Specification`` Bundler and ``gem install``
  read for what the dependency lists do not say;
- ``GET info/{name}`` (and the endpoint itself, which RubyGems probes
  first): the gem's compact-index lines, which ``gem install`` of RubyGems
  3.5.18 and earlier resolves with. AWS supports ``gem install`` with those
  versions only, and says later ones fail because they need the compact
  index's ``/versions``: so ``info`` is served and ``/versions`` is not
  (see docs/behaviour.md).

Not served, as AWS's "Bundler compatibility" page says: ``versions`` and
``names`` of the compact index, and the full indexes (``specs.4.8.gz``,
``latest_specs.4.8.gz``, ``prerelease_specs.4.8.gz``); nor the commands
AWS's "RubyGems command support" page lists as unsupported (``gem yank``,
``gem owner``, ``gem search``, ...). They get a 404 with a message, so
Bundler falls back from the compact index to the Dependencies API as it
does against CodeArtifact.
"""

from __future__ import annotations

import datetime as _dt
import re
import zlib
from typing import Any
from urllib.parse import unquote

from ..errors import AccessDeniedException, ConflictException, ValidationException
from ._ruby_marshal import RubyObject, Symbol, UserDefined, UserMarshal, Value, dump
from .messages import EndpointRequest, EndpointResponse
from .view import RepositoryView

#: Paths of the APIs CodeArtifact does not serve, and what they are.
_NOT_SERVED = {
    "versions": "the compact index's /versions",
    "names": "the compact index's /names",
    "specs.4.8.gz": "the full index (specs.4.8.gz)",
    "specs.4.8": "the full index (specs.4.8)",
    "latest_specs.4.8.gz": "the full index (latest_specs.4.8.gz)",
    "prerelease_specs.4.8.gz": "the full index (prerelease_specs.4.8.gz)",
}
#: Most gems one Dependencies API request may name (RubyGems.org's limit, which Bundler slices by).
_MAX_GEMS = 200
_REQUIREMENT = re.compile(r"^\s*(=|!=|>=|<=|>|<|~>)?\s*([0-9A-Za-z.\-]+)\s*$")
#: Most hyphen-separated pieces a gem file name may have (every split is tried).
_MAX_FILE_NAME_PIECES = 32
#: The specification_version RubyGems writes today.
_SPECIFICATION_VERSION = 4


def serve(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    parts = [p for p in request.path.split("/") if p]
    method = request.method
    if parts == ["api", "v1", "gems"] and method == "POST":
        return _push(request, view)
    if parts in (["api", "v1", "dependencies"], ["api", "v1", "dependencies.json"]):
        if method not in ("GET", "HEAD"):
            return _not_allowed(method)
        return _dependencies(request, view, as_json=parts[-1].endswith(".json"))
    if len(parts) == 2 and parts[0] == "gems" and parts[1].endswith(".gem"):
        if method not in ("GET", "HEAD"):
            return _not_allowed(method)
        return _download(view, parts[1][:-4])
    if len(parts) == 3 and parts[:2] == ["quick", "Marshal.4.8"] and parts[2].endswith(".gemspec.rz"):
        if method not in ("GET", "HEAD"):
            return _not_allowed(method)
        return _gemspec(view, parts[2][: -len(".gemspec.rz")])
    if len(parts) == 2 and parts[0] == "info":
        if method not in ("GET", "HEAD"):
            return _not_allowed(method)
        return _info(view, parts[1])
    if not parts and method in ("GET", "HEAD"):
        # RubyGems (up to 3.5.18) asks for the source itself before it resolves
        # through info/: the answer only has to be a success.
        return EndpointResponse.text("CodeArtifact RubyGems repository\n")
    served = _NOT_SERVED.get("/".join(parts))
    if served:
        return EndpointResponse.text(f"CodeArtifact does not support {served}: Bundler uses the Dependencies API\n",
                                     404)
    if parts[:2] == ["api", "v1"]:
        return EndpointResponse.text(f"{_command(parts, method)} is not supported by CodeArtifact repositories\n", 404)
    return EndpointResponse.text(f"{request.path!r} is not a RubyGems path served by CodeArtifact\n", 404)


def _not_allowed(method: str) -> EndpointResponse:
    return EndpointResponse.text(f"{method} is not supported on this path\n", 405)


def _command(parts: list[str], method: str) -> str:
    """The gem command a request under ``api/v1`` comes from, for the message."""
    joined = "/".join(parts[2:])
    if joined.startswith("gems/yank") or method == "DELETE":
        return "gem yank"
    if "owners" in parts:
        return "gem owner"
    if joined.startswith("search"):
        return "gem search"
    if joined.startswith("api_key"):
        return "gem signin"
    return f"api/v1/{joined}"


# -- reading ----------------------------------------------------------------------------
def _gem_asset(version: Any) -> str | None:
    return next((a.name for a in version.assets if a.name.endswith(".gem")), None)


def _platform(name: str, number: str, asset: str | None) -> str:
    """The platform a gem file name says (``ruby`` when it names none)."""
    stem = f"{name}-{number}-"
    if asset and asset.startswith(stem) and asset.endswith(".gem"):
        return asset[len(stem):-4] or "ruby"
    return "ruby"


def _runtime_dependencies(version: Any) -> list[tuple[str, str]]:
    return [
        (str(package), requirement or ">= 0")
        for _, package, kind, requirement in version.metadata.dependencies
        if (kind or "runtime") == "runtime" and package
    ]


def _dependencies(request: EndpointRequest, view: RepositoryView, *, as_json: bool) -> EndpointResponse:
    wanted = [unquote(n).strip() for n in request.query.get("gems", "").split(",") if n.strip()]
    if not wanted and not as_json:
        return EndpointResponse.binary(b"")  # Bundler's probe: the API is here
    if len(wanted) > _MAX_GEMS:
        return EndpointResponse.text(f"Too many gems in one request (at most {_MAX_GEMS})\n", 422)
    records: list[dict[str, Any]] = []
    for name in dict.fromkeys(wanted):
        versions, _ = view.versions(None, name)
        for number in view.plugin.sort_versions(versions):
            version = versions[number]
            records.append({
                "name": name, "number": number, "platform": _platform(name, number, _gem_asset(version)),
                "dependencies": [[n, r] for n, r in _runtime_dependencies(version)],
            })
    if as_json:
        return EndpointResponse.json(records)
    marshalled: list[Value] = [{Symbol(k): v for k, v in record.items()} for record in records]
    return EndpointResponse.binary(dump(marshalled))


def _info(view: RepositoryView, name: str) -> EndpointResponse:
    """``info/{name}``: the compact index's lines for one gem, which
    ``gem install`` of RubyGems 3.5.18 and earlier resolves with:
    ``{version}[-{platform}] {dep}:{req}&{req},...|checksum:{sha256}``."""
    versions, _ = view.versions(None, name)
    if not versions:
        return EndpointResponse.text(f"No gem named {name} is available\n", 404)
    lines = ["---"]
    for number in view.plugin.sort_versions(versions):
        version = versions[number]
        asset = _gem_asset(version)
        hashes = view.hashes(version, asset) if asset is not None else None
        platform = _platform(name, number, asset)
        dependencies = ",".join(
            f"{dependency}:{'&'.join(part.strip() for part in requirement.split(','))}"
            for dependency, requirement in _runtime_dependencies(version)
        )
        checksum = f"|checksum:{hashes['SHA-256']}" if hashes is not None else ""
        lines.append(f"{number}{'' if platform == 'ruby' else '-' + platform} {dependencies}{checksum}")
    return EndpointResponse.text("\n".join(lines) + "\n")


def _split_file_name(view: RepositoryView, stem: str) -> tuple[str, str] | None:
    """(gem, version) of ``{name}-{version}[-{platform}]``: names and
    platforms may hold hyphens, so every split is tried against what the
    repository lists."""
    pieces = stem.split("-")
    if len(pieces) > _MAX_FILE_NAME_PIECES:
        return None
    for cut in range(1, len(pieces)):
        name, rest = "-".join(pieces[:cut]), pieces[cut:]
        versions, _ = view.versions(None, name)
        candidates = ["-".join(rest[:n]) for n in range(len(rest), 0, -1)]
        for number in candidates:
            if number in versions:
                asset = _gem_asset(versions[number])
                if asset is None or asset[:-4] == stem or f"{name}-{number}" == stem:
                    return name, number
    # Not listed (an Unlisted version still downloads): the plain form.
    name, _, number = stem.rpartition("-")
    return (name, number) if name and number else None


def _download(view: RepositoryView, stem: str) -> EndpointResponse:
    split = _split_file_name(view, stem)
    found = view.fetch(None, *split) if split is not None else None
    asset = _gem_asset(found.version) if found is not None else None
    data = view.asset(found, asset) if found is not None and asset is not None else None
    if data is None:
        return EndpointResponse.text(f"{stem}.gem is not available\n", 404)
    return EndpointResponse.binary(data)


def _gemspec(view: RepositoryView, stem: str) -> EndpointResponse:
    split = _split_file_name(view, stem)
    found = view.fetch(None, *split) if split is not None else None
    if found is None or split is None:
        return EndpointResponse.text(f"{stem}.gemspec is not available\n", 404)
    name, number = split
    version = found.version
    platform = _platform(name, number, _gem_asset(version))
    return EndpointResponse.binary(zlib.compress(dump(UserDefined("Gem::Specification", specification(
        view.display_name(found), number, platform, version.metadata, version.published_time)))))


def _requirement(text: str | None) -> UserMarshal:
    """A ``Gem::Requirement`` from ``">= 1.0, < 2"``."""
    pairs: list[Value] = []
    for part in (text or "").split(","):
        match = _REQUIREMENT.match(part)
        if match:
            pairs.append([match.group(1) or "=", _version(match.group(2))])
    return UserMarshal("Gem::Requirement", [pairs or [[">=", _version("0")]]])


def _version(number: str) -> UserMarshal:
    return UserMarshal("Gem::Version", [number])


def specification(name: str, number: str, platform: str, metadata: Any, published: _dt.datetime) -> bytes:
    """What ``Gem::Specification#_dump`` makes of what the service keeps of a version.

    Only what a client needs to resolve and install is known: name, version,
    platform, summary, homepage, licences and dependencies; the required
    Ruby and RubyGems versions are given as any (``>= 0``)."""
    dependencies: list[Value] = [
        RubyObject("Gem::Dependency", {
            "@name": str(package), "@requirement": _requirement(requirement),
            "@type": Symbol("development" if kind == "development" else "runtime"), "@prerelease": False,
        })
        for _, package, kind, requirement in metadata.dependencies if package
    ]
    licenses: list[Value] = [license_name for license_name, _ in metadata.licenses if license_name]
    fields: list[Value] = [
        "3.3.15",                                  # rubygems_version
        _SPECIFICATION_VERSION,
        name,
        _version(number),
        published.strftime("%Y-%m-%d"),            # date: RubyGems keeps the day
        metadata.summary or "",
        _requirement(None),                        # required_ruby_version
        _requirement(None),                        # required_rubygems_version
        platform,                                  # original_platform
        dependencies,
        "",                                        # rubyforge_project (gone)
        None,                                      # email
        [],                                        # authors
        metadata.summary or "",                    # description
        metadata.home_page,
        True,                                      # has_rdoc
        platform,                                  # new_platform
        licenses,
        {},                                        # metadata
    ]
    return dump(fields)


# -- publishing -------------------------------------------------------------------------
def _push(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    """``gem push``: the body is the ``.gem``."""
    data = request.body
    if not data:
        return EndpointResponse.text("The request has no gem in its body\n", 400)
    try:
        inside = view.plugin.extract_metadata({"pushed.gem": data})
    except ValueError as error:
        return EndpointResponse.text(f"{error}\n", 400)
    if not inside.name or not inside.version or view.plugin.parsed_version_key(inside.version) is None:
        return EndpointResponse.text("The gem's specification has no valid name and version\n", 400)
    platform = inside.extra.get("platform")
    suffix = f"-{platform}" if isinstance(platform, str) and platform not in ("", "ruby") else ""
    filename = f"{inside.name}-{inside.version}{suffix}.gem"
    try:
        found = view.publish({filename: data}, package=inside.name, version=inside.version)
    except ConflictException as error:
        return EndpointResponse.text(f"{error.message}\n", 409)
    except AccessDeniedException as error:
        return EndpointResponse.text(f"{error.message}\n", 403)
    except ValidationException as error:
        return EndpointResponse.text(f"{error.message}\n", 400)
    return EndpointResponse.text(f"Successfully registered gem: {found.package.name} ({found.version.version})")


__all__ = ["serve", "specification"]
