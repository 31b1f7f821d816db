"""Repository endpoints authorize exactly as the API does: as the principal
that asked for the token, with the same actions on the same resources, and a
publish meets the API's model constraints. Requests are what pip/twine, npm,
Maven and NuGet send, through the ``responses`` door."""

from __future__ import annotations

import json
import subprocess
import sys

import boto3
import pytest
import requests

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.npm_packages import NPM, Npm, npm_tarball, publish_document, write_project
from tests.endpoints.repositories import endpoint_url
from tests.endpoints.test_maven import jar, metadata_xml, pom
from tests.endpoints.test_nuget import nupkg
from tests.endpoints.wheels import build_wheel

OWNER = "123456789012"
REGION = "us-east-1"
BOB = f"arn:aws:iam::{OWNER}:user/bob"
ALICE = f"arn:aws:iam::{OWNER}:user/alice"
FORMATS = ("pypi", "npm", "maven", "nuget")


@pytest.fixture
def acme(codeartifact_client, codeartifact_mock):
    codeartifact_client.create_domain(domain="acme")
    codeartifact_client.create_repository(domain="acme", repository="staging")
    codeartifact_mock.add_identity("AKIABOB", OWNER, BOB)
    codeartifact_mock.add_identity("AKIAALICE", OWNER, ALICE)
    return codeartifact_client


def client_of(access_key: str):
    return boto3.client("codeartifact", region_name=REGION, aws_access_key_id=access_key, aws_secret_access_key="x")


def token_of(access_key: str, domain: str = "acme") -> tuple[str, str]:
    return ("aws", client_of(access_key).get_authorization_token(domain=domain)["authorizationToken"])


def url(client, fmt: str, repository: str = "staging") -> str:
    return endpoint_url(client, repository, fmt)


