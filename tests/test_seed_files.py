"""Seed files read and applied by the library (the server's --seed): JSON
and YAML, every entry checked before anything is applied, all or nothing."""

from __future__ import annotations

import json

import pytest

from mock_codeartifact._seed_files import SeedError, apply_seed_files, read_seed_file

from tests.endpoints.npm_packages import npm_tarball
from tests.endpoints.wheels import build_wheel


def test_a_json_seed_creates_what_it_lists(codeartifact_mock, tmp_path, invariants):
    (tmp_path / "left-pad.tgz").write_bytes(npm_tarball("left-pad", "1.3.0"))
    (tmp_path / "tool.bin").write_bytes(b"a tool")
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({
        "accountId": "111122223333", "region": "eu-west-1",
        "domains": [{"name": "acme", "tags": {"team": "a"}, "repositories": [
            {"name": "release", "upstreams": ["npm-store"], "description": "d", "tags": {"tier": "prod"},
             "packages": [
                 {"files": ["left-pad.tgz"], "status": "Unlisted"},
                 {"format": "generic", "namespace": "tools", "package": "tool", "version": 1.0,
                  "files": {"tool-1.0.bin": "tool.bin"}, "metadata": {"summary": "a tool"}},
             ]},
            {"name": "npm-store", "externalConnections": ["public:npmjs"]},
        ]}],
    }))
    apply_seed_files(codeartifact_mock.registry, [seed])
    backend = codeartifact_mock.backend("111122223333", "eu-west-1")
    release = backend.domains["acme"].repositories["release"]
    assert release.upstreams == ["npm-store"] and release.tags == {"tier": "prod"}
    npm = release.packages[("npm", "", "left-pad")].versions["1.3.0"]
    assert npm.status == "Unlisted" and [a.name for a in npm.assets] == ["package.tgz"]
    tool = release.packages[("generic", "tools", "tool")].versions["1.0"]
    assert [a.name for a in tool.assets] == ["tool-1.0.bin"] and tool.metadata.summary == "a tool"
    assert [c.name for c in backend.domains["acme"].repositories["npm-store"].external_connections] == [
        "public:npmjs"]
    invariants(codeartifact_mock.registry)


def test_public_registries_are_filled_from_files(codeartifact_mock, tmp_path):
    name, wheel = build_wheel("tinylib", "2.0.0")
    (tmp_path / name).write_bytes(wheel)
    seed = tmp_path / "seed.yml"
    seed.write_text(f"publicRegistries:\n  public:pypi:\n    - files: [{name}]\n")
    apply_seed_files(codeartifact_mock.registry, [seed])
    package = codeartifact_mock.registry.public_registry("public:pypi").package(None, "tinylib")
    assert package is not None and list(package.versions) == ["2.0.0"]


def test_seeds_are_all_or_nothing_across_files(codeartifact_mock, codeartifact_backend, tmp_path):
    codeartifact_backend.create_domain(domain="existing")
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text("domains:\n  - name: fresh\n    repositories: [{name: one}]\n")
    second.write_text("domains:\n  - name: existing\n")
    before = codeartifact_mock.export_json()
    with pytest.raises(SeedError, match=r"second.yaml: domains\[0\] \(existing\): ConflictException"):
        apply_seed_files(codeartifact_mock.registry, [first, second])
    assert codeartifact_mock.export_json() == before


def test_a_package_the_format_refuses_names_its_entry(codeartifact_mock, tmp_path):
    (tmp_path / "broken.tgz").write_bytes(b"not a tarball")
    seed = tmp_path / "seed.yaml"
    seed.write_text("domains:\n  - name: acme\n    repositories:\n      - name: r1\n        packages:\n"
                    "          - files: [broken.tgz]\n")
    with pytest.raises(SeedError, match=r"domains\[0\] \(acme\).repositories\[0\] \(r1\).packages\[0\]: "
                                        "ValidationException"):
        apply_seed_files(codeartifact_mock.registry, [seed])
    assert codeartifact_mock.backend().domains == {}


