"""A tolerant reader for the YAML subset RubyGems writes in ``metadata.gz``.

No YAML library may be used, and a gemspec dump needs little: block
mappings, block sequences (also "indentless" ones under a key and nested
``- - x`` items), plain and quoted scalars, ``|``/``>`` block scalars and
empty flow collections (``[]``, ``{}``). Tags (``!ruby/object:...``) are
dropped, anchors and aliases are not supported, and every scalar stays a
string (``version: 1.0`` must not become a float). Whatever it does not
understand ends the collection being read instead of raising, so a gemspec
with exotic parts still yields its simple top-level keys.
"""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"""^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"][^#]*?)\s*:(?:[ \t]+(.*))?$""")
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "0": "\0",
    '"': '"',
    "\\": "\\",
    "/": "/",
    " ": " ",
    "e": "\x1b",
}
_NULLS = {"", "~", "null", "Null", "NULL"}


def parse_yaml_subset(text: str) -> Any:
    """The first document of ``text`` as dicts, lists, strings and ``None``."""
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.lines = text.replace("\t", "    ").splitlines()

    def parse(self) -> Any:
        i = self._skip(0, allow_start=True)
        if i < len(self.lines) and self.lines[i].startswith("---"):
            rest = _strip_tag(self.lines[i][3:].strip())
            if rest:
                return _scalar(rest)
            i += 1
        return self._node(i, 0)[0]

    # -- line helpers ----------------------------------------------------

    def _skip(self, i: int, allow_start: bool = False) -> int:
        """Index of the next meaningful line; the document end stops it."""
        while i < len(self.lines):
            stripped = self.lines[i].strip()
            if stripped == "..." or (stripped.startswith("---") and not allow_start):
                return len(self.lines)
            if stripped and not stripped.startswith("#") and not stripped.startswith("%"):
                return i
            i += 1
        return i

    @staticmethod
    def _indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    # -- structures ------------------------------------------------------

    def _node(self, i: int, min_indent: int) -> tuple[Any, int]:
        i = self._skip(i)
        if i >= len(self.lines) or self._indent(self.lines[i]) < min_indent:
            return None, i
        line = self.lines[i]
        content, indent = line.strip(), self._indent(line)
        if content == "-" or content.startswith("- "):
            return self._sequence(i, indent)
        if _KEY.match(content):
            return self._mapping(i, indent)
        parts, j = [content], i + 1
        while (
            j < len(self.lines) and self.lines[j].strip() and self._indent(self.lines[j]) >= indent
        ):
            parts.append(self.lines[j].strip())
            j += 1
        return _scalar(" ".join(parts)), j

    def _sequence(self, i: int, indent: int) -> tuple[list, int]:
        items: list[Any] = []
        while True:
            i = self._skip(i)
            if i >= len(self.lines) or self._indent(self.lines[i]) != indent:
                return items, i
            content = self.lines[i].strip()
            if not (content == "-" or content.startswith("- ")):
                return items, i
            after_dash = content[1:]
            rest = after_dash.lstrip(" ")
            if not _strip_tag(rest):
                value, i = self._node(i + 1, indent + 1)
            else:
                # Re-read the item's text as if it started its own line, at its
                # column: '- key: v' opens a mapping, '- - x' a nested sequence.
                column = indent + 1 + len(after_dash) - len(rest)
                self.lines[i] = " " * column + _strip_tag_prefix(rest)
                value, i = self._node(i, column)
            items.append(value)

    def _mapping(self, i: int, indent: int) -> tuple[dict, int]:
        result: dict[str, Any] = {}
        while True:
            i = self._skip(i)
            if i >= len(self.lines) or self._indent(self.lines[i]) != indent:
                return result, i
            content = self.lines[i].strip()
            match = _KEY.match(content)
            if content.startswith("- ") or match is None:
                return result, i
            key = _scalar(match.group(1)) or ""
            rest = _strip_tag((match.group(2) or "").strip())
            if not rest:
                value, i = self._nested_value(i + 1, indent)
            elif rest[0] in "|>":
                value, i = self._block_scalar(i + 1, indent, rest)
            else:
                parts, i = [rest], i + 1
                while (
                    i < len(self.lines)
                    and self.lines[i].strip()
                    and self._indent(self.lines[i]) > indent
                ):
                    parts.append(self.lines[i].strip())  # a scalar folded over lines
                    i += 1
                value = _scalar(" ".join(parts))
            result[str(key)] = value

    def _nested_value(self, i: int, indent: int) -> tuple[Any, int]:
        """The value under a bare ``key:``: deeper node, indentless list, or null."""
        j = self._skip(i)
        if j < len(self.lines):
            line = self.lines[j]
            deeper = self._indent(line) > indent
            indentless = self._indent(line) == indent and (
                line.strip() == "-" or line.strip().startswith("- ")
            )
            if deeper or indentless:
                return self._node(j, indent if indentless else indent + 1)
        return None, i

    def _block_scalar(self, i: int, indent: int, header: str) -> tuple[str, int]:
        """A ``|`` (literal) or ``>`` (folded) scalar with its chomping indicator."""
        raw: list[str] = []
        while i < len(self.lines) and (
            not self.lines[i].strip() or self._indent(self.lines[i]) > indent
        ):
            raw.append(self.lines[i])
            i += 1
        while raw and not raw[-1].strip():
            raw.pop()  # trailing blank lines belong to chomping, handled below
        block_indent = min((self._indent(line) for line in raw if line.strip()), default=0)
        body = [line[block_indent:] for line in raw]
        if header[0] == "|":
            text = "\n".join(body)
        else:
            text = ""
            for line in body:
                if not line:
                    text += "\n"
                elif text and not text.endswith("\n"):
                    text += " " + line
                else:
                    text += line
        if "-" in header or not text:
            return text, i
        return text + "\n", i


def _strip_tag(text: str) -> str:
    """Drop a leading ``!tag``; what follows (possibly nothing) remains."""
    if text.startswith("!"):
        parts = text.split(None, 1)
        return parts[1] if len(parts) > 1 else ""
    return text


def _strip_tag_prefix(text: str) -> str:
    return _strip_tag(text) or text


def _scalar(text: str) -> Any:
    """A one-line scalar: quoted, plain, or an empty/simple flow collection."""
    text = _strip_tag(text.strip())
    if text.startswith("'"):
        end = text.find("'", 1)
        while end != -1 and text[end + 1 : end + 2] == "'":
            end = text.find("'", end + 2)
        inner = text[1:end] if end != -1 else text[1:]
        return inner.replace("''", "'")
    if text.startswith('"'):
        return _double_quoted(text)
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [_scalar(item) for item in _split_flow(inner)] if inner else []
    if text == "{}":
        return {}
    text = re.sub(r"\s+#.*$", "", text)
    return None if text in _NULLS else text


def _double_quoted(text: str) -> str:
    out, i = [], 1
    while i < len(text) and text[i] != '"':
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            code = text[i + 1]
            if code in "uUx":
                width = {"x": 2, "u": 4, "U": 8}[code]
                try:
                    out.append(chr(int(text[i + 2 : i + 2 + width], 16)))
                    i += 2 + width
                    continue
                except ValueError:
                    pass
            out.append(_ESCAPES.get(code, code))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _split_flow(inner: str) -> list[str]:
    """Split ``a, 'b, c', "d"`` at top-level commas."""
    items, current, quote = [], [], None
    for char in inner:
        if quote:
            current.append(char)
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
            current.append(char)
        elif char == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item for item in items if item.strip()]
