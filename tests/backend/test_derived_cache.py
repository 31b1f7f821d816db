"""The mock's cache of what endpoints derive from the state: bounded by
bytes (not entries), least recently used out first, owned by the mock
(``reset()`` and a new mock start empty)."""

from __future__ import annotations

from mock_codeartifact import mock_codeartifact
from mock_codeartifact._backend._derived_cache import DerivedCache


def test_bounded_by_bytes_least_recently_used_first():
    cache = DerivedCache(max_bytes=1000)
    for key in "abcd":
        cache.put(key, key.upper(), 240)
    assert cache.bytes == 960 and len(cache) == 4
    assert cache.get("a") == "A"  # now the most recently used
    cache.put("e", "E", 240)  # over 1000: the least recently used (b) goes
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("e") == "E"
    assert cache.bytes == 960
    cache.put("a", "A2", 100)  # replacing counts the new size only
    assert cache.get("a") == "A2" and cache.bytes == 820


def test_an_entry_larger_than_a_quarter_of_the_budget_is_not_kept():
    cache = DerivedCache(max_bytes=1000)
    cache.put("small", 1, 10)
    cache.put("huge", 2, 251)
    assert cache.get("huge") is None and cache.get("small") == 1 and cache.bytes == 10
    assert cache.get("missing", "default") == "default"


def test_the_cache_belongs_to_the_mock():
    with mock_codeartifact() as mock:
        cache = mock.registry.derived_cache
        cache.put("key", "value", 10)
        mock.reset()
        assert cache.get("key") is None and cache.bytes == 0
        cache.put("key", "value", 10)
    with mock_codeartifact() as other:
        assert other.registry.derived_cache.get("key") is None
