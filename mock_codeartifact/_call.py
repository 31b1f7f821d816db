"""One CodeArtifact API call as the mock saw it, and the hooks' manager.

A leaf module, so that the dispatcher can pass calls to the call hooks
without importing pluggy: the plugin manager is made (by
``_hooks.plugin_manager``) only when a plugin is first registered, and kept
here as :data:`manager`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pluggy import PluginManager


@dataclass(slots=True)
class Call:
    """One CodeArtifact API call as the mock saw it."""

    operation: str
    params: dict[str, Any]
    account_id: str
    region: str
    access_key_id: str | None = None
    #: The caller's principal as registered with ``add_identity``; None: the
    #: account itself (``arn:aws:iam::{account_id}:root``).
    principal_arn: str | None = None
    result: dict[str, Any] | None = field(default=None, repr=False)
    error: Exception | None = None

    @property
    def succeeded(self) -> bool:
        return self.error is None


#: The call hooks' plugin manager once a plugin has been registered; None
#: until then, when no plugin can be listening.
manager: PluginManager | None = None
