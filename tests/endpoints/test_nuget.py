"""NuGet v3 through the repository endpoint, spoken with plain ``requests``
as ``dotnet nuget push`` and ``dotnet restore`` speak it (no dotnet here):
URLs found through the service index, pushes as multipart PUTs, in-process
through the ``requests`` door and over real HTTP; through an upstream and an external
connection."""

from __future__ import annotations

import io
import zipfile

import boto3
import pytest
import requests

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.repositories import endpoint_url, make_acme, token_auth


def nupkg(package_id: str, version: str, description: str = "A test package", dependencies: str = "",
          groups: str | None = None) -> bytes:
    """A package; ``dependencies`` go in one net8.0 group, or ``groups`` is
    the whole ``<dependencies>`` content."""
    if groups is None:
        groups = f'<group targetFramework="net8.0">{dependencies}</group>'
    nuspec = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>{package_id}</id>
    <version>{version}</version>
    <authors>Acme</authors>
    <description>{description}</description>
    <license type="expression">MIT</license>
    <projectUrl>https://example.invalid/{package_id}</projectUrl>
    <dependencies>{groups}</dependencies>
  </metadata>
</package>
"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{package_id}.nuspec", nuspec)
        archive.writestr(f"lib/net8.0/{package_id}.dll", b"MZ\x90\x00" + version.encode())
    return buffer.getvalue()


class Feed:
    """A NuGet source as the client uses it: everything from the service index."""

    def __init__(self, index_url: str, auth) -> None:
        self.auth = auth
        index = requests.get(index_url, auth=auth)
        assert index.status_code == 200, index.text
        self.resources = {r["@type"]: r["@id"] for r in index.json()["resources"]}
        self.flat = self.resources["PackageBaseAddress/3.0.0"]
        self.push_url = self.resources["PackagePublish/2.0.0"]

    def push(self, data: bytes, expected: int = 201) -> requests.Response:
        response = requests.put(self.push_url, auth=self.auth, headers={"X-NuGet-ApiKey": "anything"},
                                files={"package": ("package.nupkg", data, "application/octet-stream")})
        assert response.status_code == expected, response.text
        return response

    def versions(self, package_id: str) -> requests.Response:
        return requests.get(f"{self.flat}{package_id.lower()}/index.json", auth=self.auth)

    def download(self, package_id: str, version: str, suffix: str = "nupkg") -> requests.Response:
        lower, v = package_id.lower(), version.lower()
        name = f"{lower}.{v}.nupkg" if suffix == "nupkg" else f"{lower}.nuspec"
        return requests.get(f"{self.flat}{lower}/{v}/{name}", auth=self.auth)


@pytest.fixture
def acme(codeartifact_client):
    return make_acme(codeartifact_client, "nuget-store", "public:nuget-org")


def endpoint(client, repository: str) -> str:
    return endpoint_url(client, repository, "nuget")


def feed(client, repository: str) -> Feed:
    return Feed(endpoint(client, repository) + "v3/index.json", token_auth(client))


def test_service_index_names_the_resources(acme):
    base = endpoint(acme, "staging")
    assert base.startswith("https://acme-123456789012.d.codeartifact.us-east-1.amazonaws.com/nuget/staging/")
    source = feed(acme, "staging")
    assert source.flat == base + "v3-flatcontainer/"
    assert source.push_url == base + "api/v2/package"
    assert source.resources["RegistrationsBaseUrl/3.6.0"] == base + "v3/registrations/"


def test_push_list_and_download_with_normalisation(acme):
    source = feed(acme, "staging")
    first = nupkg("Acme.Utils", "1.02.0.0", description="Utilities",
                  dependencies='<dependency id="Newtonsoft.Json" version="13.0.1" />')
    source.push(first)
    described = acme.describe_package_version(
        domain="acme", repository="staging", format="nuget", package="acme.utils", packageVersion="1.2.0"
    )["packageVersion"]
    assert described["status"] == "Published" and described["displayName"] == "Acme.Utils"
    assert described["summary"] == "Utilities"
    assert described["origin"] == {"domainEntryPoint": {"repositoryName": "staging"}, "originType": "INTERNAL"}
    assets = acme.list_package_version_assets(domain="acme", repository="staging", format="nuget",
                                              package="acme.utils", packageVersion="1.2.0")["assets"]
    assert [a["name"] for a in assets] == ["acme.utils.1.2.0.nupkg"]

    second = nupkg("Acme.Utils", "1.10.0-Beta.1")
    source.push(second)
    source.push(nupkg("acme.utils", "1.9.0"))
    listed = source.versions("Acme.Utils")
    assert listed.status_code == 200
    assert listed.json() == {"versions": ["1.2.0", "1.9.0", "1.10.0-beta.1"]}  # NuGet order, lower-case

    assert source.download("Acme.Utils", "1.2.0").content == first
    assert source.download("acme.utils", "1.10.0-beta.1").content == second  # stored as 1.10.0-Beta.1
    nuspec = source.download("acme.utils", "1.2.0", suffix="nuspec")
    assert nuspec.status_code == 200 and b"<id>Acme.Utils</id>" in nuspec.content
    assert source.download("acme.utils", "3.0.0").status_code == 404
    assert source.versions("nothing.here").status_code == 404
    head = requests.head(f"{source.flat}acme.utils/1.2.0/acme.utils.1.2.0.nupkg", auth=source.auth)
    assert head.status_code == 200


