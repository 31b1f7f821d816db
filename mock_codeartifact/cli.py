"""``mock-codeartifact`` (also ``python -m mock_codeartifact``).

The texts of ``--help`` are plain text (:data:`DESCRIPTION`): a terminal
shows no reStructuredText.
"""

from __future__ import annotations

import argparse
import sys


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
    server = commands.add_parser("server", help="serve the API and the repository endpoints over HTTP")
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=8080)
    server.add_argument("--region", default="us-east-1", help="default Region (default: us-east-1)")
    server.add_argument("--account-id", default="123456789012", help="default account (default: 123456789012)")
    coverage = commands.add_parser("coverage", help="print the operation coverage table (Markdown)")
    coverage.add_argument("--output", "-o", help="write to this file instead of standard output")
    args = parser.parse_args(argv)

    if args.command == "demo":
        from .demo import run_demo

        run_demo()
    elif args.command == "server":
        from .mock import CodeArtifactMock
        from .transport.server import ThreadedServer

        with CodeArtifactMock(account_id=args.account_id, region=args.region) as mock:
            server = ThreadedServer(mock, host=args.host, port=args.port).start()
            print(f"mock_codeartifact serving on {server.url} (API at /v1/..., endpoints at /endpoints/...); "
                  "Ctrl-C stops", flush=True)
            server.serve_forever()
    elif args.command == "coverage":
        from .coverage import coverage_markdown

        text = coverage_markdown()
        if args.output:
            with open(args.output, "w", encoding="utf-8") as out:
                out.write(text)
        else:
            sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
