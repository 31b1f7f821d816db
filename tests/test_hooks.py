"""The call hooks: plugins see every call, and a plugin naming a hook that
does not exist is refused when it is registered, not silently never called."""

from __future__ import annotations

import boto3
import pluggy
import pytest

from mock_codeartifact import hookimpl, mock_codeartifact, plugin_manager


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
