"""Hostile package files of every format, generated: each is read or refused
with a ``ValueError`` naming the problem (never another exception), and
publishing it is a success or a ``ValidationException`` that leaves the
state's invariants intact."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from mock_codeartifact import ValidationException, mock_codeartifact
from mock_codeartifact._formats import get_format

from tests.fuzz.archives import FORMATS, hostile_files
from tests.fuzz.tally import EXAMPLES

BUDGET = int(os.environ.get("MOCK_CODEARTIFACT_FUZZ_EXAMPLES", "12")) * 2
SETTINGS = settings(max_examples=BUDGET, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NAMESPACES = {"maven": "org.evil", "swift": "evil"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_archives_are_read_or_refused_with_a_value_error(fmt):
    plugin = get_format(fmt)

    @SETTINGS
    @given(files=hostile_files(fmt))
    def run(files):
        EXAMPLES[f"archive:{fmt}"] += 1
        try:
            plugin.extract_metadata(files)
        except ValueError as error:
            assert str(error).startswith(f"{fmt}:"), error
            assert len(str(error)) < 2000

    run()


@pytest.mark.parametrize("fmt", FORMATS)
def test_publishing_hostile_archives_keeps_the_state_consistent(fmt, invariants):
    @SETTINGS
    @given(files=hostile_files(fmt))
    def run(files):
        EXAMPLES[f"publish:{fmt}"] += 1
        with mock_codeartifact(record_calls=False) as mock:
            backend = mock.backend()
            backend.create_domain(domain="acme")
            backend.create_repository(domain="acme", repository="repo")
            try:
                backend.publish_package(domain="acme", repository="repo", format=fmt, files=files,
                                        namespace=NAMESPACES.get(fmt), version="1.0.0" if fmt == "swift" else None)
            except ValidationException:
                pass
            invariants(mock.registry)

    run()
