"""The drawn public boundary: internals are underscored, and the old import
paths the docs once showed keep working for one release, with a warning."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import warnings

import pytest

import mock_codeartifact
from mock_codeartifact import _moved

#: Modules with public names: the documented API beside ``__all__``, the
#: pytest entry point, the runnable demo, ``python -m`` and the old state_io path.
PUBLIC_MODULES = {"errors", "limits", "pytest_plugin", "demo", "__main__", "state_io"}


def _forget(monkeypatch: pytest.MonkeyPatch, *old: str) -> None:
    """Make the next import of each old path a first import (restored after)."""
    for name in old:
        monkeypatch.delitem(sys.modules, name, raising=False)
        parent, _, child = name.rpartition(".")
        # vars(), not hasattr(): the package's __getattr__ would import the old path
        if parent in sys.modules and child in vars(sys.modules[parent]):
            monkeypatch.delattr(sys.modules[parent], child)


def test_every_other_top_level_module_is_underscored() -> None:
    names = {info.name for info in pkgutil.iter_modules(mock_codeartifact.__path__)}
    public = {name for name in names if not name.startswith("_")}
    assert public == PUBLIC_MODULES - {"__main__"}


def test_every_moved_name_is_now_an_internal_module() -> None:
    for old, new in _moved.MOVED.items():
        assert new == "_" + old
        assert importlib.util.find_spec(f"mock_codeartifact.{new}") is not None


def test_an_old_deep_path_warns_and_is_the_same_module(monkeypatch: pytest.MonkeyPatch) -> None:
    _forget(monkeypatch, "mock_codeartifact.transport", "mock_codeartifact.transport.server")
    with pytest.warns(DeprecationWarning, match=r"mock_codeartifact\.transport is internal now") as caught:
        from mock_codeartifact.transport.server import ThreadedServer
    assert ThreadedServer is mock_codeartifact.ThreadedServer
    assert sys.modules["mock_codeartifact.transport.server"] is importlib.import_module("mock_codeartifact._transport.server")
    # the warning points at the line that imported the old path
    assert all(w.filename == __file__ for w in caught)


def test_the_access_check_the_docs_showed_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    _forget(monkeypatch, "mock_codeartifact.access")
    with pytest.warns(DeprecationWarning, match=r"import the public names from mock_codeartifact"):
        from mock_codeartifact.access import authorize_repository_access
    assert authorize_repository_access is mock_codeartifact.authorize_repository_access


def test_an_old_module_reached_as_an_attribute_warns_at_the_users_line(monkeypatch: pytest.MonkeyPatch) -> None:
    _forget(monkeypatch, "mock_codeartifact.backend", "mock_codeartifact.transport")
    with pytest.warns(DeprecationWarning, match=r"mock_codeartifact\.backend is internal now") as caught:
        backend = mock_codeartifact.backend  # type: ignore[attr-defined]  # the old path, on purpose
    assert backend.Backend is mock_codeartifact.Backend
    with pytest.warns(DeprecationWarning, match=r"mock_codeartifact\.transport is internal now") as more:
        from mock_codeartifact import transport  # type: ignore[attr-defined]  # the old path, on purpose
    assert transport.server.ThreadedServer is mock_codeartifact.ThreadedServer
    assert [w.filename for w in [*caught, *more]] == [__file__, __file__]


def test_a_patch_through_an_old_path_reaches_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    _forget(monkeypatch, "mock_codeartifact.clock")
    with pytest.warns(DeprecationWarning):
        old = importlib.import_module("mock_codeartifact.clock")
    new = importlib.import_module("mock_codeartifact._clock")
    monkeypatch.setattr(old, "Clock", "patched through the old path")
    assert new.Clock == "patched through the old path"


def test_an_old_import_leaves_the_modules_own_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative imports inside functions and importlib.reload() rely on it."""
    _forget(monkeypatch, "mock_codeartifact.backend", "mock_codeartifact.backend.packages")
    new = importlib.import_module("mock_codeartifact._backend.packages")
    spec = new.__spec__
    with pytest.warns(DeprecationWarning):
        importlib.import_module("mock_codeartifact.backend.packages")
    assert new.__spec__ is spec
    assert importlib.import_module("mock_codeartifact._backend").__spec__.name == "mock_codeartifact._backend"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an ImportWarning on __package__ != __spec__.parent would raise
        with mock_codeartifact.mock_codeartifact() as mock:
            mock.backend().create_domain(domain="acme")
            mock.backend().create_repository(domain="acme", repository="release")
            mock.backend().publish_package(domain="acme", repository="release", format="generic",
                                           namespace="tools", package="cli", version="1.0",
                                           files={"cli.bin": b"x"})


@pytest.mark.slow
def test_python_dash_m_runs_the_old_cli_path() -> None:
    result = subprocess.run([sys.executable, "-W", "always", "-m", "mock_codeartifact.cli", "--help"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "mock-codeartifact" in result.stdout or "usage" in result.stdout.lower()
    assert "mock_codeartifact.cli is internal now" in result.stderr


def test_names_that_never_existed_are_still_missing() -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("mock_codeartifact.nothing_here")
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("mock_codeartifact.backend.nothing_here")
    assert _moved.new_name("mock_codeartifactx.backend") is None
    assert _moved.new_name("mock_codeartifact.backends") is None


def test_installing_twice_adds_one_finder() -> None:
    _moved.install()
    _moved.install()
    assert sum(isinstance(f, _moved._OldPathFinder) for f in sys.meta_path) == 1
