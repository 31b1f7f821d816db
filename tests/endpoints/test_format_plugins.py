"""An endpoint protocol uses the format object of the plugin registry, so a
plugin that overrides a format changes what its endpoint serves too."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
import requests

from mock_codeartifact._formats import hookimpl, register_format_plugin, unregister_format_plugin
from mock_codeartifact._formats.maven import MavenFormat

from tests.endpoints.repositories import token_auth
from tests.endpoints.test_maven import acme, deploy, endpoint, parse_metadata  # noqa: F401 (acme: fixture)


class OldestFirstMaven(MavenFormat):
    """A Maven format whose newest version is the lowest number."""

    def sort_versions(self, versions: Iterable[str]) -> list[str]:
        return sorted(versions, key=self.version_sort_key, reverse=True)


class OldestFirstPlugin:
    @hookimpl
    def codeartifact_package_formats(self) -> list[MavenFormat]:
        return [OldestFirstMaven()]


@pytest.fixture
def oldest_first() -> Iterator[None]:
    plugin = OldestFirstPlugin()
    register_format_plugin(plugin)
    yield
    unregister_format_plugin(plugin)


def test_a_format_override_reaches_the_maven_endpoint(acme, oldest_first):
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    deploy(base, auth, "1.0")
    deploy(base, auth, "2.0")
    metadata = requests.get(f"{base}org/example/lib/maven-metadata.xml", auth=auth)
    assert metadata.status_code == 200
    assert parse_metadata(metadata.content)["latest"] == "1.0"


def test_without_the_override_the_newest_version_is_latest(acme):
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    deploy(base, auth, "1.0")
    deploy(base, auth, "2.0")
    metadata = requests.get(f"{base}org/example/lib/maven-metadata.xml", auth=auth)
    assert parse_metadata(metadata.content)["latest"] == "2.0"
