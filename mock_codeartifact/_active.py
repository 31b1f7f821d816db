"""Which mock is answering: the stack of active mocks (innermost last).

Kept apart from ``mock.py`` so the transports can ask on every request
without importing the lifecycle machinery."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .mock import CodeArtifactMock

stack: list[CodeArtifactMock] = []
lock = threading.Lock()


def active_mock() -> CodeArtifactMock | None:
    """The innermost active mock, which answers CodeArtifact calls."""
    return stack[-1] if stack else None
