"""GetAuthorizationToken and GetRepositoryEndpoint: how package managers reach
a repository."""

from __future__ import annotations

import base64
import datetime as _dt
import json
import random
from typing import Any

from ..errors import ValidationException
from .base import Operations, operation
from .state import Token

DEFAULT_TOKEN_SECONDS = 12 * 3600
#: ``durationSeconds=0`` ties the token to the caller's role session; the mock
#: has no sessions and uses the default role-session length instead.
SESSION_TOKEN_SECONDS = 3600
#: Sizes of the random parts of a token, as in the service's (a JWE compact
#: serialisation: key, IV, ciphertext, tag).
_KEY_BYTES, _IV_BYTES, _CIPHERTEXT_BYTES, _TAG_BYTES = 16, 12, 753, 16


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def token_value(rng: random.Random, issued: _dt.datetime, expiration: _dt.datetime) -> str:
    """A token shaped like the service's: a JWE in compact form whose header
    (``{"ver":1,"isu":...,"enc":"A128GCM",...}``) is JSON, so it always begins
    ``eyJ`` and never with ``-`` (which command lines would take for an
    option), followed by four base64url parts of random bytes."""
    header = {
        "ver": 1,
        "isu": int(issued.timestamp()),
        "enc": "A128GCM",
        "tag": _b64url(rng.randbytes(_TAG_BYTES)),
        "exp": int(expiration.timestamp()),
        "alg": "A128GCMKW",
        "iv": _b64url(rng.randbytes(_IV_BYTES)),
    }
    parts = [json.dumps(header, separators=(",", ":")).encode("ascii")] + [
        rng.randbytes(size) for size in (_KEY_BYTES, _IV_BYTES, _CIPHERTEXT_BYTES, _TAG_BYTES)
    ]
    return ".".join(_b64url(part) for part in parts)


def repository_endpoint(
    domain: str, owner: str, region: str, fmt: str, repository: str, endpoint_type: str = "ipv4"
) -> str:
    if endpoint_type == "dualstack":
        return f"https://{domain}-{owner}.codeartifact.{region}.on.aws/{fmt}/{repository}/"
    return f"https://{domain}-{owner}.d.codeartifact.{region}.amazonaws.com/{fmt}/{repository}/"


class TokenOperations(Operations):
    @operation
    def get_authorization_token(
        self, *, domain: str, domainOwner: str | None = None, durationSeconds: int | None = None,
        caller_principal_arn: str | None = None,
    ) -> dict[str, Any]:
        """``caller_principal_arn`` is who asks (dispatch passes the call's
        principal; None: the account's root): the repository endpoints act as
        that principal for as long as the token is valid."""
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
        issued = self._now()
        expiration = issued + _dt.timedelta(seconds=seconds)
        value = token_value(self._registry.random, issued, expiration)
        token = Token(
            value=value,
            domain=record.name,
            domain_owner=record.owner,
            account_id=self.account_id,
            principal_arn=caller_principal_arn,
            region=self.region,
            expiration=expiration,
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
