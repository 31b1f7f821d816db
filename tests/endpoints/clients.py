"""Running real package-manager clients against a mock's server: where a
tool is (on ``PATH`` or beside the test interpreter, where ``.ci/run``
installs them into the virtual environment), and an environment that gives
each run a private HOME, configuration and cache, so nothing is read from or
written to the user's own, and only 127.0.0.1 is reached."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

#: Variables of the calling environment a client must not see (its own
#: configuration, proxies, tokens).
_PRIVATE_PREFIXES = ("npm_", "uv_", "poetry_", "pip_", "yarn_", "pnpm_", "maven_", "twine_", "pythonuserbase")


def find_tool(name: str) -> str | None:
    """The executable ``name``: on PATH, or in the test interpreter's bin
    directory (a virtual environment that is not activated)."""
    found = shutil.which(name)
    if found:
        return found
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def private_env(home: Path, **extra: str) -> dict[str, str]:
    """The caller's environment with HOME, XDG directories and every tool's
    own settings replaced by empty ones under ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.lower().startswith(_PRIVATE_PREFIXES) and "proxy" not in k.lower()
           and k not in ("VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONHOME", "PYTHONPATH")}
    env.update(
        HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"), NO_PROXY="127.0.0.1,localhost",
    )
    # Tools found beside the interpreter run with that directory on PATH (no
    # VIRTUAL_ENV: a client that installs, such as poetry, makes its own).
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(extra)
    return env


def run(command: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 180,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if check:
        assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result
