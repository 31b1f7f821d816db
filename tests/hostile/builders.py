"""Builders of hostile package files: one per attack and per format.

Each builder returns the bytes an attacker would upload. Bombs are built
cheaply: concatenated gzip, xz and bzip2 streams form one valid compressed
file, so a 512 MiB expansion costs building one 1 MiB stream once.
"""

from __future__ import annotations

import bz2
import functools
import gzip
import io
import json
import lzma
import tarfile
import zipfile

MIB = 1024 * 1024


# -- compression of zeros, cheaply ----------------------------------------------------


@functools.lru_cache(maxsize=None)
def _one_mib_of_zeros(compression: str) -> bytes:
    zeros = bytes(MIB)
    return {"gz": lambda: gzip.compress(zeros, 9), "xz": lambda: lzma.compress(zeros),
            "bz2": lambda: bz2.compress(zeros, 9)}[compression]()


def _compress(compression: str, data: bytes) -> bytes:
    return {"gz": gzip.compress, "xz": lzma.compress, "bz2": bz2.compress, "": bytes}[compression](data)


def compressed_zeros(compression: str, mebibytes: int) -> bytes:
    """``mebibytes`` MiB of zeros as one valid gzip/xz/bzip2 file (concatenated streams)."""
    return _one_mib_of_zeros(compression) * mebibytes


# -- tar -----------------------------------------------------------------------------


def _header(name: str, size: int, kind: bytes = tarfile.REGTYPE, fmt: int = tarfile.GNU_FORMAT) -> bytes:
    info = tarfile.TarInfo(name)
    info.size = size
    info.type = kind
    return info.tobuf(format=fmt)


def _with_checksum(header: bytearray) -> bytes:
    header[148:156] = b" " * 8
    header[148:156] = b"%06o\0 " % sum(header)
    return bytes(header)


def tar_of(members: dict[str, bytes], compression: str = "gz") -> bytes:
    """A well-formed tar (gz/xz/bz2/plain) of ``members``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return _compress(compression, buffer.getvalue())


def tar_bomb(member: str, mebibytes: int, compression: str) -> bytes:
    """A tar whose ``member`` holds ``mebibytes`` MiB of zeros, compressed to
    a few hundred bytes per MiB."""
    head = _compress(compression, _header(member, mebibytes * MIB))
    tail = _compress(compression, bytes(1024))
    return head + compressed_zeros(compression, mebibytes) + tail


def tar_negative_size(member: str, compression: str = "gz") -> bytes:
    """CVE-2025-8194: a base-256 size field of all 0xff (-1), which makes an
    unpatched ``tarfile`` seek back onto the same header forever."""
    header = bytearray(_header(member, 0))
    header[124:136] = b"\xff" * 12
    return _compress(compression, _with_checksum(header) + bytes(1024))


def tar_sparse(member: str, gibibytes: int = 3) -> bytes:
    """An old-GNU sparse member declaring a file of holes of ``gibibytes`` GiB."""
    header = bytearray(_header(member, 0, tarfile.GNUTYPE_SPARSE))
    # realsize (483:495) in octal: the size the holes expand to.
    header[483:495] = b"%011o\0" % (gibibytes * 1024 * MIB)
    return gzip.compress(_with_checksum(header) + bytes(1024))


def tar_pax_sparse(member: str) -> bytes:
    """A pax header announcing a GNU 1.0 sparse map."""
    records = b"".join(_pax_record(k, v) for k, v in
                       (("GNU.sparse.major", "1"), ("GNU.sparse.minor", "0"),
                        ("GNU.sparse.realsize", str(3 * 1024 * MIB)), ("GNU.sparse.name", member)))
    return gzip.compress(_header("././@PaxHeader", len(records), tarfile.XHDTYPE, tarfile.USTAR_FORMAT)
                         + records + bytes(-len(records) % 512) + _header(member, 0) + bytes(1024))


def _pax_record(key: str, value: str) -> bytes:
    body = f" {key}={value}\n".encode()
    length = len(body) + 1
    while len(str(length)) + len(body) != length:
        length += 1
    return str(length).encode() + body


def tar_pax_redos(member: str, digits: int = 200_000) -> bytes:
    """CVE-2024-6232: a pax header of digits without a record structure,
    on which unpatched ``tarfile``'s regexes backtrack quadratically."""
    junk = b"1" * digits
    return gzip.compress(_header("././@PaxHeader", len(junk), tarfile.XHDTYPE, tarfile.USTAR_FORMAT)
                         + junk + bytes(-len(junk) % 512) + _header(member, 0) + bytes(1024))


