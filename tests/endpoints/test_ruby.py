"""RubyGems through the repository endpoint: gem push, the Dependencies API,
gem and gemspec downloads in-process, and the real ``gem push`` and
``bundle install`` against the HTTP server."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import zlib
from pathlib import Path

import boto3
import pytest
import requests

from mock_codeartifact._transport.server import ThreadedServer

from tests.endpoints.gems import build_gem
from tests.endpoints.repositories import auth_token, endpoint_url, make_acme, token_auth, token_session

GEM = shutil.which("gem")
BUNDLE = shutil.which("bundle")
RUBY = shutil.which("ruby")


@pytest.fixture
def acme(codeartifact_client):
    return make_acme(codeartifact_client, "ruby-store", "public:ruby-gems-org")


def _session(client) -> requests.Session:
    return token_session(client)


def _url(client, repository: str) -> str:
    return endpoint_url(client, repository, "ruby")


def _push(http: requests.Session, url: str, gem: bytes) -> requests.Response:
    return http.post(url + "api/v1/gems", data=gem, headers={"Content-Type": "application/octet-stream"})


def _ruby_load(data: bytes, expression: str) -> str:
    """What Ruby makes of marshalled ``data`` (``obj`` in ``expression``)."""
    script = f'require "rubygems"; obj = Marshal.load(STDIN.binmode.read); puts({expression})'
    result = subprocess.run([RUBY or "ruby", "-e", script], input=data, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def test_gem_push_then_every_api_view_shows_the_version(acme):
    http = _session(acme)
    url = _url(acme, "staging")
    gem = build_gem("acme-greet", "0.1.0", summary="Greets",
                    dependencies=(("tinyrand", "~> 0.5", "runtime"), ("rspec", ">= 3", "development")))
    pushed = _push(http, url, gem)
    assert pushed.status_code == 200 and pushed.text == "Successfully registered gem: acme-greet (0.1.0)"
    version = acme.describe_package_version(
        domain="acme", repository="staging", format="ruby", package="acme-greet", packageVersion="0.1.0"
    )["packageVersion"]
    assert version["summary"] == "Greets" and version["licenses"] == [{"name": "MIT"}]
    assert version["homePage"] == "https://example.invalid/acme-greet"
    assert version["origin"] == {"domainEntryPoint": {"repositoryName": "staging"}, "originType": "INTERNAL"}
    dependencies = acme.list_package_version_dependencies(
        domain="acme", repository="staging", format="ruby", package="acme-greet", packageVersion="0.1.0")["dependencies"]
    assert {(d["package"], d["dependencyType"], d["versionRequirement"]) for d in dependencies} == {
        ("tinyrand", "runtime", "~> 0.5"), ("rspec", "development", ">= 3")}
    assets = acme.list_package_version_assets(
        domain="acme", repository="staging", format="ruby", package="acme-greet", packageVersion="0.1.0")["assets"]
    assert [(a["name"], a["size"], a["hashes"]["SHA-256"]) for a in assets] == [
        ("acme-greet-0.1.0.gem", len(gem), hashlib.sha256(gem).hexdigest())]
    download = http.get(url + "gems/acme-greet-0.1.0.gem")
    assert download.status_code == 200 and download.content == gem
    conflict = _push(http, url, gem)
    assert conflict.status_code == 409 and "already exists" in conflict.text


@pytest.mark.slow  # runs ruby to read the Marshal
def test_the_dependencies_api_as_json_and_marshal(acme):
    http = _session(acme)
    url = _url(acme, "staging")
    for version in ("0.1.0", "0.2.0.pre", "0.10.0"):
        assert _push(http, url, build_gem("acme-greet", version,
                                          dependencies=(("tinyrand", "~> 0.5", "runtime"),
                                                        ("rspec", ">= 3", "development")))).status_code == 200
    probe = http.get(url + "api/v1/dependencies")
    assert probe.status_code == 200 and probe.content == b""
    as_json = http.get(url + "api/v1/dependencies.json", params={"gems": "acme-greet,unknown"}).json()
    assert as_json == [
        {"name": "acme-greet", "number": number, "platform": "ruby", "dependencies": [["tinyrand", "~> 0.5"]]}
        for number in ("0.1.0", "0.2.0.pre", "0.10.0")
    ]
    marshalled = http.get(url + "api/v1/dependencies", params={"gems": "acme-greet"})
    assert marshalled.status_code == 200
    if RUBY is not None:
        loaded = _ruby_load(marshalled.content, "obj.map { |s| [s[:name], s[:number], s[:platform], "
                                                "s[:dependencies]].inspect }")
        assert loaded.splitlines()[0] == '["acme-greet", "0.1.0", "ruby", [["tinyrand", "~> 0.5"]]]'
        assert len(loaded.splitlines()) == 3


@pytest.mark.slow  # runs ruby to read the Marshal
@pytest.mark.skipif(RUBY is None, reason="ruby is not on PATH")
def test_the_marshalled_gemspec_is_a_gem_specification(acme):
    http = _session(acme)
    url = _url(acme, "staging")
    _push(http, url, build_gem("acme-greet", "0.1.0", summary="Greets",
                               dependencies=(("tinyrand", "~> 0.5, >= 0.5.1", "runtime"),)))
    answer = http.get(url + "quick/Marshal.4.8/acme-greet-0.1.0.gemspec.rz")
    assert answer.status_code == 200
    loaded = _ruby_load(zlib.decompress(answer.content),
                        "[obj.class, obj.full_name, obj.summary, obj.platform, obj.homepage, "
                        "obj.dependencies.map(&:to_s).inspect, obj.required_ruby_version].join('|')")
    assert loaded.strip() == ('Gem::Specification|acme-greet-0.1.0|Greets|ruby|https://example.invalid/acme-greet|'
                              '["tinyrand (~> 0.5, >= 0.5.1)"]|>= 0')
    assert http.get(url + "quick/Marshal.4.8/acme-greet-9.9.9.gemspec.rz").status_code == 404


def test_downloads_through_an_upstream_and_rubygems_org_retain_the_version(acme, codeartifact_mock):
    http = _session(acme)
    staged = build_gem("acme-greet", "0.1.0")
    assert _push(http, _url(acme, "staging"), staged).status_code == 200
    public = build_gem("tiny-rand", "0.5.2")
    codeartifact_mock.registry.public_registry("public:ruby-gems-org").publish_package(
        files={"tiny-rand-0.5.2.gem": public})
    url = _url(acme, "release")
    listed = http.get(url + "api/v1/dependencies.json", params={"gems": "tiny-rand,acme-greet"}).json()
    assert {(s["name"], s["number"]) for s in listed} == {("tiny-rand", "0.5.2"), ("acme-greet", "0.1.0")}
    assert acme.list_packages(domain="acme", repository="release")["packages"] == []
    assert http.get(url + "gems/tiny-rand-0.5.2.gem").content == public
    assert http.get(url + "gems/acme-greet-0.1.0.gem").content == staged
    listed_packages = {
        repo: {p["package"] for p in acme.list_packages(domain="acme", repository=repo)["packages"]}
        for repo in ("release", "staging", "ruby-store")
    }
    assert listed_packages == {"release": {"acme-greet", "tiny-rand"}, "staging": {"acme-greet"},
                               "ruby-store": {"tiny-rand"}}
    external = acme.describe_package_version(
        domain="acme", repository="release", format="ruby", package="tiny-rand", packageVersion="0.5.2")
    assert external["packageVersion"]["origin"] == {
        "domainEntryPoint": {"externalConnectionName": "public:ruby-gems-org"}, "originType": "EXTERNAL"}
    assert http.get(url + "gems/tiny-rand-9.9.9.gem").status_code == 404


def test_origin_controls_and_package_groups_govern_publishing_and_upstreams(acme, codeartifact_mock):
    http = _session(acme)
    public = codeartifact_mock.registry.public_registry("public:ruby-gems-org")
    public.publish_package(files={"tinyrand-0.5.2.gem": build_gem("tinyrand", "0.5.2")})
    store = _url(acme, "ruby-store")
    assert http.get(store + "gems/tinyrand-0.5.2.gem").status_code == 200  # ingested: publish=BLOCK
    assert _push(http, store, build_gem("tinyrand", "0.6.0")).status_code == 403
    acme.create_package_group(domain="acme", packageGroup="/ruby//internal~")
    acme.update_package_group_origin_configuration(
        domain="acme", packageGroup="/ruby//internal~", restrictions={"PUBLISH": "BLOCK", "EXTERNAL_UPSTREAM": "BLOCK"})
    assert _push(http, _url(acme, "staging"), build_gem("internal-lib", "1.0.0")).status_code == 403
    public.publish_package(files={"internal-lib-9.0.0.gem": build_gem("internal-lib", "9.0.0")})
    release = _url(acme, "release")
    assert http.get(release + "api/v1/dependencies.json", params={"gems": "internal-lib"}).json() == []
    assert http.get(release + "gems/internal-lib-9.0.0.gem").status_code == 404


@pytest.mark.parametrize("path", [
    "versions", "names", "specs.4.8.gz", "latest_specs.4.8.gz", "prerelease_specs.4.8.gz",
])
def test_the_compact_index_versions_and_the_full_indexes_are_not_served(acme, path):
    http = _session(acme)
    _push(http, _url(acme, "staging"), build_gem("acme-greet", "0.1.0"))
    answer = http.get(_url(acme, "staging") + path)
    assert answer.status_code == 404 and "does not support" in answer.text


def test_info_lines_for_gem_install(acme):
    http = _session(acme)
    url = _url(acme, "staging")
    first = build_gem("acme-greet", "0.1.0")
    second = build_gem("acme-greet", "0.2.0", dependencies=(("tinyrand", "~> 0.5, >= 0.5.1", "runtime"),
                                                            ("rspec", ">= 3", "development")))
    for gem in (first, second):
        assert _push(http, url, gem).status_code == 200
    assert http.get(url).status_code == 200  # RubyGems' probe of the source
    info = http.get(url + "info/acme-greet")
    assert info.status_code == 200
    assert info.text == (f"---\n0.1.0 |checksum:{hashlib.sha256(first).hexdigest()}\n"
                         f"0.2.0 tinyrand:~> 0.5&>= 0.5.1|checksum:{hashlib.sha256(second).hexdigest()}\n")
    assert http.get(url + "info/unknown").status_code == 404


@pytest.mark.parametrize(("method", "path", "command"), [
    ("DELETE", "api/v1/gems/yank?gem_name=acme-greet&version=0.1.0", "gem yank"),
    ("GET", "api/v1/gems/acme-greet/owners", "gem owner"),
    ("GET", "api/v1/search.json?query=acme", "gem search"),
    ("GET", "api/v1/api_key", "gem signin"),
])
def test_unsupported_gem_commands_are_refused(acme, method, path, command):
    http = _session(acme)
    _push(http, _url(acme, "staging"), build_gem("acme-greet", "0.1.0"))
    answer = http.request(method, _url(acme, "staging") + path)
    assert answer.status_code == 404 and command in answer.text
    assert acme.describe_package_version(domain="acme", repository="staging", format="ruby", package="acme-greet",
                                         packageVersion="0.1.0")["packageVersion"]["status"] == "Published"


def test_a_platform_gem_is_named_listed_and_served_with_its_platform(acme):
    http = _session(acme)
    url = _url(acme, "staging")
    gem = build_gem("acme-native", "1.0.0", platform="x86_64-linux")
    assert _push(http, url, gem).status_code == 200
    (asset,) = acme.list_package_version_assets(
        domain="acme", repository="staging", format="ruby", package="acme-native", packageVersion="1.0.0")["assets"]
    assert asset["name"] == "acme-native-1.0.0-x86_64-linux.gem"
    listed = http.get(url + "api/v1/dependencies.json", params={"gems": "acme-native"}).json()
    assert listed == [{"name": "acme-native", "number": "1.0.0", "platform": "x86_64-linux", "dependencies": []}]
    assert http.get(url + "gems/acme-native-1.0.0-x86_64-linux.gem").content == gem
    assert http.get(url + "quick/Marshal.4.8/acme-native-1.0.0-x86_64-linux.gemspec.rz").status_code == 200
    assert http.get(url + "info/acme-native").text.splitlines()[1].startswith("1.0.0-x86_64-linux |checksum:")


def test_odd_file_names_are_404s(acme):
    http = _session(acme)
    url = _url(acme, "staging")
    _push(http, url, build_gem("acme-greet", "0.1.0"))
    for stem in ("-".join("a" * 400), "acme-greet", "acme-greet-", "-0.1.0", "acme-greet-0.1.0-x86_64-linux"):
        assert http.get(url + f"gems/{stem}.gem").status_code == 404
        assert http.get(url + f"quick/Marshal.4.8/{stem}.gemspec.rz").status_code == 404
    assert http.get(url + "api/v1/dependencies.json", params={"gems": ",".join(["x"] * 201)}).status_code == 422


@pytest.mark.parametrize("body", [b"", b"not a gem", build_gem("acme-greet", "not a version")],
                         ids=["empty", "not-a-gem", "bad-version"])
def test_bad_pushes_are_refused(acme, body):
    answer = _push(_session(acme), _url(acme, "staging"), body)
    assert answer.status_code == 400
    assert acme.list_packages(domain="acme", repository="staging")["packages"] == []


@pytest.mark.parametrize("authorization", [None, "not-a-token", "Bearer not-a-token"])
def test_requests_without_a_valid_token_are_refused(acme, authorization):
    url = _url(acme, "staging")
    headers = {"Authorization": authorization} if authorization else {}
    assert requests.get(url + "api/v1/dependencies", headers=headers).status_code == 401
    assert requests.post(url + "api/v1/gems", data=build_gem("x", "1.0"), headers=headers).status_code == 401
    assert requests.get(url + "api/v1/dependencies", auth=token_auth(acme)).status_code == 200


# -- the real gem and bundle -----------------------------------------------------------
_GEMSPEC = """\
Gem::Specification.new do |s|
  s.name = "acme-greet"
  s.version = "0.1.0"
  s.summary = "Greets"
  s.authors = ["Acme"]
  s.license = "MIT"
  s.homepage = "https://example.invalid/acme-greet"
  s.files = ["lib/acme_greet.rb"]
  s.add_dependency "tiny-rand", "~> 0.5"
