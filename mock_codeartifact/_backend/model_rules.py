"""The API model's member rules, as the backend's seeding API asks them.

A version seeded with ``backend.publish_package(...)`` must be one boto3 could
address afterwards: its format, namespace, name, version and asset names obey
the same constraints (length, pattern, enum) the service checks on
PublishPackageVersion. Those constraints come from botocore's model, which the
protocol layer reads; the backend imports no layer above it, so the protocol
layer hands it the check (:func:`use_model_rules`, called by
``mock_codeartifact._protocol.validation`` when it is imported, which every
mock does). Without it (a bare ``Registry`` in a process that never loaded
the protocol layer) seeding checks only what the formats check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

#: ``check(operation, {member: value})`` raises the service's
#: ValidationException when a member breaks the operation's input rules.
ModelRules = Callable[[str, Mapping[str, Any]], None]

_installed: list[ModelRules] = []


def use_model_rules(check: ModelRules) -> None:
    """Install the model's member check (the protocol layer does, once)."""
    _installed[:] = [check]


def check_members(operation: str, values: Mapping[str, Any]) -> None:
    """Raise ValidationException when ``values`` break ``operation``'s input
    rules (no-op until :func:`use_model_rules` was called)."""
    for check in _installed:
        check(operation, values)
