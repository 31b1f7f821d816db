"""Version metadata read from real package files: DescribePackageVersion,
GetPackageVersionReadme, ListPackageVersionDependencies.

The wheel and the npm tarball are built here, in memory, the way the tools
build them (``*.dist-info/METADATA`` in a zip; ``package/package.json`` and
``package/README.md`` in a gzipped tar)."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile

import pytest

DOMAIN = "acme"
REPO = "repo"

WHEEL_README = "# Acme Utils\n\nSmall helpers for Acme services.\n"
NPM_README = "# @acme/widgets\n\nUI widgets.\n"


def build_wheel() -> tuple[str, bytes]:
    metadata = (
        "Metadata-Version: 2.1\n"
        "Name: Acme_Utils\n"
        "Version: 1.2.0\n"
        "Summary: Small helpers for Acme services\n"
        "Home-page: https://acme.example/utils\n"
        "Author: Acme\n"
        "License: MIT\n"
        "Project-URL: Source, https://github.com/acme/acme-utils\n"
        "Requires-Python: >=3.9\n"
        "Requires-Dist: requests>=2.0\n"
        "Requires-Dist: Typing_Extensions\n"
        "Description-Content-Type: text/markdown\n"
        "\n" + WHEEL_README
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        wheel.writestr("acme_utils/__init__.py", "__version__ = '1.2.0'\n")
        wheel.writestr("Acme_Utils-1.2.0.dist-info/METADATA", metadata)
        wheel.writestr("Acme_Utils-1.2.0.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: py3-none-any\n")
        wheel.writestr("Acme_Utils-1.2.0.dist-info/RECORD", "")
    return "Acme_Utils-1.2.0-py3-none-any.whl", buffer.getvalue()


def build_npm_tarball() -> bytes:
    manifest = {
        "name": "@acme/widgets",
        "version": "3.1.4",
        "description": "UI widgets for Acme",
        "homepage": "https://acme.example/widgets",
        "repository": {"type": "git", "url": "git+https://github.com/acme/widgets.git"},
        "license": "Apache-2.0",
        "dependencies": {"react-dom": "^18.2.0", "@acme/theme": "~2.0.1"},
        "devDependencies": {"jest": "29.x"},
        "peerDependencies": {"react": ">=17"},
        "optionalDependencies": {"fsevents": "*"},
    }
    members = {
        "package/package.json": json.dumps(manifest, indent=2).encode(),
        "package/README.md": NPM_README.encode(),
        "package/index.js": b"module.exports = {};\n",
    }
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)


def build_pom() -> bytes:
    return b"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>acme-core</artifactId>
  <version>2.5.0</version>
  <description>Core library</description>
  <url>https://acme.example/core</url>
  <licenses><license><name>Apache-2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0</url></license></licenses>
  <scm><url>https://github.com/acme/core</url></scm>
  <dependencies>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>27.1-jre</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13</version><scope>test</scope></dependency>
  </dependencies>
</project>
"""


@pytest.fixture
def client(codeartifact_client):
    codeartifact_client.create_domain(domain=DOMAIN)
    codeartifact_client.create_repository(domain=DOMAIN, repository=REPO)
    return codeartifact_client


@pytest.fixture
def wheel(client, codeartifact_backend):
    name, data = build_wheel()
    return codeartifact_backend.publish_package(domain=DOMAIN, repository=REPO, format="pypi", files={name: data})


@pytest.fixture
def npm(client, codeartifact_backend):
    return codeartifact_backend.publish_package(
        domain=DOMAIN, repository=REPO, format="npm", files={"package.tgz": build_npm_tarball()}
    )


def describe(client, **coords) -> dict:
    return client.describe_package_version(domain=DOMAIN, repository=REPO, **coords)["packageVersion"]


def strip(result: dict) -> dict:
    result.pop("ResponseMetadata", None)
    return result


# -- a real wheel ----------------------------------------------------------------------------------