end
"""


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _rubygems_version(env: dict[str, str]) -> tuple[int, ...]:
    answer = _run([GEM or "gem", "--version"], Path.cwd(), env).stdout.strip()
    return tuple(int(part) for part in answer.split(".")[:3] if part.isdigit())


@pytest.mark.slow
@pytest.mark.real_client
@pytest.mark.skipif(GEM is None or BUNDLE is None, reason="gem and bundle (Debian's ruby and bundler) are not on PATH")
def test_gem_push_then_bundle_install_and_gem_install_from_a_clean_gem_home(acme, codeartifact_mock, tmp_path):
    codeartifact_mock.registry.public_registry("public:ruby-gems-org").publish_package(
        files={"tiny-rand-0.5.2.gem": build_gem("tiny-rand", "0.5.2")})
    library = tmp_path / "acme-greet"
    (library / "lib").mkdir(parents=True)
    (library / "acme-greet.gemspec").write_text(_GEMSPEC)
    (library / "lib" / "acme_greet.rb").write_text(
        'require "tiny_rand"\nmodule AcmeGreet\n  def self.greet\n    "hello with tiny-rand #{TinyRand::VERSION}"\n  end\nend\n')
    application = tmp_path / "app"
    application.mkdir()
    base_env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
                "GEM_HOME": str(tmp_path / "gems"), "GEM_PATH": str(tmp_path / "gems")}
    (tmp_path / "home").mkdir()

    with ThreadedServer(codeartifact_mock) as server:
        api = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url)
        token = auth_token(api)
        staging, release = _url(api, "staging"), _url(api, "release")
        # Publishing as AWS's page has it: RUBYGEMS_HOST the endpoint without
        # its trailing slash, "Bearer <token>" as a key in ~/.gem/credentials.
        push_env = {**base_env, "RUBYGEMS_HOST": staging.rstrip("/")}
        credentials = tmp_path / "home" / ".gem" / "credentials"
        credentials.parent.mkdir()
        credentials.write_text(f"---\n:codeartifact_api_key: Bearer {token}\n:wrong_key: Bearer not-a-token\n")
        credentials.chmod(0o600)
        built = _run([GEM or "gem", "build", "acme-greet.gemspec"], library, push_env)
        assert built.returncode == 0, built.stderr
        refused = _run([GEM or "gem", "push", "--key", "wrong_key", "acme-greet-0.1.0.gem"], library, push_env)
        assert "Successfully registered" not in refused.stdout and "Missing or unknown" in refused.stdout
        pushed = _run([GEM or "gem", "push", "--key", "codeartifact_api_key", "acme-greet-0.1.0.gem"], library,
                      push_env)
        assert pushed.returncode == 0, pushed.stderr
        assert "Successfully registered gem: acme-greet (0.1.0)" in pushed.stdout

        (application / "Gemfile").write_text(f'source "{release}"\n\ngem "acme-greet", "~> 0.1"\n')
        bundle_env = {**base_env, "BUNDLE_APP_CONFIG": str(application / ".bundle"),
                      "BUNDLE_PATH": str(tmp_path / "bundle")}
        configured = _run([BUNDLE or "bundle", "config", "set", "--local", release, "aws:not-a-token"],
                          application, bundle_env)
        assert configured.returncode == 0, configured.stderr
        wrong = _run([BUNDLE or "bundle", "install"], application, bundle_env)
        assert wrong.returncode != 0
        assert "double-check your credentials" in wrong.stderr  # Bundler on a 401
        _run([BUNDLE or "bundle", "config", "set", "--local", release, f"aws:{token}"], application, bundle_env)
        installed = _run([BUNDLE or "bundle", "install"], application, bundle_env)
        assert installed.returncode == 0, installed.stdout + installed.stderr
        ran = _run([BUNDLE or "bundle", "exec", "ruby", "-e", 'require "acme_greet"; puts AcmeGreet.greet'],
                   application, bundle_env)
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout == "hello with tiny-rand 0.5.2\n"
        # gem install: AWS supports it with RubyGems 3.5.18 or earlier.
        if _rubygems_version(base_env) <= (3, 5, 18):
            gem_home = str(tmp_path / "gem-install-home")
            install_env = {**base_env, "GEM_HOME": gem_home, "GEM_PATH": gem_home}
            source = release.replace("http://", f"http://aws:{token}@")
            gem_installed = _run([GEM or "gem", "install", "acme-greet", "--source", source, "--no-document"],
                                 tmp_path, install_env)
            assert gem_installed.returncode == 0, gem_installed.stdout + gem_installed.stderr
            used = _run([RUBY or "ruby", "-e", 'require "acme_greet"; puts AcmeGreet.greet'], tmp_path, install_env)
            assert used.stdout == "hello with tiny-rand 0.5.2\n", used.stderr

    lock = (application / "Gemfile.lock").read_text()
    assert "acme-greet (0.1.0)" in lock and "tiny-rand (0.5.2)" in lock
    listed = {p["package"] for p in acme.list_packages(domain="acme", repository="release")["packages"]}
    assert listed == {"acme-greet", "tiny-rand"}
    version = acme.describe_package_version(
        domain="acme", repository="staging", format="ruby", package="acme-greet", packageVersion="0.1.0")
    assert version["packageVersion"]["summary"] == "Greets"
    assert json.loads(json.dumps(version["packageVersion"]["licenses"])) == [{"name": "MIT"}]
