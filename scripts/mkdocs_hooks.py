"""MkDocs hooks (mkdocs.yml ``hooks:``).

- The CLI reference shows the program's own ``--help`` output, so it cannot
  go stale: ``{{ cli_help }}`` or ``{{ cli_help SUBCOMMAND }}`` in a page
  becomes a text block with that help.
- Docstrings use Sphinx roles (``:class:`~x.Y```); the API reference shows
  them as plain code (``Y``).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from typing import Any

_PLACEHOLDER = re.compile(r"\{\{ cli_help(?: (\w+))? \}\}")
_ROLE = re.compile(r":(?:class|meth|func|data|attr|mod|exc):(<code>)(~?)([\w.]+)(</code>)")


def _help(command: str | None) -> str:
    from mock_codeartifact._cli import main

    out = io.StringIO()
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal: fix the width
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main([*([command] if command else []), "--help"])
    return out.getvalue().rstrip()


def on_page_markdown(markdown: str, **_: Any) -> str:
    return _PLACEHOLDER.sub(lambda match: f"```text\n{_help(match.group(1))}\n```", markdown)


def on_page_content(html: str, **_: Any) -> str:
    def plain(match: re.Match[str]) -> str:
        name = match.group(3).rsplit(".", 1)[-1] if match.group(2) else match.group(3)
        return f"{match.group(1)}{name}{match.group(4)}"

    return _ROLE.sub(plain, html)
