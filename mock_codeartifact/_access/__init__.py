"""Identities and resource policies.

- :mod:`.policy` parses and evaluates IAM policy documents;
- :mod:`.actions` says which action each operation needs, on which resource;
- :mod:`.authorize` makes the decision for an API call
  (:func:`authorize_call`, run by ``_dispatch.invoke`` before the backend)
  and for the repository endpoints (:func:`authorize_repository_access`).

See ``docs/identities-and-policies.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .actions import PUBLISH_PACKAGE_VERSION, PUT_PACKAGE_METADATA, READ_FROM_REPOSITORY
from .authorize import authorize_call, authorize_repository_access, default_principal

if TYPE_CHECKING:
    from .policy import PolicyError, Request, evaluate, parse

__all__ = [
    "PUBLISH_PACKAGE_VERSION",
    "PUT_PACKAGE_METADATA",
    "READ_FROM_REPOSITORY",
    "PolicyError",
    "Request",
    "authorize_call",
    "authorize_repository_access",
    "default_principal",
    "evaluate",
    "parse",
]


def __getattr__(name: str) -> Any:
    # The policy language loads when first used (most calls never read a policy).
    if name in ("PolicyError", "Request", "evaluate", "parse"):
        from . import policy

        return getattr(policy, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