def tar_huge_extended_header(member: str) -> bytes:
    """A GNU long-name header declaring 1 GiB of name."""
    return gzip.compress(_header("././@LongLink", 1024 * MIB, tarfile.GNUTYPE_LONGNAME) + bytes(1024))


def tar_many_members(member: str, count: int, compression: str = "gz") -> bytes:
    return tar_of({member: b"{}", **{f"package/f{i}": b"" for i in range(count)}}, compression)


def truncated(data: bytes, keep: int | None = None) -> bytes:
    """The first ``keep`` bytes (default: half) of an archive: an upload cut short."""
    return data[: len(data) // 2 if keep is None else keep]


# -- zip -----------------------------------------------------------------------------


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@functools.lru_cache(maxsize=None)
def zip_bomb(member: str, mebibytes: int, others: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """A zip whose ``member`` inflates to ``mebibytes`` MiB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in others:
            archive.writestr(name, data)
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as handle:
            zeros = bytes(MIB)
            for _ in range(mebibytes):
                handle.write(zeros)
    return buffer.getvalue()


def zip_lying_sizes(member: str, declared: int) -> bytes:
    """A zip whose central directory declares ``declared`` bytes for a small member."""
    data = bytearray(zip_of({member: b"x" * 100}))
    directory = data.rfind(b"PK\x01\x02")
    data[directory + 24 : directory + 28] = declared.to_bytes(4, "little")
    return bytes(data)


def zip_many_members(member: str, count: int, content: bytes = b"{}") -> bytes:
    return zip_of({member: content, **{f"f{i}": b"" for i in range(count)}})


# -- documents ----------------------------------------------------------------------


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def npm_manifest(**fields: object) -> bytes:
    return json.dumps({"name": "evil", "version": "1.0.0", **fields}).encode()


def pkg_info(name: str = "evil", version: str = "1.0", summary: str = "s") -> bytes:
    return f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {summary}\n\nbody\n".encode()


def pom(description: str = "d", properties: str = "", version: str = "1.0", doctype: str = "") -> bytes:
    return (f"<?xml version=\"1.0\"?>{doctype}<project><groupId>org.evil</groupId><artifactId>evil</artifactId>"
            f"<version>{version}</version><properties>{properties}</properties>"
            f"<description>{description}</description></project>").encode()


def pom_property_bomb(levels: int = 6, fan_out: int = 60) -> bytes:
    """1.8 KB of ``${property}`` references that expand to gigabytes."""
    properties = "<p0>xxxxxxxxxx</p0>" + "".join(
        f"<p{i}>{('${p%d}' % (i - 1)) * fan_out}</p{i}>" for i in range(1, levels))
    return pom(description="${p%d}" % (levels - 1), properties=properties)


BILLION_LAUGHS = ("<!DOCTYPE project [<!ENTITY a \"aaaaaaaaaa\">"
                  + "".join(f"<!ENTITY {chr(98 + i)} \"{('&' + chr(97 + i) + ';') * 10}\">" for i in range(9))
                  + "]>")
EXTERNAL_ENTITY = "<!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"


def nuspec(version: str = "1.0.0", doctype: str = "", description: str = "d", readme: str = "") -> bytes:
    readme_element = f"<readme>{readme}</readme>" if readme else ""
    return (f"<?xml version=\"1.0\"?>{doctype}<package><metadata><id>Evil</id><version>{version}</version>"
            f"<description>{description}</description>{readme_element}</metadata></package>").encode()


def gemspec(extra: str = "", version: str = "1.0.0") -> str:
    return (f"--- !ruby/object:Gem::Specification\nname: evil\nversion: !ruby/object:Gem::Version\n"
            f"  version: {version}\nsummary: s\n{extra}")


def yaml_alias_bomb(levels: int = 9, fan_out: int = 10) -> str:
    lines = ["a0: &a0 [" + ",".join(["lol"] * fan_out) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * fan_out) + "]")
    return gemspec("\n".join(lines) + "\n")


def gem_of(spec: str | bytes, compress: bool = True) -> bytes:
    """A .gem (plain tar) holding ``metadata.gz``."""
    raw = spec.encode() if isinstance(spec, str) else spec
    return tar_of({"metadata.gz": gzip.compress(raw) if compress else raw}, "")


def gem_with_metadata_gz(metadata_gz: bytes) -> bytes:
    return tar_of({"metadata.gz": metadata_gz}, "")


def cargo_toml(extra: str = "") -> bytes:
    return f"[package]\nname = \"evil\"\nversion = \"1.0.0\"\n{extra}".encode()


def crate_of(manifest: bytes) -> bytes:
    return tar_of({"evil-1.0.0/Cargo.toml": manifest}, "gz")


def package_swift(text: str) -> bytes:
    return zip_of({"evil/Package.swift": text.encode()})
