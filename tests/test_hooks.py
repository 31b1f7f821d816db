"""The call hooks: plugins see every call, and a plugin naming a hook that
does not exist is refused when it is registered, not silently never called."""

from __future__ import annotations

import importlib
import sys

import boto3
import pluggy
import pytest

from mock_codeartifact import MockInternalError, hookimpl, mock_codeartifact, plugin_manager


class Misspelt:
    @hookimpl
    def codeartifact_before_cal(self, call):  # noqa: D401 - the typo is the point
        raise AssertionError("never called")


class Correct:
    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl
    def codeartifact_before_call(self, call):
        self.seen.append(call.operation)


def test_a_misspelt_hook_is_refused_by_register_plugin():
    with mock_codeartifact() as mock:
        with pytest.raises(pluggy.PluginValidationError, match="did you mean 'codeartifact_before_call'"):
            mock.register_plugin(Misspelt())
        assert not any(isinstance(p, Misspelt) for p in plugin_manager().get_plugins())
        correct = mock.register_plugin(Correct())
        boto3.client("codeartifact", region_name="us-east-1").list_domains()
    assert correct.seen == ["ListDomains"]


def test_a_misspelt_hook_is_refused_by_the_global_plugin_manager():
    with pytest.raises(pluggy.PluginValidationError, match="codeartifact_before_cal"):
        plugin_manager().register(Misspelt())
    assert not any(isinstance(p, Misspelt) for p in plugin_manager().get_plugins())


def test_a_hook_with_wrong_arguments_is_refused():
    class WrongArguments:
        @hookimpl
        def codeartifact_after_call(self, call, extra):
            pass

    with pytest.raises(pluggy.PluginValidationError):
        plugin_manager().register(WrongArguments())


def test_a_plugin_registered_globally_sees_every_call_before_it_is_recorded():
    class Observer:
        def __init__(self) -> None:
            self.recorded_before: list[int] = []

        @hookimpl
        def codeartifact_after_call(self, call):
            self.recorded_before.append(len(mock.calls))

    observer = Observer()
    plugin_manager().register(observer)
    try:
        with mock_codeartifact() as mock:
            client = boto3.client("codeartifact", region_name="us-east-1")
            client.list_domains()
            client.list_domains()
    finally:
        plugin_manager().unregister(observer)
    # The after-call hooks run first, then the call lands in mock.calls.
    assert observer.recorded_before == [0, 1]
    assert [call.operation for call in mock.calls] == ["ListDomains", "ListDomains"]


def test_a_call_is_recorded_even_when_an_after_call_hook_fails():
    class Broken:
        @hookimpl
        def codeartifact_after_call(self, call):
            raise RuntimeError("a bug in the plugin")

    with mock_codeartifact() as mock:
        mock.register_plugin(Broken())
        with pytest.raises(MockInternalError, match="ListDomains"):
            boto3.client("codeartifact", region_name="us-east-1").list_domains()
    assert [call.operation for call in mock.calls] == ["ListDomains"]


def test_the_hooks_module_imported_again_hands_out_the_same_plugin_manager(monkeypatch):
    # pytester's sys.modules snapshots can drop _hooks and import it anew; a
    # second manager would hold plugins the dispatcher never calls.
    import mock_codeartifact as package
    from mock_codeartifact import _hooks

    monkeypatch.setattr(package, "_hooks", _hooks)  # put back at teardown
    monkeypatch.delitem(sys.modules, "mock_codeartifact._hooks")
    again = importlib.import_module("mock_codeartifact._hooks")
    assert again is not _hooks
    assert again.plugin_manager() is _hooks.plugin_manager()

    observer = Correct()
    again.plugin_manager().register(observer)
    try:
        with mock_codeartifact():
            boto3.client("codeartifact", region_name="us-east-1").list_domains()
    finally:
        again.plugin_manager().unregister(observer)
    assert observer.seen == ["ListDomains"]
