"""The set-up the endpoint tests share: domain ``acme`` with ``staging``,
``release`` (upstreams: ``staging``, then the store) and, for formats with a
public registry, a store repository holding its external connection; the
domain's authorization token (bare, as basic credentials, or carried by a
session); a repository's endpoint URL."""

from __future__ import annotations

from typing import Any

import requests


def make_acme(client: Any, store: str | None = None, connection: str | None = None) -> Any:
    client.create_domain(domain="acme")
    upstreams = [{"repositoryName": "staging"}]
    if store is not None:
        client.create_repository(domain="acme", repository=store)
        client.associate_external_connection(domain="acme", repository=store, externalConnection=connection)
        upstreams.append({"repositoryName": store})
    client.create_repository(domain="acme", repository="staging")
    client.create_repository(domain="acme", repository="release", upstreams=upstreams)
    return client


def auth_token(client: Any) -> str:
    return client.get_authorization_token(domain="acme")["authorizationToken"]


def token_auth(client: Any) -> tuple[str, str]:
    """The token as HTTP basic credentials, the way Maven, NuGet and pip pass it."""
    return ("aws", auth_token(client))


def token_session(client: Any) -> requests.Session:
    http = requests.Session()
    http.headers["Authorization"] = "Bearer " + auth_token(client)
    return http


def endpoint_url(client: Any, repository: str, fmt: str) -> str:
    return client.get_repository_endpoint(domain="acme", repository=repository, format=fmt)["repositoryEndpoint"]
