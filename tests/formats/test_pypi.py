"""pypi: PEP 503 names, PEP 440 ordering, metadata from wheels and sdists."""

from __future__ import annotations

import io
import tarfile
import zipfile

import pytest

from mock_codeartifact._formats import get_format

pypi = get_format("pypi")

WHEEL_METADATA = """\
Metadata-Version: 2.1
Name: PyHamcrest
Version: 2.0.4
Summary: Hamcrest framework for matcher objects
Home-page: https://github.com/hamcrest/PyHamcrest
Author: Chris Rose
License: BSD
Project-URL: Documentation, https://pyhamcrest.readthedocs.io/
Project-URL: Source Code, https://github.com/hamcrest/PyHamcrest
Classifier: License :: OSI Approved :: BSD License
Classifier: Programming Language :: Python :: 3
Requires-Python: >=3.6
Requires-Dist: six (>=1.4)
Requires-Dist: importlib_metadata>=2.0; python_version < "3.8"
Requires-Dist: Sphinx ; extra == 'docs'
Requires-Dist: attrs
Description-Content-Type: text/markdown

# PyHamcrest

Matchers that can be combined.
"""

# setuptools folds the Description field with 8 spaces, blank lines included.
PKG_INFO = (
    "Metadata-Version: 1.1\n"
    "Name: pigeon.cli\n"
    "Version: 0.3\n"
    "Summary: UNKNOWN\n"
    "License: Some long license text\n"
    "License-Expression: Apache-2.0 OR MIT\n"
    "Project-URL: Homepage, https://pigeon.example\n"
    "Project-URL: Repository, https://git.example/pigeon\n"
    "Description: Pigeon\n"
    "        ======\n"
    "        \n"
    "        Sends messages.\n"
    "Platform: UNKNOWN\n"
)


def make_wheel(
    metadata: str = WHEEL_METADATA, dist_info: str = "PyHamcrest-2.0.4.dist-info"
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        wheel.writestr("hamcrest/__init__.py", "")
        wheel.writestr(f"{dist_info}/WHEEL", "Wheel-Version: 1.0\n")
        if metadata is not None:
            wheel.writestr(f"{dist_info}/METADATA", metadata)
        wheel.writestr(f"{dist_info}/RECORD", "")
    return buffer.getvalue()


def make_sdist(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as sdist:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            sdist.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("PyHamcrest", "pyhamcrest"),
        ("pigeon_cli", "pigeon-cli"),
        ("pigeon.cli", "pigeon-cli"),
        ("Pigeon__-.CLI", "pigeon-cli"),
        ("requests", "requests"),
    ],
)
def test_names_are_pep503_normalized(raw, normalized):
    assert pypi.normalize_name(raw) == normalized
    assert type(pypi.normalize_name(raw)) is str


def test_api_input_is_not_normalized():
    assert pypi.normalizes_api_input is False
    assert pypi.coordinates_for_api(None, "PyHamcrest", "2.0.4") == (None, "PyHamcrest", "2.0.4")
    assert pypi.namespace_rule == "forbidden"


def test_display_name_prefers_metadata_name():
    assert pypi.display_name(None, "pyhamcrest", "PyHamcrest") == "PyHamcrest"
    assert pypi.display_name(None, "pyhamcrest") == "pyhamcrest"


def test_wheel_metadata():
    metadata = pypi.extract_metadata({"PyHamcrest-2.0.4-py3-none-any.whl": make_wheel()})
    assert metadata.name == "pyhamcrest"
    assert metadata.display_name == "PyHamcrest"
    assert metadata.version == "2.0.4"
    assert metadata.namespace is None
    assert metadata.summary == "Hamcrest framework for matcher objects"
    assert metadata.home_page == "https://github.com/hamcrest/PyHamcrest"
    assert metadata.source_code_repository == "https://github.com/hamcrest/PyHamcrest"
    assert metadata.licenses == [{"name": "BSD", "url": None}]
    assert metadata.readme.startswith("# PyHamcrest\n")
    assert "Matchers that can be combined." in metadata.readme
    assert metadata.dependencies == [
        {
            "namespace": None,
            "package": "six",
            "dependencyType": "Requires-Dist",
            "versionRequirement": ">=1.4",
        },
        {
            "namespace": None,
            "package": "importlib-metadata",
            "dependencyType": "Requires-Dist",
            "versionRequirement": '>=2.0; python_version < "3.8"',
        },
        {
            "namespace": None,
            "package": "sphinx",
            "dependencyType": "Requires-Dist",
            "versionRequirement": '; extra == "docs"',
        },
        {
            "namespace": None,
            "package": "attrs",
            "dependencyType": "Requires-Dist",
            "versionRequirement": None,
        },
    ]


