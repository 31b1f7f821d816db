"""GetAuthorizationToken and GetRepositoryEndpoint: how package managers reach
a repository."""

from __future__ import annotations

import base64
import datetime as _dt
from typing import Any

from ..errors import ValidationException
from .base import BackendBase, operation
from .state import Token

DEFAULT_TOKEN_SECONDS = 12 * 3600
#: ``durationSeconds=0`` ties the token to the caller's role session; the mock
#: has no sessions and uses the default role-session length instead.
SESSION_TOKEN_SECONDS = 3600


def repository_endpoint(
    domain: str, owner: str, region: str, fmt: str, repository: str, endpoint_type: str = "ipv4"
) -> str:
    if endpoint_type == "dualstack":
        return f"https://{domain}-{owner}.codeartifact.{region}.on.aws/{fmt}/{repository}/"
    return f"https://{domain}-{owner}.d.codeartifact.{region}.amazonaws.com/{fmt}/{repository}/"


class TokenOperations(BackendBase):
    @operation
    def get_authorization_token(
        self, *, domain: str, domainOwner: str | None = None, durationSeconds: int | None = None
    ) -> dict[str, Any]:
        record = self._domain(domain, domainOwner)
        if durationSeconds is None:
            seconds = DEFAULT_TOKEN_SECONDS
        elif durationSeconds == 0:
            seconds = SESSION_TOKEN_SECONDS
        elif 900 <= durationSeconds <= DEFAULT_TOKEN_SECONDS:
            seconds = durationSeconds
        else:
            raise ValidationException(
                f"durationSeconds must be 0 or between 900 and 43200; {durationSeconds} was given"
            )
        self._forget_expired_tokens()
        raw = self._registry.random.randbytes(96)
        value = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
        token = Token(
            value=value,
            domain=record.name,
            domain_owner=record.owner,
            account_id=self.account_id,
            region=self.region,
            expiration=self._now() + _dt.timedelta(seconds=seconds),
        )
        self._registry.tokens[value] = token
        return {"authorizationToken": value, "expiration": token.expiration}

    def _forget_expired_tokens(self) -> None:
        """Drop every expired token, so issuing tokens in a loop for hours
        keeps only the live ones (an expired token is refused either way)."""
        now = self._now()
        tokens = self._registry.tokens
        for value in [value for value, token in tokens.items() if token.expiration <= now]:
            del tokens[value]

    @operation
    def get_repository_endpoint(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        domainOwner: str | None = None,
        endpointType: str | None = None,
    ) -> dict[str, Any]:
        repo = self._repository(domain, domainOwner, repository)
        url = self._registry.endpoint_url(repo.domain.name, repo.domain.owner, self.region, format, repo.name, endpointType or "ipv4")
        return {"repositoryEndpoint": url}