def test_registration_index_points_at_downloads(acme):
    source = feed(acme, "staging")
    source.push(nupkg("Acme.Utils", "1.0.0", dependencies='<dependency id="Serilog" version="[3.0.0, )" />'))
    source.push(nupkg("Acme.Utils", "2.0.0"))
    registrations = source.resources["RegistrationsBaseUrl/3.6.0"]
    index = requests.get(f"{registrations}acme.utils/index.json", auth=source.auth).json()
    page = index["items"][0]
    assert (index["count"], page["lower"], page["upper"]) == (1, "1.0.0", "2.0.0")
    entries = [item["catalogEntry"] for item in page["items"]]
    assert [(e["id"], e["version"]) for e in entries] == [("Acme.Utils", "1.0.0"), ("Acme.Utils", "2.0.0")]
    assert entries[0]["dependencyGroups"][0]["dependencies"] == [{"id": "Serilog", "range": "[3.0.0, )"}]
    assert entries[0]["licenseExpression"] == "MIT"
    download = requests.get(page["items"][1]["packageContent"], auth=source.auth)
    assert download.content == nupkg("Acme.Utils", "2.0.0")
    leaf = requests.get(page["items"][0]["@id"], auth=source.auth)
    assert leaf.status_code == 200 and leaf.json()["catalogEntry"]["version"] == "1.0.0"
    assert requests.get(f"{registrations}nothing/index.json", auth=source.auth).status_code == 404


def test_registration_keeps_framework_groups_and_writes_ranges_as_nuget_does(acme):
    source = feed(acme, "staging")
    source.push(nupkg("Acme.Multi", "1.0.0", groups=(
        '<group targetFramework="net8.0">'
        '<dependency id="Newtonsoft.Json" version="13.0.1" />'
        '<dependency id="Serilog" version="[3.0, 4.0)" exclude="Build" />'
        '</group>'
        '<group targetFramework=".NETStandard2.0">'
        '<dependency id="System.Memory" version="[4.5.5]" />'
        '<dependency id="Polly" />'
        '</group>'
        '<group targetFramework="net462" />'
    )))
    source.push(nupkg("Acme.Flat", "1.0.0", groups='<dependency id="Serilog" version="2.10" />'))
    registrations = source.resources["RegistrationsBaseUrl/3.6.0"]
    leaf = requests.get(f"{registrations}acme.multi/1.0.0.json", auth=source.auth).json()["catalogEntry"]
    groups = [(g.get("targetFramework"), g["dependencies"]) for g in leaf["dependencyGroups"]]
    assert groups == [
        ("net8.0", [{"id": "Newtonsoft.Json", "range": "[13.0.1, )"}, {"id": "Serilog", "range": "[3.0.0, 4.0.0)"}]),
        (".NETStandard2.0", [{"id": "System.Memory", "range": "[4.5.5, 4.5.5]"}, {"id": "Polly", "range": "(, )"}]),
        ("net462", []),
    ]
    assert len({g["@id"] for g in leaf["dependencyGroups"]}) == 3
    flat = requests.get(f"{registrations}acme.flat/index.json", auth=source.auth).json()
    entry = flat["items"][0]["items"][0]["catalogEntry"]
    assert [(g.get("targetFramework"), g["dependencies"]) for g in entry["dependencyGroups"]] == [
        (None, [{"id": "Serilog", "range": "[2.10.0, )"}])]


def test_bad_and_duplicate_pushes_are_refused(acme):
    source = feed(acme, "staging")
    source.push(nupkg("Acme.Utils", "1.0.0"))
    conflict = source.push(nupkg("Acme.Utils", "1.0.0.0", description="changed"), expected=409)  # same normal form
    assert "already exists" in conflict.json()["error"]
    source.push(b"not a zip", expected=400)
    source.push(b"PK\x03\x04broken", expected=400)
    no_manifest = io.BytesIO()
    with zipfile.ZipFile(no_manifest, "w") as archive:
        archive.writestr("lib/net8.0/X.dll", b"MZ")
    source.push(no_manifest.getvalue(), expected=400)
    empty = requests.put(source.push_url, auth=source.auth, data=b"")
    assert empty.status_code == 400
    raw = requests.put(source.push_url, auth=source.auth, data=nupkg("Raw.Body", "0.1.0"))  # not multipart
    assert raw.status_code == 201
    assert source.versions("raw.body").json() == {"versions": ["0.1.0"]}
    assert requests.delete(f"{source.flat}acme.utils/1.0.0/acme.utils.1.0.0.nupkg", auth=source.auth).status_code == 405


