"""``mock-codeartifact`` (also ``python -m mock_codeartifact``)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mock-codeartifact", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run a promotion pipeline against the in-memory mock")
    coverage = commands.add_parser("coverage", help="print the operation coverage table (Markdown)")
    coverage.add_argument("--output", "-o", help="write to this file instead of standard output")
    args = parser.parse_args(argv)

    if args.command == "demo":
        from .demo import run_demo

        run_demo()
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
