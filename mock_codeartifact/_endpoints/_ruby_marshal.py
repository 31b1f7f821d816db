"""Writing Ruby's Marshal format (4.8), as far as RubyGems' wire formats need.

The Dependencies API answers with ``Marshal.dump`` of an array of hashes,
and ``quick/Marshal.4.8/*.gemspec.rz`` holds a marshalled
``Gem::Specification``. Only writing is needed (nothing untrusted is ever
read), so this is a small encoder of the value types those use: nil,
booleans, small integers, UTF-8 strings, symbols, arrays, hashes, and
objects of the three kinds Ruby marshals (plain instance variables,
``marshal_dump`` and ``_dump``). Each value is written out in full: no
object links, which Ruby does not require.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Union

Value = Union[None, bool, int, str, bytes, "Symbol", "Sequence[Value]", "Mapping[Value, Value]", "RubyObject",
              "UserMarshal", "UserDefined"]


@dataclass(frozen=True)
class Symbol:
    """A Ruby symbol (``:name``)."""

    name: str


@dataclass(frozen=True)
class RubyObject:
    """An object marshalled by its instance variables (names with ``@``)."""

    class_name: str
    ivars: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class UserMarshal:
    """An object whose class defines ``marshal_dump``: its class and that value."""

    class_name: str
    data: Value


@dataclass(frozen=True)
class UserDefined:
    """An object whose class defines ``_dump``: its class and the bytes ``_dump`` made."""

    class_name: str
    data: bytes


def dump(value: Value) -> bytes:
    """``Marshal.dump(value)``."""
    out = bytearray(b"\x04\x08")
    _write(out, value)
    return bytes(out)


def _write_int(out: bytearray, number: int) -> None:
    """Marshal's packed integer (also used for lengths)."""
    if number == 0:
        out.append(0)
    elif 0 < number < 123:
        out.append(number + 5)
    elif -124 < number < 0:
        out.append((number - 5) & 0xFF)
    else:
        for size in range(1, 5):
            span = 1 << (8 * size)
            if 0 < number < span:
                out.append(size)
                out += number.to_bytes(size, "little")
                return
            if -span <= number < 0:
                out.append(256 - size)
                out += (number + span).to_bytes(size, "little")
                return
        raise ValueError(f"{number} does not fit a Marshal fixnum")


def _write_bytes(out: bytearray, data: bytes) -> None:
    _write_int(out, len(data))
    out += data


def _write_symbol(out: bytearray, name: str) -> None:
    out += b":"
    _write_bytes(out, name.encode("utf-8"))


def _write(out: bytearray, value: Value) -> None:
    if value is None:
        out += b"0"
    elif value is True:
        out += b"T"
    elif value is False:
        out += b"F"
    elif isinstance(value, int):
        if not -(1 << 30) <= value < (1 << 30):
            raise ValueError(f"{value} is too large for this Marshal writer")
        out += b"i"
        _write_int(out, value)
    elif isinstance(value, str):
        out += b'I"'  # a String with one instance variable: its encoding
        _write_bytes(out, value.encode("utf-8"))
        _write_int(out, 1)
        _write_symbol(out, "E")
        out += b"T"
    elif isinstance(value, bytes):
        out += b'"'  # a binary (ASCII-8BIT) String
        _write_bytes(out, value)
    elif isinstance(value, Symbol):
        _write_symbol(out, value.name)
    elif isinstance(value, RubyObject):
        out += b"o"
        _write_symbol(out, value.class_name)
        _write_int(out, len(value.ivars))
        for name, item in value.ivars.items():
            _write_symbol(out, name)
            _write(out, item)
    elif isinstance(value, UserMarshal):
        out += b"U"
        _write_symbol(out, value.class_name)
        _write(out, value.data)
    elif isinstance(value, UserDefined):
        out += b"u"
        _write_symbol(out, value.class_name)
        _write_bytes(out, value.data)
    elif isinstance(value, Mapping):
        out += b"{"
        _write_int(out, len(value))
        for key, item in value.items():
            _write(out, key)
            _write(out, item)
    elif isinstance(value, Sequence):
        out += b"["
        _write_int(out, len(value))
        for item in value:
            _write(out, item)
    else:
        raise TypeError(f"cannot marshal {type(value).__name__}")


__all__ = ["RubyObject", "Symbol", "UserDefined", "UserMarshal", "dump"]
