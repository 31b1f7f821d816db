"""IAM policy documents as the access layer evaluates them.

The language itself (grammar, parse, evaluate) lives in the leaf module
:mod:`mock_codeartifact._policy_language`, below the backend, so that the
backend can check a document on Put without importing the access layer
(layers import downward only; see docs/architecture.md). This module keeps
the import path ``mock_codeartifact._access.policy`` for the access layer and
for code that imported it.
"""

from __future__ import annotations

from .._policy_language import (
    ALLOW,
    DENY,
    PRINCIPAL_TYPES,
    VERSIONS,
    Condition,
    Policy,
    PolicyError,
    Request,
    Statement,
    arn_match,
    evaluate,
    parse,
    principal_matches,
    wildcard_match,
)

__all__ = [
    "ALLOW",
    "DENY",
    "PRINCIPAL_TYPES",
    "VERSIONS",
    "Condition",
    "Policy",
    "PolicyError",
    "Request",
    "Statement",
    "arn_match",
    "evaluate",
    "parse",
    "principal_matches",
    "wildcard_match",
]
