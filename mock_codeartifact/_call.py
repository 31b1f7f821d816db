"""One CodeArtifact API call as the mock saw it, and the hooks it passes.

A leaf module, so that the dispatcher can record calls and reach the call
hooks without importing pluggy: the plugin manager (:mod:`._hooks`) is made,
and sets :data:`hook_relay`, only when a plugin is first registered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pluggy import HookRelay


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


#: The call hooks (``plugin_manager().hook``) once the plugin manager exists;
#: None until then, when no plugin can be listening.
hook_relay: HookRelay | None = None
