"""nuget: lower-cased ids, normalised versions, metadata from .nupkg files."""

from __future__ import annotations

import io
import zipfile

import pytest

from mock_codeartifact._formats import get_format

nuget = get_format("nuget")

NUSPEC = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata minClientVersion="2.12">
    <id>Newtonsoft.Json</id>
    <version>12.0.03.0+sha.abc</version>
    <authors>James Newton-King</authors>
    <license type="expression">MIT</license>
    <licenseUrl>https://licenses.nuget.org/MIT</licenseUrl>
    <projectUrl>https://www.newtonsoft.com/json</projectUrl>
    <repository type="git" url="https://github.com/JamesNK/Newtonsoft.Json.git" commit="abc" />
    <readme>docs\\README.md</readme>
    <description>Json.NET is a popular high-performance JSON framework for .NET</description>
    <summary>not used</summary>
    <dependencies>
      <group targetFramework=".NETFramework4.5" />
      <group targetFramework=".NETStandard2.0">
        <dependency id="System.Memory" version="4.5.4" exclude="Build,Analyzers" />
        <dependency id="Microsoft.CSharp" version="[4.3.0, 5.0.0)" />
      </group>
      <group targetFramework="net6.0">
        <dependency id="System.Memory" version="4.5.4" />
      </group>
    </dependencies>
    <frameworkAssemblies>
      <frameworkAssembly assemblyName="System.Xml" targetFramework=".NETFramework4.5" />
    </frameworkAssemblies>
  </metadata>
</package>
"""

OLD_NUSPEC = """<?xml version="1.0"?>
<package>
  <metadata>
    <id>Legacy.Thing</id>
    <version>1.2</version>
    <licenseUrl>https://example.com/license</licenseUrl>
    <dependencies>
      <dependency id="Other.Thing" />
      <dependency id="Versioned" version="1.0" />
    </dependencies>
  </metadata>
</package>
"""


def make_nupkg(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_nupkg_metadata():
    nupkg = make_nupkg(
        {
            "Newtonsoft.Json.nuspec": NUSPEC,
            "lib/net6.0/Newtonsoft.Json.dll": b"MZ\x90\x00",
            "docs/README.md": "# Json.NET\n",
        }
    )
    metadata = nuget.extract_metadata({"newtonsoft.json.12.0.3.nupkg": nupkg})
    assert metadata.name == "newtonsoft.json"
    assert metadata.display_name == "Newtonsoft.Json"
    assert metadata.version == "12.0.3"
    assert metadata.extra == {"original_version": "12.0.03.0+sha.abc"}
    assert metadata.namespace is None
    assert metadata.summary == "Json.NET is a popular high-performance JSON framework for .NET"
    assert metadata.home_page == "https://www.newtonsoft.com/json"
    assert metadata.source_code_repository == "https://github.com/JamesNK/Newtonsoft.Json.git"
    assert metadata.licenses == [{"name": "MIT", "url": "https://licenses.nuget.org/MIT"}]
    assert metadata.readme == "# Json.NET\n"
    assert metadata.dependencies == [
        {
            "namespace": None,
            "package": "System.Memory",
            "dependencyType": None,
            "versionRequirement": "4.5.4",
        },
        {
            "namespace": None,
            "package": "Microsoft.CSharp",
            "dependencyType": None,
            "versionRequirement": "[4.3.0, 5.0.0)",
        },
    ]


def test_nuspec_without_namespace_flat_dependencies_and_license_url():
    metadata = nuget.extract_metadata(
        {"legacy.thing.1.2.0.nupkg": make_nupkg({"Legacy.Thing.nuspec": OLD_NUSPEC})}
    )
    assert (metadata.name, metadata.version, metadata.display_name) == (
        "legacy.thing",
        "1.2.0",
        "Legacy.Thing",
    )
    assert metadata.licenses == [{"name": None, "url": "https://example.com/license"}]
    assert metadata.readme is None and metadata.summary is None
    assert [(d["package"], d["versionRequirement"]) for d in metadata.dependencies] == [
        ("Other.Thing", None),
        ("Versioned", "1.0"),
    ]
    bare = nuget.extract_metadata({"Legacy.Thing.nuspec": OLD_NUSPEC.encode()})
    assert bare.name == "legacy.thing"


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("1.01.1", "1.1.1"),
        ("1.0.0.0", "1.0.0"),
        ("1.0.7+r3456", "1.0.7"),
        ("12.0.03.0", "12.0.3"),
        ("1.2", "1.2.0"),
        ("1", "1.0.0"),
        ("1.0.0.4", "1.0.0.4"),
        ("2.0.0-Beta.01+meta", "2.0.0-Beta.01"),
        ("not-a-version", "not-a-version"),
    ],
)
def test_version_normalization(raw, normalized):
    assert nuget.normalize_version(raw) == normalized


def test_names_are_lower_cased_and_api_input_normalized():
    assert nuget.normalize_name("Newtonsoft.JSON") == "newtonsoft.json"
    assert nuget.normalizes_api_input is True
    assert nuget.coordinates_for_api(None, "Newtonsoft.JSON", "12.0.03.0") == (
        None,
        "newtonsoft.json",
        "12.0.3",
    )
    assert nuget.display_name(None, "newtonsoft.json", "Newtonsoft.Json") == "Newtonsoft.Json"


def test_version_ordering():
    expected = [
        "1.0.0-alpha",
        "1.0.0-alpha.2",
        "1.0.0-Beta",
        "1.0.0-rc.1",
        "1.0.0",
        "1.0.0.1",
        "1.0.1",
        "1.9",
        "1.10.0",
    ]
    assert nuget.sort_versions(reversed(expected)) == expected
    assert nuget.parsed_version_key("1.0.0-BETA") == nuget.parsed_version_key("1.0.0-beta")
    assert nuget.parsed_version_key("1.0") == nuget.parsed_version_key("1.0.0.0")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"x.nupkg": b"not a zip"}, "not a readable zip archive"),
        ({"x.nupkg": make_nupkg({"lib/x.dll": b""})}, "contains no .nuspec"),
        ({"x.nupkg": make_nupkg({"x.nuspec": "<package><metadata>"})}, "not well-formed XML"),
        (
            {
                "x.nupkg": make_nupkg(
                    {"x.nuspec": "<package><metadata><id>x</id></metadata></package>"}
                )
            },
            "lacks <id> or <version>",
        ),
        ({"x.nupkg": make_nupkg({"x.nuspec": "<project/>"})}, "is not a nuspec"),
        ({"x.zip": b""}, "no .nupkg or .nuspec"),
    ],
)
def test_broken_files_raise_value_error(files, message):
    with pytest.raises(ValueError, match=f"^nuget: .*{message}"):
        nuget.extract_metadata(files)
