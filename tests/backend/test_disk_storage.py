"""Asset bytes on disk (--data-dir): one file per SHA-256, written
atomically, read back on demand, named (not embedded) in the state file."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest

from mock_codeartifact import mock_codeartifact
from mock_codeartifact._backend._disk_storage import DiskBlob, DiskStorage
from mock_codeartifact._backend.assets import use_storage


@pytest.fixture
def disk(tmp_path):
    storage = DiskStorage(tmp_path / "blobs")
    previous = use_storage(storage)
    yield storage
    use_storage(previous)


def _seed(mock, data: bytes) -> None:
    backend = mock.backend()
    backend.create_domain(domain="acme")
    backend.create_repository(domain="acme", repository="release")
    backend.publish_package(domain="acme", repository="release", format="generic", namespace="n",
                            package="p", version="1.0", files={"a.bin": data})


def test_blobs_are_files_named_by_their_hash(disk, tmp_path, invariants):
    data = b"large artifact" * 1000
    with mock_codeartifact() as mock:
        _seed(mock, data)
        sha = hashlib.sha256(data).hexdigest()
        held = mock.backend().domains["acme"].assets._blobs[sha].data
        assert isinstance(held, DiskBlob) and len(held) == len(data)
        assert (tmp_path / "blobs" / sha[:2] / sha).read_bytes() == data
        asset = mock.backend().get_package_version_asset(domain="acme", repository="release", format="generic",
                                                         namespace="n", package="p", packageVersion="1.0",
                                                         asset="a.bin")
        assert asset["asset"] == data
        assert mock.backend().describe_domain(domain="acme")["domain"]["assetSizeBytes"] == len(data)


def test_the_state_document_names_blobs_on_disk(disk):
    from mock_codeartifact._backend.persistence import export_json, import_json

    data = b"kept on disk"
    with mock_codeartifact() as mock:
        _seed(mock, data)
        named = json.loads(export_json(mock.registry, embed_assets=False))
        embedded = json.loads(export_json(mock.registry))
    sha = hashlib.sha256(data).hexdigest()
    [entry] = named["backends"][0]["domains"][0]["assets"]
    assert entry == {"sha256": sha, "size": len(data), "hashes": {
        "MD5": hashlib.md5(data).hexdigest(), "SHA-1": hashlib.sha1(data).hexdigest(), "SHA-256": sha,
        "SHA-512": hashlib.sha512(data).hexdigest()}}
    assert embedded["backends"][0]["domains"][0]["assets"] == [
        {"sha256": sha, "data": base64.b64encode(data).decode()}]
    with mock_codeartifact() as again:
        import_json(again.registry, named)
        assert again.backend().domains["acme"].assets.data(sha) == data


def test_a_named_blob_needs_its_data_directory(disk, tmp_path):
    from mock_codeartifact._backend.assets import MemoryStorage
    from mock_codeartifact._backend.persistence import export_json, import_json

    with mock_codeartifact() as mock:
        _seed(mock, b"x")
        named = export_json(mock.registry, embed_assets=False)
    use_storage(MemoryStorage())
    with mock_codeartifact() as fresh, pytest.raises(ValueError, match="data directory"):
        import_json(fresh.registry, named)


def test_embedded_bytes_of_another_hash_are_refused():
    from mock_codeartifact._backend.persistence import export_json, import_json

    with mock_codeartifact() as mock:
        _seed(mock, b"true bytes")
        document = json.loads(export_json(mock.registry))
        document["backends"][0]["domains"][0]["assets"][0]["data"] = base64.b64encode(b"lies").decode()
    with mock_codeartifact() as fresh, pytest.raises(ValueError, match="bytes of another hash"):
        import_json(fresh.registry, document)


def test_collect_removes_files_nothing_references(tmp_path):
    storage = DiskStorage(tmp_path)
    kept = storage.keep("a" * 64, b"kept")
    storage.keep("b" * 64, b"dropped")
    (tmp_path / "cc").mkdir()
    (tmp_path / "cc" / ".incoming-left-over").write_bytes(b"half")
    assert storage.collect(["a" * 64]) == 2
    assert kept.read() == b"kept" and storage.find("b" * 64) is None
    assert storage.find("not a hash") is None
    with pytest.raises(ValueError, match="not a SHA-256"):
        storage.keep("../escape", b"x")
