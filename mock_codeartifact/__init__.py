"""mock_codeartifact: a faithful in-process mock of AWS CodeArtifact.

The public API is exactly what ``__all__`` lists. Names load on first use, so
``import mock_codeartifact`` (and the pytest plugin) stay cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "mock_codeartifact": "mock",
    "CodeArtifactMock": "mock",
    "active_mock": "mock",
    "get_backend": "mock",
    "Call": "hooks",
    "hookimpl": "hooks",
    "hookspec": "hooks",
    "plugin_manager": "hooks",
    "Clock": "clock",
    "Faults": "faults",
    "Backend": "backend",
    "Registry": "backend.registry",
    "ServiceError": "errors",
    "AccessDeniedException": "errors",
    "ConflictException": "errors",
    "InternalServerException": "errors",
    "ResourceNotFoundException": "errors",
    "ServiceQuotaExceededException": "errors",
    "ThrottlingException": "errors",
    "ValidationException": "errors",
    "Limits": "limits",
    "get_limits": "limits",
    "limits_changed": "limits",
    "set_limits": "limits",
}

__all__ = [
    "AccessDeniedException",
    "Backend",
    "Call",
    "Clock",
    "CodeArtifactMock",
    "ConflictException",
    "Faults",
    "InternalServerException",
    "Limits",
    "Registry",
    "ResourceNotFoundException",
    "ServiceError",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "ValidationException",
    "active_mock",
    "get_backend",
    "get_limits",
    "hookimpl",
    "hookspec",
    "limits_changed",
    "mock_codeartifact",
    "plugin_manager",
    "set_limits",
]


if TYPE_CHECKING:
    from .backend import Backend
    from .backend.registry import Registry
    from .clock import Clock
    from .errors import (
        AccessDeniedException,
        ConflictException,
        InternalServerException,
        ResourceNotFoundException,
        ServiceError,
        ServiceQuotaExceededException,
        ThrottlingException,
        ValidationException,
    )
    from .faults import Faults
    from .hooks import Call, hookimpl, hookspec, plugin_manager
    from .limits import Limits, get_limits, limits_changed, set_limits
    from .mock import CodeArtifactMock, active_mock, get_backend, mock_codeartifact


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mock_codeartifact' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
