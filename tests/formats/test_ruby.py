"""ruby: Gem::Version ordering and gemspec metadata read without a YAML library."""

from __future__ import annotations

import gzip
import io
import tarfile

import pytest

from mock_codeartifact._formats import get_format
from mock_codeartifact._formats._yaml import load_yaml

ruby = get_format("ruby")

GEMSPEC = """\
--- !ruby/object:Gem::Specification
name: rake
version: !ruby/object:Gem::Version
  version: 13.0.6
platform: ruby
authors:
- Hiroshi SHIBATA
- Eric Hodel
autorequire:
bindir: exe
cert_chain: []
date: 2021-07-09 00:00:00.000000000 Z
dependencies:
- !ruby/object:Gem::Dependency
  name: minitest
  requirement: !ruby/object:Gem::Requirement
    requirements:
    - - ">="
      - !ruby/object:Gem::Version
        version: '5.0'
    - - "<"
      - !ruby/object:Gem::Version
        version: '6'
  type: :runtime
  prerelease: false
  version_requirements: !ruby/object:Gem::Requirement
    requirements:
    - - ">="
      - !ruby/object:Gem::Version
        version: '5.0'
- !ruby/object:Gem::Dependency
  name: bundler
  requirement: !ruby/object:Gem::Requirement
    requirements:
    - - ">="
      - !ruby/object:Gem::Version
        version: '0'
  type: :development
  prerelease: false
description: |
  Rake is a Make-like program implemented in Ruby.
  Tasks and dependencies are specified in standard Ruby syntax.
email:
- hsbt@ruby-lang.org
executables:
- rake
extensions: []
extra_rdoc_files: []
files:
- README.rdoc
homepage: https://github.com/ruby/rake
licenses:
- MIT
metadata:
  bug_tracker_uri: https://github.com/ruby/rake/issues
  changelog_uri: https://github.com/ruby/rake/blob/v13.0.6/History.rdoc
  source_code_uri: https://github.com/ruby/rake/tree/v13.0.6
post_install_message:
rdoc_options:
- "--main"
- README.rdoc
required_ruby_version: !ruby/object:Gem::Requirement
  requirements:
  - - ">="
    - !ruby/object:Gem::Version
      version: '2.2'
requirements: []
rubygems_version: 3.3.0.dev
signing_key:
specification_version: 4
summary: Rake is a Make-like program implemented in Ruby
test_files: []
"""


def make_gem(metadata_yaml: str | None = GEMSPEC, *, compress: bool = True) -> bytes:
    members = {"data.tar.gz": gzip.compress(b""), "checksums.yaml.gz": gzip.compress(b"---\n")}
    if metadata_yaml is not None:
        data = metadata_yaml.encode()
        members["metadata.gz"] = gzip.compress(data) if compress else data
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:  # a .gem is a plain tar
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_gem_metadata():
    metadata = ruby.extract_metadata({"rake-13.0.6.gem": make_gem()})
    assert (metadata.name, metadata.version, metadata.display_name) == ("rake", "13.0.6", "rake")
    assert metadata.namespace is None
    assert metadata.summary == "Rake is a Make-like program implemented in Ruby"
    assert metadata.home_page == "https://github.com/ruby/rake"
    assert metadata.source_code_repository == "https://github.com/ruby/rake/tree/v13.0.6"
    assert metadata.licenses == [{"name": "MIT", "url": None}]
    assert metadata.readme is None
    assert metadata.extra == {"platform": "ruby"}
    assert metadata.dependencies == [
        {
            "namespace": None,
            "package": "minitest",
            "dependencyType": "runtime",
            "versionRequirement": ">= 5.0, < 6",
        },
        {
            "namespace": None,
            "package": "bundler",
            "dependencyType": "development",
            "versionRequirement": ">= 0",
        },
    ]


