"""The mock beside the registries users would pick instead: verdaccio (npm)
and pypiserver (PyPI), driven by the real clients, on one machine.

Workloads (each registry a separate server process on 127.0.0.1, the mock as
``python -m mock_codeartifact server``):

- ``npm``: a cold ``npm install`` (empty cache, no lockfile) of a tree of
  200 packages (20 direct dependencies, each with 9 of its own);
- ``pip``: ``pip install --no-cache-dir`` of a project depending on 19 more;
- ``uv``: ``uv pip install --no-cache`` of the same;
- ``index``: simple-index throughput, project pages per second from 4
  threads with keep-alive sessions;
- ``packument``: ``GET`` of the packument of a package with 1,000 versions
  (median of warm requests; the first, cold request is printed apart);
- ``rss``: each server's resident memory after the workloads.

Rounds are interleaved (mock, other, mock, other...) and medians printed
with the ratio other/mock (above 1: the mock is faster). A registry or
client that is not installed is left out with a note: install them with
``npm install -g verdaccio`` and ``pip install pypiserver uv`` (never in CI).
Measures; never asserts; exits 0.

    python benchmarks/bench_registries.py             # ~2 min alone; ~15 min with verdaccio
                                                      # (publishing 1,000 versions to it is slow)
    python benchmarks/bench_registries.py --quick     # smoke run
    python benchmarks/bench_registries.py --only packument,index
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import hashlib
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

WORKLOADS = ("npm", "pip", "uv", "index", "packument")
NPM_DIRECT, NPM_EACH = 20, 9  # 20 + 20 * 9 = 200 packages
PYPI_COUNT = 20
BIG_VERSIONS = 1000


# -- packages --------------------------------------------------------------------
def npm_tarball(name: str, version: str, dependencies: dict[str, str] | None = None) -> bytes:
    manifest: dict[str, Any] = {"name": name, "version": version, "main": "index.js", "license": "MIT",
                                "description": f"{name} for the benchmark"}
    if dependencies:
        manifest["dependencies"] = dependencies
    members = {"package/package.json": json.dumps(manifest, indent=2).encode(),
               "package/index.js": f"module.exports = {json.dumps(name)};\n".encode()}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path, data in members.items():
            info = tarfile.TarInfo(path)
            info.size, info.mode, info.mtime = len(data), 0o644, 499162500
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def npm_publish_document(name: str, version: str, tarball: bytes) -> dict[str, Any]:
    filename = f"{name}-{version}.tgz"
    return {
        "_id": name, "name": name, "dist-tags": {"latest": version},
        "versions": {version: {"name": name, "version": version, "_id": f"{name}@{version}",
                               "dist": {"shasum": hashlib.sha1(tarball).hexdigest(),
                                        "integrity": "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode(),
                                        "tarball": f"http://registry.invalid/{name}/-/{filename}"}}},
        "_attachments": {filename: {"content_type": "application/octet-stream",
                                    "data": base64.b64encode(tarball).decode(), "length": len(tarball)}},
    }


def npm_tree() -> dict[str, dict[str, str]]:
    """name -> dependencies: 20 direct packages, each with 9 leaves."""
    tree: dict[str, dict[str, str]] = {}
    for i in range(NPM_DIRECT):
        leaves = [f"bench-leaf-{i:02d}-{j}" for j in range(NPM_EACH)]
        tree[f"bench-direct-{i:02d}"] = {leaf: "^1.0.0" for leaf in leaves}
        tree.update({leaf: {} for leaf in leaves})
    return tree


def wheel(name: str, version: str, requires: list[str]) -> tuple[str, bytes]:
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    metadata = "\n".join(["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                          "Requires-Python: >=3.8", *[f"Requires-Dist: {r}" for r in requires], ""])
    files = {f"{module}/__init__.py": f"VERSION = {version!r}\n", f"{dist_info}/METADATA": metadata,
             f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}

    def line(path: str, text: str) -> str:
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        return f"{path},sha256={digest},{len(text.encode())}"

    record = [line(p, t) for p, t in files.items()] + [f"{dist_info}/RECORD,,"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            archive.writestr(path, text)
        archive.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")
    return f"{module}-{version}-py3-none-any.whl", buffer.getvalue()


def pypi_wheels() -> list[tuple[str, str, bytes]]:
    """(project, file name, bytes): bench-app requires bench-lib-01..19."""
    libs = [f"bench-lib-{i:02d}" for i in range(1, PYPI_COUNT)]
    built = [(lib, *wheel(lib, "1.0.0", [])) for lib in libs]
    built.append(("bench-app", *wheel("bench-app", "1.0.0", libs)))
    return built


# -- servers ---------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class Registry:
    """One registry process: ``npm_url``/``index_url`` and their credentials."""

    name = "?"
    process: subprocess.Popen[bytes] | None = None
    npm_url: str | None = None
    npm_token: str | None = None
    index_url: str | None = None  # with credentials in it where needed

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def npm_put(self, name: str, document: dict[str, Any]) -> None:
        assert self.npm_url is not None
        headers = {"Authorization": f"Bearer {self.npm_token}"} if self.npm_token else {}
        answer = requests.put(self.npm_url + name.replace("/", "%2f"), json=document, headers=headers, timeout=60)
        answer.raise_for_status()

    def add_wheels(self, wheels: list[tuple[str, str, bytes]]) -> None:
        raise NotImplementedError


class Mock(Registry):
    name = "mock"

    def __init__(self, workdir: Path) -> None:
        import boto3

        port = free_port()
        self.process = subprocess.Popen([sys.executable, "-m", "mock_codeartifact", "server", "--port", str(port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        wait_for(url + "/")
        api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=url,
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        api.create_domain(domain="bench")
        for repository in ("npm-repo", "pypi-repo"):
            api.create_repository(domain="bench", repository=repository)
        self.token = api.get_authorization_token(domain="bench")["authorizationToken"]
        self.npm_url = api.get_repository_endpoint(domain="bench", repository="npm-repo",
                                                   format="npm")["repositoryEndpoint"]
        self.npm_token = self.token
        self.pypi_url = api.get_repository_endpoint(domain="bench", repository="pypi-repo",
                                                    format="pypi")["repositoryEndpoint"]
        self.index_url = self.pypi_url.replace("http://", f"http://aws:{self.token}@") + "simple/"

    def add_wheels(self, wheels: list[tuple[str, str, bytes]]) -> None:
        for project, filename, data in wheels:
            answer = requests.post(self.pypi_url, auth=("aws", self.token), timeout=60,
                                   data={":action": "file_upload", "name": project, "version": "1.0.0"},
                                   files={"content": (filename, data)})
            answer.raise_for_status()


class Verdaccio(Registry):
    name = "verdaccio"

    def __init__(self, workdir: Path, binary: str) -> None:
        port = free_port()
        storage = workdir / "verdaccio-storage"
        config = workdir / "verdaccio.yaml"
        config.write_text(
            f"storage: {storage}\n"
            "auth:\n  htpasswd:\n    file: ./htpasswd\n    max_users: 1000\n"
            "uplinks: {}\n"
            "packages:\n  '**':\n    access: $all\n    publish: $all\n    unpublish: $all\n"
            "server:\n  keepAliveTimeout: 60\n"
            "log: { type: stdout, format: pretty, level: fatal }\n"
            "max_body_size: 100mb\n"
        )
        self.process = subprocess.Popen([binary, "--config", str(config), "--listen", f"127.0.0.1:{port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.npm_url = f"http://127.0.0.1:{port}/"
        wait_for(self.npm_url + "-/ping")
        user = requests.put(f"{self.npm_url}-/user/org.couchdb.user:bench", timeout=30,
                            json={"name": "bench", "password": "bench-password", "type": "user"})
        self.npm_token = user.json().get("token") if user.ok else None


class PypiServer(Registry):
    name = "pypiserver"

    def __init__(self, workdir: Path, binary: str) -> None:
        port = free_port()
        self.packages = workdir / "pypiserver-packages"
        self.packages.mkdir()
        self.process = subprocess.Popen(
            [binary, "run", "-i", "127.0.0.1", "-p", str(port), "-a", ".", "-P", ".", str(self.packages)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.index_url = f"http://127.0.0.1:{port}/simple/"
        wait_for(self.index_url)

    def add_wheels(self, wheels: list[tuple[str, str, bytes]]) -> None:
        for _, filename, data in wheels:
            (self.packages / filename).write_bytes(data)


# -- the workloads --------------------------------------------------------------------
def npm_env(home: Path, registry: Registry) -> dict[str, str]:
    assert registry.npm_url is not None
    home.mkdir(parents=True, exist_ok=True)
    npmrc = home / ".npmrc"
    lines = [f"registry={registry.npm_url}"]
    if registry.npm_token:
        lines.append(f"{registry.npm_url.split(':', 1)[1]}:_authToken={registry.npm_token}")
    npmrc.write_text("\n".join(lines) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith("npm_")}
    env.update(HOME=str(home), npm_config_userconfig=str(npmrc), npm_config_cache=str(home / "cache"),
               npm_config_audit="false", npm_config_fund="false", npm_config_update_notifier="false",
               npm_config_loglevel="error", NO_PROXY="127.0.0.1")
    return env


def timed(command: list[str], **options: Any) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **options)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])}... failed: {result.stderr[-800:]}")
    return elapsed


def cold_npm_install(registry: Registry, scratch: Path) -> float:
    home = Path(tempfile.mkdtemp(dir=scratch))
    project = home / "app"
    project.mkdir()
    dependencies = {name: "^1.0.0" for name in npm_tree() if name.startswith("bench-direct-")}
    (project / "package.json").write_text(json.dumps({"name": "app", "version": "1.0.0", "private": True,
                                                      "dependencies": dependencies}))
    try:
        return timed(["npm", "install", "--no-audit", "--no-fund"], cwd=project, env=npm_env(home, registry))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def cold_pip_install(registry: Registry, scratch: Path) -> float:
    target = Path(tempfile.mkdtemp(dir=scratch))
    try:
        return timed([sys.executable, "-m", "pip", "install", "--quiet", "--no-cache-dir", "--disable-pip-version-check",
                      "--isolated", "--index-url", str(registry.index_url), "--target", str(target), "bench-app"])
    finally:
        shutil.rmtree(target, ignore_errors=True)


def cold_uv_install(registry: Registry, scratch: Path) -> float:
    target = Path(tempfile.mkdtemp(dir=scratch))
    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_")}
    try:
        return timed(["uv", "pip", "install", "--quiet", "--no-cache", "--python", sys.executable,
                      "--index-url", str(registry.index_url), "--target", str(target), "bench-app"], env=env)
    finally:
        shutil.rmtree(target, ignore_errors=True)


def index_throughput(registry: Registry, seconds: float) -> float:
    """Project pages per second from 4 threads, each with its own session."""
    projects = [f"bench-lib-{i:02d}" for i in range(1, PYPI_COUNT)]
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> int:
        session = requests.Session()
        done = 0
        while time.monotonic() < deadline:
            answer = session.get(f"{registry.index_url}{projects[(offset + done) % len(projects)]}/", timeout=30)
            answer.raise_for_status()
            done += 1
        return done

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        total = sum(pool.map(worker, range(4)))
    return total / (time.monotonic() - start)


def packument_times(registry: Registry, requests_count: int) -> tuple[float, float]:
    """(first request, median of the warm ones) for the 1,000-version packument, in seconds."""
    assert registry.npm_url is not None
    session = requests.Session()
    if registry.npm_token:
        session.headers["Authorization"] = f"Bearer {registry.npm_token}"
    url = registry.npm_url + "bench-big"
    times = []
    for _ in range(requests_count + 1):
        start = time.perf_counter()
        answer = session.get(url, timeout=60)
        times.append(time.perf_counter() - start)
        answer.raise_for_status()
    return times[0], statistics.median(times[1:])


# -- the run -------------------------------------------------------------------------
def seed_npm(registry: Registry, big_versions: int) -> None:
    for name, dependencies in npm_tree().items():
        registry.npm_put(name, npm_publish_document(name, "1.0.0", npm_tarball(name, "1.0.0", dependencies)))
    for i in range(big_versions):
        version = f"{i // 100}.{i % 100}.0"
        tarball = npm_tarball("bench-big", version, {"left-pad": "^1.3.0"})
        registry.npm_put("bench-big", npm_publish_document("bench-big", version, tarball))


def interleaved(rounds: int, runners: dict[str, Callable[[], float]]) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(rounds):
        for name, run in runners.items():
            samples[name].append(run())
    return {name: statistics.median(values) for name, values in samples.items()}


def line(workload: str, unit: str, values: dict[str, float], other: str | None, higher_is_better: bool = False) -> None:
    mock = values["mock"]
    if other is None or other not in values:
        print(f"  {workload:<34} mock {mock:10.3f} {unit:<6}  (no other registry installed)")
        return
    theirs = values[other]
    ratio = (mock / theirs) if higher_is_better else (theirs / mock)
    print(f"  {workload:<34} mock {mock:10.3f} {unit:<6} {other} {theirs:10.3f} {unit:<6} "
          f"ratio {ratio:5.2f} ({'mock ahead' if ratio >= 1 else 'mock behind'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one round, 100 versions, 1 s throughput: a smoke run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default=",".join(WORKLOADS), help=f"comma-separated of {', '.join(WORKLOADS)}")
    args = parser.parse_args()
    chosen = [w.strip() for w in args.only.split(",") if w.strip()]
    rounds = 1 if args.quick else args.rounds
    big = 100 if args.quick else BIG_VERSIONS
    verdaccio_bin = shutil.which("verdaccio")
    pypiserver_bin = shutil.which("pypi-server")
    has_npm, has_uv = shutil.which("npm") is not None, shutil.which("uv") is not None
    print(f"bench_registries: rounds={rounds}, packument of {big} versions; verdaccio: {verdaccio_bin or 'not installed'}, "
          f"pypiserver: {pypiserver_bin or 'not installed'}, npm: {'yes' if has_npm else 'no'}, "
          f"uv: {'yes' if has_uv else 'no'}")
    scratch = Path(tempfile.mkdtemp(prefix="bench-registries-"))
    registries: list[Registry] = []
    try:
        mock = Mock(scratch)
        registries.append(mock)
        npm_side: dict[str, Registry] = {"mock": mock}
        pypi_side: dict[str, Registry] = {"mock": mock}
        if verdaccio_bin and {"npm", "packument"} & set(chosen):
            npm_side["verdaccio"] = Verdaccio(scratch, verdaccio_bin)
            registries.append(npm_side["verdaccio"])
        if pypiserver_bin and {"pip", "uv", "index"} & set(chosen):
            pypi_side["pypiserver"] = PypiServer(scratch, pypiserver_bin)
            registries.append(pypi_side["pypiserver"])
        npm_other = "verdaccio" if "verdaccio" in npm_side else None
        pypi_other = "pypiserver" if "pypiserver" in pypi_side else None
        started = time.perf_counter()
        if {"npm", "packument"} & set(chosen):
            for registry in npm_side.values():
                seed_npm(registry, big)
        if {"pip", "uv", "index"} & set(chosen):
            wheels = pypi_wheels()
            for registry in pypi_side.values():
                registry.add_wheels(wheels)
        print(f"  seeded in {time.perf_counter() - started:.1f} s")
        if "npm" in chosen and has_npm:
            values = interleaved(rounds, {n: (lambda r=r: cold_npm_install(r, scratch)) for n, r in npm_side.items()})
            line(f"cold npm install, {len(npm_tree())} packages", "s", values, npm_other)
        if "pip" in chosen:
            values = interleaved(rounds, {n: (lambda r=r: cold_pip_install(r, scratch)) for n, r in pypi_side.items()})
            line(f"pip install, {PYPI_COUNT} projects", "s", values, pypi_other)
        if "uv" in chosen and has_uv:
            values = interleaved(rounds, {n: (lambda r=r: cold_uv_install(r, scratch)) for n, r in pypi_side.items()})
            line(f"uv pip install, {PYPI_COUNT} projects", "s", values, pypi_other)
        if "index" in chosen:
            seconds = 1.0 if args.quick else 3.0
            values = interleaved(rounds, {n: (lambda r=r: index_throughput(r, seconds)) for n, r in pypi_side.items()})
            line("simple-index pages per second", "req/s", values, pypi_other, higher_is_better=True)
        if "packument" in chosen:
            cold: dict[str, float] = {}
            warm_samples: dict[str, list[float]] = {n: [] for n in npm_side}
            for _ in range(rounds):
                for name, registry in npm_side.items():
                    first, warm = packument_times(registry, 10 if args.quick else 30)
                    cold.setdefault(name, first)
                    warm_samples[name].append(warm)
            warm_values = {n: statistics.median(v) * 1000 for n, v in warm_samples.items()}
            line(f"packument, {big} versions (warm)", "ms", warm_values, npm_other)
            line(f"packument, {big} versions (first GET)", "ms", {n: v * 1000 for n, v in cold.items()}, npm_other)
        memory = {r.name: rss_mib(r.process.pid) for r in registries if r.process is not None}
        shown = ", ".join(f"{name} {value:.0f} MiB" for name, value in memory.items() if value is not None)
        print(f"  resident memory after the workloads: {shown}")
    except Exception as error:  # a benchmark reports, it does not fail the caller
        print(f"  benchmark stopped: {error}")
    finally:
        for registry in registries:
            registry.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
