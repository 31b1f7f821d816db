"""One hook marker for both plugin managers (call hooks and format plugins)."""

from __future__ import annotations

import mock_codeartifact
from mock_codeartifact import _formats as formats
from mock_codeartifact import _hooks as hooks


def test_every_public_hookimpl_is_the_same_marker() -> None:
    assert mock_codeartifact.hookimpl is hooks.hookimpl is formats.hookimpl
    assert hooks.hookspec is formats.hookspec
    assert hooks.PROJECT == formats.PROJECT_NAME == "mock_codeartifact"
