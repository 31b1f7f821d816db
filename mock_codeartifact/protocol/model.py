"""The CodeArtifact service model, loaded once and lazily from botocore.

Everything the wire layer knows about operations (routes, member locations,
constraints, error shapes) is read from here, never from hand-written tables.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel

SERVICE_NAME = "codeartifact"


@functools.lru_cache(maxsize=None)
def service_model() -> ServiceModel:
    """The botocore service model of the installed botocore."""
    from botocore.loaders import create_loader
    from botocore.model import ServiceModel

    data = create_loader().load_service_model(SERVICE_NAME, "service-2")
    return ServiceModel(data, service_name=SERVICE_NAME)


@functools.lru_cache(maxsize=None)
def routes() -> dict[tuple[str, str], OperationModel]:
    """(HTTP method, path) -> operation. CodeArtifact URIs carry no labels."""
    model = service_model()
    table: dict[tuple[str, str], OperationModel] = {}
    for name in model.operation_names:
        op = model.operation_model(name)
        path = op.http["requestUri"].split("?", 1)[0]
        table[(op.http["method"].upper(), path)] = op
    return table


@functools.lru_cache(maxsize=None)
def error_status(code: str) -> int:
    """HTTP status the model gives an error shape (400 when unknown)."""
    try:
        shape = service_model().shape_for(code)
    except Exception:  # an error code outside the model
        return 400
    return int(shape.metadata.get("error", {}).get("httpStatusCode", 400))


def operation_names() -> list[str]:
    return list(service_model().operation_names)


@functools.lru_cache(maxsize=None)
def python_name(operation_name: str) -> str:
    """``CopyPackageVersions`` -> ``copy_package_versions``, as boto3 names it."""
    from botocore import xform_name

    return xform_name(operation_name)
