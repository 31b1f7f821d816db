"""The REST-JSON wire format, in the service's direction.

botocore turns parameters into an HTTP request and a response into a result;
this module does the opposite half: request -> (operation, params) and
result or error -> HTTP response, all driven by the service model.
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote_plus

from .. import _json as bounded_json
from ..errors import ServiceError, ValidationException
from ..limits import shorten
from . import model as _model
from .validation import validate

if TYPE_CHECKING:
    from botocore.model import OperationModel


@dataclass
class Request:
    """An HTTP request as any transport sees it. ``headers`` is anything with
    ``get(name)`` answering lower-case names (a dict of lower-case names will do)."""

    method: str
    path: str
    query: str = ""
    headers: Any = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class _Member(NamedTuple):
    name: str
    location: str | None  # "querystring", "header", or None for the JSON body
    wire_name: str
    type_name: str


class _Plan(NamedTuple):
    """How one operation's input and output sit on the wire."""

    operation: OperationModel
    query_members: tuple[_Member, ...]
    header_members: tuple[_Member, ...]
    has_body_members: bool
    payload: str | None
    output_headers: tuple[tuple[str, str], ...]
    output_payload: str | None
    status: int


@functools.lru_cache(maxsize=None)
def _plan(operation_name: str) -> _Plan:
    op = _model.service_model().operation_model(operation_name)
    query, headers, body = [], [], False
    payload = None
    if op.input_shape is not None:
        payload = op.input_shape.serialization.get("payload")
        for name, shape in op.input_shape.members.items():
            loc = shape.serialization.get("location")
            member = _Member(name, loc, shape.serialization.get("name", name), shape.type_name)
            if loc == "querystring":
                query.append(member)
            elif loc == "header":
                headers.append(member)
            elif name != payload:
                body = True
    out_headers: list[tuple[str, str]] = []
    out_payload = None
    if op.output_shape is not None:
        out_payload = op.output_shape.serialization.get("payload")
        for name, shape in op.output_shape.members.items():
            if shape.serialization.get("location") == "header":
                out_headers.append((name, shape.serialization.get("name", name)))
    return _Plan(
        op, tuple(query), tuple(headers), body, payload, tuple(out_headers), out_payload,
        int(op.http.get("responseCode", 200)),
    )


def _scalar(member: _Member, raw: str) -> Any:
    """A query-string or header value, typed as the model says."""
    if member.type_name in ("integer", "long"):
        try:
            return int(raw)
        except ValueError:
            pass
    elif member.type_name == "boolean":
        if raw in ("true", "false"):
            return raw == "true"
    else:
        return raw
    raise ValidationException(
        f"1 validation error detected: Value '{shorten(raw)}' at '{member.name}' failed to satisfy "
        f"constraint: Member must be of type {member.type_name}"
    )


def _query(text: str) -> dict[str, str]:
    """Query-string values by name (the last one wins, as with repeated names)."""
    values = {}
    for pair in text.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            if "%" in pair or "+" in pair:
                name, value = unquote_plus(name), unquote_plus(value)
            values[name] = value
    return values


def parse_request(request: Request) -> tuple[str, dict[str, Any]]:
    """Route and read a request: the operation's name and its validated params."""
    op = _model.routes().get((request.method.upper(), request.path.rstrip("/") or "/"))
    if op is None:
        raise ValidationException(
            f"No CodeArtifact operation answers {request.method} {request.path}",
            reason="UNKNOWN_OPERATION",
        )
    plan = _plan(op.name)
    params: dict[str, Any] = {}
    if plan.query_members and request.query:
        query = _query(request.query)
        for member in plan.query_members:
            value = query.get(member.wire_name)
            if value is not None:
                params[member.name] = _scalar(member, value)
    for member in plan.header_members:
        value = request.headers.get(member.wire_name.lower())
        if value is not None:
            params[member.name] = _scalar(member, value)
    if plan.payload is not None:
        params[plan.payload] = bytes(request.body or b"")
    elif plan.has_body_members and request.body:
        try:
            body = bounded_json.loads(request.body)
        except bounded_json.JsonTooDeep as error:
            raise ValidationException(f"The request body {error}", reason="CANNOT_PARSE") from None
        except (ValueError, UnicodeDecodeError):
            raise ValidationException("The request body is not valid JSON", reason="CANNOT_PARSE") from None
        if not isinstance(body, dict):
            raise ValidationException("The request body must be a JSON object", reason="CANNOT_PARSE")
        for name, value in body.items():
            if name not in params:
                params[name] = value
    _validate(op, params)
    return op.name, params


_VALID: dict[tuple[Any, ...], bool] = {}
_SCALARS = (str, int, bool)


def _validate(op: OperationModel, params: dict[str, Any]) -> None:
    """Validate, remembering requests of plain values that passed: the same
    describe or list call repeated in a loop is checked once."""
    if all(type(v) in _SCALARS for v in params.values()):
        key = (op.name, *((k, v, type(v)) for k, v in params.items()))  # True == 1, so keep the type
        if key in _VALID:
            return
        validate(op.input_shape, params)
        if len(_VALID) >= 4096:
            _VALID.clear()
        _VALID[key] = True
        return
    validate(op.input_shape, params)


def _json_default(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot serialise {type(value).__name__}")


_ENCODER = json.JSONEncoder(default=_json_default, separators=(",", ":"), check_circular=False)


def serialize_result(operation_name: str, result: dict[str, Any] | None) -> Response:
    plan = _plan(operation_name)
    result = result or {}
    if not plan.output_headers and plan.output_payload is None:
        body = _ENCODER.encode(result).encode()
        return Response(plan.status, {"Content-Type": "application/json"}, body)
    result = dict(result)
    headers: dict[str, str] = {}
    for name, header in plan.output_headers:
        value = result.pop(name, None)
        if value is not None:
            headers[header] = str(value)
    if plan.output_payload is not None:
        payload = result.pop(plan.output_payload, b"") or b""
        body = bytes(payload.read() if hasattr(payload, "read") else payload)
        headers["Content-Type"] = "application/octet-stream"
    else:
        body = _ENCODER.encode(result).encode()
        headers["Content-Type"] = "application/json"
    return Response(plan.status, headers, body)


def serialize_error(error: ServiceError) -> Response:
    body: dict[str, Any] = {"message": error.message}
    headers = {"x-amzn-errortype": error.code, "Content-Type": "application/json"}
    for name, value in error.members.items():
        if name == "retryAfterSeconds":  # the model puts it in the Retry-After header
            headers["Retry-After"] = str(value)
        else:
            body[name] = value
    return Response(_model.error_status(error.code), headers, json.dumps(body).encode())