def test_sdist_metadata_uses_top_level_pkg_info():
    sdist = make_sdist(
        {
            "pigeon.cli-0.3/PKG-INFO": PKG_INFO,
            "pigeon.cli-0.3/src/pigeon.cli.egg-info/PKG-INFO": "Name: wrong\nVersion: 9\n",
            "pigeon.cli-0.3/setup.py": "",
        }
    )
    metadata = pypi.extract_metadata({"pigeon.cli-0.3.tar.gz": sdist})
    assert metadata.name == "pigeon-cli"
    assert metadata.display_name == "pigeon.cli"
    assert metadata.version == "0.3"
    assert metadata.summary is None  # 'UNKNOWN' means unset
    assert metadata.home_page == "https://pigeon.example"
    assert metadata.source_code_repository == "https://git.example/pigeon"
    assert metadata.licenses == [{"name": "Apache-2.0 OR MIT", "url": None}]
    assert metadata.readme == "Pigeon\n======\n\nSends messages."
    assert metadata.dependencies == []


def test_licenses_from_classifiers():
    text = (
        "Metadata-Version: 2.1\nName: dual\nVersion: 1.0\n"
        "Classifier: License :: OSI Approved :: MIT License\n"
        "Classifier: License :: OSI Approved :: Apache Software License\n"
        "Classifier: Topic :: Utilities\n"
    )
    metadata = pypi.extract_metadata(
        {"dual-1.0-py3-none-any.whl": make_wheel(text, "dual-1.0.dist-info")}
    )
    assert [entry["name"] for entry in metadata.licenses] == [
        "MIT License",
        "Apache Software License",
    ]
    assert metadata.readme is None


def test_bare_metadata_file_and_zip_sdist():
    assert pypi.extract_metadata({"METADATA": WHEEL_METADATA.encode()}).name == "pyhamcrest"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pigeon.cli-0.3/PKG-INFO", PKG_INFO)
    assert pypi.extract_metadata({"pigeon.cli-0.3.zip": buffer.getvalue()}).version == "0.3"


def test_wheel_preferred_over_sdist():
    files = {
        "a.tar.gz": make_sdist({"pigeon.cli-0.3/PKG-INFO": PKG_INFO}),
        "PyHamcrest-2.0.4-py3-none-any.whl": make_wheel(),
    }
    assert pypi.extract_metadata(files).name == "pyhamcrest"


def test_unparseable_requirement_is_kept():
    text = "Name: x\nVersion: 1\nRequires-Dist: weird_pkg !!! 1\n"
    (dependency,) = pypi.extract_metadata({"PKG-INFO": text.encode()}).dependencies
    assert dependency["package"] == "weird-pkg"
    assert dependency["versionRequirement"] == "!!! 1"


def test_version_ordering():
    versions = [
        "1.0",
        "1.0rc1",
        "1.0.post1",
        "0.9",
        "not a version",
        "1.0.dev0",
        "2!0.1",
        "",
        "1.0.0",
        "1.0a1",
    ]
    assert pypi.sort_versions(versions) == [
        "",
        "not a version",
        "0.9",
        "1.0.dev0",
        "1.0a1",
        "1.0rc1",
        "1.0",
        "1.0.0",
        "1.0.post1",
        "2!0.1",
    ]


def test_default_display_version_is_most_recently_published():
    assert pypi.default_display_version(["2.0", "1.5"]) == "1.5"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"x.whl": b"not a zip"}, "not a readable zip archive"),
        ({"x.whl": make_wheel(metadata=None)}, "has no \\*.dist-info/METADATA"),
        ({"x.tar.gz": b"\x1f\x8b broken"}, "not a readable tar archive"),
        ({"x.tar.gz": make_sdist({"x/setup.py": ""})}, "no top-level PKG-INFO"),
        (
            {"x.whl": make_wheel("Metadata-Version: 2.1\nSummary: no name\n")},
            "no Name or no Version",
        ),
        ({"README.md": b"# hi"}, "no wheel"),
    ],
)
def test_broken_files_raise_value_error(files, message):
    with pytest.raises(ValueError, match=message):
        pypi.extract_metadata(files)
