"""The real ``mvn``: ``mvn deploy`` of a SNAPSHOT, twice, and a consumer
build with ``-U`` that takes the newer build over a jar it installed locally
in between (what stale ``<updated>``/``<lastUpdated>`` metadata breaks).

Maven's plugins come from Maven Central, which is not reachable here. Maven
is pointed at a local directory in the repository layout instead (a
``file://`` mirror of ``central``): ``$MOCK_CODEARTIFACT_MAVEN_PLUGINS``,
else ``~/.m2/repository`` (which on this project's machines holds the
plugins), else ``/usr/share/maven-repo``, where Debian's
``libmaven-*-plugin-java`` packages put them (``.ci/run`` installs those, so
a fresh machine has them too). Each Maven "machine" (producer, consumer) has
its own empty local repository, so nothing is resolved from a cache; the
plugins are copied in from that directory, the project's artifacts only
ever come from the mock. Without the plugins the test skips, saying which
are missing; the same wire sequence is tested with plain ``requests`` in
``test_maven.py`` (``test_a_second_snapshot_deploy_moves_updated_and_last_updated``)."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.clients import private_env, run
from tests.endpoints.repositories import auth_token

MVN = shutil.which("mvn")
#: The plugins the jar lifecycle up to deploy runs, each pinned to the first
#: of these versions its directory holds: ~/.m2 on this project's machines
#: holds the first, Debian's packages (/usr/share/maven-repo) the second.
#: (Maven 3.8's own defaults are older versions whose dependencies ~/.m2 lacks.)
KNOWN_GOOD = {"maven-resources-plugin": ("3.3.1", "3.3.0"), "maven-compiler-plugin": ("3.13.0", "3.10.1"),
              "maven-surefire-plugin": ("3.2.5", "2.22.3"), "maven-jar-plugin": ("3.4.1", "3.3.0"),
              "maven-install-plugin": ("3.1.1", "3.1.0"), "maven-deploy-plugin": ("3.1.1", "3.0.0")}


def _plugins_in(directory: Path) -> dict[str, str] | None:
    """Plugin -> the version to pin, if ``directory`` holds one of each."""
    folder = directory / "org" / "apache" / "maven" / "plugins"
    chosen = {}
    for artifact, versions in KNOWN_GOOD.items():
        found = next((v for v in versions if (folder / artifact / v / f"{artifact}-{v}.jar").is_file()), None)
        if found is None:
            return None
        chosen[artifact] = found
    return chosen


#: Where Maven's plugins come from, in order of preference.
CANDIDATES = [Path(p) for p in (os.environ.get("MOCK_CODEARTIFACT_MAVEN_PLUGINS"),
                                Path.home() / ".m2" / "repository", "/usr/share/maven-repo") if p]
PLUGIN_SOURCE, PLUGINS = next(((d, found) for d in CANDIDATES if (found := _plugins_in(d)) is not None),
                              (CANDIDATES[0], {}))


def _skip_reason() -> str | None:
    if MVN is None:
        return "mvn is not on PATH"
    if not PLUGINS:
        return ("Maven Central is unreachable and none of " + ", ".join(map(str, CANDIDATES)) + " holds "
                + ", ".join(f"{a} ({' or '.join(v)})" for a, v in KNOWN_GOOD.items())
                + " (.ci/run installs Debian's libmaven-*-plugin-java and libsurefire-java packages)")
    return None


PLUGIN_MANAGEMENT = "".join(
    f"<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>{a}</artifactId><version>{v}</version></plugin>"
    for a, v in PLUGINS.items()
)


def _pom(artifact: str, body: str) -> str:
    return f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example.mvn</groupId><artifactId>{artifact}</artifactId><version>1.0-SNAPSHOT</version>
  <properties><maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  {body}
  <build><pluginManagement><plugins>{PLUGIN_MANAGEMENT}</plugins></pluginManagement></build>
</project>
"""


class Machine:
    """One Maven user: a private HOME, an empty local repository, and a
    settings.xml with the repository's credentials (``aws`` / the token, as
    AWS's Maven page configures them) and central mirrored to the plugins."""

    def __init__(self, root: Path, password: str) -> None:
        self.root = root
        self.local = root / "local-repository"
        self.settings = root / "settings.xml"
        root.mkdir(parents=True)
        self.settings.write_text(
            f"<settings><localRepository>{self.local}</localRepository>"
            "<servers><server><id>codeartifact</id><username>aws</username>"
            f"<password>{password}</password></server></servers>"
            "<mirrors><mirror><id>plugins</id><mirrorOf>central</mirrorOf>"
            f"<url>{PLUGIN_SOURCE.as_uri()}</url></mirror></mirrors></settings>"
        )
        self.env = private_env(root / "home", MAVEN_OPTS="-Xmx256m")

    def mvn(self, project: Path, *goals: str, check: bool = True):  # type: ignore[no-untyped-def]
        assert MVN is not None
        result = run([MVN, "-B", "-s", str(self.settings), *goals], cwd=project, env=self.env, timeout=300,
                     check=False)
        if "PluginResolutionException" in result.stdout:
            pytest.skip(f"a plugin's dependencies are missing from {PLUGIN_SOURCE}: {result.stdout[-400:]}")
        if check:
            assert result.returncode == 0, result.stdout[-4000:]
        return result