def test_wheel_describe(client, wheel):
    version = describe(client, format="pypi", package="acme-utils", packageVersion="1.2.0")
    assert version["packageName"] == "acme-utils"  # stored under the PEP 503 name
    assert version["displayName"] == "Acme_Utils"  # shown as the package spells itself
    assert "namespace" not in version
    assert version["summary"] == "Small helpers for Acme services"
    assert version["homePage"] == "https://acme.example/utils"
    assert version["sourceCodeRepository"] == "https://github.com/acme/acme-utils"
    assert version["licenses"] == [{"name": "MIT"}]
    assert (version["status"], version["revision"]) == ("Published", wheel["revision"])


def test_wheel_normalised_name(client, wheel, fails):
    packages = client.list_packages(domain=DOMAIN, repository=REPO)["packages"]
    assert [(p["format"], p["package"]) for p in packages] == [("pypi", "acme-utils")]
    # The API does not normalise pypi names: the raw name finds nothing.
    fails(
        lambda: describe(client, format="pypi", package="Acme_Utils", packageVersion="1.2.0"),
        "ResourceNotFoundException", 404,
    )


def test_wheel_readme(client, wheel):
    result = strip(client.get_package_version_readme(
        domain=DOMAIN, repository=REPO, format="pypi", package="acme-utils", packageVersion="1.2.0"
    ))
    assert result == {
        "format": "pypi", "package": "acme-utils", "version": "1.2.0", "versionRevision": wheel["revision"],
        "readme": WHEEL_README,
    }


def test_wheel_dependencies(client, wheel):
    result = strip(client.list_package_version_dependencies(
        domain=DOMAIN, repository=REPO, format="pypi", package="acme-utils", packageVersion="1.2.0"
    ))
    assert result == {
        "format": "pypi", "package": "acme-utils", "version": "1.2.0", "versionRevision": wheel["revision"],
        "dependencies": [
            {"package": "requests", "dependencyType": "Requires-Dist", "versionRequirement": ">=2.0"},
            {"package": "typing-extensions", "dependencyType": "Requires-Dist"},
        ],
    }


def test_wheel_asset(client, wheel):
    name, data = build_wheel()
    assets = client.list_package_version_assets(
        domain=DOMAIN, repository=REPO, format="pypi", package="acme-utils", packageVersion="1.2.0"
    )["assets"]
    assert [(a["name"], a["size"]) for a in assets] == [(name, len(data))]


# -- a real npm tarball ---------------------------------------------------------------------------------


def test_npm_describe(client, npm):
    version = describe(client, format="npm", namespace="acme", package="widgets", packageVersion="3.1.4")
    assert (version["namespace"], version["packageName"], version["displayName"]) == ("acme", "widgets", "@acme/widgets")
    assert version["summary"] == "UI widgets for Acme"
    assert version["homePage"] == "https://acme.example/widgets"
    assert version["sourceCodeRepository"] == "git+https://github.com/acme/widgets.git"
    assert version["licenses"] == [{"name": "Apache-2.0"}]
    assert version["revision"] == npm["revision"]


def test_npm_readme(client, npm):
    result = strip(client.get_package_version_readme(
        domain=DOMAIN, repository=REPO, format="npm", namespace="acme", package="widgets", packageVersion="3.1.4"
    ))
    assert result == {
        "format": "npm", "namespace": "acme", "package": "widgets", "version": "3.1.4",
        "versionRevision": npm["revision"], "readme": NPM_README,
    }


def test_npm_dependencies(client, npm):
    result = client.list_package_version_dependencies(
        domain=DOMAIN, repository=REPO, format="npm", namespace="acme", package="widgets", packageVersion="3.1.4"
    )
    assert (result["format"], result["namespace"], result["package"], result["version"], result["versionRevision"]) == (
        "npm", "acme", "widgets", "3.1.4", npm["revision"],
    )
    assert sorted(result["dependencies"], key=lambda d: d["package"]) == [
        {"package": "fsevents", "dependencyType": "optional", "versionRequirement": "*"},
        {"package": "jest", "dependencyType": "dev", "versionRequirement": "29.x"},
        {"package": "react", "dependencyType": "peer", "versionRequirement": ">=17"},
        {"package": "react-dom", "dependencyType": "regular", "versionRequirement": "^18.2.0"},
        {"namespace": "acme", "package": "theme", "dependencyType": "regular", "versionRequirement": "~2.0.1"},
    ]
    assert "nextToken" not in result


# -- other formats ------------------------------------------------------------------------------------------


