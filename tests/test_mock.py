"""The mock's lifecycle: decorator forms, context manager, start/stop, nesting,
credentials, reset and isolation between tests."""

from __future__ import annotations

import asyncio
import os
import unittest

import boto3
import pytest

from mock_codeartifact import CodeArtifactMock, active_mock, get_backend, mock_codeartifact

pytest_plugins = ["pytester"]


def _client(region: str = "us-east-1"):
    return boto3.client("codeartifact", region_name=region)


def _domains() -> list[str]:
    return [d["name"] for d in _client().list_domains()["domains"]]


@mock_codeartifact
def test_bare_decorator_on_a_function():
    _client().create_domain(domain="acme")
    assert _domains() == ["acme"]
    assert get_backend().domains["acme"].name == "acme"


@mock_codeartifact(account_id="111122223333", region="eu-west-1")
def test_decorator_with_options():
    created = _client("eu-west-1").create_domain(domain="acme")["domain"]
    assert created["owner"] == "111122223333"
    assert created["arn"] == "arn:aws:codeartifact:eu-west-1:111122223333:domain/acme"


def test_decorated_function_keeps_its_name_and_result():
    @mock_codeartifact
    def make_domain(name: str) -> str:
        return _client().create_domain(domain=name)["domain"]["name"]

    assert make_domain.__name__ == "make_domain"
    assert make_domain("acme") == "acme"
    assert active_mock() is None


def test_decorator_on_a_coroutine_function():
    @mock_codeartifact
    async def work() -> list[str]:
        await asyncio.sleep(0)
        _client().create_domain(domain="async-domain")
        return _domains()

    assert asyncio.run(work()) == ["async-domain"]
    assert active_mock() is None


@mock_codeartifact
class TestDecoratedClass:
    def setup_method(self, method):
        _client().create_domain(domain="from-setup")

    def test_sees_state_from_setup_method(self):
        assert _domains() == ["from-setup"]

    def test_each_test_starts_fresh(self):
        _client().create_domain(domain="second")
        assert _domains() == ["from-setup", "second"]


@mock_codeartifact
class DecoratedTestCase(unittest.TestCase):
    def setUp(self):
        _client().create_domain(domain="from-setup")

    def tearDown(self):
        # still inside the mock: the domain is visible here too
        assert _domains() == ["from-setup", "in-test"]

    def test_setup_test_and_teardown_share_one_mock(self):
        _client().create_domain(domain="in-test")
        assert _domains() == ["from-setup", "in-test"]


def test_unittest_case_runs_green_and_leaves_no_mock():
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(DecoratedTestCase).run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert result.testsRun == 1
    assert active_mock() is None


def test_context_manager_yields_the_active_mock():
    with mock_codeartifact() as mock:
        assert isinstance(mock, CodeArtifactMock)
        assert active_mock() is mock
        _client().create_domain(domain="acme")
        assert mock.backend().domains.keys() == {"acme"}
    assert active_mock() is None


def test_start_and_stop():
    mock = mock_codeartifact()
    assert not mock.active
    mock.start()
    try:
        _client().create_domain(domain="acme")
        assert _domains() == ["acme"]
    finally:
        mock.stop()
    assert not mock.active
    with pytest.raises(RuntimeError):
        mock.stop()


def test_every_outermost_start_gets_fresh_state():
    mock = mock_codeartifact()
    with mock:
        _client().create_domain(domain="acme")
    with mock:
        assert _domains() == []


def test_nested_mocks_share_state_and_unwind_cleanly():
    with mock_codeartifact() as outer:
        _client().create_domain(domain="outer")
        with mock_codeartifact() as inner:
            assert active_mock() is inner
            _client().create_domain(domain="inner")
            assert _domains() == ["inner", "outer"]
        assert active_mock() is outer
        assert _domains() == ["inner", "outer"]
    assert active_mock() is None


def test_same_mock_reentered():
    mock = mock_codeartifact()
    with mock:
        _client().create_domain(domain="acme")
        with mock:
            assert _domains() == ["acme"]
        assert mock.active and _domains() == ["acme"]
    assert not mock.active


def test_reset_clears_state_and_calls():
    with mock_codeartifact() as mock:
        _client().create_domain(domain="acme")
        assert mock.calls
        mock.reset()
        assert mock.calls == []
        assert _domains() == []


