"""The --state file: atomic, coalesced saves; loading all-or-nothing;
concurrent requests while the state is being saved."""

from __future__ import annotations

import hashlib
import json
import threading

import boto3
import pytest
import requests

from mock_codeartifact import CodeArtifactMock, mock_codeartifact
from mock_codeartifact._transport._state_file import StateDocumentError, StateFile, state_document
from mock_codeartifact._transport.server import ThreadedServer


def test_a_burst_of_changes_is_one_write(codeartifact_mock, tmp_path):
    state = StateFile(tmp_path / "state.json", codeartifact_mock, delay=3600).start()
    for _ in range(100):
        state.changed()
    state.close()  # cuts the coalescing wait short and writes once
    assert state.saves == 1
    assert json.loads((tmp_path / "state.json").read_text())["format"] == "mock_codeartifact/state"


def test_no_change_no_write_until_close(codeartifact_mock, tmp_path):
    state = StateFile(tmp_path / "state.json", codeartifact_mock, delay=0).start()
    assert state.saves == 0 and not (tmp_path / "state.json").exists()
    state.close()
    assert state.saves == 1


def test_a_save_replaces_the_file_whole(codeartifact_mock, codeartifact_backend, tmp_path):
    path = tmp_path / "state.json"
    path.write_text("old")
    codeartifact_backend.create_domain(domain="acme")
    StateFile(path, codeartifact_mock).save()
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # the temporary file was renamed
    assert json.loads(path.read_text()) == json.loads(json.dumps(state_document(codeartifact_mock)))


def test_loading_restores_state_and_identities(codeartifact_mock, codeartifact_backend, tmp_path):
    codeartifact_backend.create_domain(domain="acme")
    codeartifact_mock.add_identity("AKIAOTHER", "111122223333")
    path = tmp_path / "state.json"
    StateFile(path, codeartifact_mock).save()
    with mock_codeartifact() as fresh:
        assert StateFile(path, fresh).load() is True
        assert list(fresh.backend().domains) == ["acme"]
        assert fresh.account_for("AKIAOTHER") == "111122223333"
    with mock_codeartifact() as other:
        assert StateFile(tmp_path / "absent.json", other).load() is False


def test_a_broken_file_changes_nothing(codeartifact_mock, codeartifact_backend, tmp_path):
    codeartifact_backend.create_domain(domain="kept")
    path = tmp_path / "state.json"
    path.write_text('{"format": "mock_codeartifact/state", "version": 1, "backends": []}')
    with pytest.raises(StateDocumentError, match="missing member 'tokens'"):
        StateFile(path, codeartifact_mock).load()
    assert list(codeartifact_backend.domains) == ["kept"]


def _http_client(url: str):
    # No mock is active in this process: every call goes over HTTP to the server.
    return boto3.client("codeartifact", region_name="us-east-1", endpoint_url=url,
                        aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x")


def test_concurrent_requests_while_the_state_is_being_saved(tmp_path, invariants):
    """Eight threads publish and read over HTTP while the file is rewritten
    after every change; a ninth keeps reading the file. Every version it read
    was a whole document, and the last one is exactly the final state."""
    codeartifact_mock = CodeArtifactMock()  # served, not started: nothing in-process answers
    path = tmp_path / "state.json"
    state = StateFile(path, codeartifact_mock, delay=0).start()
    errors: list[BaseException] = []
    documents = 0
    done = threading.Event()

    def read_the_file() -> None:
        nonlocal documents
        while not done.is_set():
            try:
                text = path.read_text()
            except FileNotFoundError:
                continue
            try:
                assert json.loads(text)["format"] == "mock_codeartifact/state"
                documents += 1
            except BaseException as error:  # a half-written file
                errors.append(error)
                return

    with ThreadedServer(codeartifact_mock, on_change=state.changed) as server:
        client = _http_client(server.url)
        client.create_domain(domain="acme")
        client.create_repository(domain="acme", repository="shared")

        def work(worker: int) -> None:
            mine = _http_client(server.url)
            try:
                for number in range(15):
                    data = f"worker {worker} asset {number}".encode()
                    mine.publish_package_version(
                        domain="acme", repository="shared", format="generic", namespace="load",
                        package=f"p{worker}", packageVersion=f"1.0.{number}", assetContent=data,
                        assetName="a.bin", assetSHA256=hashlib.sha256(data).hexdigest())
                    mine.list_package_versions(domain="acme", repository="shared", format="generic",
                                               namespace="load", package=f"p{worker}")
                    requests.get(f"{server.url}/_mock/health", timeout=30).raise_for_status()
            except BaseException as error:
                errors.append(error)

        reader = threading.Thread(target=read_the_file)
        reader.start()
        workers = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        done.set()
        reader.join()
        state.close()
    assert not errors, errors[:3]
    assert documents > 0 and state.saves > 1
    invariants(codeartifact_mock.registry)
    final = json.loads(path.read_text())
    assert final == json.loads(json.dumps(state_document(codeartifact_mock)))
    with mock_codeartifact() as restarted:
        StateFile(path, restarted).load()
        versions = restarted.backend().list_package_versions(
            domain="acme", repository="shared", format="generic", namespace="load", package="p7")["versions"]
        assert len(versions) == 15
        invariants(restarted.registry)
