"""Interception: every codeartifact client is answered in-process, whatever
its Region, endpoint or session; other services pass through untouched."""

from __future__ import annotations

import boto3
import botocore.session
import pytest
from botocore.config import Config

from mock_codeartifact import mock_codeartifact

pytest_plugins = ["pytester"]


def test_client_created_before_the_mock_started():
    early = boto3.client("codeartifact", region_name="us-east-1")
    with mock_codeartifact():
        early.create_domain(domain="acme")
        assert early.describe_domain(domain="acme")["domain"]["name"] == "acme"


def test_client_created_without_any_credentials(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    early = boto3.Session().client("codeartifact", region_name="us-east-1")
    with mock_codeartifact():
        assert early.list_domains()["domains"] == []


def test_custom_sessions_and_plain_botocore():
    with mock_codeartifact():
        boto3.Session(region_name="ap-southeast-2").client("codeartifact").create_domain(domain="acme")
        plain = botocore.session.get_session().create_client("codeartifact", region_name="ap-southeast-2")
        assert plain.describe_domain(domain="acme")["domain"]["owner"] == "123456789012"


def test_any_endpoint_url_and_region_are_answered_in_process():
    with mock_codeartifact():
        custom = boto3.client("codeartifact", region_name="eu-west-3", endpoint_url="https://example.invalid:1234")
        custom.create_domain(domain="acme")
        arn = boto3.client("codeartifact", region_name="eu-west-3").describe_domain(domain="acme")["domain"]["arn"]
        assert arn == "arn:aws:codeartifact:eu-west-3:123456789012:domain/acme"


def test_regions_are_separate():
    with mock_codeartifact():
        boto3.client("codeartifact", region_name="eu-west-1").create_domain(domain="acme")
        assert boto3.client("codeartifact", region_name="us-west-2").list_domains()["domains"] == []


def test_errors_are_parsed_by_botocore_as_modelled_exceptions():
    with mock_codeartifact():
        client = boto3.client("codeartifact", region_name="us-east-1")
        with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
            client.describe_domain(domain="missing")
    response = caught.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert response["Error"]["Code"] == "ResourceNotFoundException"
    assert response["resourceId"] == "missing" and response["resourceType"] == "domain"


def test_client_validation_off_gets_the_service_validation_error():
    with mock_codeartifact() as mock:
        client = boto3.client("codeartifact", region_name="us-east-1", config=Config(parameter_validation=False))
        with pytest.raises(client.exceptions.ValidationException) as caught:
            client.create_domain(domain="Not_Valid")
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert caught.value.response["reason"] == "FIELD_VALIDATION_FAILED"
        assert "regular expression pattern" in caught.value.response["Error"]["Message"]
        assert mock.backend().domains == {}


def test_no_mock_no_interception():
    """Without an active mock the handler steps aside (the request would go to
    AWS; here a stub handler proves it reached the network layer)."""
    session = boto3.Session(region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
    client = session.client("codeartifact")
    seen = []

    def stop_before_network(request, **_):
        seen.append(request.url)
        raise RuntimeError("would have gone to the network")

    client.meta.events.register_last("before-send.codeartifact", stop_before_network)
    with pytest.raises(RuntimeError):
        client.list_domains()
    assert seen and seen[0].startswith("https://codeartifact.us-east-1.amazonaws.com")


def test_coexists_with_moto():
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_codeartifact():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="artifacts")
        ca = boto3.client("codeartifact", region_name="us-east-1")
        ca.create_domain(domain="acme")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["artifacts"]
        assert [d["name"] for d in ca.list_domains()["domains"]] == ["acme"]
    with mock_codeartifact(), moto.mock_aws():  # either order
        boto3.client("codeartifact", region_name="us-east-1").create_domain(domain="acme")
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="artifacts")


def test_retries_and_paginators_run_their_real_code():
    with mock_codeartifact():
        client = boto3.client("codeartifact", region_name="us-east-1")
        client.create_domain(domain="acme")
        for i in range(7):
            client.create_repository(domain="acme", repository=f"repo-{i}")
        pages = list(
            client.get_paginator("list_repositories_in_domain").paginate(domain="acme", PaginationConfig={"PageSize": 3})
        )
        assert [len(p["repositories"]) for p in pages] == [3, 3, 1]
        assert pages[-1]["ResponseMetadata"]["RetryAttempts"] == 0


