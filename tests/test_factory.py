"""The ready fixtures: ``codeartifact_domain`` and ``codeartifact_factory``
(repositories with upstreams and external connections, package versions of
any format, status and publish time)."""

from __future__ import annotations

import datetime as dt

import pytest

from mock_codeartifact import CodeArtifactFactory

UTC = dt.timezone.utc


def test_the_domain_fixture_creates_acme(codeartifact_domain, codeartifact_client):
    assert codeartifact_domain["name"] == "acme" and codeartifact_domain["owner"] == "123456789012"
    described = codeartifact_client.describe_domain(domain="acme")["domain"]
    assert described["arn"] == codeartifact_domain["arn"]


def test_repositories_with_upstreams_and_an_external_connection(codeartifact_factory, codeartifact_client):
    assert isinstance(codeartifact_factory, CodeArtifactFactory)
    store = codeartifact_factory.repository("pypi-store", external_connection="public:pypi")
    staging = codeartifact_factory.repository("staging", upstreams=["pypi-store"], description="Builds")
    release = codeartifact_factory.repository("release", upstreams=["staging", "pypi-store"])
    assert store["externalConnections"][0]["externalConnectionName"] == "public:pypi"
    assert staging["description"] == "Builds"
    seen = codeartifact_client.describe_repository(domain="acme", repository="release")["repository"]
    assert seen["upstreams"] == release["upstreams"] == [{"repositoryName": "staging"}, {"repositoryName": "pypi-store"}]


def test_seeding_is_not_recorded_as_calls(codeartifact_factory, codeartifact_mock):
    codeartifact_factory.repository("staging")
    codeartifact_factory.package_version("staging", "widgets", "1.0.0", format="npm")
    assert codeartifact_mock.calls == []


@pytest.mark.parametrize(("fmt", "namespace", "package"), [
    ("generic", "tools", "installer"),
    ("npm", None, "left-pad"),
    ("npm", "types", "node"),
    ("pypi", None, "acme-utils"),
    ("maven", "org.acme", "core"),
    ("nuget", None, "acme.core"),
    ("swift", "acme", "networking"),
    ("ruby", None, "rails-acme"),
    ("cargo", None, "acme-core"),
])
def test_package_versions_of_every_format(codeartifact_factory, codeartifact_backend, fmt, namespace, package):
    codeartifact_factory.repository("staging")
    seeded = codeartifact_factory.package_version("staging", package, "1.2.0", format=fmt, namespace=namespace)
    address = {"domain": "acme", "repository": "staging", "format": fmt, "package": package}
    if namespace:
        address["namespace"] = namespace
    # Read back through the backend: older botocore models lack some formats.
    seen = codeartifact_backend.describe_package_version(**address, packageVersion="1.2.0")["packageVersion"]
    assert seen["status"] == seeded["status"] == "Published" and seen["format"] == fmt


@pytest.mark.parametrize("status", ["Published", "Unfinished", "Unlisted", "Archived", "Disposed"])
def test_any_status(codeartifact_factory, codeartifact_client, status):
    codeartifact_factory.repository("staging")
    codeartifact_factory.package_version("staging", "widgets", "1.0.0", format="npm", status=status)
    seen = codeartifact_client.describe_package_version(
        domain="acme", repository="staging", format="npm", package="widgets", packageVersion="1.0.0")
    assert seen["packageVersion"]["status"] == status


def test_published_time_in_the_past(codeartifact_factory, codeartifact_client, codeartifact_mock):
    codeartifact_mock.clock.freeze(dt.datetime(2026, 6, 1, 12, 0))
    codeartifact_factory.repository("staging")
    codeartifact_factory.package_version("staging", "old", "1.0.0", format="npm", published_time=dt.timedelta(days=90))
    codeartifact_factory.package_version("staging", "older", "1.0.0", format="npm",
                                         published_time=dt.datetime(2025, 1, 1))   # naive: UTC
    times = {
        name: codeartifact_client.describe_package_version(
            domain="acme", repository="staging", format="npm", package=name, packageVersion="1.0.0",
        )["packageVersion"]["publishedTime"]
        for name in ("old", "older")
    }
    assert times == {"old": dt.datetime(2026, 3, 3, 12, 0, tzinfo=UTC), "older": dt.datetime(2025, 1, 1, tzinfo=UTC)}


def test_package_files_give_name_version_and_metadata(codeartifact_factory, codeartifact_client):
    from tests.backend.package_files import npm_tarball

    codeartifact_factory.repository("staging")
    seeded = codeartifact_factory.package_version(
        "staging", format="npm", files={"package.tgz": npm_tarball("left-pad", "1.3.0", description="Pads")})
    assert (seeded["packageName"], seeded["version"], seeded["summary"]) == ("left-pad", "1.3.0", "Pads")


def test_another_domain_and_errors_are_the_service_s(codeartifact_factory):
    from mock_codeartifact import ResourceNotFoundException, ValidationException

    codeartifact_factory.domain("other")
    codeartifact_factory.repository("r", domain="other")
    with pytest.raises(ValidationException):
        codeartifact_factory.package_version("r", "p", "1.0", format="generic", domain="other")  # no namespace
    with pytest.raises(ResourceNotFoundException):
        codeartifact_factory.repository("release", upstreams=["missing"])
