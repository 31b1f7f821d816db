"""Hypothesis strategies generated from an operation's input shape: mostly
values that reach real state (names that exist), mixed with values that break
each constraint, wrong types, and missing members."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

#: Names the seeded state has, so examples get past "not found" often.
POOLS: dict[str, list[Any]] = {
    "domain": ["acme", "other", "missing-domain"],
    "repository": ["staging", "release", "store", "nope"],
    "sourceRepository": ["staging", "release"],
    "destinationRepository": ["release", "staging"],
    "package": ["tool", "left-pad", "acme-utils", "missing"],
    "namespace": ["team", "acme", None],
    "packageVersion": ["1.0.0", "2.0.0", "9.9.9"],
    "asset": ["tool.bin", "other.bin"],
    "assetName": ["tool.bin", "new.bin"],
    "externalConnection": ["public:npmjs", "public:pypi", "public:nope"],
    "packageGroup": ["/*", "/generic/team/*", "/npm/*", "bad pattern"],
    "domainOwner": ["123456789012", "111122223333"],
}


def _scalar(shape: Any) -> st.SearchStrategy[Any]:
    meta = shape.metadata
    kind = shape.type_name
    if kind == "string":
        if shape.enum:
            return st.one_of(st.sampled_from(list(shape.enum)), st.sampled_from(list(shape.enum)),
                             st.text(max_size=12))
        low, high = meta.get("min", 0), min(meta.get("max", 64), 64)
        return st.one_of(st.text(min_size=low, max_size=high), st.text(max_size=high + 3),
                         st.from_regex(r"[a-z][a-z0-9\-]{1,10}", fullmatch=True))
    if kind in ("integer", "long"):
        low, high = meta.get("min", -5), meta.get("max", 100_000)
        return st.integers(low - 2, high + 2)
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        return st.binary(max_size=64)
    if kind == "timestamp":
        return st.integers(0, 2_000_000_000)
    return st.none()


def value(shape: Any, name: str = "", depth: int = 0) -> st.SearchStrategy[Any]:
    """A value for a member of ``shape`` (sometimes of the wrong type)."""
    wrong = st.one_of(st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2), st.none())
    if name in POOLS:
        right: st.SearchStrategy[Any] = st.one_of(st.sampled_from(POOLS[name]), _scalar(shape))
    elif shape.type_name == "structure":
        right = structure(shape, depth + 1)
    elif shape.type_name == "list":
        right = st.lists(value(shape.member, "", depth + 1), max_size=4)
    elif shape.type_name == "map":
        keys = st.one_of(st.sampled_from(POOLS["packageVersion"]), _scalar(shape.key))  # keys must hash
        right = st.dictionaries(keys, value(shape.value, "", depth + 1), max_size=3)
    else:
        right = _scalar(shape)
    return st.one_of(right, right, right, right, wrong)


def structure(shape: Any, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """A dict for ``shape``: required members usually present, optional ones sometimes."""
    if depth > 3:
        return st.just({})
    members = {}
    optional = {}
    for name, member in shape.members.items():
        if member.serialization.get("location") == "header" or member.type_name == "blob":
            continue  # headers and payloads are the transport's business
        if name in shape.required_members:
            members[name] = value(member, name, depth)
        else:
            optional[name] = value(member, name, depth)
    base = st.fixed_dictionaries(members, optional=optional)
    drop_one = base.flatmap(lambda d: st.sampled_from(sorted(d) or [""]).map(lambda k: {x: v for x, v in d.items() if x != k}))
    return st.one_of(base, base, base, drop_one)