def policy(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def statement(effect: str, actions, principal="*", resource="*") -> dict:
    return {"Effect": effect, "Principal": {"AWS": principal}, "Action": actions, "Resource": resource}


# -- what each package manager sends -----------------------------------------------------
def read(client, fmt: str, auth) -> requests.Response:
    paths = {"pypi": "simple/", "npm": "left-pad", "maven": "org/example/lib/maven-metadata.xml",
             "nuget": "v3/index.json"}
    return requests.get(url(client, fmt) + paths[fmt], auth=auth)


def twine_upload(client, auth, name: str = "acme-tool", version: str = "1.0",
                 form: dict[str, str] | None = None) -> requests.Response:
    """``form`` overrides the fields twine would send (``name``, ``version``)."""
    filename, data = build_wheel(name, version)
    fields = {":action": "file_upload", "name": name, "version": version, **(form or {})}
    return requests.post(url(client, "pypi"), auth=auth, data=fields, files={"content": (filename, data)})


def npm_publish(client, auth, name: str = "acme-tool", version: str = "1.0.0") -> requests.Response:
    document = publish_document(name, version, npm_tarball(name, version))
    return requests.put(url(client, "npm") + name.replace("/", "%2f"), auth=auth, json=document)


def maven_put(client, auth, version: str = "1.0") -> requests.Response:
    return requests.put(f"{url(client, 'maven')}org/example/lib/{version}/lib-{version}.jar", auth=auth,
                        data=jar(version))


def nuget_push(client, auth, package: str = "Acme.Tool", version: str = "1.0.0") -> requests.Response:
    return requests.put(url(client, "nuget") + "api/v2/package", auth=auth,
                        files={"package": ("package.nupkg", nupkg(package, version))})


PUBLISH = {"pypi": twine_upload, "npm": npm_publish, "maven": maven_put, "nuget": nuget_push}


def versions(client, fmt: str) -> list[dict]:
    packages = client.list_packages(domain="acme", repository="staging", format=fmt)["packages"]
    return packages


# -- the token remembers who asked -------------------------------------------------------
def test_a_token_records_the_principal_that_asked_for_it(acme, codeartifact_mock):
    _, bobs = token_of("AKIABOB")
    _, roots = token_of("AKIAANYONE")
    assert codeartifact_mock.registry.tokens[bobs].principal_arn == BOB
    assert codeartifact_mock.registry.tokens[roots].principal_arn is None  # the account's root


def test_the_principal_survives_export_and_import(acme, codeartifact_mock):
    _, bobs = token_of("AKIABOB")
    document = codeartifact_mock.export_json()
    codeartifact_mock.reset()
    codeartifact_mock.import_json(document)
    assert codeartifact_mock.registry.tokens[bobs].principal_arn == BOB


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_policy_denying_bob_denies_his_token_through_every_door(acme, fmt):
    acme.put_repository_permissions_policy(domain="acme", repository="staging", policyDocument=policy(
        statement("Deny", ["codeartifact:ReadFromRepository", "codeartifact:PublishPackageVersion"], BOB)
    ))
    bob, alice = token_of("AKIABOB"), token_of("AKIAALICE")
    refused = read(acme, fmt, bob)
    assert refused.status_code == 403
    assert f"User: {BOB} is not authorized to perform: codeartifact:ReadFromRepository" in refused.json()["error"]
    assert read(acme, fmt, alice).status_code != 403
    assert PUBLISH[fmt](acme, bob).status_code == 403
    assert versions(acme, fmt) == []  # nothing stored
    assert PUBLISH[fmt](acme, alice).status_code in (200, 201)


def test_a_deny_on_one_package_stops_npm_publish_of_it(acme):
    protected = f"arn:aws:codeartifact:{REGION}:{OWNER}:package/acme/staging/npm//protected"
    acme.put_domain_permissions_policy(domain="acme", policyDocument=policy(
        statement("Deny", "codeartifact:PublishPackageVersion", resource=protected)
    ))
    auth = token_of("AKIAANYONE")
    refused = npm_publish(acme, auth, "protected")
    assert refused.status_code == 403
    assert f"on resource: {protected} with an explicit deny" in refused.json()["error"]
    assert npm_publish(acme, auth, "unprotected").status_code == 200
    assert [p["package"] for p in versions(acme, "npm")] == ["unprotected"]


def test_another_account_needs_publish_on_the_package(acme, codeartifact_mock):
    guest_account = "210987654321"
    codeartifact_mock.add_identity("AKIAGUEST", guest_account)
    acme.put_domain_permissions_policy(domain="acme", policyDocument=policy(
        statement("Allow", "codeartifact:GetAuthorizationToken", f"arn:aws:iam::{guest_account}:root")
    ))
    team = f"arn:aws:codeartifact:{REGION}:{OWNER}:package/acme/staging/npm/team/*"
    acme.put_repository_permissions_policy(domain="acme", repository="staging", policyDocument=policy(
        statement("Allow", "codeartifact:PublishPackageVersion", f"arn:aws:iam::{guest_account}:root", team)
    ))
    guest = client_of("AKIAGUEST")
    auth = ("aws", guest.get_authorization_token(domain="acme", domainOwner=OWNER)["authorizationToken"])
    assert npm_publish(acme, auth, "@team/ui").status_code == 200
    refused = npm_publish(acme, auth, "left-pad")
    assert refused.status_code == 403 and "because no resource-based policy allows" in refused.json()["error"]


def test_maven_metadata_needs_put_package_metadata(acme):
    acme.put_repository_permissions_policy(domain="acme", repository="staging", policyDocument=policy(
        statement("Deny", "codeartifact:PutPackageMetadata", BOB)
    ))
    bob = token_of("AKIABOB")
    base = url(acme, "maven") + "org/example/lib/"
    for name, data in (("lib-1.0.jar", jar("1.0")), ("lib-1.0.pom", pom("1.0"))):
        assert requests.put(f"{base}1.0/{name}", auth=bob, data=data).status_code == 200
    assert requests.put(base + "maven-metadata.xml", auth=bob, data=metadata_xml("1.0")).status_code == 403
    status = acme.describe_package_version(domain="acme", repository="staging", format="maven",
                                           namespace="org.example", package="lib", packageVersion="1.0")
    assert status["packageVersion"]["status"] == "Unfinished"
    alice = token_of("AKIAALICE")
    assert requests.put(base + "maven-metadata.xml", auth=alice, data=metadata_xml("1.0")).status_code == 200


def test_npm_dist_tags_need_put_package_metadata(acme):
    auth = token_of("AKIABOB")
    assert npm_publish(acme, auth, "tool", "1.0.0").status_code == 200
    acme.put_repository_permissions_policy(domain="acme", repository="staging", policyDocument=policy(
        statement("Deny", "codeartifact:PutPackageMetadata", BOB)
    ))
    tag_url = url(acme, "npm") + "-/package/tool/dist-tags/beta"
    assert requests.put(tag_url, auth=auth, json="1.0.0").status_code == 403
    assert requests.get(url(acme, "npm") + "-/package/tool/dist-tags", auth=auth).json() == {"latest": "1.0.0"}


def test_nuget_push_also_needs_read_from_repository(acme):
    acme.put_repository_permissions_policy(domain="acme", repository="staging", policyDocument=policy(
        statement("Deny", "codeartifact:ReadFromRepository", BOB)
    ))
    assert nuget_push(acme, token_of("AKIABOB")).status_code == 403
    assert versions(acme, "nuget") == []


# -- the API's model constraints ---------------------------------------------------------
def test_an_npm_version_longer_than_the_model_allows_is_refused(acme):
    version = "1.0.0-" + "a" * 5000
    refused = npm_publish(acme, token_of("AKIABOB"), "tool", version)
    assert refused.status_code == 400
    assert "at 'packageVersion' failed to satisfy constraint: Member must have length less than or equal to 255" \
        in refused.json()["error"]
    assert versions(acme, "npm") == []


def test_a_pypi_name_longer_than_the_model_allows_is_refused(acme):
    refused = twine_upload(acme, token_of("AKIABOB"), "x" * 300, "1.0")
    assert refused.status_code == 400
    assert "at 'package' failed to satisfy constraint: Member must have length less than or equal to 255" \
        in refused.json()["error"]
    assert versions(acme, "pypi") == []


# -- twine's form fields against the file's own metadata ----------------------------------
def test_twine_fields_must_agree_with_the_wheel(acme):
    auth = token_of("AKIABOB")
    filename, data = build_wheel("evil", "1.0")
    fields = {":action": "file_upload", "name": "requests", "version": "99.0"}
    refused = requests.post(url(acme, "pypi"), auth=auth, data=fields, files={"content": (filename, data)})
    assert refused.status_code == 400
    assert refused.json()["error"] == "Start filename for 'requests' with 'requests'."
    wrong_version = requests.post(url(acme, "pypi"), auth=auth, data={**fields, "name": "evil"},
                                  files={"content": (filename, data)})
    assert wrong_version.status_code == 400
    assert wrong_version.json()["error"] == "Version in filename should be '99.0' not '1.0'."
    assert versions(acme, "pypi") == []
    # The same spelling rules as PyPI: the normalised name and version agree.
    assert twine_upload(acme, auth, "Acme_Tool", "1.0.0", {"name": "acme.tool", "version": "1.0.0"}).status_code == 200


# -- a deleted domain's tokens ----------------------------------------------------------
def test_a_token_of_a_deleted_domain_stays_invalid_when_it_is_created_again(acme):
    auth = token_of("AKIABOB")
    assert read(acme, "pypi", auth).status_code == 200
    acme.delete_repository(domain="acme", repository="staging")
    acme.delete_domain(domain="acme")
    acme.create_domain(domain="acme")
    acme.create_repository(domain="acme", repository="staging")
    assert read(acme, "pypi", auth).status_code == 401
    assert read(acme, "pypi", token_of("AKIABOB")).status_code == 200


# -- the real clients, against the server --------------------------------------------------
def test_real_pip_twine_and_npm_are_refused_bobs_token(acme, codeartifact_mock, tmp_path):
    acme.put_repository_permissions_policy(domain="acme", repository="staging", policyDocument=policy(
        statement("Deny", ["codeartifact:ReadFromRepository", "codeartifact:PublishPackageVersion"], BOB)
    ))
    with ThreadedServer(codeartifact_mock) as server:
        bob, alice = token_of("AKIABOB")[1], token_of("AKIAALICE")[1]
        pypi = server.endpoint("acme", "staging", "pypi")
        name, data = build_wheel("acme-tool", "1.0")
        (tmp_path / name).write_bytes(data)

        def twine(token: str) -> None:
            from twine.cli import dispatch

            dispatch(["upload", "--non-interactive", "--disable-progress-bar", "--repository-url", pypi,
                      "-u", "aws", "-p", token, str(tmp_path / name)])

        with pytest.raises(requests.HTTPError, match="403"):
            twine(bob)
        twine(alice)

        def pip(token: str) -> subprocess.CompletedProcess[str]:
            index = pypi.replace("http://", f"http://aws:{token}@") + "simple/"
            return subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                 "--no-cache-dir", "--index-url", index, "--dest", str(tmp_path / f"pip-{token[:6]}"),
                 "acme-tool==1.0"], capture_output=True, text=True, timeout=120)

        assert pip(bob).returncode != 0
        assert pip(alice).returncode == 0

        if NPM is None:
            return  # npm is not installed here (CI installs it)
        npm_endpoint = server.endpoint("acme", "staging", "npm")
        document = publish_document("acme-lib", "1.0.0", npm_tarball("acme-lib", "1.0.0"))
        assert requests.put(npm_endpoint + "acme-lib", json=document, auth=("aws", alice)).status_code == 200
        bobs_project = write_project(tmp_path / "bob-app", {"name": "consumer", "version": "1.0.0", "private": True}, {})
        result = Npm(tmp_path / "bob-home", npm_endpoint, bob).run("install", "acme-lib@1.0.0", cwd=bobs_project,
                                                                    check=False)
        assert result.returncode != 0 and "403" in result.stderr
        Npm(tmp_path / "alice-home", npm_endpoint, alice).install(tmp_path / "alice-app", "acme-lib@1.0.0")
