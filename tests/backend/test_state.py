"""The backend's records (mock_codeartifact/_backend/state.py)."""

from __future__ import annotations

from mock_codeartifact import mock_codeartifact


def test_domains_and_repositories_compare_by_identity() -> None:
    # A domain and its repositories refer to each other: field-by-field
    # equality would recurse without end. A restored copy is another record.
    with mock_codeartifact() as mock:
        backend = mock.backend()
        backend.create_domain(domain="acme")
        backend.create_repository(domain="acme", repository="release")
        saved = mock.snapshot()
        before = backend.domains["acme"]
        mock.restore(saved)
        after = mock.backend().domains["acme"]

    assert after is not before
    assert after != before
    assert after == after
    assert after.repositories["release"] != before.repositories["release"]
    assert len({before, after}) == 2
