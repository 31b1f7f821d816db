"""Peak server memory for one large upload, through every door.

    python benchmarks/bench_upload_memory.py                 # 300 MiB assets
    python benchmarks/bench_upload_memory.py --size-mib 32   # smaller (smoke run)

The server (``ThreadedServer``) runs in a child process; the clients run here,
so only the server's memory is measured. Before each upload the child's peak
RSS is reset (``/proc/{pid}/clear_refs``); after it, the peak above the RSS
before is printed as a multiple of the asset's size. Keeping the asset is
1.0x of that by itself. Target: at most about 1.5x through every door.

Doors: PublishPackageVersion over HTTP (boto3 with ``endpoint_url``), a Maven
PUT, twine's multipart upload (the real ``twine``), ``npm publish``'s JSON body
(what npm sends: the tarball base64 in ``_attachments``) and NuGet's multipart
push. Linux only (reads ``/proc``); prints and always exits 0.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import boto3
import requests

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024**2

_SERVER = """
import sys
sys.path.insert(0, {root!r})
from mock_codeartifact._transport.server import ThreadedServer
server = ThreadedServer().start()
print(server.url, flush=True)
sys.stdin.read()
server.stop()
"""


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} for process {pid}")


def _measure(pid: int, upload) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(peak above the RSS before, RSS kept after) of ``upload()`` in ``pid``."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
    before = _status(pid, "VmRSS")
    upload()
    return _status(pid, "VmHWM") - before, _status(pid, "VmRSS") - before


# -- the packages --------------------------------------------------------------------
def _wheel(size: int) -> tuple[str, bytes]:
    name, version = "big-wheel", "1.0"
    dist_info = f"big_wheel-{version}.dist-info"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("big_wheel/__init__.py", "")
        archive.writestr("big_wheel/blob.bin", os.urandom(size))
        archive.writestr(f"{dist_info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        archive.writestr(f"{dist_info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        archive.writestr(f"{dist_info}/RECORD", "")
    return f"big_wheel-{version}-py3-none-any.whl", buffer.getvalue()


def _npm_tarball(size: int) -> bytes:
    buffer = io.BytesIO()
    members = {"package/package.json": json.dumps({"name": "big-npm", "version": "1.0.0"}).encode(),
               "package/blob.bin": os.urandom(size)}
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as archive:
        for path, data in members.items():
            info = tarfile.TarInfo(path)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _npm_body(tarball: bytes) -> bytes:
    return json.dumps({
        "_id": "big-npm", "name": "big-npm", "dist-tags": {"latest": "1.0.0"},
        "versions": {"1.0.0": {"name": "big-npm", "version": "1.0.0",
                               "dist": {"shasum": hashlib.sha1(tarball).hexdigest()}}},
        "_attachments": {"big-npm-1.0.0.tgz": {"content_type": "application/octet-stream",
                                               "data": base64.b64encode(tarball).decode(), "length": len(tarball)}},
    }).encode()


def _nupkg(size: int) -> bytes:
    buffer = io.BytesIO()
    nuspec = ('<?xml version="1.0"?><package><metadata><id>Big.Package</id><version>1.0.0</version>'
              "<authors>a</authors><description>d</description></metadata></package>")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Big.Package.nuspec", nuspec)
        archive.writestr("lib/blob.bin", os.urandom(size))
    return buffer.getvalue()


# -- the doors -----------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=300, help="asset size in MiB (default 300)")
    size = parser.parse_args().size_mib * MIB
    if not Path("/proc/self/clear_refs").exists():
        print("needs Linux /proc; nothing measured")
        return
    child = subprocess.Popen([sys.executable, "-c", _SERVER.format(root=str(ROOT))],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = child.stdout.readline().strip()  # type: ignore[union-attr]
        api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=url,
                           aws_access_key_id="x", aws_secret_access_key="x")
        api.create_domain(domain="acme")
        api.create_repository(domain="acme", repository="big")
        token = api.get_authorization_token(domain="acme")["authorizationToken"]
        auth = ("aws", token)

        def endpoint(fmt: str) -> str:
            return api.get_repository_endpoint(domain="acme", repository="big", format=fmt)["repositoryEndpoint"]

        def generic() -> tuple[int, object]:
            data = os.urandom(size)
            digest = hashlib.sha256(data).hexdigest()
            return len(data), lambda: api.publish_package_version(
                domain="acme", repository="big", format="generic", namespace="bench", package="blob",
                packageVersion="1.0", assetContent=data, assetName="blob.bin", assetSHA256=digest)

        def maven() -> tuple[int, object]:
            data = os.urandom(size)
            target = f"{endpoint('maven')}org/bench/big/1.0/big-1.0.jar"
            return len(data), lambda: requests.put(target, data=data, auth=auth).raise_for_status()

        def twine() -> tuple[int, object]:
            filename, data = _wheel(size)
            folder = Path(tempfile.mkdtemp())
            (folder / filename).write_bytes(data)
            command = [sys.executable, "-m", "twine", "upload", "--non-interactive", "--disable-progress-bar",
                       "--repository-url", endpoint("pypi"), "-u", "aws", "-p", token, str(folder / filename)]
            return len(data), lambda: subprocess.run(command, check=True, capture_output=True)

        def npm() -> tuple[int, object]:
            tarball = _npm_tarball(size)
            body = _npm_body(tarball)
            target = endpoint("npm") + "big-npm"
            headers = {"Content-Type": "application/json"}
            return len(tarball), lambda: requests.put(target, data=body, auth=auth, headers=headers).raise_for_status()

        def nuget() -> tuple[int, object]:
            data = _nupkg(size)
            target = endpoint("nuget") + "api/v2/package"
            return len(data), lambda: requests.put(
                target, files={"package": ("big.nupkg", data)}, auth=auth).raise_for_status()

        print(f"asset size {size // MIB} MiB; server peak above its RSS before the upload, and RSS kept after")
        print(f"{'door':<34}{'peak':>10}{'kept':>10}")
        doors = (("PublishPackageVersion (HTTP API)", generic), ("Maven PUT", maven), ("twine upload", twine),
                 ("npm publish", npm), ("NuGet push", nuget))
        for label, prepare in doors:
            asset, upload = prepare()
            peak, kept = _measure(child.pid, upload)  # type: ignore[arg-type]
            print(f"{label:<34}{peak / asset:>9.2f}x{kept / asset:>9.2f}x")
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(30)


if __name__ == "__main__":
    main()
