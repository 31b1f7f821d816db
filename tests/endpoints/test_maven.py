"""Maven through the repository endpoint, spoken with plain ``requests`` as
``mvn deploy`` and dependency resolution speak it (Maven's own plugins cannot
be downloaded here): in-process through the ``requests`` door, and over real HTTP
against the ``ThreadedServer``; through an upstream and an external
connection."""

from __future__ import annotations

import datetime
import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import boto3
import pytest
import requests

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.repositories import auth_token, endpoint_url, make_acme, token_auth

GROUP_PATH = "org/example"


def pom(version: str, artifact: str = "lib", group: str = "org.example") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>{group}</groupId>
  <artifactId>{artifact}</artifactId>
  <version>{version}</version>
  <description>The {artifact} library</description>
  <url>https://example.invalid/{artifact}</url>
  <licenses><license><name>Apache-2.0</name></license></licenses>
  <dependencies>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.9</version></dependency>
  </dependencies>
</project>
""".encode()


def jar(version: str, artifact: str = "lib") -> bytes:
    return f"PK fake jar of {artifact} {version}".encode()


def metadata_xml(*versions: str, artifact: str = "lib", group: str = "org.example") -> bytes:
    listed = "".join(f"<version>{v}</version>" for v in versions)
    return (
        f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><metadata><groupId>{group}</groupId>"
        f"<artifactId>{artifact}</artifactId><versioning><latest>{versions[-1]}</latest>"
        f"<release>{versions[-1]}</release><versions>{listed}</versions>"
        f"<lastUpdated>20240101120000</lastUpdated></versioning></metadata>"
    ).encode()


def put(url: str, auth, data: bytes, expected: int = 200) -> requests.Response:
    response = requests.put(url, data=data, auth=auth, headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == expected, (url, response.status_code, response.text)
    return response


def deploy_files(base: str, auth, version: str, artifact: str = "lib") -> dict[str, bytes]:
    """What ``mvn deploy`` uploads for a jar project before the metadata:
    each file, then its .sha1 and .md5."""
    folder = f"{base}{GROUP_PATH}/{artifact}/{version}/"
    files = {f"{artifact}-{version}.jar": jar(version, artifact), f"{artifact}-{version}.pom": pom(version, artifact)}
    for name, data in files.items():
        put(folder + name, auth, data)
        put(folder + name + ".sha1", auth, hashlib.sha1(data).hexdigest().encode())
        put(folder + name + ".md5", auth, hashlib.md5(data).hexdigest().encode())
    return files


def deploy_metadata(base: str, auth, *versions: str, artifact: str = "lib") -> None:
    document = metadata_xml(*versions, artifact=artifact)
    url = f"{base}{GROUP_PATH}/{artifact}/maven-metadata.xml"
    put(url, auth, document)
    put(url + ".sha1", auth, hashlib.sha1(document).hexdigest().encode())
    put(url + ".md5", auth, hashlib.md5(document).hexdigest().encode())


def deploy(base: str, auth, version: str, artifact: str = "lib") -> dict[str, bytes]:
    """A whole ``mvn deploy``: files, a GET of the current metadata (404
    for a new artifact), then the metadata merged with the new version."""
    files = deploy_files(base, auth, version, artifact)
    current = requests.get(f"{base}{GROUP_PATH}/{artifact}/maven-metadata.xml", auth=auth)
    known = parse_metadata(current.content)["versions"] if current.status_code == 200 else []
    deploy_metadata(base, auth, *known, version, artifact=artifact)
    return files


def parse_metadata(document: bytes) -> dict:
    root = ElementTree.fromstring(document)
    versioning = root.find("versioning")
    return {
        "groupId": root.findtext("groupId"),
        "artifactId": root.findtext("artifactId"),
        "latest": versioning.findtext("latest"),
        "release": versioning.findtext("release"),
        "versions": [v.text for v in versioning.find("versions")],
        "lastUpdated": versioning.findtext("lastUpdated"),
    }


@pytest.fixture
def acme(codeartifact_client):
    return make_acme(codeartifact_client, "maven-store", "public:maven-central")


def endpoint(client, repository: str) -> str:
    return endpoint_url(client, repository, "maven")


def status_of(client, version: str, repository: str = "staging", package: str = "lib") -> str:
    return client.describe_package_version(
        domain="acme", repository=repository, format="maven", namespace="org.example", package=package,
        packageVersion=version,
    )["packageVersion"]["status"]


def test_deploy_stays_unfinished_until_the_metadata_is_published(acme):
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    assert base.startswith("https://acme-123456789012.d.codeartifact.us-east-1.amazonaws.com/maven/staging/")
    files = deploy_files(base, auth, "1.0")
    assert status_of(acme, "1.0") == "Unfinished"
    assets = acme.list_package_version_assets(
        domain="acme", repository="staging", format="maven", namespace="org.example", package="lib",
        packageVersion="1.0")["assets"]
    assert sorted(a["name"] for a in assets) == ["lib-1.0.jar", "lib-1.0.pom"]  # checksums are not assets
    # Not offered to clients yet: files, checksums and the metadata answer 404.
    folder = f"{base}{GROUP_PATH}/lib/1.0/"
    assert requests.get(folder + "lib-1.0.jar", auth=auth).status_code == 404
    assert requests.get(folder + "lib-1.0.jar.sha1", auth=auth).status_code == 404
    assert requests.get(f"{base}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth).status_code == 404

    deploy_metadata(base, auth, "1.0")
    assert status_of(acme, "1.0") == "Published"
    described = acme.describe_package_version(
        domain="acme", repository="staging", format="maven", namespace="org.example", package="lib",
        packageVersion="1.0")["packageVersion"]
    assert described["summary"] == "The lib library" and described["licenses"] == [{"name": "Apache-2.0"}]
    assert described["origin"] == {"domainEntryPoint": {"repositoryName": "staging"}, "originType": "INTERNAL"}
    dependencies = acme.list_package_version_dependencies(
        domain="acme", repository="staging", format="maven", namespace="org.example", package="lib",
        packageVersion="1.0")["dependencies"]
    assert dependencies == [{"namespace": "org.slf4j", "package": "slf4j-api", "dependencyType": "compile",
                             "versionRequirement": "2.0.9"}]

    for name, data in files.items():
        download = requests.get(folder + name, auth=auth)
        assert download.status_code == 200 and download.content == data
        for extension, algorithm in (("md5", "md5"), ("sha1", "sha1"), ("sha256", "sha256"), ("sha512", "sha512")):
            checksum = requests.get(f"{folder}{name}.{extension}", auth=auth)
            assert checksum.status_code == 200
            assert checksum.text == hashlib.new(algorithm, data).hexdigest()
    assert requests.head(folder + "lib-1.0.jar", auth=auth).status_code == 200
    assert requests.get(folder + "lib-1.0-sources.jar", auth=auth).status_code == 404

    document = requests.get(f"{base}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth)
    assert document.status_code == 200
    metadata = parse_metadata(document.content)
    assert metadata["groupId"] == "org.example" and metadata["artifactId"] == "lib"
    assert metadata["versions"] == ["1.0"] and metadata["latest"] == metadata["release"] == "1.0"
    assert re.fullmatch(r"\d{14}", metadata["lastUpdated"])
    sha1 = requests.get(f"{base}{GROUP_PATH}/lib/maven-metadata.xml.sha1", auth=auth).text
    assert sha1 == hashlib.sha1(document.content).hexdigest()


def test_a_second_version_updates_latest_and_release_in_maven_order(acme):
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    deploy(base, auth, "1.9")
    deploy(base, auth, "1.10")
    metadata = parse_metadata(requests.get(f"{base}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth).content)
    assert metadata["versions"] == ["1.9", "1.10"]  # ComparableVersion order, not text order
    assert metadata["latest"] == metadata["release"] == "1.10"
    deploy(base, auth, "2.0-SNAPSHOT")
    metadata = parse_metadata(requests.get(f"{base}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth).content)
    assert metadata["versions"] == ["1.9", "1.10", "2.0-SNAPSHOT"]
    assert (metadata["latest"], metadata["release"]) == ("2.0-SNAPSHOT", "1.10")
    assert {status_of(acme, v) for v in ("1.9", "1.10", "2.0-SNAPSHOT")} == {"Published"}


def test_metadata_completes_only_the_versions_it_lists(acme):
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    deploy_files(base, auth, "1.0")
    deploy_files(base, auth, "1.1")
    deploy_metadata(base, auth, "1.0", "0.9")  # 0.9 does not exist here: ignored
    assert (status_of(acme, "1.0"), status_of(acme, "1.1")) == ("Published", "Unfinished")
    metadata = parse_metadata(requests.get(f"{base}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth).content)
    assert metadata["versions"] == ["1.0"]
    packages = acme.list_package_versions(domain="acme", repository="staging", format="maven",
                                          namespace="org.example", package="lib")["versions"]
    assert sorted(v["version"] for v in packages) == ["1.0", "1.1"]


def test_checksum_uploads_are_checked_against_the_file(acme):
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    folder = f"{base}{GROUP_PATH}/lib/1.0/"
    data = jar("1.0")
    # A checksum before its file cannot be checked: accepted.
    put(folder + "lib-1.0.jar.sha256", auth, hashlib.sha256(data).hexdigest().encode())
    put(folder + "lib-1.0.jar", auth, data)
    put(folder + "lib-1.0.jar.sha1", auth, f"{hashlib.sha1(data).hexdigest().upper()}  lib-1.0.jar\n".encode())
    put(folder + "lib-1.0.jar.sha512", auth, hashlib.sha512(data).hexdigest().encode())
    wrong = put(folder + "lib-1.0.jar.md5", auth, hashlib.md5(b"something else").hexdigest().encode(), expected=400)
    assert "mismatch" in wrong.json()["error"].lower()
    put(folder + "lib-1.0.jar.sha1", auth, b"not a checksum", expected=400)


def test_a_checksum_of_a_file_whose_blob_is_gone_is_not_found():
    """A listed file whose blob no store holds: its checksum answers 404, as the file does."""
    from types import SimpleNamespace

    from mock_codeartifact._endpoints import maven as protocol

    found = SimpleNamespace(version=SimpleNamespace(assets=[SimpleNamespace(name="lib-1.0.jar")]))

    class BlobGone:
        def fetch(self, namespace, name, version):
            return found

        def hashes(self, version, name):
            return None

        def asset(self, version, name):
            return None

    for checksum in (None, "sha1"):
        response = protocol._get_file(BlobGone(), "org.example", "lib", "1.0", "lib-1.0.jar", checksum)
        assert (response.status, checksum) == (404, checksum)


def test_bad_uploads_are_refused(acme):
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    folder = f"{base}{GROUP_PATH}/lib/1.0/"
    put(folder + "other-1.0.jar", auth, b"x", expected=400)  # not a file of lib 1.0
    put(folder + "lib-1.0.pom", auth, b"<project><broken>", expected=400)  # not XML
    put(folder + "lib-1.0.jar", auth, b"", expected=400)
    put(folder + "lib-1.0.jar", auth, jar("1.0"))
    put(folder + "lib-1.0.jar", auth, jar("1.0"))  # the same file again: accepted
    put(folder + "lib-1.0.jar", auth, b"different bytes", expected=409)
    url = f"{base}{GROUP_PATH}/lib/maven-metadata.xml"
    put(url, auth, b"not xml", expected=400)
    put(url, auth, metadata_xml("1.0", artifact="other"), expected=400)
    assert status_of(acme, "1.0") == "Unfinished"
    assert requests.delete(folder + "lib-1.0.jar", auth=auth).status_code == 405
    assert requests.get(f"{base}{GROUP_PATH}/lib", auth=auth).status_code == 404


def test_plain_and_unique_snapshots(acme):
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    # Plain: lib-1.0-SNAPSHOT.jar, downloaded by that name.
    files = deploy(base, auth, "1.0-SNAPSHOT")
    folder = f"{base}{GROUP_PATH}/lib/1.0-SNAPSHOT/"
    assert requests.get(folder + "lib-1.0-SNAPSHOT.jar", auth=auth).content == files["lib-1.0-SNAPSHOT.jar"]
    assert requests.get(folder + "maven-metadata.xml", auth=auth).status_code == 404  # Maven then uses plain names

    # Unique (timestamped), as Maven 3 deploys them: builds 1 and 2 of 2.0-SNAPSHOT.
    folder = f"{base}{GROUP_PATH}/lib/2.0-SNAPSHOT/"
    for build, stamp in ((1, "20240101.120000"), (2, "20240102.130000")):
        put(f"{folder}lib-2.0-{stamp}-{build}.jar", auth, f"build {build}".encode())
        put(f"{folder}lib-2.0-{stamp}-{build}.pom", auth, pom("2.0-SNAPSHOT"))
        put(f"{folder}lib-2.0-{stamp}-{build}-sources.jar", auth, f"sources {build}".encode())
        put(folder + "maven-metadata.xml", auth, b"<metadata><groupId>org.example</groupId><artifactId>lib</artifactId>"
                                                 b"<version>2.0-SNAPSHOT</version></metadata>")
    assert status_of(acme, "2.0-SNAPSHOT") == "Published"
    document = requests.get(folder + "maven-metadata.xml", auth=auth)
    assert document.status_code == 200
    root = ElementTree.fromstring(document.content)
    assert root.findtext("version") == "2.0-SNAPSHOT"
    assert root.findtext("versioning/snapshot/timestamp") == "20240102.130000"
    assert root.findtext("versioning/snapshot/buildNumber") == "2"
    entries = {(e.findtext("classifier"), e.findtext("extension")): e.findtext("value")
               for e in root.find("versioning/snapshotVersions")}
    assert entries == {(None, "jar"): "2.0-20240102.130000-2", (None, "pom"): "2.0-20240102.130000-2",
                       ("sources", "jar"): "2.0-20240102.130000-2"}
    assert requests.get(folder + "lib-2.0-20240101.120000-1.jar", auth=auth).content == b"build 1"
    # A plain-name request falls back to the latest build.
    assert requests.get(folder + "lib-2.0-SNAPSHOT.jar", auth=auth).content == b"build 2"
    assert requests.get(folder + "lib-2.0-SNAPSHOT-sources.jar", auth=auth).content == b"sources 2"
    sha1 = requests.get(folder + "maven-metadata.xml.sha1", auth=auth).text
    assert sha1 == hashlib.sha1(document.content).hexdigest()


def deploy_snapshot_build(base: str, auth, clock, build: int) -> str:
    """One ``mvn deploy`` of 2.0-SNAPSHOT as Maven 3 does it: the unique
    files stamped with the deploying client's UTC time, then the metadata."""
    stamp = clock.now().astimezone(datetime.timezone.utc).strftime("%Y%m%d.%H%M%S")
    folder = f"{base}{GROUP_PATH}/lib/2.0-SNAPSHOT/"
    put(f"{folder}lib-2.0-{stamp}-{build}.jar", auth, f"build {build}".encode())
    put(f"{folder}lib-2.0-{stamp}-{build}.pom", auth, pom("2.0-SNAPSHOT"))
    put(folder + "maven-metadata.xml", auth, b"<metadata><groupId>org.example</groupId><artifactId>lib</artifactId>"
                                             b"<version>2.0-SNAPSHOT</version></metadata>")
    put(f"{base}{GROUP_PATH}/lib/maven-metadata.xml", auth, metadata_xml("2.0-SNAPSHOT"))
    return stamp


