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
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from ..errors import ServiceError, ValidationException
from . import model as _model
from .validation import validate

if TYPE_CHECKING:
    from botocore.model import OperationModel


@dataclass
class Request:
    """An HTTP request as any transport sees it. Header names are lower case."""

    method: str
    path: str
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class _Member:
    name: str
    location: str | None  # "querystring", "header", or None for the JSON body
    wire_name: str
    type_name: str


@dataclass(frozen=True)
class _Plan:
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
        f"1 validation error detected: Value '{raw}' at '{member.name}' failed to satisfy "
        f"constraint: Member must be of type {member.type_name}"
    )


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
    if plan.query_members:
        query = parse_qs(request.query, keep_blank_values=True)
        for member in plan.query_members:
            values = query.get(member.wire_name)
            if values:
                params[member.name] = _scalar(member, values[-1])
    for member in plan.header_members:
        value = request.headers.get(member.wire_name.lower())
        if value is not None:
            params[member.name] = _scalar(member, value)
    if plan.payload is not None:
        params[plan.payload] = bytes(request.body or b"")
    elif plan.has_body_members and request.body:
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise ValidationException("The request body is not valid JSON", reason="CANNOT_PARSE") from None
        if not isinstance(body, dict):
            raise ValidationException("The request body must be a JSON object", reason="CANNOT_PARSE")
        for name, value in body.items():
            if name not in params:
                params[name] = value
    validate(op.input_shape, params)
    return op.name, params


def _json_default(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def serialize_result(operation_name: str, result: dict[str, Any] | None) -> Response:
    plan = _plan(operation_name)
    result = dict(result or {})
    headers: dict[str, str] = {}
    for name, header in plan.output_headers:
        value = result.pop(name, None)
        if value is not None:
            headers[header] = str(value)
    if plan.output_payload is not None:
        body = result.pop(plan.output_payload, b"") or b""
        if hasattr(body, "read"):
            body = body.read()
        headers["Content-Type"] = "application/octet-stream"
    else:
        body = json.dumps(result, default=_json_default, separators=(",", ":")).encode()
        headers["Content-Type"] = "application/json"
    return Response(plan.status, headers, bytes(body))


def serialize_error(error: ServiceError) -> Response:
    body: dict[str, Any] = {"message": error.message}
    headers = {"x-amzn-errortype": error.code, "Content-Type": "application/json"}
    for name, value in error.members.items():
        if name == "retryAfterSeconds":  # the model puts it in the Retry-After header
            headers["Retry-After"] = str(value)
        else:
            body[name] = value
    return Response(_model.error_status(error.code), headers, json.dumps(body).encode())