def test_minimal_gemspec_with_plain_version_and_single_license():
    text = (
        "--- !ruby/object:Gem::Specification\nname: tiny\nversion: 0.1.0\n"
        "license: BSD-2-Clause\nmetadata:\n  homepage_uri: https://tiny.example\n"
    )
    metadata = ruby.extract_metadata({"metadata.gz": gzip.compress(text.encode())})
    assert (metadata.name, metadata.version) == ("tiny", "0.1.0")
    assert metadata.home_page == "https://tiny.example"
    assert metadata.licenses == [{"name": "BSD-2-Clause", "url": None}]
    assert metadata.dependencies == []


def test_yaml_reader():
    text = """\
---
plain: hello world # comment
single: 'it''s: fine'
double: "tab\\there \\u00e9 \\"q\\""
flow: ["a", 'b, c', d]
empty_list: []
empty_map: {}
nothing:
tilde: ~
folded: >-
  one
  two

  three
literal: |
  keep
    indent
nested:
  deeper:
    key: value
  list:
  - - x
    - y
  - key: v
    other: w
multi: a plain scalar
  over two lines
...
ignored: true
"""
    assert load_yaml(text) == {
        "plain": "hello world",
        "single": "it's: fine",
        "double": 'tab\there é "q"',
        "flow": ["a", "b, c", "d"],
        "empty_list": [],
        "empty_map": {},
        "nothing": None,
        "tilde": None,
        "folded": "one two\nthree",
        "literal": "keep\n  indent\n",
        "nested": {"deeper": {"key": "value"}, "list": [["x", "y"], {"key": "v", "other": "w"}]},
        "multi": "a plain scalar over two lines",
    }


def test_yaml_reader_edge_documents():
    assert load_yaml("") is None
    assert load_yaml("--- just text") == "just text"
    # PyYAML is a real parser: malformed YAML is a clear error, not a guess.
    with pytest.raises(ValueError, match="is not valid YAML"):
        load_yaml("name: x\n  &anchor *alias: [\n{unclosed")


def test_nothing_is_normalized():
    assert ruby.normalize_name("Rails") == "Rails"
    assert ruby.namespace_rule == "forbidden"
    assert ruby.normalizes_api_input is False


def test_version_ordering():
    expected = [
        "1.0.a",
        "1.0.b1",
        "1.0.0-rc1",
        "1.0.0.pre",
        "1",
        "1.0",
        "1.0.1",
        "1.1",
        "1.10",
        "2.0.0.1",
    ]
    assert ruby.sort_versions(reversed(expected)) == expected
    assert ruby.sort_versions(["junk!", "1.0", ""]) == ["", "junk!", "1.0"]


@pytest.mark.parametrize(
    ("lower", "higher"),
    [("1.a.0.b", "1.a"), ("1.a", "1.a.0.1"), ("1.0.a", "1"), ("0.9", "1.0.a"), ("1.a.b", "1.a.c")],
)
def test_padding_rules_match_gem_version(lower, higher):
    assert ruby.version_sort_key(lower) < ruby.version_sort_key(higher)


def test_trailing_zeros_do_not_matter():
    assert ruby.parsed_version_key("1.0.0") == ruby.parsed_version_key("1")
    assert ruby.parsed_version_key("1.0.a.0") == ruby.parsed_version_key("1.a")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"x.gem": b"junk"}, "not a readable tar archive"),
        ({"x.gem": make_gem(None)}, "has no metadata.gz"),
        ({"x.gem": make_gem(compress=False)}, "not valid gzip data"),
        (
            {"x.gem": make_gem("--- !ruby/object:Gem::Specification\nsummary: no name\n")},
            "lacks the gem's name",
        ),
        ({"x.gem": make_gem("- a\n- b\n")}, "not a gem specification"),
        ({"x.tar": b""}, "no .gem or metadata.gz"),
    ],
)
def test_broken_files_raise_value_error(files, message):
    with pytest.raises(ValueError, match=f"^ruby: .*{message}"):
        ruby.extract_metadata(files)