def test_maven_pom_metadata(client, codeartifact_backend):
    seeded = codeartifact_backend.publish_package(
        domain=DOMAIN, repository=REPO, format="maven",
        files={"acme-core-2.5.0.pom": build_pom(), "acme-core-2.5.0.jar": b"PK\x03\x04jar"},
    )
    coords = {"format": "maven", "namespace": "com.acme", "package": "acme-core", "packageVersion": "2.5.0"}
    version = describe(client, **coords)
    assert version["revision"] == seeded["revision"]
    assert version["displayName"] == "acme-core"
    assert version["summary"] == "Core library"
    assert version["homePage"] == "https://acme.example/core"
    assert version["sourceCodeRepository"] == "https://github.com/acme/core"
    assert version["licenses"] == [{"name": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"}]
    dependencies = client.list_package_version_dependencies(domain=DOMAIN, repository=REPO, **coords)["dependencies"]
    assert dependencies == [
        {"namespace": "com.google.guava", "package": "guava", "dependencyType": "compile", "versionRequirement": "27.1-jre"},
        {"namespace": "junit", "package": "junit", "dependencyType": "test", "versionRequirement": "4.13"},
    ]


def test_maven_has_no_readme(client, codeartifact_backend, fails):
    codeartifact_backend.publish_package(domain=DOMAIN, repository=REPO, format="maven", files={"acme-core-2.5.0.pom": build_pom()})
    fails(
        lambda: client.get_package_version_readme(
            domain=DOMAIN, repository=REPO, format="maven", namespace="com.acme", package="acme-core", packageVersion="2.5.0"
        ),
        "ValidationException", 400,
    )


def test_generic_files_are_not_interpreted(client, codeartifact_backend):
    """A README or LICENSE among generic assets is just another file."""
    codeartifact_backend.publish_package(
        domain=DOMAIN, repository=REPO, format="generic", namespace="ns", package="tool", version="1.0",
        files={"README.md": b"# Tool\n", "LICENSE": b"MIT License", "package.json": b'{"name": "x", "version": "9"}'},
    )
    coords = {"format": "generic", "namespace": "ns", "package": "tool", "packageVersion": "1.0"}
    version = describe(client, **coords)
    assert version["displayName"] == "tool"
    for key in ("summary", "homePage", "sourceCodeRepository"):
        assert key not in version
    assert version.get("licenses", []) == []
    readme = client.get_package_version_readme(domain=DOMAIN, repository=REPO, **coords)
    assert "readme" not in readme
    assert client.list_package_version_dependencies(domain=DOMAIN, repository=REPO, **coords)["dependencies"] == []


def test_metadata_argument_overrides_the_files(client, codeartifact_backend):
    name, data = build_wheel()
    codeartifact_backend.publish_package(
        domain=DOMAIN, repository=REPO, format="pypi", files={name: data},
        metadata={"summary": "Overridden", "licenses": [{"name": "BSD-3-Clause", "url": "https://opensource.org/licenses/BSD-3-Clause"}]},
    )
    version = describe(client, format="pypi", package="acme-utils", packageVersion="1.2.0")
    assert version["summary"] == "Overridden"
    assert version["licenses"] == [{"name": "BSD-3-Clause", "url": "https://opensource.org/licenses/BSD-3-Clause"}]
    assert version["homePage"] == "https://acme.example/utils"  # the rest still comes from the wheel


def test_metadata_calls_on_unknown_versions(client, npm, fails):
    coords = {"domain": DOMAIN, "repository": REPO, "format": "npm", "namespace": "acme", "package": "widgets", "packageVersion": "9.9.9"}
    for call in (client.get_package_version_readme, client.list_package_version_dependencies, client.describe_package_version):
        fails(lambda: call(**coords), "ResourceNotFoundException", 404, resourceType="package-version")


def test_broken_package_files_are_refused_when_seeding(client, codeartifact_backend):
    from mock_codeartifact.errors import ValidationException

    with pytest.raises(ValidationException):
        codeartifact_backend.publish_package(domain=DOMAIN, repository=REPO, format="npm", files={"package.tgz": b"not a tarball"})
    assert client.list_packages(domain=DOMAIN, repository=REPO)["packages"] == []
