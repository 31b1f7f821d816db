"""Per-call, start/stop and import-time figures for mock_codeartifact.

    python benchmarks/bench_calls.py            # a table
    python benchmarks/bench_calls.py --json     # the same figures as JSON
    python benchmarks/bench_calls.py --quick    # fewer repetitions (smoke run)

What is measured (medians of batches; no assertion on time, always exits 0):

1. Per call, on a pre-created client, for DescribeDomain,
   ListRepositoriesInDomain (10 repositories) and GetRepositoryEndpoint:

   * ``bare``    a client made outside any mock with only a
                 ``before-send.codeartifact`` handler that returns a fresh
                 ``AWSResponse`` with a canned body (the mock's own answer,
                 byte for byte). Botocore still serialises, signs and parses,
                 so this is the floor of any design that keeps botocore's real
                 wire path.
   * ``stubber`` ``botocore.stub.Stubber`` with the same (parsed) response. It
                 skips signing, sending and parsing, so it is *below* the floor.
   * ``mock``    ``mock_codeartifact()`` in its default configuration
                 (``record_calls=True``); one extra line gives
                 ``mock_codeartifact(record_calls=False)``.
   * ``moto``    moto's ``mock_aws`` on a comparable call of a rest-json
                 service (API Gateway: GetRestApi, GetRestApis with 10 APIs,
                 GetResource), beside the bare floor of that same API Gateway
                 call, so moto/bare compares like with like.

   bare, stubber and the two mock variants are measured in interleaved
   rounds (one batch of each per round, order rotating), so drift of a busy
   machine hits them alike. Target: mock within 1.25x of bare.

2. Entering and leaving: ``with mock_codeartifact(): pass`` (target < 100 us)
   beside ``with mock_aws(): pass``.

3. Import time beyond boto3, in fresh interpreters (median of 7): the time
   to ``import mock_codeartifact; mock_codeartifact.mock_codeartifact`` once
   ``import boto3`` is done (target < 30 ms), beside ``from moto import
   mock_aws``.

Clients for the bare and stubber variants are created before moto is
imported (it adds a global ``before-send`` handler to botocore's built-in
list; mock_codeartifact adds nothing until a mock starts), so their event
emitters hold nothing but botocore's own handlers and ours.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.metadata
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

REGION = "us-east-1"
DOMAIN = "bench"
N_REPOS = 10

TARGET_CALL_RATIO = 1.25
TARGET_ENTER_LEAVE_US = 100.0
TARGET_IMPORT_MS = 30.0

# Fake credentials for clients made outside any mock; nothing leaves the process.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchkey")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchsecret")
os.environ.pop("AWS_SESSION_TOKEN", None)
os.environ.pop("AWS_PROFILE", None)
os.environ["AWS_DEFAULT_REGION"] = REGION

import boto3
import botocore
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

# (label, codeartifact operation, kwargs, moto API Gateway operation)
CALLS: list[tuple[str, str, dict[str, Any], str]] = [
    ("describe_domain", "DescribeDomain", {"domain": DOMAIN}, "GetRestApi"),
    ("list_repositories_in_domain", "ListRepositoriesInDomain", {"domain": DOMAIN}, "GetRestApis"),
    (
        "get_repository_endpoint",
        "GetRepositoryEndpoint",
        {"domain": DOMAIN, "repository": "repo-00", "format": "pypi"},
        "GetResource",
    ),
]


# --------------------------------------------------------------------------- timing
class _Raw:
    """The least an ``AWSResponse.raw`` needs: ``stream()``."""

    __slots__ = ("_body",)

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body


def bare_handler(canned: dict[str, tuple[int, dict[str, str], bytes]]) -> Callable[..., Any]:
    """A ``before-send`` handler answering each operation with a canned response.

    ``canned`` maps the operation name (the last part of the event name) to
    (status, headers, body); it is filled after the handler is registered.
    """

    def handler(request: Any, event_name: str, **_: Any) -> AWSResponse:
        # event_name is "before-send.<service>.<Operation>"
        status, headers, body = canned[event_name[event_name.rindex(".") + 1 :]]
        return AWSResponse(request.url, status, dict(headers), _Raw(body))

    return handler


def capture(client: Any, operation: str, call: Callable[[], Any]) -> tuple[tuple[int, dict[str, str], bytes], Any]:
    """Run ``call`` once and keep the HTTP response botocore parsed, and the result."""
    seen: dict[str, Any] = {}

    def keep(response_dict: Any, **_: Any) -> None:
        seen.update(response_dict)

    event = f"before-parse.{client.meta.service_model.service_id.hyphenize()}.{operation}"
    client.meta.events.register(event, keep, unique_id="bench-capture")
    try:
        result = call()
    finally:
        client.meta.events.unregister(event, unique_id="bench-capture")
    headers = {k: v for k, v in seen["headers"].items()}
    return (seen["status_code"], headers, bytes(seen["body"])), result


def time_batch(fn: Callable[[], Any], n: int) -> float:
    """Seconds per call over ``n`` calls."""
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def auto_batch(fn: Callable[[], Any], budget_s: float, max_batches: int, min_batch_s: float = 0.005) -> list[float]:
    """Per-call seconds of up to ``max_batches`` batches, within ``budget_s``."""
    per = time_batch(fn, 1)
    per = min(per, time_batch(fn, 1))
    n = max(1, int(min_batch_s / max(per, 1e-9)))
    samples: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(samples) < max_batches and (len(samples) < 5 or time.perf_counter() < deadline):
        samples.append(time_batch(fn, n))
    return samples


def us(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1e6


def spread(samples: list[float]) -> float:
    """Interquartile range over median: how noisy a variant's batches were."""
    q = statistics.quantiles(samples, n=4)
    return (q[2] - q[0]) / statistics.median(samples)