@pytest.mark.parametrize("body, problem", [
    ("[1, 2]", "expected a mapping, got list"),
    ("domains: {name: acme}", "domains: expected a list"),
    ("domains:\n  - {}\n", "domains[0]: 'name' is required"),
    ("domains:\n  - name: acme\n    repositories:\n      - name: r1\n        packages:\n          - format: x\n",
     "'files' is required"),
    ("domains:\n  - name: acme\n    repositories:\n      - name: r1\n        packages:\n"
     "          - {files: [seed.yaml], format: rust}\n", "unknown format 'rust'"),
    ("domains:\n  - name: acme\n    repositories:\n      - name: r1\n        packages:\n"
     "          - {files: [seed.yaml]}\n", "give the format"),
    ("domains:\n  - name: acme\n    repositories:\n      - name: r1\n        packages:\n"
     "          - {files: [seed.yaml], format: generic, status: Gone}\n", "unknown status 'Gone'"),
    ("domains:\n  - name: acme\n    repositories:\n      - name: r1\n        externalConnections: [public:x]\n",
     "unknown external connection 'public:x'"),
    ("publicRegistries:\n  public:pypi:\n    - {files: [seed.yaml], format: npm}\n",
     "this registry holds pypi packages, not npm"),
    ("domains:\n  - name: acme\n    repositories:\n      - name: r1\n        packages:\n"
     "          - {files: [.]}\n", "is not a file"),
])
def test_every_problem_is_found_before_anything_is_applied(tmp_path, body, problem):
    seed = tmp_path / "seed.yaml"
    seed.write_text(body)
    with pytest.raises(SeedError) as raised:
        read_seed_file(seed)
    assert str(raised.value).startswith(f"{seed}: ") and problem in str(raised.value)


def test_every_public_registry_takes_real_package_files(codeartifact_mock, tmp_path, invariants):
    from tests.formats.test_cargo import make_crate
    from tests.formats.test_nuget import NUSPEC, make_nupkg
    from tests.formats.test_ruby import make_gem

    files = {
        "newtonsoft.json.12.0.3.nupkg": make_nupkg({"Newtonsoft.Json.nuspec": NUSPEC}),
        "widget_rs-0.4.2.crate": make_crate({
            "widget_rs-0.4.2/Cargo.toml": '[package]\nname = "widget_rs"\nversion = "0.4.2"\n'}),
        "rake-13.0.6.gem": make_gem(),
        "app-1.0.pom": (
            '<?xml version="1.0"?><project><modelVersion>4.0.0</modelVersion><groupId>com.acme</groupId>'
            "<artifactId>app</artifactId><version>1.0</version></project>"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data.encode() if isinstance(data, str) else data)
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        "publicRegistries:\n"
        "  public:nuget-org:\n    - files: [newtonsoft.json.12.0.3.nupkg]\n"
        "  public:crates-io:\n    - files: [widget_rs-0.4.2.crate]\n"
        "  public:ruby-gems-org:\n    - files: [rake-13.0.6.gem]\n"
        "  public:maven-central:\n    - files: [app-1.0.pom]\n")
    apply_seed_files(codeartifact_mock.registry, [seed])
    registry = codeartifact_mock.registry
    found = {
        "public:nuget-org": registry.public_registry("public:nuget-org").package(None, "newtonsoft.json"),
        "public:crates-io": registry.public_registry("public:crates-io").package(None, "widget_rs"),
        "public:ruby-gems-org": registry.public_registry("public:ruby-gems-org").package(None, "rake"),
        "public:maven-central": registry.public_registry("public:maven-central").package("com.acme", "app"),
    }
    assert {name: list(package.versions) if package else None for name, package in found.items()} == {
        "public:nuget-org": ["12.0.3"], "public:crates-io": ["0.4.2"], "public:ruby-gems-org": ["13.0.6"],
        "public:maven-central": ["1.0"],
    }
    invariants(registry)