def test_each_call_is_answered_exactly_once():
    import botocore.endpoint
    import botocore.handlers

    from mock_codeartifact._transport import botocore_hook

    original = botocore.endpoint.Endpoint.make_request
    assert not any("mock_codeartifact" in repr(spec) for spec in botocore.handlers.BUILTIN_HANDLERS)
    client = boto3.client("codeartifact", region_name="us-east-1")
    with mock_codeartifact(), mock_codeartifact(), mock_codeartifact() as mock:  # nested: still once
        client.create_domain(domain="once")
        client.describe_domain(domain="once")
        handlers = list(client.meta.events._emitter._handlers.prefix_search(
            "before-send.codeartifact.CreateDomain"))
        assert handlers.count(botocore_hook.answer) == 1
    assert [c.operation for c in mock.calls] == ["CreateDomain", "DescribeDomain"]
    # stopped: the method is botocore's own again and the client holds no handler of ours
    assert botocore.endpoint.Endpoint.make_request is original
    assert botocore_hook.answer not in list(client.meta.events._emitter._handlers.prefix_search(
        "before-send.codeartifact.CreateDomain"))


def test_a_request_that_passed_validation_does_not_excuse_a_different_type():
    with mock_codeartifact():
        lenient = boto3.client("codeartifact", region_name="us-east-1", config=Config(parameter_validation=False))
        lenient.list_domains(maxResults=1)
        with pytest.raises(lenient.exceptions.ValidationException):
            lenient.list_domains(maxResults=True)


# -- clients made at any time, however made ---------------------------------------------------
_GUARD = '''
import socket
def _refuse(*args, **kwargs):
    raise SystemExit(f"network used: {args!r}")
socket.socket.connect = _refuse
socket.getaddrinfo = _refuse
'''


def _run(script: str, tmp_path, **env: str) -> str:
    import os
    import subprocess
    import sys
    import textwrap

    environment = {**os.environ, "AWS_ACCESS_KEY_ID": "AKIAREALLOOKING", "AWS_SECRET_ACCESS_KEY": "real",
                   "AWS_DEFAULT_REGION": "eu-west-1", "AWS_EC2_METADATA_DISABLED": "true", **env}
    path = tmp_path / "script.py"
    path.write_text(_GUARD + textwrap.dedent(script))
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120, env=environment)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_clients_made_before_import_mock_codeartifact(tmp_path):
    out = _run('''
        import copy, pickle
        import boto3, botocore.session
        from botocore.config import Config

        default = boto3.client("codeartifact")
        own_session = botocore.session.get_session().create_client("codeartifact", region_name="eu-west-1")
        boto3_session = boto3.Session(region_name="eu-west-1").client("codeartifact")
        config = pickle.loads(pickle.dumps(Config(retries={"max_attempts": 1})))
        copied = boto3.client("codeartifact", config=copy.deepcopy(config))

        import mock_codeartifact  # only now

        with mock_codeartifact.mock_codeartifact() as mock:
            default.create_domain(domain="acme")
            for client in (own_session, boto3_session, copied):
                assert [d["name"] for d in client.list_domains()["domains"]] == ["acme"]
        print(len(mock.calls))
    ''', tmp_path)
    assert out.strip() == "4"


