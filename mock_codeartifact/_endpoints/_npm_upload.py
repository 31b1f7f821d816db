"""``npm publish``'s body: a JSON document whose ``_attachments`` hold the
tarball as base64 text, read without holding the package several times.

A large body is not parsed as a whole (that would keep the JSON text, the
base64 string and the decoded tarball at once: five times the package). The
attachment's base64 text is found in the body's buffer, the rest of the
document is parsed without it, and the text is decoded in place, into the
front of the same buffer, which then becomes the tarball: the peak is the
body itself (4/3 of the package).
"""

from __future__ import annotations

import binascii
import io
import re
from typing import Any

from .. import _json as untrusted_json
from .._json import JsonTooDeep

#: Bodies up to this size are simply parsed whole.
SMALL_BODY = 1 << 20
#: A JSON string of base64 text long enough to be an attachment. (JSON
#: escapes never occur in base64, so the run cannot hide an escaped quote;
#: a candidate inside another string is told apart by parsing the rest.)
_BASE64_STRING = re.compile(rb'"[A-Za-z0-9+/]{1024,}={0,2}"')
#: Candidates tried, longest first, before parsing the body whole.
_CANDIDATES = 4
#: Base64 text decoded per step (a multiple of 4).
_TEXT_STEP = 1 << 20


class PublishBody:
    """The publish document, and the tarball when it was decoded in place
    (``tarball`` is None otherwise: ``document`` then still holds the
    attachment's ``data``)."""

    def __init__(self, document: Any, tarball: bytes | None) -> None:
        self.document = document
        self.tarball = tarball


def read_publish_body(content: io.BytesIO) -> PublishBody:
    """Read ``content`` (which this call consumes). Raises ``ValueError`` when
    it is not JSON (or nests too deeply to parse)."""
    size = content.getbuffer().nbytes
    if size > SMALL_BODY:
        found = _decoded_in_place(content)
        if found is not None:
            return found
    return PublishBody(_loads(content.getvalue()), None)


def _loads(text: bytes) -> Any:
    try:
        return untrusted_json.loads(text or b"null")
    except JsonTooDeep:
        raise ValueError("the document nests too deeply") from None


def _decoded_in_place(content: io.BytesIO) -> PublishBody | None:
    view = content.getbuffer()
    try:
        spans = sorted(((m.start(), m.end()) for m in _BASE64_STRING.finditer(view)),
                       key=lambda span: span[0] - span[1])[:_CANDIDATES]
        for start, end in spans:
            rest = bytes(view[:start]) + b"null" + bytes(view[end:])
            try:
                document = _loads(rest)
            except ValueError:
                continue
            if _attachment_is_placeholder(document) and (end - start - 2) % 4 == 0:
                size = _decode_into_front(view, start + 1, end - 1)
                break
        else:
            return None
    finally:
        view.release()
    content.truncate(size)
    return PublishBody(document, content.getvalue())  # the buffer itself: no copy


def _attachment_is_placeholder(document: Any) -> bool:
    """Whether the one attachment's ``data`` is where the base64 text was."""
    attachments = document.get("_attachments") if isinstance(document, dict) else None
    if not isinstance(attachments, dict) or len(attachments) != 1:
        return False
    attachment = next(iter(attachments.values()))
    return isinstance(attachment, dict) and "data" in attachment and attachment["data"] is None


def _decode_into_front(view: memoryview, start: int, end: int) -> int:
    """Decode the base64 text ``view[start:end]`` (whole 4-character groups
    of the alphabet, padding only at the end) into ``view[0:n]``; returns
    ``n``. Each step writes behind what it has read (3 bytes for every 4
    characters), so nothing unread is overwritten."""
    written = 0
    for position in range(start, end, _TEXT_STEP):
        decoded = binascii.a2b_base64(view[position:min(position + _TEXT_STEP, end)])
        view[written:written + len(decoded)] = decoded
        written += len(decoded)
    return written
