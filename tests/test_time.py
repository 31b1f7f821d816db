"""A naive datetime given to the mock is UTC everywhere, whatever the
machine's time zone (tests pass alike in CI on UTC and on a laptop in New York)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from mock_codeartifact._time import as_utc

UTC = dt.timezone.utc


@pytest.fixture
def new_york(monkeypatch):
    if not hasattr(time, "tzset"):  # pragma: no cover - Windows
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_as_utc():
    assert as_utc(dt.datetime(2026, 1, 1, 9)) == dt.datetime(2026, 1, 1, 9, tzinfo=UTC)
    eastern = dt.timezone(dt.timedelta(hours=-5))
    assert as_utc(dt.datetime(2026, 1, 1, 4, tzinfo=eastern)) == dt.datetime(2026, 1, 1, 9, tzinfo=UTC)
    assert as_utc(dt.datetime(2026, 1, 1, 4, tzinfo=eastern)).tzinfo is UTC


def test_published_time_and_clock_read_naive_times_as_utc(new_york, codeartifact_mock, codeartifact_backend,
                                                          codeartifact_client):
    codeartifact_mock.clock.freeze(dt.datetime(2026, 3, 1, 12, 0))
    assert codeartifact_mock.clock.now() == dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    codeartifact_backend.create_domain(domain="acme")
    codeartifact_backend.create_repository(domain="acme", repository="repo")
    codeartifact_backend.publish_package(domain="acme", repository="repo", format="npm", package="p", version="1.0.0",
                                         published_time=dt.datetime(2026, 2, 1, 8, 30))
    shown = codeartifact_client.describe_package_version(
        domain="acme", repository="repo", format="npm", package="p", packageVersion="1.0.0")["packageVersion"]
    assert shown["publishedTime"] == dt.datetime(2026, 2, 1, 8, 30, tzinfo=UTC)
    listed = codeartifact_client.list_package_versions(domain="acme", repository="repo", format="npm", package="p")
    assert listed["versions"][0]["version"] == "1.0.0"


def test_a_hand_written_state_document_s_naive_times_are_utc(new_york, codeartifact_mock):
    import json

    document = json.loads(codeartifact_mock.export_json())
    document["clock"]["frozen"] = "2026-03-01T12:00:00"
    codeartifact_mock.import_json(document)
    assert codeartifact_mock.clock.now() == dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
