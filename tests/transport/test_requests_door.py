"""The ``requests`` door: repository endpoint URLs in their real form are
answered in-process whenever ``requests`` was imported, every body type
``requests`` sends works, and the user's own ``responses`` mocks (and moto's)
keep working in every nesting order without anything reaching the network."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap

import boto3
import pytest
import requests
import responses

from mock_codeartifact import mock_codeartifact
from mock_codeartifact._transport import requests_door

from tests.endpoints.npm_packages import npm_tarball, publish_document
from tests.endpoints.repositories import auth_token, endpoint_url

OTHER_URL = "https://example.invalid/api"
UNREGISTERED_URL = "https://nobody-registered-this.invalid/"


def _npm_repository(client) -> tuple[str, dict[str, str]]:
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="web")
    return endpoint_url(client, "web", "npm"), {"Authorization": f"Bearer {auth_token(client)}"}


def _publish_and_read(client, body_of=lambda document: json.dumps(document).encode()) -> dict:
    url, auth = _npm_repository(client)
    document = publish_document("hello", "1.0.0", npm_tarball("hello", "1.0.0"))
    put = requests.put(url + "hello", data=body_of(document), headers={**auth, "Content-Type": "application/json"})
    assert put.status_code in (200, 201), put.text
    return requests.get(url + "hello", headers=auth).json()


def test_endpoint_urls_are_answered_in_process(codeartifact_client):
    packument = _publish_and_read(codeartifact_client)
    assert list(packument["versions"]) == ["1.0.0"]


@pytest.mark.parametrize("kind", ["generator", "bytearray", "file", "text"])
def test_every_body_type_requests_sends(codeartifact_client, kind):
    def body_of(document):
        data = json.dumps(document).encode()
        if kind == "generator":  # requests sends it chunked
            return (data[i:i + 100] for i in range(0, len(data), 100))
        if kind == "bytearray":
            return bytearray(data)
        if kind == "file":
            return io.BytesIO(data)
        return data.decode()

    assert list(_publish_and_read(codeartifact_client, body_of)["versions"]) == ["1.0.0"]


def test_requests_imported_after_the_mock_started():
    script = textwrap.dedent("""
        import sys
        assert "requests" not in sys.modules
        import boto3
        from mock_codeartifact import mock_codeartifact
        with mock_codeartifact():
            client = boto3.client("codeartifact", region_name="us-east-1")
            client.create_domain(domain="acme")
            client.create_repository(domain="acme", repository="web")
            url = client.get_repository_endpoint(domain="acme", repository="web", format="npm")["repositoryEndpoint"]
            token = client.get_authorization_token(domain="acme")["authorizationToken"]
            import requests  # only now
            answer = requests.get(url + "missing", headers={"Authorization": "Bearer " + token})
            print(answer.status_code)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "404"


