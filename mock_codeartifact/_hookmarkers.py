"""The one pair of pluggy markers for every mock_codeartifact hook.

A leaf module (it imports only pluggy) so that both plugin managers and every
format module can import the markers without importing each other:

- :func:`mock_codeartifact._hooks.plugin_manager` takes the *call hooks*
  (``codeartifact_before_call`` / ``codeartifact_after_call``);
- the format registry in :mod:`mock_codeartifact._formats` (``register_format_plugin``) takes the *format
  hook* (``codeartifact_package_formats``) and loads the ``mock_codeartifact``
  entry-point group.

Both managers carry the project name :data:`PROJECT`, so one ``@hookimpl``
marks an implementation for either of them; ``mock_codeartifact.hookimpl``,
``mock_codeartifact._hooks.hookimpl`` and ``mock_codeartifact._formats.hookimpl``
are all this same object.
"""

from __future__ import annotations

import pluggy

#: The pluggy project name of both managers and the entry-point group name.
PROJECT = "mock_codeartifact"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
