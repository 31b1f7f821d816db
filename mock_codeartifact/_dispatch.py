"""From an (operation, params) pair to a backend method, through the hooks."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._access.authorize import authorize_call
from .errors import InternalServerException, MockInternalError, ServiceError, ValidationException
from . import _call
from ._active import active_mock
from ._call import Call
from ._protocol import restjson
from ._protocol.model import python_name
from ._protocol.regions import known_region

if TYPE_CHECKING:
    from ._backend.registry import Registry

log = logging.getLogger("mock_codeartifact")

#: The keyword through which a backend method that needs to know the caller's
#: principal receives it (never a member of the model: nothing on the wire sets it).
CALLER_PRINCIPAL = "caller_principal_arn"


@functools.lru_cache(maxsize=None)
def _method(backend_type: type, operation: str) -> tuple[Callable[..., Any] | None, frozenset[str] | None]:
    """The backend method implementing ``operation`` and the keyword names it
    takes (None: any), or (None, None) when it is not implemented."""
    method = getattr(backend_type, python_name(operation), None)
    if method is None or not getattr(method, "is_operation", False):
        return None, None
    params = inspect.signature(method).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return method, None
    return method, frozenset(p.name for p in params)


def invoke(registry: Registry, call: Call) -> dict[str, Any]:
    """Run ``call`` against the backend of its account and Region."""
    hooks = None if _call.manager is None else _call.manager.hook
    try:
        if hooks is not None and hooks.codeartifact_before_call.get_hookimpls():
            hooks.codeartifact_before_call(call=call)
        backend = registry.backend(call.account_id, call.region)
        # The cache is keyed on the class. Bound as a plain ``type``: mypy
        # does not see a ``type[Backend]`` as Hashable (python/mypy#11470).
        backend_class: type = type(backend)
        method, accepted = _method(backend_class, call.operation)
        if method is None:
            raise ValidationException(
                f"mock_codeartifact does not implement {call.operation} yet", reason="UNKNOWN_OPERATION"
            )
        # Identities and resource policies (a few look-ups when none exist).
        authorize_call(registry, call)
        # Members a newer botocore model may add are dropped, not a TypeError.
        params = call.params if accepted is None else {k: v for k, v in call.params.items() if k in accepted}
        if accepted is not None and CALLER_PRINCIPAL in accepted:
            # An operation that remembers who called (GetAuthorizationToken) is told.
            params = {**params, CALLER_PRINCIPAL: call.principal_arn}
        call.result = method(backend, **params)
        return call.result
    except ServiceError as error:
        call.error = error
        raise
    finally:
        try:
            if hooks is not None:
                hooks.codeartifact_after_call(call=call)
        finally:
            _record(call)


def _record(call: Call) -> None:
    """Add ``call`` to the active mock's ``calls`` (after the hooks have seen it)."""
    mock = active_mock()
    if mock is not None and mock.record_calls:
        mock.calls.append(call)


def handle_http(
    registry: Registry, request: restjson.Request, account_id: str, region: str,
    access_key_id: str | None = None,
    principal_arn: str | None = None,
    *,
    raise_internal_errors: bool = False,
) -> restjson.Response:
    """Answer one HTTP request to the CodeArtifact API as the service would.

    An exception that is not a service error is a bug of the mock (or of a
    hook plugin): with ``raise_internal_errors`` (in-process) it is raised as
    :class:`MockInternalError` naming the operation, else (over HTTP) it is
    logged and answered as a 500 ``InternalServerException``."""
    if not known_region(region):
        return _unknown_region(region)
    operation = "?"
    try:
        operation, params = restjson.parse_request(request)
        call = Call(operation, params, account_id, region, access_key_id, principal_arn)
        return restjson.serialize_result(operation, invoke(registry, call))
    except ServiceError as error:
        return restjson.serialize_error(error)
    except Exception as exc:  # a bug of the mock: say so loudly
        if raise_internal_errors:
            raise MockInternalError(operation, exc) from exc
        log.exception("mock_codeartifact failed inside %s", operation)
        return restjson.serialize_error(
            InternalServerException(f"mock_codeartifact internal error in {operation}: {exc!r}")
        )


def _unknown_region(region: str) -> restjson.Response:
    """What AWS answers a request signed for a Region it does not know (403,
    a common error outside the model); nothing is created. The botocore door
    fails earlier, as DNS would (see _transport/botocore_hook.py)."""
    import json

    shown = region if len(region) <= 64 else region[:64] + "..."
    body = {"message": f"Credential should be scoped to a valid region, not '{shown}'. "}
    headers = {"x-amzn-errortype": "InvalidSignatureException", "Content-Type": "application/json"}
    return restjson.Response(403, headers, json.dumps(body).encode())
