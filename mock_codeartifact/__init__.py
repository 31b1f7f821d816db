"""mock_codeartifact: a faithful in-process mock of AWS CodeArtifact.

The public API is exactly what ``__all__`` lists, plus the modules
:mod:`mock_codeartifact.errors`, :mod:`mock_codeartifact.limits`,
:mod:`mock_codeartifact.pytest_plugin` and :mod:`mock_codeartifact.demo`;
every module whose name starts with an underscore is internal. Names load on
first use, so ``import mock_codeartifact`` (and the pytest plugin) stay cheap.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from . import _moved
from ._version import __version__ as __version__

_moved.install()

_EXPORTS = {
    "mock_codeartifact": "_mock",
    "CodeArtifactMock": "_mock",
    "active_mock": "_mock",
    "get_backend": "_mock",
    "current_mock": "_mock",
    "CallLog": "_calls",
    "CodeArtifactFactory": "_factory",
    "Snapshot": "_backend.persistence",
    "UnfiredFaultsError": "_strict",
    "Call": "_call",
    "hookimpl": "_hooks",
    "hookspec": "_hooks",
    "plugin_manager": "_hooks",
    "Clock": "_clock",
    "Faults": "_faults",
    "Backend": "_backend",
    "Registry": "_backend.registry",
    "ServiceError": "errors",
    "AccessDeniedException": "errors",
    "ConflictException": "errors",
    "InternalServerException": "errors",
    "MockInternalError": "errors",
    "ResourceNotFoundException": "errors",
    "ServiceQuotaExceededException": "errors",
    "ThrottlingException": "errors",
    "ValidationException": "errors",
    "ThreadedServer": "_transport.server",
    "CodeArtifactApp": "_transport.wsgi",
    "PackageFormat": "_formats",
    "PackageMetadata": "_formats",
    "get_format": "_formats",
    "register_format_plugin": "_formats",
    "unregister_format_plugin": "_formats",
    "Limits": "limits",
    "get_limits": "limits",
    "limits_changed": "limits",
    "set_limits": "limits",
    "authorize_repository_access": "_access",
}

__all__ = [
    "AccessDeniedException",
    "Backend",
    "Call",
    "CallLog",
    "CodeArtifactApp",
    "Clock",
    "CodeArtifactFactory",
    "CodeArtifactMock",
    "ConflictException",
    "Faults",
    "InternalServerException",
    "Limits",
    "MockInternalError",
    "PackageFormat",
    "PackageMetadata",
    "Registry",
    "ResourceNotFoundException",
    "ServiceError",
    "ServiceQuotaExceededException",
    "Snapshot",
    "ThreadedServer",
    "ThrottlingException",
    "UnfiredFaultsError",
    "ValidationException",
    "active_mock",
    "authorize_repository_access",
    "current_mock",
    "get_backend",
    "get_format",
    "get_limits",
    "hookimpl",
    "hookspec",
    "limits_changed",
    "mock_codeartifact",
    "plugin_manager",
    "register_format_plugin",
    "set_limits",
    "unregister_format_plugin",
]


if TYPE_CHECKING:
    from ._calls import CallLog
    from ._factory import CodeArtifactFactory
    from ._strict import UnfiredFaultsError
    from ._access import authorize_repository_access
    from ._backend import Backend
    from ._backend.registry import Registry
    from ._clock import Clock
    from .errors import (
        AccessDeniedException,
        ConflictException,
        InternalServerException,
        MockInternalError,
        ResourceNotFoundException,
        ServiceError,
        ServiceQuotaExceededException,
        ThrottlingException,
        ValidationException,
    )
    from ._faults import Faults
    from ._formats import (
        PackageFormat,
        PackageMetadata,
        get_format,
        register_format_plugin,
        unregister_format_plugin,
    )
    from ._call import Call
    from ._hooks import hookimpl, hookspec, plugin_manager
    from .limits import Limits, get_limits, limits_changed, set_limits
    from ._mock import CodeArtifactMock, active_mock, current_mock, get_backend, mock_codeartifact
    from ._backend.persistence import Snapshot
    from ._transport.server import ThreadedServer
    from ._transport.wsgi import CodeArtifactApp


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None and name in _moved.MOVED:
        # ``mock_codeartifact.backend``: an old path (warns once, then it is an attribute)
        old: ModuleType = globals().setdefault(name, _moved.old_module(name))
        return old
    if module is None:
        raise AttributeError(f"module 'mock_codeartifact' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
