"""The format registry: built-ins, third-party plugins, shared behaviour."""

from __future__ import annotations

import ast
import importlib.metadata
import sys
import types
from pathlib import Path

import pytest

import mock_codeartifact._formats as formats
from mock_codeartifact._formats import (
    BUILTIN_FORMATS,
    PackageFormat,
    PackageMetadata,
    all_formats,
    get_format,
    hookimpl,
    make_dependency,
    make_license,
    register_format_plugin,
    unregister_format_plugin,
)

NAMESPACE_RULES = {
    "generic": "required",
    "maven": "required",
    "swift": "required",
    "npm": "optional",
    "pypi": "forbidden",
    "nuget": "forbidden",
    "ruby": "forbidden",
    "cargo": "forbidden",
}

ODD_VERSIONS = [
    "",
    " ",
    "1.0",
    "1.0.0",
    "v1.2.3",
    "1.0.0-rc.1+build.5",
    "1..2",
    ".1",
    "1.",
    "-1",
    "latest",
    "1.0-SNAPSHOT",
    "2!1.0.post1.dev3",
    "1.0.0.0.0.0",
    "☃",
    "1.²",
    "٣.٤",
    "99999999999999999999999999.0",
    "1.0.0-",
    "1.0.0+",
    "0x1F",
    "1_000",
    "a.b.c",
    "\x00",
]


class ConanFormat(PackageFormat):
    name = "conan"
    namespace_rule = "optional"


class LoudPypi(PackageFormat):
    name = "pypi"
    namespace_rule = "forbidden"

    def normalize_name(self, name: str) -> str:
        return name.upper()


@pytest.fixture
def plugins():
    """Register plugins for one test and always remove them afterwards."""
    registered = []

    def register(plugin, name=None):
        register_format_plugin(plugin, name=name)
        registered.append(plugin)
        return plugin

    yield register
    for plugin in registered:
        unregister_format_plugin(plugin)


def test_all_builtin_formats_are_registered():
    known = all_formats()
    assert set(BUILTIN_FORMATS) <= set(known)
    for name, fmt in known.items():
        assert fmt.name == name
        assert isinstance(fmt, PackageFormat)


def test_all_formats_returns_a_copy():
    all_formats().clear()
    assert "pypi" in all_formats()


def test_unknown_format_raises_key_error_naming_known_ones():
    with pytest.raises(KeyError, match="unknown package format 'python'.*pypi"):
        get_format("python")


@pytest.mark.parametrize(("name", "rule"), sorted(NAMESPACE_RULES.items()))
def test_namespace_rules(name, rule):
    fmt = get_format(name)
    assert fmt.namespace_rule == rule
    if rule == "required":
        with pytest.raises(ValueError, match="namespace is required"):
            fmt.validate_namespace(None)
        with pytest.raises(ValueError, match="namespace is required"):
            fmt.validate_namespace("")
        assert fmt.validate_namespace("com.example") is not None
    elif rule == "forbidden":
        assert fmt.validate_namespace(None) is None
        assert fmt.validate_namespace("") is None
        with pytest.raises(ValueError, match="have no namespace"):
            fmt.validate_namespace("scope")
    else:
        assert fmt.validate_namespace(None) is None
        assert fmt.validate_namespace("types") == "types"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nuget", (None, "newtonsoft.json", "12.0.3")),
        ("swift", ("myscope", "mypackage", "1.0.0")),
        ("pypi", ("MyScope", "MyPackage", "12.0.03.0")),
        ("npm", ("MyScope", "MyPackage", "12.0.03.0")),
    ],
)
def test_coordinates_for_api_follow_normalizes_api_input(name, expected):
    fmt = get_format(name)
    if name == "nuget":
        got = fmt.coordinates_for_api(None, "Newtonsoft.JSON", "12.0.03.0")
    elif name == "swift":
        got = fmt.coordinates_for_api("myScope", "myPackage", "1.0.0")
    else:
        got = fmt.coordinates_for_api("MyScope", "MyPackage", "12.0.03.0")
    assert got == expected


def test_normalizes_api_input_flags():
    flags = {name: fmt.normalizes_api_input for name, fmt in all_formats().items()}
    assert {name for name, flag in flags.items() if flag} == {"nuget", "swift"}


@pytest.mark.parametrize("name", BUILTIN_FORMATS)
def test_version_sort_key_never_raises_and_is_total(name):
    fmt = get_format(name)
    keys = [fmt.version_sort_key(v) for v in ODD_VERSIONS]
    ordered = sorted(ODD_VERSIONS, key=fmt.version_sort_key)
    assert sorted(ordered, key=fmt.version_sort_key) == ordered
    assert sorted(reversed(ODD_VERSIONS), key=fmt.version_sort_key) == ordered
    assert len(set(map(repr, keys))) == len(ODD_VERSIONS)  # no two versions tie
    # Unparseable versions come first.
    ranks = [fmt.version_sort_key(v)[0] for v in ordered]
    assert ranks == sorted(ranks)
    assert fmt.version_sort_key("") < fmt.version_sort_key("1.0.0")
    assert fmt.version_sort_key(None)[0] in (0, 1)  # not a string: still a key


@pytest.mark.parametrize("name", BUILTIN_FORMATS)
def test_extract_metadata_needs_files(name):
    fmt = get_format(name)
    with pytest.raises(ValueError, match="no files"):
        fmt.extract_metadata({})
    with pytest.raises(TypeError, match="must be bytes"):
        fmt.extract_metadata({"x": "text"})