def test_a_second_snapshot_deploy_moves_updated_and_last_updated(acme, codeartifact_mock):
    """After a second deploy of a SNAPSHOT, ``<snapshotVersion><updated>``
    and ``<lastUpdated>`` (version and artifact level) are the newest
    deploy's, so ``mvn -U`` consumers take the new build over a jar they
    installed locally in between."""
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    clock = codeartifact_mock.registry.clock
    clock.freeze()  # the deploying client and the service agree on the second
    folder = f"{base}{GROUP_PATH}/lib/2.0-SNAPSHOT/"

    def documents() -> tuple[ElementTree.Element, ElementTree.Element]:
        version = requests.get(folder + "maven-metadata.xml", auth=auth)
        artifact = requests.get(f"{base}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth)
        assert version.status_code == artifact.status_code == 200
        return ElementTree.fromstring(version.content), ElementTree.fromstring(artifact.content)

    first = deploy_snapshot_build(base, auth, clock, 1).replace(".", "")
    version, artifact = documents()
    assert version.findtext("versioning/lastUpdated") == first
    assert {e.findtext("updated") for e in version.find("versioning/snapshotVersions")} == {first}
    assert artifact.findtext("versioning/lastUpdated") == first

    clock.advance(hours=2)
    second = deploy_snapshot_build(base, auth, clock, 2).replace(".", "")
    assert second > first
    version, artifact = documents()
    assert version.findtext("versioning/snapshot/buildNumber") == "2"
    assert version.findtext("versioning/lastUpdated") == second
    assert {e.findtext("updated") for e in version.find("versioning/snapshotVersions")} == {second}
    assert artifact.findtext("versioning/lastUpdated") == second
    assert requests.get(folder + "lib-2.0-SNAPSHOT.jar", auth=auth).content == b"build 2"


def test_through_an_upstream_and_an_external_connection(acme, codeartifact_mock):
    public = codeartifact_mock.registry.public_registry("public:maven-central")
    public_files = {"commons-1.0.jar": b"public jar", "commons-1.0.pom": pom("1.0", "commons")}
    public.publish_package(namespace="org.example", package="commons", version="1.0", files=public_files)
    public.publish_package(namespace="org.example", package="commons", version="1.1",
                           files={"commons-1.1.jar": b"public jar 1.1", "commons-1.1.pom": pom("1.1", "commons")})
    auth = token_auth(acme)
    deploy(endpoint(acme, "staging"), auth, "1.0")
    release = endpoint(acme, "release")

    # Listing merges the upstream's and the public registry's versions, and retains nothing.
    metadata = parse_metadata(requests.get(f"{release}{GROUP_PATH}/commons/maven-metadata.xml", auth=auth).content)
    assert metadata["versions"] == ["1.0", "1.1"] and metadata["release"] == "1.1"
    assert parse_metadata(requests.get(f"{release}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth).content)[
        "versions"] == ["1.0"]
    assert acme.list_packages(domain="acme", repository="release")["packages"] == []

    download = requests.get(f"{release}{GROUP_PATH}/commons/1.0/commons-1.0.jar", auth=auth)
    assert download.status_code == 200 and download.content == b"public jar"
    sha1 = requests.get(f"{release}{GROUP_PATH}/commons/1.0/commons-1.0.pom.sha1", auth=auth).text
    assert sha1 == hashlib.sha1(public_files["commons-1.0.pom"]).hexdigest()
    assert requests.get(f"{release}{GROUP_PATH}/lib/1.0/lib-1.0.jar", auth=auth).content == jar("1.0")
    assert requests.get(f"{release}{GROUP_PATH}/commons/2.0/commons-2.0.jar", auth=auth).status_code == 404

    # Retained as the service retains: upstream ones in release only, external
    # ones in release and in maven-store (the connection's repository).
    listed = {
        repo: {p["package"] for p in acme.list_packages(domain="acme", repository=repo)["packages"]}
        for repo in ("release", "staging", "maven-store")
    }
    assert listed == {"release": {"lib", "commons"}, "staging": {"lib"}, "maven-store": {"commons"}}
    versions = acme.list_package_versions(domain="acme", repository="maven-store", format="maven",
                                          namespace="org.example", package="commons")["versions"]
    assert [v["version"] for v in versions] == ["1.0"]  # only the fetched one
    external = acme.describe_package_version(
        domain="acme", repository="release", format="maven", namespace="org.example", package="commons",
        packageVersion="1.0")["packageVersion"]
    assert external["origin"] == {"domainEntryPoint": {"externalConnectionName": "public:maven-central"},
                                  "originType": "EXTERNAL"}
    assert external["summary"] == "The commons library"
    upstream = acme.describe_package_version(
        domain="acme", repository="release", format="maven", namespace="org.example", package="lib",
        packageVersion="1.0")["packageVersion"]
    assert upstream["origin"] == {"domainEntryPoint": {"repositoryName": "staging"}, "originType": "INTERNAL"}

    # A package that arrived from upstream is publish=BLOCK there (403); a
    # version in the public registry cannot be published where it is reachable (409).
    put(f"{endpoint(acme, 'maven-store')}{GROUP_PATH}/commons/1.1/commons-1.1.jar", auth, b"mine", expected=403)
    public.publish_package(namespace="org.example", package="tools", version="1.0",
                           files={"tools-1.0.jar": b"public tools"})
    put(f"{release}{GROUP_PATH}/tools/1.0/tools-1.0.jar", auth, b"mine", expected=409)


def test_unlisted_downloads_but_is_not_listed_archived_does_not_download(acme):
    base, auth = endpoint(acme, "staging"), token_auth(acme)
    deploy(base, auth, "1.0")
    deploy(base, auth, "1.1")
    acme.update_package_versions_status(domain="acme", repository="staging", format="maven", namespace="org.example",
                                        package="lib", versions=["1.0"], targetStatus="Unlisted")
    acme.update_package_versions_status(domain="acme", repository="staging", format="maven", namespace="org.example",
                                        package="lib", versions=["1.1"], targetStatus="Archived")
    assert requests.get(f"{base}{GROUP_PATH}/lib/1.0/lib-1.0.jar", auth=auth).content == jar("1.0")
    assert requests.get(f"{base}{GROUP_PATH}/lib/1.1/lib-1.1.jar", auth=auth).status_code == 404
    assert requests.get(f"{base}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth).status_code == 404


@pytest.mark.parametrize("auth", [None, ("aws", "not-a-token")])
def test_missing_or_unknown_token_is_refused(acme, auth):
    base = endpoint(acme, "staging")
    assert requests.get(f"{base}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth).status_code == 401
    response = requests.put(f"{base}{GROUP_PATH}/lib/1.0/lib-1.0.jar", data=b"x", auth=auth)
    assert response.status_code == 401 and "Basic" in response.headers["WWW-Authenticate"]
    assert acme.list_packages(domain="acme", repository="staging")["packages"] == []


def test_deploy_and_resolve_against_the_server(acme, codeartifact_mock):
    public = codeartifact_mock.registry.public_registry("public:maven-central")
    public.publish_package(namespace="org.example", package="lib", version="0.9",
                           files={"lib-0.9.jar": b"public 0.9", "lib-0.9.pom": pom("0.9")})
    with ThreadedServer(codeartifact_mock) as server:
        api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url)
        staging = endpoint(api, "staging")
        assert staging == server.endpoint("acme", "staging", "maven")
        auth = token_auth(api)
        files = deploy(staging, auth, "1.0")
        assert requests.get(f"{staging}{GROUP_PATH}/lib/1.0/lib-1.0.jar").status_code == 401
        release = server.endpoint("acme", "release", "maven")
        metadata = parse_metadata(requests.get(f"{release}{GROUP_PATH}/lib/maven-metadata.xml", auth=auth).content)
        assert metadata["versions"] == ["0.9", "1.0"] and metadata["latest"] == "1.0"
        for version, name, expected in (("1.0", "lib-1.0.jar", files["lib-1.0.jar"]), ("0.9", "lib-0.9.jar", b"public 0.9")):
            download = requests.get(f"{release}{GROUP_PATH}/lib/{version}/{name}", auth=auth)
            assert download.status_code == 200 and download.content == expected
            sha1 = requests.get(f"{release}{GROUP_PATH}/lib/{version}/{name}.sha1", auth=auth).text
            assert sha1 == hashlib.sha1(expected).hexdigest()
    assert status_of(acme, "1.0") == "Published"
    assert {v["version"] for v in acme.list_package_versions(
        domain="acme", repository="release", format="maven", namespace="org.example", package="lib")["versions"]
    } == {"0.9", "1.0"}


DEPLOY_PLUGIN = "org.apache.maven.plugins:maven-deploy-plugin:3.1.1"
PROBE_GROUP = "mockcodeartifact-probe.example"


def _deploy_plugin_available() -> bool:
    plugin = Path.home() / ".m2/repository/org/apache/maven/plugins/maven-deploy-plugin/3.1.1"
    return shutil.which("mvn") is not None and (plugin / "maven-deploy-plugin-3.1.1.jar").exists()


@pytest.mark.slow
@pytest.mark.skipif(not _deploy_plugin_available(), reason="needs mvn and maven-deploy-plugin 3.1.1 in ~/.m2")
def test_real_mvn_deploy_file_against_the_server(acme, codeartifact_mock, tmp_path):
    """``mvn deploy:deploy-file`` itself (when its plugin is already in the
    local repository: nothing can be downloaded here). Every remote is
    mirrored to the server so Maven never reaches the network; Maven's own
    resolver files for the probe group are removed from ~/.m2 afterwards."""
    with ThreadedServer(codeartifact_mock) as server:
        url = server.endpoint("acme", "staging", "maven")
        token = auth_token(acme)
        (tmp_path / "settings.xml").write_text(
            f"<settings><servers><server><id>codeartifact</id><username>aws</username><password>{token}</password>"
            f"</server></servers><mirrors><mirror><id>mock</id><mirrorOf>*</mirrorOf><url>{url}</url></mirror>"
            "</mirrors></settings>"
        )
        (tmp_path / "probe.jar").write_bytes(b"PK probe jar")
        try:
            for version in ("1.0", "1.1"):
                (tmp_path / "pom.xml").write_bytes(pom(version, "probe", PROBE_GROUP))
                result = subprocess.run(
                    ["mvn", "-B", "-q", "-s", str(tmp_path / "settings.xml"), f"{DEPLOY_PLUGIN}:deploy-file",
                     "-Dfile=probe.jar", "-DpomFile=pom.xml", f"-Durl={url}", "-DrepositoryId=codeartifact"],
                    cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
                )
                if "PluginResolutionException" in result.stdout + result.stderr:
                    pytest.skip("maven-deploy-plugin's dependencies are not all in ~/.m2")
                assert result.returncode == 0, result.stdout + result.stderr
        finally:
            shutil.rmtree(Path.home() / ".m2/repository" / PROBE_GROUP.split(".")[0], ignore_errors=True)
        document = requests.get(f"{url}{PROBE_GROUP.replace('.', '/')}/probe/maven-metadata.xml",
                                auth=("aws", token)).content
    versions = acme.list_package_versions(domain="acme", repository="staging", format="maven",
                                          namespace=PROBE_GROUP, package="probe")["versions"]
    assert sorted((v["version"], v["status"]) for v in versions) == [("1.0", "Published"), ("1.1", "Published")]
    assert parse_metadata(document)["versions"] == ["1.0", "1.1"]
    assets = acme.list_package_version_assets(domain="acme", repository="staging", format="maven",
                                              namespace=PROBE_GROUP, package="probe", packageVersion="1.1")["assets"]
    assert sorted(a["name"] for a in assets) == ["probe-1.1.jar", "probe-1.1.pom"]
