"""pluggy hook points around every CodeArtifact call.

Every request, whichever door it came through, becomes a :class:`Call` and
passes through two hooks. Implement them in a plugin object and register it
with ``mock.register_plugin(obj)`` (unregistered when the mock stops) or
globally with ``plugin_manager().register(obj)``. A plugin whose
``@hookimpl`` names no hook (a misspelling) is refused when it is registered,
not silently never called::

    from mock_codeartifact import hookimpl

    class DenyDeletes:
        @hookimpl
        def codeartifact_before_call(self, call):
            if call.operation == "DeleteRepository":
                raise AccessDeniedException("no deletes in this test")
"""

from __future__ import annotations

import threading

import pluggy

from . import _call
from ._call import Call as Call

# one marker for both managers; re-exported (the public path mock_codeartifact._hooks.hookimpl)
from ._hookmarkers import PROJECT as PROJECT
from ._hookmarkers import hookimpl as hookimpl
from ._hookmarkers import hookspec as hookspec


class CallHooks:
    """The hook specifications. Implementations receive keyword ``call``."""

    @hookspec
    def codeartifact_before_call(self, call: Call) -> None:
        """Called before the backend runs ``call``.

        Raise a :class:`~mock_codeartifact.errors.ServiceError` to make the call
        fail with that error instead (fault injection, access checks); the
        backend is then not reached and state does not change. ``call.params``
        may be changed in place to alter the request.
        """

    @hookspec
    def codeartifact_after_call(self, call: Call) -> None:
        """Called after every call, successful or not (``call.result`` or
        ``call.error`` is set). Observers only: raising here is a bug."""


_HOOK_NAMES = ("codeartifact_before_call", "codeartifact_after_call")


class _CheckedPluginManager(pluggy.PluginManager):
    """A plugin manager that validates every plugin as it is registered:
    pluggy's ``check_pending`` runs then, so an implementation of a hook that
    does not exist fails at once (and the plugin is not kept)."""

    def register(self, plugin: object, name: str | None = None) -> str | None:
        registered = super().register(plugin, name)
        try:
            self.check_pending()
        except pluggy.PluginValidationError as error:
            self.unregister(plugin)
            raise pluggy.PluginValidationError(plugin, f"{error}{_suggestion(str(error))}") from None
        return registered


def _suggestion(message: str) -> str:
    import difflib

    for word in message.replace("'", " ").split():
        close = difflib.get_close_matches(word, _HOOK_NAMES, n=1)
        if close and word != close[0]:
            return f" (did you mean {close[0]!r}? the hooks are {', '.join(_HOOK_NAMES)})"
    return f" (the hooks are {', '.join(_HOOK_NAMES)})"


_making = threading.Lock()


def plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager for the call hooks.

    Made (and pluggy imported) when first asked for; from then on every
    call passes through its hooks. It is kept in the leaf module ``_call``,
    which the dispatcher reads, so that this module imported a second time
    (pytester's ``sys.modules`` snapshots) hands out the same manager."""
    with _making:
        if _call.manager is None:
            manager = _CheckedPluginManager(PROJECT)
            manager.add_hookspecs(CallHooks)
            _call.manager = manager
        return _call.manager
