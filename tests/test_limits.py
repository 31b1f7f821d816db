"""The limits on hostile input: one dataclass, changed for a process or a block."""

from __future__ import annotations

import dataclasses

import pytest

from mock_codeartifact import Limits, get_limits, limits_changed, set_limits
from mock_codeartifact._json import JsonTooDeep, loads, nesting_depth


def test_defaults_and_restoring_them():
    assert get_limits() == Limits()
    previous = set_limits(max_nesting_depth=5)
    try:
        assert get_limits().max_nesting_depth == 5
        assert get_limits().max_archive_members == Limits().max_archive_members  # the rest unchanged
    finally:
        set_limits(previous)
    assert get_limits() == Limits()


def test_a_block_changes_limits_and_restores_them_even_on_error():
    with pytest.raises(RuntimeError), limits_changed(max_version_digits=3):
        assert get_limits().max_version_digits == 3
        raise RuntimeError
    assert get_limits().max_version_digits == Limits().max_version_digits


def test_unknown_limit_names_are_refused():
    with pytest.raises(TypeError):
        set_limits(max_everything=1)
    assert get_limits() == Limits()


def test_limits_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        get_limits().max_nesting_depth = 1  # type: ignore[misc]


def test_expansion_budget_has_a_floor_a_ratio_and_a_ceiling():
    limits = Limits(max_expansion_ratio=10, expansion_floor_bytes=100, max_expanded_bytes=1000)
    assert limits.expansion_budget(1) == 100
    assert limits.expansion_budget(50) == 500
    assert limits.expansion_budget(10_000) == 1000


@pytest.mark.parametrize(
    ("document", "depth"),
    [("{}", 1), ("[[1], {\"a\": [2]}]", 3), ('["[[[[", "]]"]', 1), (r'["\"[[[["]', 1), ("1", 0), (b"[[]]", 2)],
)
def test_nesting_depth_ignores_brackets_in_strings(document, depth):
    assert nesting_depth(document) == depth


def test_json_deeper_than_the_limit_is_refused_before_parsing():
    with limits_changed(max_nesting_depth=3):
        assert loads("[[[1]]]") == [[[1]]]
        with pytest.raises(JsonTooDeep, match="nests deeper than 3 levels"):
            loads("[[[[1]]]]")
