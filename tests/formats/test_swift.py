"""swift: lower-cased scopes and names, SemVer, Package.swift source archives."""

from __future__ import annotations

import io
import zipfile

import pytest

from mock_codeartifact._formats import get_format

swift = get_format("swift")

PACKAGE_SWIFT = """\
// swift-tools-version:5.7
import PackageDescription

let package = Package(
    name: "SwiftNIO",
    products: [
        .library(name: "NIO", targets: ["NIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.0.2"),
    ],
    targets: [.target(name: "NIO")]
)
"""


def make_archive(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_source_archive_metadata():
    archive = make_archive(
        {
            "swift-nio-2.58.0/Package.swift": PACKAGE_SWIFT,
            "swift-nio-2.58.0/README.md": "# SwiftNIO\n",
            "swift-nio-2.58.0/Sources/NIO/NIO.swift": "",
            "swift-nio-2.58.0/Tests/Package.swift": 'let package = Package(name: "Nested")',
        }
    )
    metadata = swift.extract_metadata({"swift-nio-2.58.0.zip": archive})
    assert metadata.name == "swiftnio"
    assert metadata.display_name == "SwiftNIO"
    assert metadata.version is None  # the publisher supplies it
    assert metadata.namespace is None  # the scope comes from the publish call
    assert metadata.readme == "# SwiftNIO\n"
    assert metadata.dependencies == []


def test_archive_with_manifest_at_root_and_bare_manifest():
    archive = make_archive({"Package.swift": 'let package = Package(\n  name: "Root"\n)'})
    assert swift.extract_metadata({"source.zip": archive}).name == "root"
    assert (
        swift.extract_metadata({"Package.swift": b'let p = Package(name: "Bare")'}).display_name
        == "Bare"
    )


def test_names_and_scopes_are_lower_cased_everywhere():
    assert swift.normalize_name("myPackage") == "mypackage"
    assert swift.normalize_namespace("myScope") == "myscope"
    assert swift.validate_namespace("myScope") == "myscope"
    assert swift.normalizes_api_input is True
    assert swift.coordinates_for_api("myScope", "myPackage", "1.0.0-Beta") == (
        "myscope",
        "mypackage",
        "1.0.0-Beta",
    )
    with pytest.raises(ValueError, match="namespace is required"):
        swift.validate_namespace(None)


def test_semver_ordering():
    expected = ["main", "1.0.0-beta", "1.0.0", "v1.0.1", "1.2.0", "2.0.0"]
    assert swift.sort_versions(reversed(expected)) == expected


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"x.zip": b"junk"}, "not a readable zip archive"),
        ({"x.zip": make_archive({"x/Sources/a.swift": ""})}, "has no Package.swift"),
        (
            {"x.zip": make_archive({"Package.swift": "let package = Package()"})},
            "has no package name",
        ),
        ({"x.tar.gz": b""}, "no source archive"),
    ],
)
def test_broken_files_raise_value_error(files, message):
    with pytest.raises(ValueError, match=f"^swift: .*{message}"):
        swift.extract_metadata(files)