@pytest.mark.parametrize("name", [n for n in BUILTIN_FORMATS if n not in ("generic", "maven")])
def test_extract_metadata_rejects_foreign_files(name):
    with pytest.raises(ValueError, match=f"^{name}: "):
        get_format(name).extract_metadata({"notes.txt": b"hello"})


def test_default_display_version_is_most_recent_by_default():
    fmt = get_format("maven")
    assert fmt.default_display_version(["2.0", "1.0"]) == "1.0"
    assert fmt.default_display_version([]) is None


def test_register_plugin_adds_a_format(plugins):
    module = types.ModuleType("conan_plugin")
    module.codeartifact_package_formats = hookimpl(lambda: [ConanFormat()])
    plugins(module)
    assert isinstance(get_format("conan"), ConanFormat)
    assert "pypi" in all_formats()


def test_plugin_overrides_builtin_and_unregister_restores(plugins):
    class Plugin:
        @hookimpl
        def codeartifact_package_formats(self):
            return LoudPypi()  # a single instance is accepted

    plugin = plugins(Plugin())
    assert get_format("pypi").normalize_name("x") == "X"
    unregister_format_plugin(plugin)
    assert get_format("pypi").normalize_name("Pigeon_CLI") == "pigeon-cli"


def test_trylast_plugin_still_beats_builtins(plugins):
    class Plugin:
        @hookimpl(trylast=True)
        def codeartifact_package_formats(self):
            return [LoudPypi()]

    plugins(Plugin())
    assert isinstance(get_format("pypi"), LoudPypi)


def test_last_registered_plugin_wins(plugins):
    class First(PackageFormat):
        name = "conan"

    class Second(PackageFormat):
        name = "conan"

    class PluginA:
        @hookimpl
        def codeartifact_package_formats(self):
            return [First()]

    class PluginB:
        @hookimpl
        def codeartifact_package_formats(self):
            return [Second()]

    plugins(PluginA())
    plugins(PluginB())
    assert isinstance(get_format("conan"), Second)


def test_plugin_returning_none_is_ignored(plugins):
    class Plugin:
        @hookimpl
        def codeartifact_package_formats(self):
            return None

    plugins(Plugin())
    assert set(BUILTIN_FORMATS) <= set(all_formats())


def test_bad_plugin_output_is_reported(plugins):
    class Plugin:
        @hookimpl
        def codeartifact_package_formats(self):
            return ["pypi"]

    plugins(Plugin())
    with pytest.raises(TypeError, match="PackageFormat instances"):
        all_formats()


def test_plugin_output_that_is_no_list_is_reported(plugins):
    class Plugin:
        @hookimpl
        def codeartifact_package_formats(self):
            return 42

    plugins(Plugin())
    with pytest.raises(TypeError, match="PackageFormat instances, got 42"):
        all_formats()


def test_bad_namespace_rule_is_reported(plugins):
    class Sloppy(PackageFormat):
        name = "sloppy"
        namespace_rule = "sometimes"

    class Plugin:
        @hookimpl
        def codeartifact_package_formats(self):
            return [Sloppy()]

    plugins(Plugin())
    with pytest.raises(ValueError, match="namespace_rule"):
        all_formats()


def test_unregister_unknown_plugin_is_harmless():
    unregister_format_plugin(object())
    assert "npm" in all_formats()


def test_entry_point_plugins_are_discovered(monkeypatch):
    module = types.ModuleType("fake_conan_plugin")
    module.codeartifact_package_formats = hookimpl(lambda: [ConanFormat()])
    monkeypatch.setitem(sys.modules, "fake_conan_plugin", module)
    entry_point = importlib.metadata.EntryPoint(
        name="conan", value="fake_conan_plugin", group="mock_codeartifact"
    )

    class FakeDistribution:
        entry_points = [entry_point]
        metadata = {"name": "fake-conan"}
        version = "1.0"

    monkeypatch.setattr(importlib.metadata, "distributions", lambda: [FakeDistribution()])
    formats._reset_registry()
    try:
        assert isinstance(get_format("conan"), ConanFormat)
        assert "npm" in all_formats()
    finally:
        monkeypatch.undo()
        formats._reset_registry()
    assert "conan" not in all_formats()


def test_package_metadata_repr_shows_only_what_is_set():
    metadata = PackageMetadata(
        name="ui",
        namespace="vue",
        readme="# Title\n" + "x" * 500,
        licenses=[make_license("MIT")],
        dependencies=[make_dependency("vue", "^3.0.0", dependency_type="peer")],
    )
    text = repr(metadata)
    assert text.startswith("PackageMetadata(name='ui', namespace='vue'")
    assert "summary" not in text and "extra" not in text
    assert "readme=<508 chars: '# Title" in text
    assert len(text) < 400
    assert metadata.dependencies == [
        {
            "namespace": None,
            "package": "vue",
            "dependencyType": "peer",
            "versionRequirement": "^3.0.0",
        }
    ]
    assert PackageMetadata() == PackageMetadata()


def test_format_modules_do_not_import_heavy_modules_at_top_level():
    """Importing the registry must stay cheap: archive and XML readers load lazily."""
    heavy = {"zipfile", "tarfile", "gzip", "xml", "email", "tomllib"}
    package_dir = Path(formats.__file__).parent
    for path in package_dir.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in heavy, f"{path.name} imports {name} at top level"
