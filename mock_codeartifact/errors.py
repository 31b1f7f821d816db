"""Service errors: one class per error shape of the CodeArtifact model.

The backend raises these; the protocol layer turns them into the HTTP answer
AWS would send (status code from the model's error shape, ``x-amzn-errortype``
header, JSON members). They hold no HTTP detail themselves, so the backend
stays free of transport concerns.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AccessDeniedException",
    "ConflictException",
    "InternalServerException",
    "MockInternalError",
    "ResourceNotFoundException",
    "ServiceError",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "ValidationException",
]


class ServiceError(Exception):
    """An error the service answers with; ``code`` is the model's shape name."""

    code: ClassVar[str] = "ServiceError"

    def __init__(self, message: str, **members: Any) -> None:
        super().__init__(message)
        self.message = message
        #: The shape's members other than ``message``, under their model names.
        self.members = {k: v for k, v in members.items() if v is not None}

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.members.items())
        return f"{type(self).__name__}({self.message!r}{extra})"


class _ResourceError(ServiceError):
    def __init__(
        self, message: str, resource_id: str | None = None, resource_type: str | None = None
    ) -> None:
        super().__init__(message, resourceId=resource_id, resourceType=resource_type)


class AccessDeniedException(ServiceError):
    code = "AccessDeniedException"


class ConflictException(_ResourceError):
    code = "ConflictException"


class InternalServerException(ServiceError):
    code = "InternalServerException"


class ResourceNotFoundException(_ResourceError):
    code = "ResourceNotFoundException"


class ServiceQuotaExceededException(_ResourceError):
    code = "ServiceQuotaExceededException"


class ThrottlingException(ServiceError):
    code = "ThrottlingException"

    def __init__(self, message: str = "Rate exceeded", retry_after_seconds: int | None = None) -> None:
        super().__init__(message, retryAfterSeconds=retry_after_seconds)


class ValidationException(ServiceError):
    """``reason`` is one of CANNOT_PARSE, ENCRYPTION_KEY_ERROR,
    FIELD_VALIDATION_FAILED, UNKNOWN_OPERATION, OTHER."""

    code = "ValidationException"

    def __init__(self, message: str, reason: str = "FIELD_VALIDATION_FAILED") -> None:
        super().__init__(message, reason=reason)


class MockInternalError(RuntimeError):
    """Not an AWS error: the mock itself (or a hook plugin) failed while
    answering ``operation``. In-process it reaches the test as this exception,
    with the original one chained as ``__cause__``, and botocore does not
    retry it; over HTTP the server answers 500 and logs the traceback."""

    def __init__(self, operation: str, error: BaseException) -> None:
        super().__init__(
            f"mock_codeartifact failed inside {operation}: {error!r} "
            "(a bug of the mock or of a hook plugin, not an AWS error)"
        )
        self.operation = operation
