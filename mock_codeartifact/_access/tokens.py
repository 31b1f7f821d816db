"""Authorization tokens at the repository endpoints: is this request's token
one the registry issued, unexpired, and for this domain?

The access layer decides; the HTTP door only turns a refusal into its
response (401 with a Basic challenge, or 403), so no door reads the
registry's tokens itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._backend.registry import Registry
    from .._backend.state import Token

__all__ = ["TokenRefusal", "check_token"]


@dataclass(frozen=True, slots=True)
class TokenRefusal:
    """Why a token does not open this endpoint, as the service answers it."""

    #: 401: missing, unknown or expired (the client should authenticate);
    #: 403: a valid token for another domain.
    status: int
    message: str


def check_token(registry: Registry, value: str | None, domain: str, owner: str, region: str) -> Token | TokenRefusal:
    """The token ``value`` names, or the refusal the service answers."""
    token = registry.token(value) if value else None
    if token is None:
        return TokenRefusal(401, "Missing or unknown authorization token")
    if token.expiration <= registry.clock.now():
        return TokenRefusal(401, "The authorization token has expired")
    if (token.domain, token.domain_owner, token.region) != (domain, owner, region):
        return TokenRefusal(403, f"The authorization token is not valid for domain {domain} owned by {owner}")
    return token
