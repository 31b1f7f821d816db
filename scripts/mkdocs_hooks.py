"""MkDocs hooks (mkdocs.yml ``hooks:``): the CLI reference shows the
program's own ``--help`` output, so it cannot go stale.

``{{ cli_help }}`` or ``{{ cli_help SUBCOMMAND }}`` in a page becomes a
text block with that help.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from typing import Any

_PLACEHOLDER = re.compile(r"\{\{ cli_help(?: (\w+))? \}\}")


def _help(command: str | None) -> str:
    from mock_codeartifact.cli import main

    out = io.StringIO()
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal: fix the width
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main([*([command] if command else []), "--help"])
    return out.getvalue().rstrip()


def on_page_markdown(markdown: str, **_: Any) -> str:
    return _PLACEHOLDER.sub(lambda match: f"```text\n{_help(match.group(1))}\n```", markdown)