def test_fake_credentials_while_active_and_restored_after(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "REAL-KEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "REAL-SECRET")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "REAL-TOKEN")
    with mock_codeartifact():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "FOOBARKEY"
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == "FOOBARSECRET"
        assert "AWS_SESSION_TOKEN" not in os.environ
        credentials = boto3.Session().get_credentials()
        assert credentials.access_key == "FOOBARKEY"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "REAL-KEY"
    assert os.environ["AWS_SECRET_ACCESS_KEY"] == "REAL-SECRET"
    assert os.environ["AWS_SESSION_TOKEN"] == "REAL-TOKEN"


def test_unset_credentials_stay_unset_after(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with mock_codeartifact():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "FOOBARKEY"
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    assert "AWS_SECRET_ACCESS_KEY" not in os.environ


def test_calls_are_recorded_with_parameters():
    with mock_codeartifact() as mock:
        client = _client()
        client.create_domain(domain="acme")
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.describe_domain(domain="nope")
    assert [c.operation for c in mock.calls] == ["CreateDomain", "DescribeDomain"]
    assert mock.calls[0].params == {"domain": "acme"}
    assert mock.calls[0].succeeded and mock.calls[0].result["domain"]["name"] == "acme"
    assert not mock.calls[1].succeeded
    assert type(mock.calls[1].error).__name__ == "ResourceNotFoundException"


def test_clock_moves_time():
    import datetime as dt

    with mock_codeartifact() as mock:
        mock.clock.freeze(dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))
        created = _client().create_domain(domain="acme")["domain"]["createdTime"]
        assert created == dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
        mock.clock.advance(hours=1)
        later = _client().create_domain(domain="later")["domain"]["createdTime"]
        assert later - created == dt.timedelta(hours=1)


def test_a_clock_state_puts_time_back_as_it_was():
    import datetime as dt

    from mock_codeartifact._clock import Clock

    clock = Clock()
    clock.freeze(dt.datetime(2030, 1, 2, tzinfo=dt.timezone.utc))
    clock.advance(60)
    saved = clock.state()
    assert saved == (dt.datetime(2030, 1, 2, tzinfo=dt.timezone.utc), dt.timedelta(seconds=60))
    clock.reset()
    clock.set_state(saved)
    assert clock.now() == dt.datetime(2030, 1, 2, 0, 1, tzinfo=dt.timezone.utc)
    running = Clock()
    running.advance(hours=1)
    clock.set_state(running.state())
    assert clock.state() == (None, dt.timedelta(hours=1))


def test_freezegun_moves_the_default_clock():
    freezegun = pytest.importorskip("freezegun")
    import datetime as dt

    with freezegun.freeze_time("2031-05-06 07:08:09"), mock_codeartifact():
        created = _client().create_domain(domain="acme")["domain"]["createdTime"]
    assert created == dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)


def test_cannot_decorate_a_non_callable():
    with pytest.raises(TypeError):
        mock_codeartifact()(42)


def test_repr_is_helpful():
    mock = mock_codeartifact(account_id="111122223333", region="eu-west-1")
    assert "inactive" in repr(mock) and "111122223333" in repr(mock)
    with mock:
        _client("eu-west-1").create_domain(domain="acme")
        assert "acme" in repr(mock.backend())
        assert "Domain acme" in repr(mock.backend().domains["acme"])


# -- the environment, whatever order mocks start and stop in ---------------------------------
_REAL = {"AWS_ACCESS_KEY_ID": "REAL-KEY", "AWS_SECRET_ACCESS_KEY": "REAL-SECRET", "AWS_SESSION_TOKEN": "REAL-TOKEN",
         "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.2/creds", "AWS_PROFILE": "mine"}


@pytest.mark.parametrize("stops", ["ab", "ba"])
def test_interleaved_mocks_restore_the_environment_exactly(monkeypatch, stops):
    for name, value in _REAL.items():
        monkeypatch.setenv(name, value)
    before = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    mocks = {"a": mock_codeartifact(), "b": mock_codeartifact(region="eu-west-1")}
    mocks["a"].start()
    mocks["b"].start()
    for name in stops:
        assert os.environ["AWS_ACCESS_KEY_ID"] == "FOOBARKEY", "real credentials visible while a mock is active"
        assert "AWS_SESSION_TOKEN" not in os.environ and "AWS_CONTAINER_CREDENTIALS_FULL_URI" not in os.environ
        assert boto3.Session().get_credentials().access_key == "FOOBARKEY"
        mocks[name].stop()
    assert {k: v for k, v in os.environ.items() if k.startswith("AWS_")} == before