def _library(root: Path, endpoint: str, build: str) -> Path:
    source = root / "src" / "main" / "java" / "org" / "example" / "mvn"
    source.mkdir(parents=True, exist_ok=True)
    (source / "Lib.java").write_text(
        f'package org.example.mvn; public class Lib {{ public static String build() {{ return "{build}"; }} }}\n')
    (root / "pom.xml").write_text(_pom("lib", (
        "<distributionManagement><snapshotRepository><id>codeartifact</id>"
        f"<url>{endpoint}</url></snapshotRepository></distributionManagement>")))
    return root


def _consumer(root: Path, endpoint: str) -> Path:
    source = root / "src" / "main" / "java" / "org" / "example" / "app"
    source.mkdir(parents=True)
    (source / "App.java").write_text(
        "package org.example.app; public class App { public static void main(String[] a) {"
        " System.out.println(org.example.mvn.Lib.build()); } }\n")
    (root / "pom.xml").write_text(_pom("app", (
        "<dependencies><dependency><groupId>org.example.mvn</groupId><artifactId>lib</artifactId>"
        "<version>1.0-SNAPSHOT</version></dependency></dependencies>"
        "<repositories><repository><id>codeartifact</id>"
        f"<url>{endpoint}</url><releases><enabled>true</enabled></releases>"
        "<snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy></snapshots>"
        "</repository></repositories>")))
    return root


def _resolved_build(machine: Machine) -> str:
    """Which build of the library the consumer's local repository resolved
    (the string its ``Lib.class`` returns)."""
    jar = machine.local / "org" / "example" / "mvn" / "lib" / "1.0-SNAPSHOT" / "lib-1.0-SNAPSHOT.jar"
    with zipfile.ZipFile(jar) as archive:
        code = archive.read("org/example/mvn/Lib.class")
    return next(b for b in ("build one", "build two", "local build") if b.encode() in code)


@pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")
def test_mvn_deploy_of_a_snapshot_twice_and_a_consumer_with_u(codeartifact_client, codeartifact_mock, tmp_path):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="snapshots")
    token = auth_token(codeartifact_client)
    with ThreadedServer(codeartifact_mock) as server:
        endpoint = server.endpoint("acme", "snapshots", "maven")
        producer = Machine(tmp_path / "producer", token)
        consumer = Machine(tmp_path / "consumer", token)
        intruder = Machine(tmp_path / "intruder", "not-a-token")

        library = _library(tmp_path / "lib", endpoint, "build one")
        refused = intruder.mvn(library, "deploy", check=False)
        assert refused.returncode != 0 and "401" in refused.stdout, refused.stdout[-3000:]
        producer.mvn(library, "deploy")

        app = _consumer(tmp_path / "app", endpoint)
        # (a fresh intruder: the first one's deploy installed the library locally)
        denied = Machine(tmp_path / "intruder2", "not-a-token").mvn(app, "-U", "compile", check=False)
        assert denied.returncode != 0 and "401" in denied.stdout, denied.stdout[-3000:]
        consumer.mvn(app, "-U", "compile")
        assert _resolved_build(consumer) == "build one"

        # The consumer installs a local build of the library; later the
        # producer deploys build two, which `mvn -U` must then prefer.
        consumer.mvn(_library(tmp_path / "local-lib", endpoint, "local build"), "install")
        assert _resolved_build(consumer) == "local build"
        time.sleep(1.1)  # metadata times have one-second resolution
        producer.mvn(_library(library, endpoint, "build two"), "deploy")
        consumer.mvn(app, "-U", "compile")
        assert _resolved_build(consumer) == "build two"

    versions = codeartifact_client.list_package_versions(
        domain="acme", repository="snapshots", format="maven", namespace="org.example.mvn", package="lib")["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [("1.0-SNAPSHOT", "Published")]
    assets = codeartifact_client.list_package_version_assets(
        domain="acme", repository="snapshots", format="maven", namespace="org.example.mvn", package="lib",
        packageVersion="1.0-SNAPSHOT")["assets"]
    jars = sorted(a["name"] for a in assets if a["name"].endswith(".jar"))
    assert len(jars) == 2 and jars[0].endswith("-1.jar") and jars[1].endswith("-2.jar")


def test_maven_has_its_plugins_when_ci_runs():
    """In CI (``CI`` set) mvn and its plugins must be there: a skip would
    hide a missing install step in ``.ci/run``."""
    if not os.environ.get("CI"):
        pytest.skip("only checked in CI, where .ci/run installs Debian's Maven plugins")
    assert _skip_reason() is None, _skip_reason()
