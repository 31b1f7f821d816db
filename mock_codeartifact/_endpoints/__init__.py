"""The package-manager protocols served on the repository endpoints.

One module per protocol (``pypi``, ``npm``, ``maven``, ``nuget``, ``cargo``,
``ruby``, ``swift``), each with
``serve(request, view)``. They know HTTP-shaped plain data
(:mod:`.messages`) and talk to the backend only through a
:class:`~.view.RepositoryView`, whose ``plugin`` is the format object from the
plugin registry: a plugin that overrides a format changes its endpoint too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from .messages import EndpointRequest, EndpointResponse
from .view import RepositoryView

__all__ = ["EndpointRequest", "EndpointResponse", "RepositoryView", "protocol_for", "serve"]

Protocol = Callable[[EndpointRequest, RepositoryView], EndpointResponse]

#: format name -> module of this package serving it
_MODULES = {
    "pypi": "pypi", "npm": "npm", "maven": "maven", "nuget": "nuget", "cargo": "cargo", "ruby": "ruby",
    "swift": "swift",
}


def protocol_for(format_name: str) -> Protocol | None:
    """The protocol serving ``format_name``'s endpoint, or ``None``."""
    module = _MODULES.get(format_name)
    if module is None:
        return None
    serve_function: Protocol = importlib.import_module(f"{__name__}.{module}").serve
    return serve_function


def serve(request: EndpointRequest, view: RepositoryView) -> EndpointResponse:
    """Answer a package manager's request to ``view``'s repository endpoint."""
    protocol = protocol_for(view.format)
    if protocol is None:
        return EndpointResponse.not_found(f"mock_codeartifact serves no {view.format} endpoint protocol")
    return protocol(request, view)
