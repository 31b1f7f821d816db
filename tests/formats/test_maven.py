"""maven: groupId namespaces, ComparableVersion-like ordering, POM metadata."""

from __future__ import annotations

import pytest

from mock_codeartifact._formats import get_format

maven = get_format("maven")

POM = b"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.example</groupId>
    <artifactId>example-parent</artifactId>
    <version>7</version>
  </parent>
  <groupId>org.example.tools</groupId>
  <artifactId>widget-core</artifactId>
  <version>1.4.0</version>
  <packaging>bundle</packaging>
  <name>Widget Core</name>
  <description>
    Widgets for everyone.
  </description>
  <url>https://widgets.example</url>
  <licenses>
    <license>
      <name>Apache License, Version 2.0</name>
      <url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>
    </license>
  </licenses>
  <scm>
    <url>https://github.com/example/widget</url>
  </scm>
  <properties>
    <guava.version>32.1.2-jre</guava.version>
    <junit.version>${junit.major}.10.0</junit.version>
    <junit.major>5</junit.major>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>managed</groupId><artifactId>only</artifactId><version>1</version></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>com.google.guava</groupId>
      <artifactId>guava</artifactId>
      <version>${guava.version}</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>${junit.version}</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>${project.groupId}</groupId>
      <artifactId>widget-api</artifactId>
      <version>${project.version}</version>
      <scope>runtime</scope>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-api</artifactId>
      <version>[1.7,2.0)</version>
      <scope>provided</scope>
      <optional>true</optional>
    </dependency>
    <dependency>
      <groupId>org.unknown</groupId>
      <artifactId>managed-elsewhere</artifactId>
      <version>${not.defined}</version>
    </dependency>
  </dependencies>
</project>
"""

INHERITING_POM = b"""<project>
  <parent>
    <groupId>org.example</groupId>
    <artifactId>example-parent</artifactId>
    <version>2.0.0</version>
  </parent>
  <artifactId>child</artifactId>
  <dependencies>
    <dependency><groupId>org.example</groupId><artifactId>sibling</artifactId></dependency>
  </dependencies>
</project>
"""


def test_pom_metadata():
    files = {"widget-core-1.4.0.pom": POM, "widget-core-1.4.0.jar": b"PK\x03\x04 not read"}
    metadata = maven.extract_metadata(files)
    assert (metadata.namespace, metadata.name, metadata.version) == (
        "org.example.tools",
        "widget-core",
        "1.4.0",
    )
    assert metadata.display_name == "widget-core"
    assert metadata.summary == "Widgets for everyone."
    assert metadata.home_page == "https://widgets.example"
    assert metadata.source_code_repository == "https://github.com/example/widget"
    assert metadata.licenses == [
        {
            "name": "Apache License, Version 2.0",
            "url": "https://www.apache.org/licenses/LICENSE-2.0.txt",
        }
    ]
    assert metadata.readme is None
    assert metadata.extra == {"packaging": "bundle", "name": "Widget Core"}
    assert metadata.dependencies == [
        {
            "namespace": "org.example",
            "package": "example-parent",
            "dependencyType": "parent",
            "versionRequirement": "7",
        },
        {
            "namespace": "com.google.guava",
            "package": "guava",
            "dependencyType": "compile",
            "versionRequirement": "32.1.2-jre",
        },
        {
            "namespace": "org.junit.jupiter",
            "package": "junit-jupiter",
            "dependencyType": "test",
            "versionRequirement": "5.10.0",
        },
        {
            "namespace": "org.example.tools",
            "package": "widget-api",
            "dependencyType": "runtime",
            "versionRequirement": "1.4.0",
        },
        {
            "namespace": "org.slf4j",
            "package": "slf4j-api",
            "dependencyType": "optional",
            "versionRequirement": "[1.7,2.0)",
        },
        {
            "namespace": "org.unknown",
            "package": "managed-elsewhere",
            "dependencyType": "compile",
            "versionRequirement": "${not.defined}",
        },
    ]


def test_pom_without_xml_namespace_inherits_coordinates_from_parent():
    metadata = maven.extract_metadata({"pom.xml": INHERITING_POM})
    assert (metadata.namespace, metadata.name, metadata.version) == (
        "org.example",
        "child",
        "2.0.0",
    )
    assert metadata.extra == {"packaging": "jar"}
    assert metadata.dependencies[1] == {
        "namespace": "org.example",
        "package": "sibling",
        "dependencyType": "compile",
        "versionRequirement": None,
    }


def test_jar_alone_gives_no_metadata():
    metadata = maven.extract_metadata({"widget-core-1.4.0.jar": b"PK"})
    assert metadata.name is None and metadata.version is None and metadata.dependencies == []


def test_names_and_namespace_rules():
    assert maven.namespace_rule == "required"
    assert maven.normalize_name("Widget") == "Widget"
    assert maven.normalizes_api_input is False
    assert maven.display_name("org.example", "widget-core", "Widget Core") == "widget-core"


def test_version_ordering():
    expected = [
        "1.0-alpha-1",
        "1.0-beta",
        "1.0-milestone-1",
        "1.0-rc1",
        "1.0-cr2",
        "1.0-SNAPSHOT",
        "1.0",
        "1.0-sp1",
        "1.0-foo",
        "1.0.1",
        "1.1",
        "1.10",
        "2",
    ]
    assert maven.sort_versions(reversed(expected)) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1", "1.0.0"),
        ("1.0-ga", "1"),
        ("1.0.RELEASE", "1-final"),
        ("1.0-a1", "1.0-alpha-1"),
        ("1.0.0-RC1", "1-rc-1"),
        ("1-b2", "1-BETA.2"),
    ],
)
def test_equivalent_versions_rank_equally(a, b):
    assert maven.parsed_version_key(a) == maven.parsed_version_key(b)


def test_single_letter_qualifier_without_digit_is_not_an_alias():
    assert maven.sort_versions(["1.0-a", "1.0-sp"]) == ["1.0-sp", "1.0-a"]


def test_default_display_version_is_most_recently_published():
    assert maven.default_display_version(["1.1", "1.0-SNAPSHOT"]) == "1.0-SNAPSHOT"


@pytest.mark.parametrize(
    ("pom", "message"),
    [
        (b"<project><artifactId>x</artifactId>", "not well-formed XML"),
        (b"<settings/>", "not a POM"),
        (
            b"<project><groupId>g</groupId><version>1</version></project>",
            "lacks groupId, artifactId or version",
        ),
    ],
)
def test_broken_pom_raises_value_error(pom, message):
    with pytest.raises(ValueError, match=f"maven: 'x.pom' .*{message}"):
        maven.extract_metadata({"x.pom": pom})
