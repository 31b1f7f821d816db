"""npm: scopes as namespaces, SemVer ordering, metadata from package tarballs."""

from __future__ import annotations

import io
import json
import tarfile

import pytest

from mock_codeartifact._formats import get_format
from mock_codeartifact._formats.npm import split_npm_name

npm = get_format("npm")

SCOPED_MANIFEST = {
    "name": "@vue/ui",
    "version": "0.12.5",
    "description": "A design system for Vue",
    "homepage": "https://github.com/vuejs/ui#readme",
    "repository": {"type": "git", "url": "git+https://github.com/vuejs/ui.git"},
    "license": "MIT",
    "dependencies": {"@types/node": "^18.0.0", "lodash": "~4.17.21"},
    "devDependencies": {"jest": "29.x"},
    "peerDependencies": {"vue": "^2.6.0"},
    "optionalDependencies": {"fsevents": "*"},
    "bundleDependencies": ["ignored"],
}


def make_tarball(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in members.items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def package(manifest: dict | str, **extra: str) -> dict[str, bytes]:
    text = manifest if isinstance(manifest, str) else json.dumps(manifest)
    return {"package.tgz": make_tarball({"package/package.json": text, **extra})}


def test_scoped_package_metadata():
    metadata = npm.extract_metadata(
        package(SCOPED_MANIFEST, **{"package/README.md": "# @vue/ui\n", "package/index.js": ""})
    )
    assert (metadata.namespace, metadata.name, metadata.version) == ("vue", "ui", "0.12.5")
    assert metadata.display_name == "@vue/ui"
    assert metadata.summary == "A design system for Vue"
    assert metadata.home_page == "https://github.com/vuejs/ui#readme"
    assert metadata.source_code_repository == "git+https://github.com/vuejs/ui.git"
    assert metadata.licenses == [{"name": "MIT", "url": None}]
    assert metadata.readme == "# @vue/ui\n"
    assert metadata.dependencies == [
        {
            "namespace": "types",
            "package": "node",
            "dependencyType": "regular",
            "versionRequirement": "^18.0.0",
        },
        {
            "namespace": None,
            "package": "lodash",
            "dependencyType": "regular",
            "versionRequirement": "~4.17.21",
        },
        {
            "namespace": None,
            "package": "jest",
            "dependencyType": "dev",
            "versionRequirement": "29.x",
        },
        {
            "namespace": None,
            "package": "vue",
            "dependencyType": "peer",
            "versionRequirement": "^2.6.0",
        },
        {
            "namespace": None,
            "package": "fsevents",
            "dependencyType": "optional",
            "versionRequirement": "*",
        },
    ]


def test_unscoped_package_with_legacy_fields():
    manifest = {
        "name": "left-pad",
        "version": "1.3.0",
        "repository": "github:stevemao/left-pad",
        "licenses": [{"type": "WTFPL", "url": "http://www.wtfpl.net/"}, "MIT"],
        "readme": "from package.json",
    }
    metadata = npm.extract_metadata(package(manifest))
    assert (metadata.namespace, metadata.name, metadata.display_name) == (
        None,
        "left-pad",
        "left-pad",
    )
    assert metadata.source_code_repository == "github:stevemao/left-pad"
    assert metadata.licenses == [
        {"name": "WTFPL", "url": "http://www.wtfpl.net/"},
        {"name": "MIT", "url": None},
    ]
    assert metadata.readme == "from package.json"
    assert metadata.summary is None and metadata.dependencies == []


def test_license_object_and_other_readme_names():
    manifest = {
        "name": "x",
        "version": "1.0.0",
        "license": {"type": "ISC", "url": "https://isc.example"},
    }
    metadata = npm.extract_metadata(
        package(manifest, **{"package/readme.markdown": "lower-case readme"})
    )
    assert metadata.licenses == [{"name": "ISC", "url": "https://isc.example"}]
    assert metadata.readme == "lower-case readme"


def test_tarball_with_other_top_directory_and_bare_manifest():
    files = {
        "x-1.0.0.tgz": make_tarball(
            {"node/package.json": json.dumps({"name": "x", "version": "1.0.0"})}
        )
    }
    assert npm.extract_metadata(files).name == "x"
    bare = {"package.json": json.dumps({"name": "@a/b", "version": "2.0.0"}).encode()}
    assert npm.extract_metadata(bare).namespace == "a"


def test_display_name_and_split():
    assert npm.display_name("vue", "ui") == "@vue/ui"
    assert npm.display_name(None, "react") == "react"
    assert split_npm_name("@types/node") == ("types", "node")
    assert split_npm_name("react") == (None, "react")
    with pytest.raises(ValueError, match="not a valid scoped package name"):
        split_npm_name("@types")


def test_nothing_is_normalized_and_namespace_is_optional():
    assert npm.normalize_name("React") == "React"
    assert npm.normalizes_api_input is False
    assert npm.validate_namespace(None) is None
    assert npm.validate_namespace("types") == "types"


def test_semver_ordering():
    versions = [
        "2.0.0",
        "1.0.0",
        "1.0.0-rc.1",
        "1.0.0-beta.11",
        "1.0.0-beta.2",
        "1.0.0-beta",
        "1.0.0-alpha.beta",
        "1.0.0-alpha.1",
        "1.0.0-alpha",
        "1.10.0",
        "1.2.0",
        "latest",
        "1.0",
        "",
    ]
    assert npm.sort_versions(versions) == [
        "",
        "1.0",
        "latest",
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.2.0",
        "1.10.0",
        "2.0.0",
    ]


def test_build_metadata_does_not_change_precedence():
    assert npm.parsed_version_key("1.0.0+build.1") == npm.parsed_version_key("1.0.0+other")
    assert npm.sort_versions(["1.0.0+b", "1.0.0+a"]) == ["1.0.0+a", "1.0.0+b"]


def test_default_display_version_follows_latest_tag():
    published = ["1.0.0", "2.0.0-beta.1", "1.1.0"]
    assert (
        npm.default_display_version(published, {"latest": "1.0.0", "next": "2.0.0-beta.1"})
        == "1.0.0"
    )
    assert npm.default_display_version(published, {"latest": "9.9.9"}) == "1.1.0"
    assert npm.default_display_version(published) == "1.1.0"
    assert npm.default_display_version([]) is None


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"package.tgz": b"junk"}, "not a readable tar archive"),
        ({"package.tgz": make_tarball({"package/index.js": ""})}, "no package/package.json"),
        (package("{not json"), "not valid JSON"),
        (package("[1, 2]"), "not a JSON object"),
        (package({"name": "x"}), "needs string 'name' and 'version'"),
        (package({"name": "@scope", "version": "1.0.0"}), "not a valid scoped package name"),
        ({"x.zip": b"PK"}, "no package tarball"),
    ],
)
def test_broken_files_raise_value_error(files, message):
    with pytest.raises(ValueError, match=message):
        npm.extract_metadata(files)
