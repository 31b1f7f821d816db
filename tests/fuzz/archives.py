"""Hypothesis strategies of hostile package files, per format.

An example starts from a plausible package of the format (its manifest with
generated field values: long runs of digits, deep nesting, odd characters),
packs it the way the format does (tar with any compression, zip, gzip), and
then maybe damages it as an attacker would: cut it short, flip bytes,
rewrite a tar header's size or type (negative, huge, sparse, pax), append
junk, or multiply members.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import tarfile
import zipfile
from typing import Any

from hypothesis import strategies as st

FORMATS = ("npm", "pypi", "maven", "nuget", "ruby", "cargo", "swift")

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_digits = st.integers(1, 6000).map(lambda n: "9" * n)
_version = st.one_of(st.just("1.0.0"), _digits.map(lambda d: f"1.0.{d}"), st.from_regex(r"[0-9a-z.\-+]{1,20}", fullmatch=True))
_nesting = st.integers(0, 5000).map(lambda n: "[" * n + "]" * n)


@st.composite
def _manifest(draw: Any, fmt: str) -> dict[str, bytes]:
    """The format's metadata members, with hostile values drawn in."""
    version = draw(_version)
    text = draw(st.one_of(_text, st.integers(0, 300_000).map(lambda n: "a" + " " * n + "b")))
    if fmt == "npm":
        extra = draw(_nesting)
        doc = json.dumps({"name": "evil", "version": version, "description": text})[:-1] + f', "x": {extra or 0}}}'
        return {"package/package.json": doc.encode()}
    if fmt == "pypi":
        return {"evil-1.0/PKG-INFO": f"Metadata-Version: 2.1\nName: evil\nVersion: {version}\nSummary: {text}\n\n".encode()}
    if fmt == "maven":
        refs = draw(st.integers(0, 200))
        props = "<p0>x</p0>" + "".join(f"<p{i}>{('${p%d}' % (i - 1)) * refs}</p{i}>" for i in range(1, 5))
        return {"evil-1.0.pom": (f"<project><groupId>g</groupId><artifactId>evil</artifactId><version>{version}"
                                 f"</version><properties>{props}</properties><description>${{p4}}{_xml(text)}"
                                 "</description></project>").encode()}
    if fmt == "nuget":
        return {"Evil.nuspec": (f"<package><metadata><id>Evil</id><version>{_xml(version)}</version>"
                                f"<description>{_xml(text)}</description></metadata></package>").encode()}
    if fmt == "ruby":
        nesting = draw(_nesting)
        spec = (f"--- !ruby/object:Gem::Specification\nname: evil\nversion: !ruby/object:Gem::Version\n"
                f"  version: '{version}'\nsummary: {json.dumps(text)}\nx: {nesting or 0}\n")
        return {"metadata.gz": gzip.compress(spec.encode())}
    if fmt == "cargo":
        nesting = draw(_nesting)
        return {"evil-1.0.0/Cargo.toml": (f"[package]\nname = \"evil\"\nversion = {json.dumps(version)}\n"
                                          f"description = {json.dumps(text)}\nx = {nesting or 0}\n").encode()}
    return {"evil/Package.swift": f'let package = Package(name: "Evil")\n{text}'.encode()}


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_CONTAINERS = {"npm": ("evil.tgz", "tar"), "pypi": ("evil-1.0.tar.gz", "tar"), "maven": (None, "plain"),
               "nuget": ("evil.nupkg", "zip"), "ruby": ("evil.gem", "tar"), "cargo": ("evil.crate", "tar"),
               "swift": ("evil.zip", "zip")}


def _tar(members: dict[str, bytes], compression: str, pad: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for i in range(pad):
            archive.addfile(tarfile.TarInfo(f"pad/{i}"), io.BytesIO(b""))
    raw = buffer.getvalue()
    return {"gz": gzip.compress, "xz": lzma.compress, "bz2": bz2.compress, "": bytes}[compression](raw)


def _zip(members: dict[str, bytes], pad: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for i in range(pad):
            archive.writestr(f"pad/{i}", b"")
    return buffer.getvalue()


@st.composite
def _tar_header_attack(draw: Any, members: dict[str, bytes]) -> bytes:
    """A plain tar whose first header has a hostile size or type field."""
    name = next(iter(members))
    info = tarfile.TarInfo(name)
    info.size = len(members[name])
    header = bytearray(info.tobuf(format=tarfile.GNU_FORMAT))
    size_field = draw(st.one_of(
        st.just(b"\xff" * 12), st.binary(min_size=12, max_size=12),
        st.integers(0, 8**11 - 1).map(lambda n: b"%011o\0" % n),
        st.just(b"\x80" + (2**80).to_bytes(11, "big"))))
    header[124:136] = size_field
    header[156:157] = draw(st.sampled_from([b"0", b"S", b"L", b"x", b"g", b"K", b"M", b"5", b"V", b"\0"]))
    header[148:156] = b" " * 8
    header[148:156] = b"%06o\0 " % sum(header)
    body = members[name] + bytes(-len(members[name]) % 512)
    return bytes(header) + body + bytes(1024) * draw(st.integers(0, 1))


@st.composite
def hostile_files(draw: Any, fmt: str) -> dict[str, bytes]:
    """``{filename: bytes}`` for ``fmt``: a package, probably damaged."""
    members = draw(_manifest(fmt))
    filename, kind = _CONTAINERS[fmt]
    pad = draw(st.integers(0, 30))
    if kind == "plain":
        (name, data), = members.items()
        return {name: data}
    if kind == "tar":
        compression = "" if fmt == "ruby" else draw(st.sampled_from(["gz", "xz", "bz2", ""]))
        if draw(st.integers(0, 4)) == 0:
            data = draw(_tar_header_attack(members))
            data = {"gz": gzip.compress, "xz": lzma.compress, "bz2": bz2.compress, "": bytes}[compression](data)
        else:
            data = _tar(members, compression, pad)
    else:
        data = _zip(members, pad)
    damage = draw(st.sampled_from(["none", "none", "truncate", "flip", "junk", "prefix"]))
    if damage == "truncate" and data:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif damage == "flip" and data:
        changed = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            changed[draw(st.integers(0, len(changed) - 1))] = draw(st.integers(0, 255))
        data = bytes(changed)
    elif damage == "junk":
        data += draw(st.binary(min_size=1, max_size=600))
    elif damage == "prefix":
        data = draw(st.binary(min_size=1, max_size=16)) + data
    return {filename: data}
