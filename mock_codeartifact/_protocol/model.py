"""The CodeArtifact service model, loaded once and lazily from botocore.

Everything the wire layer knows about operations (routes, member locations,
constraints, error shapes) is read from here, never from hand-written tables.
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel

SERVICE_NAME = "codeartifact"


@functools.lru_cache(maxsize=None)
def service_model() -> ServiceModel:
    """The botocore service model of the installed botocore.

    The JSON is taken from the loader of boto3's default session when there
    is one: a client made through it has loaded (and cached) the same model
    already, so the mock's first call does not read and parse it again."""
    from botocore.model import ServiceModel

    # The keywords match botocore's own call, so its per-loader cache hits.
    data = data_loader().load_service_model(SERVICE_NAME, type_name="service-2", api_version=None)
    return ServiceModel(data, service_name=SERVICE_NAME)


def data_loader() -> Any:
    """botocore's data loader: the one of boto3's default session when there
    is one, whose cache already holds what its clients loaded (the service
    model, the endpoints data), else a new one."""
    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is not None:
        return session._session.get_component("data_loader")
    from botocore.loaders import create_loader

    return create_loader()


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
