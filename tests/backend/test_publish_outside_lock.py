"""The registry lock guards state, not parsing: while an upload is read (a
format plugin's parser that blocks until released stands in for a slow or
hostile file), every other caller is answered; only storing the version
holds the lock, and what was decided before is checked again under it."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
import requests

from mock_codeartifact._formats import hookimpl, register_format_plugin, unregister_format_plugin
from mock_codeartifact._formats.base import PackageMetadata
from mock_codeartifact._formats.generic import GenericFormat
from mock_codeartifact._formats.npm import NpmFormat

from tests.endpoints.npm_packages import npm_tarball, publish_document

#: Bounds every wait, so a regression fails instead of hanging (never a speed assertion).
PATIENCE = 30


class Gate:
    """A parser's stand-in that blocks until the test opens it."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()

    def block(self) -> None:
        self.entered.set()
        assert self.opened.wait(PATIENCE), "the test never opened the gate"


class BlockingNpm(NpmFormat):
    def __init__(self, gate: Gate) -> None:
        super().__init__()
        self.gate = gate

    def extract_metadata(self, files: Mapping[str, bytes]) -> PackageMetadata:
        self.gate.block()
        return super().extract_metadata(files)  # type: ignore[arg-type]


class BlockingGeneric(GenericFormat):
    def __init__(self, gate: Gate) -> None:
        super().__init__()
        self.gate = gate

    def validate_namespace(self, namespace: str | None) -> str | None:
        self.gate.block()
        return super().validate_namespace(namespace)


class FormatsPlugin:
    def __init__(self, *formats: Any) -> None:
        self.formats = list(formats)

    @hookimpl
    def codeartifact_package_formats(self) -> list[Any]:
        return self.formats


@pytest.fixture
def gate() -> Iterator[Gate]:
    gate = Gate()
    plugin = FormatsPlugin(BlockingNpm(gate), BlockingGeneric(gate))
    register_format_plugin(plugin)
    yield gate
    gate.opened.set()
    unregister_format_plugin(plugin)


@pytest.fixture
def acme(codeartifact_client):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="staging")
    return codeartifact_client


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # noqa: BLE001 (reported by the test)
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def answered_meanwhile(client, gate: Gate, upload: threading.Thread) -> None:
    """While the upload is held in its parser, ListDomains is answered."""
    assert gate.entered.wait(PATIENCE), "the upload never reached its parser"
    listing, outcome = in_thread(lambda: client.list_domains()["domains"])
    listing.join(PATIENCE)
    assert not listing.is_alive(), "ListDomains waited for the upload's parser: the lock was held"
    assert [d["name"] for d in outcome["result"]] == ["acme"]
    assert upload.is_alive()  # still parsing: the answer did not wait for it
    gate.opened.set()
    upload.join(PATIENCE)
    assert not upload.is_alive()


def test_npm_publish_parses_outside_the_lock(acme, gate):
    url = acme.get_repository_endpoint(domain="acme", repository="staging", format="npm")["repositoryEndpoint"]
    token = acme.get_authorization_token(domain="acme")["authorizationToken"]
    document = publish_document("slow", "1.0.0", npm_tarball("slow", "1.0.0"))
    upload, outcome = in_thread(lambda: requests.put(url + "slow", json=document, auth=("aws", token)))
    answered_meanwhile(acme, gate, upload)
    assert outcome["result"].status_code == 200
    assert acme.list_package_versions(domain="acme", repository="staging", format="npm",
                                      package="slow")["versions"][0]["status"] == "Published"


def test_publish_package_version_hashes_outside_the_lock(acme, gate):
    data = b"x" * 1024

    def publish() -> dict[str, Any]:
        return acme.publish_package_version(
            domain="acme", repository="staging", format="generic", namespace="team", package="tool",
            packageVersion="1.0", assetContent=data, assetName="tool.bin",
            assetSHA256=hashlib.sha256(data).hexdigest(),
        )

    upload, outcome = in_thread(publish)
    answered_meanwhile(acme, gate, upload)
    assert outcome["result"]["status"] == "Published"


def test_seeding_reads_files_outside_the_lock(acme, gate, codeartifact_backend):
    tarball = npm_tarball("seeded", "2.0.0")
    upload, outcome = in_thread(lambda: codeartifact_backend.publish_package(
        domain="acme", repository="staging", format="npm", files={"package.tgz": tarball}))
    answered_meanwhile(acme, gate, upload)
    assert outcome["result"]["version"] == "2.0.0"


def test_a_repository_deleted_while_the_upload_was_read_is_not_written(acme, gate):
    url = acme.get_repository_endpoint(domain="acme", repository="staging", format="npm")["repositoryEndpoint"]
    token = acme.get_authorization_token(domain="acme")["authorizationToken"]
    document = publish_document("late", "1.0.0", npm_tarball("late", "1.0.0"))
    upload, outcome = in_thread(lambda: requests.put(url + "late", json=document, auth=("aws", token)))
    assert gate.entered.wait(PATIENCE)
    acme.delete_repository(domain="acme", repository="staging")
    acme.create_repository(domain="acme", repository="staging")  # another repository of the same name
    gate.opened.set()
    upload.join(PATIENCE)
    assert outcome["result"].status_code == 404
    assert acme.list_packages(domain="acme", repository="staging")["packages"] == []