def paired_ratio(samples: list[float], baseline: list[float]) -> float:
    """Median of per-round ratios (both lists hold one batch per round)."""
    return statistics.median(a / b for a, b in zip(samples, baseline))


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


# --------------------------------------------------------------------------- 1. per call
def bench_calls(calls_per_variant: int, batch: int, warmup: int) -> dict[str, Any]:
    # Clients outside any mock, made before mock_codeartifact._mock and moto add
    # their global before-send handlers to botocore.
    session = boto3.Session(region_name=REGION)
    bare = session.client("codeartifact")
    stubbed = session.client("codeartifact")
    canned: dict[str, tuple[int, dict[str, str], bytes]] = {}
    bare.meta.events.register("before-send.codeartifact", bare_handler(canned), unique_id="bench-bare")
    has_moto = importlib.util.find_spec("moto") is not None  # not imported yet, on purpose
    if has_moto:
        bare_apigw = session.client("apigateway")
        canned_apigw: dict[str, tuple[int, dict[str, str], bytes]] = {}
        bare_apigw.meta.events.register("before-send.apigateway", bare_handler(canned_apigw), unique_id="bench-bare")

    from mock_codeartifact import mock_codeartifact

    mock_client = boto3.client("codeartifact", region_name=REGION)  # pre-created, outside the mock
    default_mock = mock_codeartifact()
    default_mock.start()
    try:
        seeder = boto3.client("codeartifact", region_name=REGION)  # keeps the measured client untouched
        seeder.create_domain(domain=DOMAIN)
        for i in range(N_REPOS):
            seeder.create_repository(domain=DOMAIN, repository=f"repo-{i:02d}")

        stubber = Stubber(stubbed)
        stubber.activate()
        fns: dict[str, dict[str, Callable[[], Any]]] = {}
        parsed: dict[str, Any] = {}
        for label, op, kwargs, _ in CALLS:
            method = getattr(mock_client, label)
            canned[op], result = capture(mock_client, op, functools.partial(method, **kwargs))
            result.pop("ResponseMetadata", None)
            parsed[label] = result
            # The bare client must give the same answer as the mock.
            check = getattr(bare, label)(**kwargs)
            check.pop("ResponseMetadata", None)
            if check != result:
                print(f"warning: bare {label} differs from the mock's answer", file=sys.stderr)
            fns[label] = {
                "bare": functools.partial(getattr(bare, label), **kwargs),
                "stubber": functools.partial(getattr(stubbed, label), **kwargs),
                "mock": functools.partial(method, **kwargs),
            }

        def stub_refill(label: str, n: int) -> None:
            for _ in range(n):
                stubber.add_response(label, parsed[label])

        no_record = mock_codeartifact(record_calls=False)
        variants = ["bare", "stubber", "mock", "mock_norec"]
        samples: dict[str, dict[str, list[float]]] = {c[0]: {v: [] for v in variants} for c in CALLS}
        rounds = max(3, calls_per_variant // batch)
        for label, _, _, _ in CALLS:
            f = fns[label]
            # warm-up: caches (endpoint resolution, models, lru_caches) filled
            stub_refill(label, warmup)
            for _ in range(warmup):
                f["bare"](), f["stubber"](), f["mock"]()
            gc.collect()
            for r in range(rounds):
                order = variants[r % 4 :] + variants[: r % 4]
                for variant in order:
                    if variant == "stubber":
                        stub_refill(label, batch)
                        samples[label][variant].append(time_batch(f["stubber"], batch))
                    elif variant == "mock_norec":
                        no_record.start()  # nested: shares the seeded state, answers the calls
                        try:
                            samples[label][variant].append(time_batch(f["mock"], batch))
                        finally:
                            no_record.stop()
                    else:
                        samples[label][variant].append(time_batch(f[variant], batch))
        stubber.deactivate()
        recorded = len(default_mock.calls)
    finally:
        default_mock.stop()

    out: dict[str, Any] = {"rounds": rounds, "batch": batch, "recorded_calls": recorded, "calls": {}}
    for label, op, _, moto_op in CALLS:
        row = {f"{v}_us": us(statistics.median(samples[label][v])) for v in variants}
        row.update({f"{v}_spread": spread(samples[label][v]) for v in variants})
        row["operation"] = op
        # Ratios: median over rounds of (variant batch / bare batch of the same
        # round), which cancels most of the drift of a busy machine.
        row["mock_over_bare"] = paired_ratio(samples[label]["mock"], samples[label]["bare"])
        row["mock_norec_over_bare"] = paired_ratio(samples[label]["mock_norec"], samples[label]["bare"])
        row["stubber_over_bare"] = paired_ratio(samples[label]["stubber"], samples[label]["bare"])
        row["mock_over_bare_of_medians"] = ratio(row["mock_us"], row["bare_us"])
        row["mock_minus_bare_us"] = row["mock_us"] - row["bare_us"]
        out["calls"][label] = row

    if has_moto:
        out["moto"] = bench_moto(bare_apigw, canned_apigw, calls_per_variant, batch, warmup)
        for label, _, _, moto_op in CALLS:
            m = out["moto"][moto_op]
            row = out["calls"][label]
            row["moto_operation"] = f"apigateway.{moto_op}"
            row["moto_us"] = m["moto_us"]
            row["moto_bare_us"] = m["bare_us"]
            row["moto_over_bare"] = m["moto_over_bare"]
            row["moto_over_codeartifact_bare"] = ratio(m["moto_us"], row["bare_us"])
    return out


def bench_moto(bare_apigw: Any, canned: dict, calls_per_variant: int, batch: int, warmup: int) -> dict[str, Any]:
    from moto import mock_aws

    results: dict[str, Any] = {}
    with mock_aws():
        client = boto3.client("apigateway", region_name=REGION)
        api_ids = [client.create_rest_api(name=f"api-{i:02d}")["id"] for i in range(N_REPOS)]
        root = client.get_resources(restApiId=api_ids[0])["items"][0]["id"]
        moto_calls = {
            "GetRestApi": ("get_rest_api", {"restApiId": api_ids[0]}),
            "GetRestApis": ("get_rest_apis", {}),
            "GetResource": ("get_resource", {"restApiId": api_ids[0], "resourceId": root}),
        }
        fns = {}
        for op, (name, kwargs) in moto_calls.items():
            canned[op], _ = capture(client, op, functools.partial(getattr(client, name), **kwargs))
            fns[op] = {
                "moto": functools.partial(getattr(client, name), **kwargs),
                "bare": functools.partial(getattr(bare_apigw, name), **kwargs),
            }
        rounds = max(3, calls_per_variant // batch)
        for op, f in fns.items():
            for _ in range(warmup):
                f["moto"](), f["bare"]()
            gc.collect()
            s: dict[str, list[float]] = {"moto": [], "bare": []}
            # moto is ~10x slower: smaller batches, same number of rounds, capped time
            moto_batch = max(10, batch // 4)
            for r in range(rounds):
                for variant in (("moto", "bare") if r % 2 else ("bare", "moto")):
                    s[variant].append(time_batch(f[variant], moto_batch if variant == "moto" else batch))
            results[op] = {
                "moto_us": us(statistics.median(s["moto"])),
                "bare_us": us(statistics.median(s["bare"])),
                "moto_over_bare": paired_ratio(s["moto"], s["bare"]),
            }
    return results


# --------------------------------------------------------------------------- 2. enter/leave
def bench_enter_leave(budget_s: float) -> dict[str, Any]:
    from mock_codeartifact import mock_codeartifact

    def ours() -> None:
        with mock_codeartifact():
            pass

    for _ in range(200):
        ours()
    out: dict[str, Any] = {"mock_us": us(statistics.median(auto_batch(ours, budget_s, 200)))}
    try:
        from moto import mock_aws
    except ImportError:
        out["moto_us"] = None
        return out

    def theirs() -> None:
        with mock_aws():
            pass

    for _ in range(5):
        theirs()
    out["moto_us"] = us(statistics.median(auto_batch(theirs, budget_s, 60)))
    out["moto_over_mock"] = ratio(out["moto_us"], out["mock_us"])
    return out


# --------------------------------------------------------------------------- 3. import time
_IMPORT_SNIPPET = """\
import time
import boto3
t0 = time.perf_counter()
{stmt}
print(repr(time.perf_counter() - t0))
"""
IMPORTS = {
    "mock_codeartifact": "import mock_codeartifact; mock_codeartifact.mock_codeartifact",
    "moto": "from moto import mock_aws",
}


def bench_imports(runs: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    # Measure what a user sees once bytecode is cached. With
    # PYTHONDONTWRITEBYTECODE set (as in some sandboxes) an editable install
    # would recompile every module in every run while site-packages (moto) has
    # its .pyc from pip: unfair. So bytecode goes to a private cache outside the
    # source tree, and the first run of each statement (which fills it) is not
    # counted; it is reported as ``*_first_run_ms``.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "mock_codeartifact-bench-pycache")
    for name, stmt in IMPORTS.items():
        code = _IMPORT_SNIPPET.format(stmt=stmt)
        times = []
        for i in range(runs + 1):
            proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
            if proc.returncode != 0:
                times = []
                out[f"{name}_error"] = proc.stderr.strip().splitlines()[-1:]
                break
            seconds = float(proc.stdout.strip().splitlines()[-1])
            if i:
                times.append(seconds)
            else:
                out[f"{name}_first_run_ms"] = round(seconds * 1e3, 2)
        out[f"{name}_ms"] = statistics.median(times) * 1e3 if times else None
        out[f"{name}_runs_ms"] = [round(t * 1e3, 2) for t in times]
    out["moto_over_mock"] = ratio(out.get("moto_ms"), out.get("mock_codeartifact_ms"))
    return out


# --------------------------------------------------------------------------- output
def fmt(value: float | None, spec: str = "8.1f") -> str:
    return format(value, spec) if value is not None else "n/a".rjust(int(spec.split(".")[0] or 0))


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("ok" if ok else "MISS")


def print_table(res: dict[str, Any]) -> None:
    env = res["environment"]
    print(
        f"mock_codeartifact benchmarks  python {env['python']}  botocore {env['botocore']}  "
        f"moto {env['moto']}  cpus {env['cpus']}  load {env['load']}  ({res['elapsed_s']:.1f} s)"
    )
    calls = res["per_call"]
    print(
        f"\n1. per call, median us ({calls['rounds']} interleaved rounds x {calls['batch']} calls per variant; "
        f"ratios: median of per-round ratios); target mock/bare <= {TARGET_CALL_RATIO:.2f}"
    )
    header = (
        f"{'call':<28} {'bare':>7} {'stubber':>8} {'mock':>7} {'mock/bare':>9} {'+us':>6} {'ok':>4}  "
        f"{'moto (apigateway op)':<24} {'moto':>7} {'bare':>6} {'moto/bare':>9}"
    )
    print(header)
    print("-" * len(header))
    for label, row in calls["calls"].items():
        r = row["mock_over_bare"]
        print(
            f"{label:<28} {fmt(row['bare_us'], '7.1f')} {fmt(row['stubber_us'], '8.1f')} {fmt(row['mock_us'], '7.1f')} "
            f"{fmt(r, '8.2f')}x {fmt(row['mock_minus_bare_us'], '6.1f')} {verdict(r <= TARGET_CALL_RATIO):>4}  "
            f"{row.get('moto_operation', 'n/a'):<24} {fmt(row.get('moto_us'), '7.1f')} "
            f"{fmt(row.get('moto_bare_us'), '6.1f')} {fmt(row.get('moto_over_bare'), '8.2f')}x"
        )
    parts = [
        f"{label} {row['mock_norec_us']:.1f} us ({row['mock_norec_over_bare']:.2f}x bare)"
        for label, row in calls["calls"].items()
    ]
    print("mock_codeartifact(record_calls=False): " + "; ".join(parts))
    worst = max(
        (row[f"{v}_spread"], v) for row in calls["calls"].values() for v in ("bare", "mock", "mock_norec")
    )
    print(
        f"   noise: largest batch IQR/median {worst[0] * 100:.0f}% ({worst[1]}); "
        f"{calls['recorded_calls']} calls recorded by the default mock during the run"
    )
    print(
        "   (bare: before-send handler returning a canned AWSResponse = floor with botocore's real wire path; "
        "stubber skips signing/sending/parsing; moto/bare uses the bare floor of the same apigateway call)"
    )

    el = res["enter_leave"]
    ok = el["mock_us"] < TARGET_ENTER_LEAVE_US
    print(
        f"\n2. enter+leave, median us: mock_codeartifact() {el['mock_us']:.1f} "
        f"(target < {TARGET_ENTER_LEAVE_US:.0f}: {verdict(ok)})   mock_aws() {fmt(el.get('moto_us'), '.1f')}"
    )

    imp = res["imports"]
    m = imp.get("mock_codeartifact_ms")
    print(
        f"\n3. import after boto3, median of {len(imp.get('mock_codeartifact_runs_ms', []))} fresh interpreters, ms: "
        f"mock_codeartifact {fmt(m, '.1f')} (target < {TARGET_IMPORT_MS:.0f}: "
        f"{verdict(None if m is None else m < TARGET_IMPORT_MS)})   moto {fmt(imp.get('moto_ms'), '.1f')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run, not figures)")
    parser.add_argument("--calls", type=int, default=2000, help="timed calls per variant and call (default 2000)")
    parser.add_argument("--batch", type=int, default=50, help="calls per timed batch (default 50)")
    parser.add_argument("--import-runs", type=int, default=7, help="fresh interpreters per import figure")
    args = parser.parse_args(argv)
    if args.quick:
        args.calls, args.batch, args.import_runs = 200, 20, 3
    warmup = max(20, args.batch)

    started = time.perf_counter()
    try:
        moto_version = importlib.metadata.version("moto")  # moto itself is imported later, on purpose
    except importlib.metadata.PackageNotFoundError:
        moto_version = None
    results: dict[str, Any] = {
        "environment": {
            "python": platform.python_version(),
            "botocore": botocore.__version__,
            "boto3": boto3.__version__,
            "moto": moto_version,
            "cpus": os.cpu_count(),
            "load": "/".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a",
        },
        "targets": {
            "mock_over_bare_max": TARGET_CALL_RATIO,
            "enter_leave_us_max": TARGET_ENTER_LEAVE_US,
            "import_ms_max": TARGET_IMPORT_MS,
        },
    }
    results["per_call"] = bench_calls(args.calls, args.batch, warmup)
    results["enter_leave"] = bench_enter_leave(budget_s=0.5 if args.quick else 2.0)
    results["imports"] = bench_imports(args.import_runs)
    results["elapsed_s"] = time.perf_counter() - started
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