def test_unlisted_downloads_but_is_not_listed(acme):
    source = feed(acme, "staging")
    source.push(nupkg("Acme.Utils", "1.0.0"))
    source.push(nupkg("Acme.Utils", "1.1.0"))
    acme.update_package_versions_status(domain="acme", repository="staging", format="nuget", package="acme.utils",
                                        versions=["1.0.0"], targetStatus="Unlisted")
    assert source.versions("acme.utils").json() == {"versions": ["1.1.0"]}
    assert source.download("acme.utils", "1.0.0").status_code == 200


def test_through_an_upstream_and_an_external_connection(acme, codeartifact_mock):
    public = codeartifact_mock.registry.public_registry("public:nuget-org")
    public_data = nupkg("Newtonsoft.Json", "13.0.3")
    public.publish_package(files={"Newtonsoft.Json.13.0.3.nupkg": public_data})
    feed(acme, "staging").push(nupkg("Acme.Utils", "1.0.0"))
    release = feed(acme, "release")

    assert release.versions("Newtonsoft.Json").json() == {"versions": ["13.0.3"]}
    assert release.versions("acme.utils").json() == {"versions": ["1.0.0"]}
    assert acme.list_packages(domain="acme", repository="release")["packages"] == []  # listing retains nothing

    assert release.download("Newtonsoft.Json", "13.0.3").content == public_data
    assert release.download("acme.utils", "1.0.0").content == nupkg("Acme.Utils", "1.0.0")
    listed = {
        repo: {p["package"] for p in acme.list_packages(domain="acme", repository=repo)["packages"]}
        for repo in ("release", "staging", "nuget-store")
    }
    assert listed == {"release": {"acme.utils", "newtonsoft.json"}, "staging": {"acme.utils"},
                      "nuget-store": {"newtonsoft.json"}}
    external = acme.describe_package_version(
        domain="acme", repository="release", format="nuget", package="newtonsoft.json", packageVersion="13.0.3"
    )["packageVersion"]
    assert external["origin"] == {"domainEntryPoint": {"externalConnectionName": "public:nuget-org"},
                                  "originType": "EXTERNAL"}
    assert external["displayName"] == "Newtonsoft.Json"
    # The public version cannot be pushed where it is reachable.
    public.publish_package(files={"Serilog.3.1.1.nupkg": nupkg("Serilog", "3.1.1")})
    release.push(nupkg("Serilog", "3.1.1"), expected=409)


@pytest.mark.parametrize("auth", [None, ("aws", "not-a-token")])
def test_missing_or_unknown_token_is_refused(acme, auth):
    base = endpoint(acme, "staging")
    index = requests.get(base + "v3/index.json", auth=auth)
    assert index.status_code == 401 and "Basic" in index.headers["WWW-Authenticate"]
    push = requests.put(base + "api/v2/package", auth=auth, files={"package": ("p.nupkg", nupkg("A.B", "1.0.0"))})
    assert push.status_code == 401


def test_push_and_restore_against_the_server(acme, codeartifact_mock):
    public = codeartifact_mock.registry.public_registry("public:nuget-org")
    public.publish_package(files={"serilog.3.1.1.nupkg": nupkg("Serilog", "3.1.1")})
    data = nupkg("Acme.Utils", "2.0.0", dependencies='<dependency id="Serilog" version="3.1.1" />')
    with ThreadedServer(codeartifact_mock) as server:
        api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url)
        staging = endpoint(api, "staging")
        assert staging == server.endpoint("acme", "staging", "nuget")
        auth = token_auth(api)
        Feed(staging + "v3/index.json", auth).push(data)
        release = Feed(server.endpoint("acme", "release", "nuget") + "v3/index.json", auth)
        assert release.flat.startswith(server.url)
        assert release.versions("acme.utils").json() == {"versions": ["2.0.0"]}
        assert release.download("acme.utils", "2.0.0").content == data
        assert release.download("serilog", "3.1.1").status_code == 200
        assert requests.get(release.flat + "acme.utils/index.json").status_code == 401
    assert {p["package"] for p in acme.list_packages(domain="acme", repository="release")["packages"]} == {
        "acme.utils", "serilog"}
