"""Real, installable gems built in memory for the Ruby endpoint tests: a
plain tar of ``metadata.gz`` (the YAML specification, as ``gem build``
writes it) and ``data.tar.gz`` (one file under ``lib/``)."""

from __future__ import annotations

import gzip
import io
import tarfile


def _tar(members: dict[str, bytes], *, compress: bool) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path, data in members.items():
            info = tarfile.TarInfo(path)
            info.size = len(data)
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), mtime=0) if compress else buffer.getvalue()


def _dependency(name: str, requirement: str, kind: str) -> str:
    operator, _, version = requirement.partition(" ")
    pair = f'    - - "{operator}"\n      - !ruby/object:Gem::Version\n        version: \'{version}\'\n'
    return (
        f"- !ruby/object:Gem::Dependency\n  name: {name}\n"
        f"  requirement: !ruby/object:Gem::Requirement\n    requirements:\n{pair}"
        f"  type: :{kind}\n  prerelease: false\n"
        f"  version_requirements: !ruby/object:Gem::Requirement\n    requirements:\n{pair}"
    )


def build_gem(name: str, version: str, *, summary: str = "A test gem",
              dependencies: tuple[tuple[str, str, str], ...] = (), platform: str = "ruby") -> bytes:
    """A gem whose ``lib/{name}.rb`` defines ``{Module}::VERSION``;
    ``dependencies`` are ``(name, "~> 1.0", "runtime"|"development")``."""
    module = "".join(part.capitalize() for part in name.replace("-", "_").split("_"))
    library = f"lib/{name.replace('-', '_')}.rb"
    declared = "".join(_dependency(*d) for d in dependencies)
    spec = (
        "--- !ruby/object:Gem::Specification\n"
        f"name: {name}\nversion: !ruby/object:Gem::Version\n  version: {version}\n"
        f"platform: {platform}\nauthors:\n- Acme\nautorequire:\nbindir: bin\ncert_chain: []\n"
        "date: 2024-05-01 00:00:00.000000000 Z\n"
        + (f"dependencies:\n{declared}" if declared else "dependencies: []\n")
        + f"description: {summary}\nemail:\nexecutables: []\nextensions: []\nextra_rdoc_files: []\n"
        f"files:\n- {library}\nhomepage: https://example.invalid/{name}\nlicenses:\n- MIT\n"
        f"metadata:\n  source_code_uri: https://example.invalid/acme/{name}\n"
        "post_install_message:\nrdoc_options: []\nrequire_paths:\n- lib\n"
        "required_ruby_version: !ruby/object:Gem::Requirement\n  requirements:\n  - - \">=\"\n"
        "    - !ruby/object:Gem::Version\n      version: '0'\n"
        "required_rubygems_version: !ruby/object:Gem::Requirement\n  requirements:\n  - - \">=\"\n"
        "    - !ruby/object:Gem::Version\n      version: '0'\n"
        f"requirements: []\nrubygems_version: 3.3.15\nsigning_key:\nspecification_version: 4\nsummary: {summary}\n"
        "test_files: []\n"
    )
    data = _tar({library: f'module {module}\n  VERSION = "{version}"\nend\n'.encode()}, compress=True)
    return _tar({"metadata.gz": gzip.compress(spec.encode(), mtime=0), "data.tar.gz": data}, compress=False)