def test_a_client_made_in_a_root_conftest_at_import_time(pytester, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALLOOKING")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    pytester.makeconftest('''
        import socket
        import boto3

        CLIENT = boto3.client("codeartifact", region_name="us-east-1")  # before the plugin configures

        def _refuse(*args, **kwargs):
            raise RuntimeError(f"network used: {args!r}")

        socket.socket.connect = _refuse
        socket.getaddrinfo = _refuse
    ''')
    pytester.makepyfile(test_early='''
        from conftest import CLIENT

        def test_answered(codeartifact_mock):
            CLIENT.create_domain(domain="acme")
            assert codeartifact_mock.backend().domains.keys() == {"acme"}
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--import-mode=prepend")
    result.assert_outcomes(passed=1)


def test_a_profile_with_a_role_never_calls_sts(tmp_path):
    config, credentials = tmp_path / "config", tmp_path / "credentials"
    config.write_text("[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/dev\n"
                      "source_profile = base\nregion = us-east-1\n[profile base]\nregion = us-east-1\n")
    credentials.write_text("[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base\n")
    out = _run('''
        import boto3
        early = boto3.client("codeartifact")  # resolves the role (lazily) from AWS_PROFILE
        from mock_codeartifact import mock_codeartifact
        with mock_codeartifact():
            early.create_domain(domain="acme")
            in_mock = boto3.client("codeartifact")
            explicit = boto3.Session(profile_name="dev").client("codeartifact")
            for client in (in_mock, explicit):
                assert [d["name"] for d in client.list_domains()["domains"]] == ["acme"]
        assert type(early._request_signer._credentials).__name__ == "DeferredRefreshableCredentials"
        print("ok")
    ''', tmp_path, AWS_PROFILE="dev", AWS_CONFIG_FILE=str(config), AWS_SHARED_CREDENTIALS_FILE=str(credentials),
        AWS_ACCESS_KEY_ID="", AWS_SECRET_ACCESS_KEY="")
    assert out.strip() == "ok"


def test_the_interception_exists_only_while_a_mock_is_active():
    import botocore.endpoint

    from mock_codeartifact._transport import botocore_hook

    original = botocore.endpoint.Endpoint.__dict__["make_request"]
    assert not botocore_hook.applied()
    first, second = mock_codeartifact(), mock_codeartifact()
    first.start()
    second.start()
    first.stop()  # out of order: the other mock still needs it
    assert botocore_hook.applied()
    second.stop()
    assert botocore.endpoint.Endpoint.__dict__["make_request"] is original


def test_other_services_are_untouched():
    import botocore.stub

    s3 = boto3.client("s3", region_name="us-east-1")
    with mock_codeartifact(), botocore.stub.Stubber(s3) as stub:
        stub.add_response("list_buckets", {"Buckets": []})
        assert s3.list_buckets()["Buckets"] == []
        assert [] == [h for h in s3.meta.events._emitter._handlers.prefix_search("before-send.s3.ListBuckets")
                      if "mock_codeartifact" in getattr(h, "__module__", "")]


def test_a_users_stubber_wins_on_its_client():
    import botocore.stub

    client = boto3.client("codeartifact", region_name="us-east-1")
    with mock_codeartifact() as mock, botocore.stub.Stubber(client) as stub:
        stub.add_response("list_domains", {"domains": [{"name": "stubbed"}]})
        assert client.list_domains()["domains"] == [{"name": "stubbed"}]
        boto3.client("codeartifact", region_name="us-east-1").create_domain(domain="real")
    assert [c.operation for c in mock.calls] == ["CreateDomain"]


def test_moto_active_first_with_a_client_it_patched():
    moto = pytest.importorskip("moto")
    from moto.core.models import patch_client

    client = boto3.client("codeartifact", region_name="us-east-1")
    patch_client(client)  # moto's before-send handler is now on this client too
    with moto.mock_aws(), mock_codeartifact():
        client.create_domain(domain="acme")
        assert [d["name"] for d in client.list_domains()["domains"]] == ["acme"]


# -- a bug of the mock is loud ---------------------------------------------------------------
class _Broken:
    from mock_codeartifact import hookimpl

    @hookimpl
    def codeartifact_before_call(self, call):
        if call.operation == "ListDomains":
            raise ZeroDivisionError("the mock's bug")


def test_a_bug_of_the_mock_raises_naming_the_operation_and_is_not_retried():
    from mock_codeartifact import MockInternalError

    with mock_codeartifact() as mock:
        mock.register_plugin(_Broken())
        client = boto3.client("codeartifact", region_name="us-east-1",
                              config=Config(retries={"mode": "standard", "max_attempts": 5}))
        with pytest.raises(MockInternalError, match="ListDomains") as caught:
            client.list_domains()
        assert isinstance(caught.value.__cause__, ZeroDivisionError)
        assert caught.value.operation == "ListDomains"
        legacy = boto3.client("codeartifact", region_name="us-east-1", config=Config(retries={"mode": "legacy"}))
        with pytest.raises(MockInternalError):
            legacy.list_domains()
    assert [c.operation for c in mock.calls] == ["ListDomains", "ListDomains"]  # once each: no retries


def test_over_http_a_bug_of_the_mock_stays_a_logged_500(caplog):
    from botocore.exceptions import ClientError

    from mock_codeartifact._transport.server import ThreadedServer

    with mock_codeartifact() as mock, ThreadedServer(mock) as server:
        mock.register_plugin(_Broken())
        client = boto3.client("codeartifact", region_name="us-east-1", endpoint_url=server.url,
                              config=Config(retries={"max_attempts": 1}))
        with pytest.raises(ClientError) as caught:
            client.list_domains()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert caught.value.response["Error"]["Code"] == "InternalServerException"
    assert "ListDomains" in caught.value.response["Error"]["Message"]
    assert any("ListDomains" in record.getMessage() and record.exc_info for record in caplog.records)