# -- class decorator: class-level set-up and tear-down ---------------------------------------
_seen: list[object] = []


@mock_codeartifact
class DecoratedWithClassSetUp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        _client().create_domain(domain="from-setup-class")

    @classmethod
    def tearDownClass(cls):
        _seen.append(("tearDownClass", _domains(), active_mock() is not None))

    def test_sees_class_state(self):
        assert "from-setup-class" in _domains()

    def test_sees_class_state_too(self):
        assert "from-setup-class" in _domains()


def test_unittest_set_up_class_and_tear_down_class_run_inside_the_mock():
    _seen.clear()
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(DecoratedWithClassSetUp).run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert result.testsRun == 2
    assert _seen == [("tearDownClass", ["from-setup-class"], True)]
    assert active_mock() is None


@mock_codeartifact
class TestPytestClassSetUp:
    @classmethod
    def setup_class(cls):
        cls.arn = _client().create_domain(domain="from-setup-class")["domain"]["arn"]

    @classmethod
    def teardown_class(cls):
        assert _domains() == ["from-setup-class"]
        _client().delete_domain(domain="from-setup-class")

    def test_sees_class_state(self):
        assert _domains() == ["from-setup-class"]
        assert self.arn.endswith("domain/from-setup-class")


def test_pytest_setup_class_and_teardown_class_run_inside_the_mock(pytester, monkeypatch):
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    pytester.makepyfile(test_classes='''
        import socket
        import boto3
        from mock_codeartifact import active_mock, mock_codeartifact

        def _refuse(*args, **kwargs):
            raise RuntimeError(f"network used: {args!r}")

        socket.socket.connect = _refuse
        socket.getaddrinfo = _refuse

        def _client():
            return boto3.client("codeartifact", region_name="us-east-1")

        @mock_codeartifact
        class TestWithClassSetUp:
            def setup_class(cls):  # a plain function works too
                _client().create_domain(domain="shared")

            @classmethod
            def teardown_class(cls):
                assert active_mock() is not None
                _client().delete_domain(domain="shared")

            def test_one(self):
                assert [d["name"] for d in _client().list_domains()["domains"]] == ["shared"]

            def test_two(self):
                assert [d["name"] for d in _client().list_domains()["domains"]] == ["shared"]

        @mock_codeartifact
        class TestWithStaticTearDown:
            @staticmethod
            def teardown_class():
                assert active_mock() is not None

            def test_fresh(self):
                assert _client().list_domains()["domains"] == []

        def test_after_the_class():
            assert active_mock() is None
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


# -- identities belong to the state -------------------------------------------------------------
def test_identities_are_shared_by_nested_mocks_and_saved_with_the_state():
    with mock_codeartifact() as outer:
        outer.add_identity("AKIAOTHER", "111122223333", "arn:aws:iam::111122223333:role/dev")
        with mock_codeartifact() as inner:
            assert inner.account_for("AKIAOTHER") == "111122223333"
            assert inner.principal_for("AKIAOTHER") == "arn:aws:iam::111122223333:role/dev"
            other = boto3.client("codeartifact", region_name="us-east-1",
                                 aws_access_key_id="AKIAOTHER", aws_secret_access_key="x")
            assert other.create_domain(domain="theirs")["domain"]["owner"] == "111122223333"
        saved, document = outer.snapshot(), outer.export_json()
        outer.registry.identities.clear()
        outer.restore(saved)
        assert outer.account_for("AKIAOTHER") == "111122223333"
    with mock_codeartifact() as fresh:
        assert fresh.account_for("AKIAOTHER") == "123456789012"
        fresh.import_json(document)
        assert fresh.principal_for("AKIAOTHER") == "arn:aws:iam::111122223333:role/dev"
    with pytest.raises(ValueError):
        mock_codeartifact().add_identity("AKIABAD", "111122223333", "arn:aws:iam::999999999999:role/x")


def test_an_identity_given_before_start_is_in_every_state_the_mock_starts_with():
    mock = mock_codeartifact()
    mock.add_identity("AKIAEARLY", "111122223333")
    for _ in range(2):  # each outermost start has fresh state, and the identity
        with mock:
            assert mock.registry.identity("AKIAEARLY").account_id == "111122223333"
    with mock_codeartifact() as outer:
        inner = mock_codeartifact()
        inner.add_identity("AKIAINNER", "444455556666")
        with inner:
            assert outer.account_for("AKIAINNER") == "444455556666"
