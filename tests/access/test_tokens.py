"""The access layer checks a repository endpoint's authorization token."""

from __future__ import annotations

from mock_codeartifact import Registry
from mock_codeartifact._access.tokens import TokenRefusal, check_token


def _issued(registry: Registry) -> str:
    backend = registry.backend()
    backend.create_domain(domain="acme")
    value: str = backend.get_authorization_token(domain="acme", durationSeconds=900)["authorizationToken"]
    return value


def test_a_token_the_registry_issued_opens_its_domain() -> None:
    registry = Registry()
    value = _issued(registry)
    token = check_token(registry, value, "acme", registry.default_account_id, registry.default_region)
    assert not isinstance(token, TokenRefusal)
    assert token.domain == "acme" and registry.token(value) is token


def test_missing_unknown_expired_and_foreign_tokens_are_refused_as_the_service_does() -> None:
    registry = Registry()
    value = _issued(registry)
    account, region = registry.default_account_id, registry.default_region
    assert check_token(registry, None, "acme", account, region) == TokenRefusal(
        401, "Missing or unknown authorization token")
    assert check_token(registry, "nope", "acme", account, region) == TokenRefusal(
        401, "Missing or unknown authorization token")
    assert check_token(registry, value, "other", account, region) == TokenRefusal(
        403, f"The authorization token is not valid for domain other owned by {account}")
    registry.clock.advance(901)
    assert check_token(registry, value, "acme", account, region) == TokenRefusal(
        401, "The authorization token has expired")
    registry.drop_expired_tokens()
    assert registry.token(value) is None