def test_the_mock_never_imports_requests_and_its_import_hook_goes_with_the_last_stop():
    """requests is not imported on a user's behalf: the door opens when it is
    imported inside a mock (also by a nested mock's code), not after the last
    stop, and a Session made at any time inside the mock is answered."""
    script = textwrap.dedent("""
        import sys
        import boto3
        from mock_codeartifact import mock_codeartifact
        from mock_codeartifact._transport import requests_door
        finders = list(sys.meta_path)
        with mock_codeartifact() as outer:
            client = boto3.client("codeartifact", region_name="us-east-1")
            client.create_domain(domain="acme")
            client.create_repository(domain="acme", repository="web")
            url = client.get_repository_endpoint(domain="acme", repository="web", format="npm")["repositoryEndpoint"]
            auth = {"Authorization": "Bearer " + client.get_authorization_token(domain="acme")["authorizationToken"]}
            assert "requests" not in sys.modules, "the mock imported requests"
            assert requests_door.import_hook_installed() and not requests_door.applied()
            with mock_codeartifact():
                import requests.sessions  # a submodule first, inside a nested mock
                assert requests_door.applied()
                session = requests.Session()
            assert requests.sessions.__loader__ is requests.sessions.__spec__.loader
            assert type(requests.sessions.__loader__).__name__ == "SourceFileLoader"
            assert session.get(url + "missing", headers=auth).status_code == 404
            assert requests.Session().get(url + "missing", headers=auth).status_code == 404
        assert sys.meta_path == finders and not requests_door.import_hook_installed()
        assert not requests_door.applied()
        original = requests.Session.__dict__["get_adapter"]
        assert getattr(original, "__wrapped__", None) is None
        with mock_codeartifact():  # requests imported before this start: opened at once
            assert requests_door.applied()
        assert requests.Session.__dict__["get_adapter"] is original
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_requests_being_imported_by_another_thread_when_the_mock_starts_is_opened():
    """The other thread looked up requests.sessions before the mock's import
    hook was there: the start waits for that import and opens the door."""
    script = textwrap.dedent("""
        import sys, threading
        from mock_codeartifact import mock_codeartifact
        from mock_codeartifact._transport import requests_door
        reached, go = threading.Event(), threading.Event()

        class SlowFinder:  # holds the other thread inside its lookup of requests.sessions
            def find_spec(self, name, path=None, target=None):
                if name == "requests.sessions":
                    reached.set()
                    go.wait(30)
                return None

        with mock_codeartifact():  # the mock's own modules loaded: the next start is quick
            pass
        sys.meta_path.insert(0, SlowFinder())
        other = threading.Thread(target=lambda: __import__("requests"))
        other.start()
        assert reached.wait(30)
        threading.Timer(1.0, go.set).start()  # the other thread's import ends after the start
        with mock_codeartifact():
            assert "requests.sessions" not in sys.modules or requests_door.applied()
            other.join(30)
            assert requests_door.applied(), "requests was imported but the door stayed shut"
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_requests_imported_after_the_last_stop_is_left_alone():
    script = textwrap.dedent("""
        import sys
        from mock_codeartifact import mock_codeartifact
        from mock_codeartifact._transport import requests_door
        with mock_codeartifact():
            pass
        import requests
        assert getattr(requests.Session.__dict__["get_adapter"], "__wrapped__", None) is None
        assert not requests_door.applied() and not requests_door.import_hook_installed()
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def _endpoint_answered_and_user_mock_kept(client) -> None:
    url, auth = _npm_repository(client)
    assert requests.get(url + "nothing-here", headers=auth).status_code == 404  # the mock answered
    assert requests.get(OTHER_URL).json() == {"user": True}  # the user's own response
    with pytest.raises(requests.exceptions.ConnectionError) as refused:
        requests.get(UNREGISTERED_URL)  # the user's responses refuses it: never the network
    assert "Connection refused by Responses" in str(refused.value)


@responses.activate
@mock_codeartifact
def test_responses_activate_outside_the_mock():
    responses.add(responses.GET, OTHER_URL, json={"user": True})
    _endpoint_answered_and_user_mock_kept(boto3.client("codeartifact", region_name="us-east-1"))


@mock_codeartifact
@responses.activate
def test_responses_activate_inside_the_mock():
    responses.add(responses.GET, OTHER_URL, json={"user": True})
    _endpoint_answered_and_user_mock_kept(boto3.client("codeartifact", region_name="us-east-1"))


def test_requests_mock_outside_and_inside_the_context_manager():
    original = requests.adapters.HTTPAdapter.send
    with responses.RequestsMock() as user, mock_codeartifact():
        user.add(responses.GET, OTHER_URL, json={"user": True})
        _endpoint_answered_and_user_mock_kept(boto3.client("codeartifact", region_name="us-east-1"))
    assert requests.adapters.HTTPAdapter.send is original
    with mock_codeartifact(), responses.RequestsMock() as user:
        user.add(responses.GET, OTHER_URL, json={"user": True})
        _endpoint_answered_and_user_mock_kept(boto3.client("codeartifact", region_name="us-east-1"))
    assert requests.adapters.HTTPAdapter.send is original


@responses.activate
def test_the_client_fixture_with_responses_activate(codeartifact_client):
    responses.add(responses.GET, OTHER_URL, json={"user": True})
    _endpoint_answered_and_user_mock_kept(codeartifact_client)


@pytest.mark.parametrize("order", ["mock first", "responses first"])
@pytest.mark.parametrize("stops", ["in order", "out of order"])
def test_any_order_of_starts_and_stops_restores_requests(order, stops):
    send, get_adapter = requests.adapters.HTTPAdapter.send, requests.Session.get_adapter
    mock, user = mock_codeartifact(), responses.RequestsMock(assert_all_requests_are_fired=False)
    started = [mock, user] if order == "mock first" else [user, mock]
    for item in started:
        item.start()
    user.add(responses.GET, OTHER_URL, json={"user": True})
    _endpoint_answered_and_user_mock_kept(boto3.client("codeartifact", region_name="us-east-1"))
    for item in (reversed(started) if stops == "in order" else started):
        item.stop()
    assert requests.adapters.HTTPAdapter.send is send
    assert requests.Session.get_adapter is get_adapter
    assert not requests_door.applied()


def test_moto_presigned_url_fetched_with_requests():
    moto = pytest.importorskip("moto")
    for outer, inner in ((moto.mock_aws, mock_codeartifact), (mock_codeartifact, moto.mock_aws)):
        with outer(), inner():
            s3 = boto3.client("s3", region_name="us-east-1")
            s3.create_bucket(Bucket="artifacts")
            s3.put_object(Bucket="artifacts", Key="a.txt", Body=b"from moto")
            presigned = s3.generate_presigned_url("get_object", Params={"Bucket": "artifacts", "Key": "a.txt"})
            assert requests.get(presigned).content == b"from moto"
            _npm_url, auth = _npm_repository(boto3.client("codeartifact", region_name="us-east-1"))
            assert requests.get(_npm_url + "nothing-here", headers=auth).status_code == 404


def test_outside_a_mock_endpoint_urls_are_not_answered():
    with responses.RequestsMock() as user:  # stands in for the network
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get("https://acme-123456789012.d.codeartifact.us-east-1.amazonaws.com/npm/web/hello")
        assert user.calls[0].request.url.startswith("https://acme-123456789012")


def test_a_bug_behind_an_endpoint_is_loud(codeartifact_client, monkeypatch):
    from mock_codeartifact import MockInternalError
    from mock_codeartifact._transport.wsgi import CodeArtifactApp

    url, auth = _npm_repository(codeartifact_client)

    def broken(self, request):
        raise KeyError("the mock's bug")

    monkeypatch.setattr(CodeArtifactApp, "respond", broken)
    with pytest.raises(MockInternalError, match="GET /npm/web/hello") as caught:
        requests.get(url + "hello", headers=auth)
    assert isinstance(caught.value.__cause__, KeyError)
