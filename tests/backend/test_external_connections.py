"""AssociateExternalConnection, DisassociateExternalConnection."""

from __future__ import annotations

import pytest

#: Every connection the service offers and the format it serves (reference §4).
CONNECTIONS = {
    "public:npmjs": "npm",
    "public:pypi": "pypi",
    "public:maven-central": "maven",
    "public:maven-googleandroid": "maven",
    "public:maven-gradleplugins": "maven",
    "public:maven-commonsware": "maven",
    "public:maven-clojars": "maven",
    "public:nuget-org": "nuget",
    "public:ruby-gems-org": "ruby",
    "public:crates-io": "cargo",
}
LIMIT_MESSAGE = "ExternalConnections for repositories are currently limited to 1"


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="store")
    return codeartifact_client


def associate(client, name, repository="store"):
    return client.associate_external_connection(domain="acme", repository=repository, externalConnection=name)


def disassociate(client, name, repository="store"):
    return client.disassociate_external_connection(domain="acme", repository=repository, externalConnection=name)


@pytest.mark.parametrize(("name", "package_format"), CONNECTIONS.items())
def test_associate_each_connection(client, name, package_format):
    repo = associate(client, name)["repository"]
    expected = [{"externalConnectionName": name, "packageFormat": package_format, "status": "AVAILABLE"}]
    assert repo["externalConnections"] == expected
    assert repo["name"] == "store" and repo["upstreams"] == []
    assert client.describe_repository(domain="acme", repository="store")["repository"] == repo


@pytest.mark.parametrize("second", ["public:pypi", "public:npmjs"], ids=["other", "same"])
def test_a_second_connection_is_refused(client, fails, second):
    associate(client, "public:npmjs")
    response = fails(lambda: associate(client, second), "ValidationException", 400)
    assert response["Error"]["Message"] == LIMIT_MESSAGE


@pytest.mark.parametrize("name", ["public:unknown", "npmjs", "public:swift", "public:generic"])
def test_unknown_connection_is_refused(client, fails, name):
    fails(lambda: associate(client, name), "ValidationException", 400)


def test_disassociate(client):
    associate(client, "public:pypi")
    repo = disassociate(client, "public:pypi")["repository"]
    assert repo["externalConnections"] == []
    assert client.describe_repository(domain="acme", repository="store")["repository"] == repo
    # The slot is free again.
    assert associate(client, "public:npmjs")["repository"]["externalConnections"][0]["packageFormat"] == "npm"


def test_disassociate_when_nothing_is_attached(client, fails):
    fails(
        lambda: disassociate(client, "public:npmjs"),
        "ResourceNotFoundException", 404, resourceId="public:npmjs", resourceType=None,
    )


def test_disassociate_another_connection_than_the_attached_one(client, fails):
    associate(client, "public:npmjs")
    fails(lambda: disassociate(client, "public:pypi"), "ResourceNotFoundException", 404, resourceId="public:pypi")


@pytest.mark.parametrize("call", [associate, disassociate], ids=["associate", "disassociate"])
def test_missing_repository(client, fails, call):
    fails(
        lambda: call(client, "public:npmjs", repository="nope"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="repository",
    )


@pytest.mark.parametrize("operation", ["associate_external_connection", "disassociate_external_connection"])
def test_missing_domain(client, fails, operation):
    fails(
        lambda: getattr(client, operation)(domain="nope", repository="store", externalConnection="public:npmjs"),
        "ResourceNotFoundException", 404, resourceId="nope", resourceType="domain",
    )


def test_a_repository_may_have_upstreams_and_a_connection(client):
    client.create_repository(domain="acme", repository="main", upstreams=[{"repositoryName": "store"}])
    repo = associate(client, "public:npmjs", repository="main")["repository"]
    assert repo["upstreams"] == [{"repositoryName": "store"}]
    assert len(repo["externalConnections"]) == 1


def test_connections_are_per_repository(client):
    client.create_repository(domain="acme", repository="other")
    associate(client, "public:npmjs")
    associate(client, "public:npmjs", repository="other")
    other = client.describe_repository(domain="acme", repository="other")["repository"]
    assert other["externalConnections"][0]["externalConnectionName"] == "public:npmjs"
