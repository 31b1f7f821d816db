"""``mock-codeartifact demo``: the heart of the service in one screen.

The scenario of the CodeArtifact user guide ("Copy packages between
repositories", "Update package version status"), run in-process through
boto3: publish versions, copy them with every outcome the guide shows (a
copied version, an identical one left out, ``ALREADY_EXISTS`` with
``SKIPPED``, ``NOT_FOUND`` with ``SKIPPED``), archive and dispose, one line
or a small table per step; then the same as a five-line pytest test.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from typing import Any

DOMAIN, SOURCE, DESTINATION, PACKAGE = "acme", "staging", "release", "array-unique"

#: Printed at the end; tests/test_demo.py runs it as a test file.
PYTEST_EXAMPLE = '''\
def test_promote(codeartifact_factory, codeartifact_client):
    codeartifact_factory.repository("staging"), codeartifact_factory.repository("release")
    codeartifact_factory.package_version("staging", "array-unique", "0.2.0", format="npm")
    copied = codeartifact_client.copy_package_versions(domain="acme", sourceRepository="staging", destinationRepository="release", format="npm", package="array-unique", versions=["0.2.0"])
    assert list(copied["successfulVersions"]) == ["0.2.0"]
'''


def npm_tarball(name: str, version: str, description: str) -> bytes:
    """A real npm package tarball (``package/package.json``), as ``npm pack`` makes."""
    manifest = json.dumps({"name": name, "version": version, "description": description}).encode()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as archive:
        info = tarfile.TarInfo("package/package.json")
        info.size = len(manifest)
        archive.addfile(info, io.BytesIO(manifest))
    return raw.getvalue()


def run_demo(print_: Callable[[str], Any] = print) -> None:
    import boto3

    from ._mock import mock_codeartifact

    say = print_
    with mock_codeartifact(region="eu-west-1") as mock:
        ca = boto3.client("codeartifact", region_name="eu-west-1")
        say("mock-codeartifact demo: the user guide's promotion scenario, answered in-process (nothing goes to AWS)")
        say("")

        ca.create_domain(domain=DOMAIN)
        ca.create_repository(domain=DOMAIN, repository=SOURCE)
        ca.create_repository(domain=DOMAIN, repository=DESTINATION)
        say(f"1. domain {DOMAIN} with repositories {SOURCE} and {DESTINATION} (eu-west-1, account {mock.account_id})")

        backend = mock.backend()
        for version in ("0.1.0", "0.2.0", "0.2.1", "0.3.2"):
            backend.publish_package(domain=DOMAIN, repository=SOURCE, format="npm",
                                    files={"package.tgz": npm_tarball(PACKAGE, version, "Unique items")})
        backend.publish_package(domain=DOMAIN, repository=DESTINATION, format="npm",
                                files={"package.tgz": npm_tarball(PACKAGE, "0.2.1", "Unique items")})
        backend.publish_package(domain=DOMAIN, repository=DESTINATION, format="npm",
                                files={"package.tgz": npm_tarball(PACKAGE, "0.3.2", "A different build")})
        say(f"2. published npm {PACKAGE} 0.1.0, 0.2.0, 0.2.1, 0.3.2 to {SOURCE}; "
            f"{DESTINATION} already holds 0.2.1 (same files) and 0.3.2 (different files)")

        def copy(step: int, versions: list[str]) -> None:
            result = ca.copy_package_versions(
                domain=DOMAIN, sourceRepository=SOURCE, destinationRepository=DESTINATION,
                format="npm", package=PACKAGE, versions=versions,
            )
            say(f"{step}. copy_package_versions {', '.join(versions)}  {SOURCE} -> {DESTINATION}")
            for version in versions:
                if version in result["successfulVersions"]:
                    outcome = f"copied, {result['successfulVersions'][version]['status']}"
                elif version in result["failedVersions"]:
                    failed = result["failedVersions"][version]
                    outcome = f"{failed['errorCode']:<15}{failed['errorMessage']}"
                else:
                    outcome = "identical in both: not copied, not listed (the copy is idempotent)"
                say(f"     {version:<7} {outcome}")

        copy(3, ["0.2.0", "5.6.7"])
        copy(4, ["0.2.1", "0.2.0"])
        copy(5, ["0.3.2", "0.1.0"])

        archived = ca.update_package_versions_status(
            domain=DOMAIN, repository=SOURCE, format="npm", package=PACKAGE, versions=["0.1.0"],
            targetStatus="Archived",
        )["successfulVersions"]["0.1.0"]["status"]
        say(f"6. update_package_versions_status 0.1.0 in {SOURCE}: Published -> {archived}")
        disposed = ca.dispose_package_versions(
            domain=DOMAIN, repository=SOURCE, format="npm", package=PACKAGE, versions=["0.1.0"],
        )["successfulVersions"]["0.1.0"]["status"]
        assets = ca.list_package_version_assets(
            domain=DOMAIN, repository=SOURCE, format="npm", package=PACKAGE, packageVersion="0.1.0",
        )["assets"]
        say(f"7. dispose_package_versions 0.1.0 in {SOURCE}: {archived} -> {disposed} ({len(assets)} assets left)")

        listed = ca.list_package_versions(domain=DOMAIN, repository=DESTINATION, format="npm", package=PACKAGE)
        say(f"8. {DESTINATION} now lists {', '.join(sorted(v['version'] for v in listed['versions']))}; "
            f"{len(mock.calls)} calls answered in-process, none sent to AWS")
    say("")
    say("The same in a pytest test (pip install mock-codeartifact; the fixtures load by themselves):")
    say("")
    for line in PYTEST_EXAMPLE.splitlines():
        say(f"    {line}")
