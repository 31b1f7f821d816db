"""npm publish's body read without holding the tarball several times: a
large attachment is decoded in place, the rest of the document parsed
without it; anything that does not fit that shape is parsed whole."""

from __future__ import annotations

import base64
import io
import json
import os

import pytest

from mock_codeartifact._endpoints._npm_upload import SMALL_BODY, read_publish_body


def body(document: dict) -> io.BytesIO:
    buffer = io.BytesIO()
    buffer.write(json.dumps(document).encode())
    buffer.seek(0)
    return buffer


def document(tarball: bytes, **extra: object) -> dict:
    return {"name": "big", **extra, "_attachments": {"big-1.0.0.tgz": {
        "content_type": "application/octet-stream", "data": base64.b64encode(tarball).decode(),
        "length": len(tarball)}}}


def test_a_large_attachment_is_decoded_in_place():
    tarball = os.urandom(SMALL_BODY * 2 + 1)
    content = body(document(tarball))
    read = read_publish_body(content)
    assert read.tarball == tarball
    assert read.document == {"name": "big", "_attachments": {"big-1.0.0.tgz": {
        "content_type": "application/octet-stream", "data": None, "length": len(tarball)}}}


def test_base64_text_inside_another_string_is_not_taken_for_the_attachment():
    tarball = os.urandom(SMALL_BODY * 2)
    decoy = '"' + "QUJD" * 100_000 + '"'  # a quoted base64 run inside the readme
    read = read_publish_body(body(document(tarball, readme=f"see {decoy} here")))
    assert read.tarball == tarball
    assert read.document["readme"] == f"see {decoy} here"


def test_a_small_body_is_parsed_whole():
    tarball = b"small tarball"
    read = read_publish_body(body(document(tarball)))
    assert read.tarball is None
    assert base64.b64decode(read.document["_attachments"]["big-1.0.0.tgz"]["data"]) == tarball


def test_a_large_body_of_another_shape_is_parsed_whole():
    two = {"a.tgz": {"data": base64.b64encode(os.urandom(SMALL_BODY)).decode()},
           "b.tgz": {"data": base64.b64encode(os.urandom(SMALL_BODY)).decode()}}
    read = read_publish_body(body({"name": "big", "_attachments": two}))
    assert read.tarball is None and set(read.document["_attachments"]) == {"a.tgz", "b.tgz"}


@pytest.mark.parametrize("text", [b"not json" + b"x" * SMALL_BODY, b"[" * 100_000])
def test_what_is_not_json_is_a_value_error(text):
    with pytest.raises(ValueError):
        read_publish_body(io.BytesIO(text))
