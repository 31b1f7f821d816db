"""Namespace-agnostic helpers over ``xml.etree`` for POMs, nuspecs and
``maven-metadata.xml``.

Both formats exist with and without (and with several different) XML
namespaces, so elements are matched by local name only. Documents are parsed
with ``defusedxml`` and DTDs forbidden: no legitimate POM, nuspec or Maven
metadata file has one, and a DTD is what entity-expansion bombs ("billion
laughs") and external-entity reads need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only (xml.etree is imported when parsing)
    from xml.etree.ElementTree import Element


def parse_xml(fmt: str, filename: str, data: bytes) -> Element:
    """The root element, or a ``ValueError`` naming the file."""
    import xml.etree.ElementTree as ElementTree

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ValueError(f"{fmt}: {filename!r} is refused: it declares a DTD or entities") from None
    except ElementTree.ParseError as exc:
        raise ValueError(f"{fmt}: {filename!r} is not well-formed XML ({exc})") from None


def local_name(element: Element) -> str:
    """'{http://maven.apache.org/POM/4.0.0}groupId' -> 'groupId' (comments -> '')."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Element | None, name: str) -> list[Element]:
    """Direct children called ``name`` (none when ``element`` is ``None``)."""
    if element is None:
        return []
    return [child for child in element if local_name(child) == name]


def child(element: Element | None, name: str) -> Element | None:
    """The first direct child called ``name``, or ``None``."""
    found = children(element, name)
    return found[0] if found else None


def child_text(element: Element | None, name: str) -> str | None:
    """Stripped text of the first child called ``name``; empty means ``None``."""
    node = child(element, name)
    if node is None or node.text is None:
        return None
    return node.text.strip() or None
