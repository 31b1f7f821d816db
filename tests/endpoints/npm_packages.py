"""npm packages built in memory, the publish document ``npm publish`` sends,
and the real ``npm`` client run against a mock's server, offline-safe."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

NPM = shutil.which("npm")


def npm_tarball(
    name: str, version: str, *, description: str | None = None, license: str | None = "MIT",
    dependencies: dict[str, str] | None = None, readme: str | None = None, **fields: Any,
) -> bytes:
    """A package tarball as ``npm pack`` makes it: everything under ``package/``."""
    manifest: dict[str, Any] = {"name": name, "version": version, "main": "index.js"}
    if description:
        manifest["description"] = description
    if license:
        manifest["license"] = license
    if dependencies:
        manifest["dependencies"] = dependencies
    manifest.update(fields)
    members = {
        "package/package.json": json.dumps(manifest, indent=2).encode(),
        "package/index.js": f"module.exports = {json.dumps(name + '@' + version)};\n".encode(),
    }
    if readme is not None:
        members["package/README.md"] = readme.encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path, data in members.items():
            info = tarfile.TarInfo(path)
            info.size, info.mode, info.mtime = len(data), 0o644, 499162500  # npm's fixed mtime
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def publish_document(name: str, version: str, tarball: bytes, tags: dict[str, str] | None = None,
                     **dist: str) -> dict[str, Any]:
    """The JSON body of ``npm publish``'s PUT."""
    filename = f"{name}-{version}.tgz"
    return {
        "_id": name,
        "name": name,
        "dist-tags": tags if tags is not None else {"latest": version},
        "versions": {
            version: {
                "name": name, "version": version, "_id": f"{name}@{version}",
                "dist": {"shasum": hashlib.sha1(tarball).hexdigest(), "integrity": integrity(tarball),
                         "tarball": f"http://registry.invalid/{name}/-/{filename}", **dist},
            }
        },
        "access": None,
        "_attachments": {filename: {"content_type": "application/octet-stream",
                                    "data": base64.b64encode(tarball).decode(), "length": len(tarball)}},
    }


def write_project(directory: Path, manifest: dict[str, Any], files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "package.json").write_text(json.dumps(manifest, indent=2))
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


class Npm:
    """The real ``npm`` with a private user config (``.npmrc``), global
    config and cache under ``home``: every scope goes to ``registry`` (a
    server endpoint on 127.0.0.1) with the token as ``_authToken``, so npm
    never reaches a public registry; no audit, fund or update check."""

    def __init__(self, home: Path, registry: str, token: str) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        self.registry = registry
        nerf_dart = registry.split(":", 1)[1]  # '//127.0.0.1:PORT/endpoints/.../npm/repo/'
        self.npmrc = home / ".npmrc"
        self.npmrc.write_text(f"registry={registry}\n{nerf_dart}:_authToken={token}\n")
        env = {k: v for k, v in os.environ.items()
               if not k.lower().startswith("npm_") and "proxy" not in k.lower()}
        env.update(
            HOME=str(home), NO_PROXY="127.0.0.1,localhost", npm_config_userconfig=str(self.npmrc),
            npm_config_globalconfig=str(home / "global-npmrc"), npm_config_cache=str(home / "cache"),
            npm_config_registry=registry, npm_config_update_notifier="false", npm_config_audit="false",
            npm_config_fund="false", npm_config_progress="false", npm_config_loglevel="error",
        )
        self.env = env

    def run(self, *args: str, cwd: Path, check: bool = True, loglevel: str = "error") -> subprocess.CompletedProcess[str]:
        assert NPM is not None
        result = subprocess.run(
            [NPM, *args, "--no-audit", "--no-fund", f"--loglevel={loglevel}"], check=False, cwd=cwd, env=self.env,
            capture_output=True, text=True, timeout=60,
        )
        if check:
            assert result.returncode == 0, f"npm {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result

    def install(self, directory: Path, *specs: str) -> subprocess.CompletedProcess[str]:
        write_project(directory, {"name": "consumer", "version": "1.0.0", "private": True}, {})
        return self.run("install", *specs, cwd=directory)
