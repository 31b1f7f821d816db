"""Server-side validation of request parameters against the model's constraints.

botocore checks only ``required``, types and ``min`` on the client, and not at
all with ``Config(parameter_validation=False)``; the service checks everything.
Messages follow AWS's usual form ("1 validation error detected: Value 'x' at
'domain' failed to satisfy constraint: Member must ..."), see docs/behaviour.md;
a long value is quoted by its start only and at most
``Limits.max_reported_problems`` problems are listed (the count stays exact).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from .._backend.model_rules import use_model_rules
from ..errors import ValidationException
from ..limits import get_limits, shorten
from .model import service_model

if TYPE_CHECKING:
    from botocore.model import ListShape, MapShape, Shape, StringShape, StructureShape


@functools.lru_cache(maxsize=None)
def _pattern(pattern: str) -> Any:
    # The model writes Java-flavoured patterns (\p{C}, \p{IsWhitespace}) meant to
    # match the whole value; the ``regex`` module understands that flavour.
    import regex

    return regex.compile(pattern)


def _show(value: Any) -> str:
    """A value as AWS quotes it; a long one only by its start, so that a
    10 MB name gives a short message (``Limits.max_quoted_value_chars``)."""
    if value is None:
        return "null"
    if not isinstance(value, (str, int, float)):
        return str(value)
    text = _shorten(value if isinstance(value, str) else _number(value))
    return f"'{text}'" if isinstance(value, str) else text


_shorten = shorten


def _number(value: int | float) -> str:
    try:
        return str(value)
    except ValueError:  # an int beyond Python's integer-string limit
        return f"<a number of {value.bit_length()} bits>" if isinstance(value, int) else "<a number>"


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "list": (list,),
    "map": (dict,),
    "structure": (dict,),
    "blob": (bytes, bytearray, str),
    "timestamp": (int, float, str),
    "double": (int, float),
    "float": (int, float),
}


def _check(shape: Shape, value: Any, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    allowed = _TYPES.get(kind, (object,))
    well_typed = isinstance(value, allowed)  # kept apart: ``value`` stays Any below
    if not well_typed or (kind in ("integer", "long") and isinstance(value, bool)):
        problems.append(f"Value {_show(value)} at '{path}' failed to satisfy constraint: Member must be of type {kind}")
        return
    meta = shape.metadata
    if kind == "string":
        _check_range(len(value), meta, path, value, problems, "length")
        enum = cast("StringShape", shape).enum
        if enum and value not in enum:
            problems.append(
                f"Value {_show(value)} at '{path}' failed to satisfy constraint: "
                f"Member must satisfy enum value set: [{', '.join(enum)}]"
            )
        elif "pattern" in meta and not _pattern(meta["pattern"]).fullmatch(value):
            problems.append(
                f"Value {_show(value)} at '{path}' failed to satisfy constraint: "
                f"Member must satisfy regular expression pattern: {meta['pattern']}"
            )
    elif kind in ("integer", "long"):
        _check_range(value, meta, path, value, problems, "value")
    elif kind == "list":
        _check_range(len(value), meta, path, value, problems, "length")
        for i, item in enumerate(value, 1):
            _check(cast("ListShape", shape).member, item, f"{path}.{i}.member", problems)
    elif kind == "map":
        _check_range(len(value), meta, path, value, problems, "length")
        for key, item in value.items():
            shown_key = _shorten(str(key))
            _check(cast("MapShape", shape).key, key, f"{path}.{shown_key}.key", problems)
            _check(cast("MapShape", shape).value, item, f"{path}.{shown_key}.value", problems)
    elif kind == "structure":
        _check_structure(shape, value, path + ".", problems)


def _check_range(measure: int, meta: Mapping[str, Any], path: str, value: Any, problems: list[str], what: str) -> None:
    shown = _show(value) if isinstance(value, (str, int)) else "[...]" if isinstance(value, list) else "{...}"
    if "min" in meta and measure < meta["min"]:
        problems.append(
            f"Value {shown} at '{path}' failed to satisfy constraint: "
            f"Member must have {what} greater than or equal to {meta['min']}"
        )
    elif "max" in meta and measure > meta["max"]:
        problems.append(
            f"Value {shown} at '{path}' failed to satisfy constraint: "
            f"Member must have {what} less than or equal to {meta['max']}"
        )


def _check_structure(shape: Shape, value: dict[str, Any], prefix: str, problems: list[str]) -> None:
    for name in shape.required_members:
        if value.get(name) is None:
            problems.append(f"Value null at '{prefix}{name}' failed to satisfy constraint: Member must not be null")
    members = cast("StructureShape", shape).members
    for name, item in value.items():
        member = members.get(name)
        if member is not None and item is not None:
            _check(member, item, prefix + name, problems)


def validate(input_shape: Shape | None, params: dict[str, Any]) -> None:
    """Raise the service's ValidationException when ``params`` break the model."""
    if input_shape is None:
        return
    problems: list[str] = []
    _check_structure(input_shape, params, "", problems)
    if problems:
        count = len(problems)
        shown = problems[: get_limits().max_reported_problems]
        more = f"; and {count - len(shown)} more" if count > len(shown) else ""
        raise ValidationException(
            f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(shown) + more
        )


def validate_members(input_shape: Shape | None, values: dict[str, Any]) -> None:
    """Check the members ``values`` holds against ``input_shape``'s
    constraints, as :func:`validate` would (absent required members are not
    looked for): for values that reach the service another way, such as the
    coordinates a package manager's upload carries."""
    problems: list[str] = []
    members = cast("StructureShape", input_shape).members
    for name, value in values.items():
        if value is not None:
            _check(members[name], value, name, problems)
    if problems:
        count = len(problems)
        raise ValidationException(
            f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(problems)
        )


def validate_operation_members(operation: str, values: Mapping[str, Any]) -> None:
    """:func:`validate_members` against ``operation``'s input shape (the
    check the backend's seeding API asks, through ``_backend.model_rules``)."""
    shape = service_model().operation_model(operation).input_shape
    if shape is not None:
        validate_members(shape, dict(values))


# Seeding (backend.publish_package) refuses what the API would refuse; the
# backend cannot import this layer, so it is handed the check here.
use_model_rules(validate_operation_members)

