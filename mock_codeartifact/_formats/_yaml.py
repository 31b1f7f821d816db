"""The YAML RubyGems writes in ``metadata.gz``, read as plain data, within bounds.

PyYAML parses (its libyaml-backed ``CSafeLoader`` when built with it, else
the pure-Python ``SafeLoader``); this module only turns the parser's event
stream into dicts, lists, strings and ``None``, so that:

- Ruby's tags (``!ruby/object:Gem::Specification``, ``!ruby/object:Gem::Version``,
  ``!ruby/hash-with-ivars``...) become the plain mapping, sequence or string
  they tag; ``!binary`` strings are decoded;
- every scalar stays a string (``version: 1.10`` must not become the float
  ``1.1``), except the plain nulls (empty, ``~``, ``null``);
- nesting depth, the number of aliases and the size of the document with
  its aliases expanded are bounded (:mod:`mock_codeartifact.limits`): a
  "billion laughs" of anchors is refused, and composing never recurses, so
  no document can exhaust the stack.

Only the first document of a stream is read.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, TypeAlias

from ..limits import Limits, get_limits

#: What :func:`load_yaml` makes of a document: mappings (keyed by strings, or
#: ``None`` for a null key), sequences, strings and ``None``.
YamlData: TypeAlias = "dict[str | None, YamlData] | list[YamlData] | str | None"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def load_yaml(text: str) -> YamlData:
    """The first document of ``text`` as plain data; ``None`` when there is none.

    Raises ``ValueError`` for malformed YAML or a document beyond the limits.
    """
    import yaml

    limits = get_limits()
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        return _compose(loader, limits)
    except yaml.YAMLError as exc:
        raise ValueError(f"is not valid YAML ({_first_line(exc)})") from None
    finally:
        loader.dispose()


def _compose(loader: Any, limits: Limits) -> YamlData:
    import yaml

    anchors: dict[str, Any] = {}
    stack: list[tuple[Any, list[Any]]] = []  # (container, pending mapping key or [])
    aliases = 0
    root: YamlData = None
    started = False
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.DocumentStartEvent):
            if started:
                break
            started = True
            continue
        if isinstance(event, yaml.DocumentEndEvent):
            break
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent)):
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            finished, _ = stack.pop()
            if not stack:
                root = finished
                continue
            _attach(stack, finished)
            continue
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > limits.max_yaml_aliases:
                raise ValueError(f"uses more than {limits.max_yaml_aliases} YAML aliases")
            if event.anchor not in anchors:
                raise ValueError(f"refers to an undefined YAML anchor {str(event.anchor)[:50]!r}")
            value = anchors[event.anchor]
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= limits.max_nesting_depth:
                raise ValueError(f"nests deeper than {limits.max_nesting_depth} levels")
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            if event.anchor is not None:
                anchors[event.anchor] = container
            stack.append((container, []))
            continue
        else:  # a scalar
            value = _scalar(event)
            if event.anchor is not None:
                anchors[event.anchor] = value
        if not stack:
            root = value
            continue
        _attach(stack, value)
    if aliases:
        _check_expanded_size(root, limits)
    return root


def _attach(stack: list[tuple[Any, list[Any]]], value: Any) -> None:
    container, pending = stack[-1]
    if isinstance(container, list):
        container.append(value)
    elif not pending:
        pending.append(value)  # a key; its value comes next
    else:
        key = pending.pop()
        container[key if isinstance(key, (str, type(None))) else str(key)[:200]] = value


def _scalar(event: Any) -> Any:
    value: str = event.value
    tag = event.tag
    if tag in ("!binary", "tag:yaml.org,2002:binary"):
        try:
            return base64.decodebytes(value.encode("ascii", "replace")).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return value
    if event.implicit[0] and not event.style and value in _NULLS:
        return None
    return value


def _check_expanded_size(root: Any, limits: Limits) -> None:
    """Walk the document as its aliases expand it, stopping at the limits."""
    nodes, characters = 0, 0
    pending = [root]
    while pending:
        node = pending.pop()
        nodes += 1
        if isinstance(node, dict):
            pending.extend(node.values())
            characters += sum(len(k) for k in node if isinstance(k, str))
        elif isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, str):
            characters += len(node)
        if nodes > limits.max_yaml_expanded_nodes or characters > limits.max_member_bytes:
            raise ValueError("expands beyond the limits through its YAML aliases")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
