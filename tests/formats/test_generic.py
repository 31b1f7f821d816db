"""generic: required namespace, no normalisation, natural ordering, no metadata."""

from __future__ import annotations

import pytest

from mock_codeartifact._formats import PackageMetadata, get_format

generic = get_format("generic")


def test_rules():
    assert generic.namespace_rule == "required"
    assert generic.normalizes_api_input is False
    assert generic.normalize_name("My.Package") == "My.Package"
    assert generic.normalize_namespace("My-NS") == "My-NS"
    assert generic.normalize_version("V1.0") == "V1.0"
    assert generic.display_name("ns", "tool") == "tool"
    assert generic.coordinates_for_api("NS", "Tool", "V1") == ("NS", "Tool", "V1")


def test_files_are_never_interpreted():
    files = {"README.md": b"# A readme", "LICENSE": b"MIT License", "tool.tar.gz": b"\x1f\x8b"}
    assert generic.extract_metadata(files) == PackageMetadata()


def test_natural_ordering():
    versions = ["1.10", "1.9", "1.2", "release-2", "release-10", "1.10a", "", "2024.01.05", "1.010"]
    assert generic.sort_versions(versions) == [
        "",
        "1.2",
        "1.9",
        "1.010",
        "1.10",
        "1.10a",
        "2024.01.05",
        "release-2",
        "release-10",
    ]


def test_empty_files_are_rejected():
    with pytest.raises(ValueError, match="^generic: no files given"):
        generic.extract_metadata({})
