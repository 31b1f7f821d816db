"""``mock-codeartifact`` (also ``python -m mock_codeartifact``).

The texts of ``--help`` are plain text (:data:`DESCRIPTION`): a terminal
shows no reStructuredText.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

_SERVER_DESCRIPTION = """\
Serve the CodeArtifact API (/v1/...), the repository endpoints
(/endpoints/...) and the control API (/_mock/...) over HTTP, from one
process that holds all state. Without --state the state lives in memory
only; without --data-dir asset bytes do too.

Examples:
  mock-codeartifact server --port 8080
  mock-codeartifact server --host 0.0.0.0 --public-url http://codeartifact:8080 \\
      --state /data/state.json --data-dir /data/blobs --seed /seed/seed.yaml

See docs/server.md for the control API and the seed file schema.
"""


DESCRIPTION = (
    "An in-memory AWS CodeArtifact for tests (also runs as: python -m mock_codeartifact). "
    "Nothing is sent to AWS."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mock-codeartifact", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "demo",
        help="publish, copy (copied, ALREADY_EXISTS, NOT_FOUND and SKIPPED), archive and dispose "
        "package versions in the in-memory mock, step by step, then print the same as a pytest test",
    )
    server = commands.add_parser(
        "server", help="serve the API and the repository endpoints over HTTP",
        description=_SERVER_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _server_options(server)
    coverage = commands.add_parser("coverage", help="print the operation coverage table (Markdown)")
    coverage.add_argument("--output", "-o", help="write to this file instead of standard output")
    args = parser.parse_args(argv)

    if args.command == "demo":
        from .demo import run_demo

        run_demo()
    elif args.command == "server":
        from ._serve import ServerError, serve

        try:
            return serve(args)
        except ServerError as error:
            print(f"mock-codeartifact server: error: {error}", file=sys.stderr, flush=True)
            return 2
    elif args.command == "coverage":
        from ._coverage import coverage_markdown

        text = coverage_markdown()
        if args.output:
            with open(args.output, "w", encoding="utf-8") as out:
                out.write(text)
        else:
            sys.stdout.write(text)
    return 0


def _server_options(server: Any) -> None:
    server.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)")
    server.add_argument("--port", type=int, default=8080, help="port to listen on (default: 8080; 0: any free port)")
    server.add_argument("--region", default="us-east-1", help="default Region (default: us-east-1)")
    server.add_argument("--account-id", default="123456789012", help="default account (default: 123456789012)")
    server.add_argument(
        "--state", metavar="PATH",
        help="load all state from this JSON file at start if it exists; save it there (atomically) "
             "after changes and at shutdown (SIGTERM, SIGINT)")
    server.add_argument(
        "--data-dir", metavar="DIR",
        help="keep asset bytes in this directory, one file per SHA-256, instead of in memory; "
             "the --state file then refers to them")
    server.add_argument(
        "--seed", metavar="PATH", action="append", default=[],
        help="a seed file (YAML or JSON) of domains, repositories, packages and public registry "
             "packages to create at start; repeatable; skipped when --state loaded a saved state")
    server.add_argument(
        "--public-url", metavar="URL",
        help="the base URL clients reach the server by (behind a proxy or in Docker), used in "
             "GetRepositoryEndpoint and every endpoint answer (default: http://HOST:PORT)")
    server.add_argument(
        "--log-level", default="info", choices=["debug", "info", "warning", "error"],
        help="log level on standard error; info logs one access line per request (default: info)")
    server.add_argument(
        "--wsgi-server", choices=["waitress", "werkzeug"], default=None,
        help="the HTTP server: waitress (the server extra; default when installed) or werkzeug")
    server.add_argument(
        "--threads", type=int, default=None,
        help="worker threads of the waitress server (default: 8); werkzeug starts a thread per request")
    server.add_argument(
        "--workers", type=int, default=1,
        help="worker processes; only 1: one process holds the state (run one server per test "
             "worker to scale out, as pytest-xdist does in process)")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
