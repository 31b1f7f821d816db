"""The server's whole state as one document, and the ``--state`` file.

The document is the library's JSON export (:mod:`mock_codeartifact._backend.persistence`)
plus the identities (access key -> account and principal), which the HTTP
door needs to tell callers apart. Loading one is all-or-nothing: it is first
imported into a scratch registry, so a broken document leaves the running
state as it was. Tokens that have expired are dropped on load.

:class:`StateFile` keeps such a document on disk: loaded at start if the
file exists, written atomically (a temporary file in the same directory,
flushed to disk, then renamed over the old one) after changes, with changes
that arrive close together coalesced into one write, and once more at
shutdown.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Protocol

from .._backend import persistence
from .._backend.registry import Registry
from .._backend.state import Identity

log = logging.getLogger("mock_codeartifact.server")


class _Served(Protocol):
    """What the state needs of the mock the server serves."""

    account_id: str
    region: str

    @property
    def registry(self) -> Registry: ...

    def add_identity(self, access_key_id: str, account_id: str, principal_arn: str | None = None) -> None: ...


class StateDocumentError(ValueError):
    """A state document that cannot be loaded; the message says why."""


def identity_table(mock: _Served) -> dict[str, Identity]:
    """Access key -> identity of the served mock (the registry owns them)."""
    return mock.registry.identities


def identities(mock: _Served) -> list[dict[str, str | None]]:
    return [
        {"accessKeyId": key, "accountId": identity.account_id, "principalArn": identity.principal_arn}
        for key, identity in sorted(identity_table(mock).items())
    ]


def state_document(mock: _Served, embed_assets: bool = True) -> dict[str, Any]:
    """All of the served state as JSON-ready data (blobs kept in a data
    directory are named, not embedded, when ``embed_assets`` is false)."""
    document = persistence.to_document(mock.registry, embed_assets)
    document.setdefault("identities", identities(mock))
    return document


def load_state_document(mock: _Served, document: Any) -> None:
    """Replace the served state with ``document`` (a parsed state document),
    or raise :class:`StateDocumentError` and change nothing."""
    if not isinstance(document, dict):
        raise StateDocumentError("a state document is a JSON object")
    entries = document.get("identities") or []
    if not isinstance(entries, list):
        raise StateDocumentError("identities: a list of {accessKeyId, accountId, principalArn}")
    checked: list[tuple[str, str, str | None]] = []
    for index, entry in enumerate(entries):
        try:
            values = (entry["accessKeyId"], entry["accountId"], entry.get("principalArn"))
            if not all(isinstance(v, str) for v in values[:2]) or not isinstance(values[2], (str, type(None))):
                raise TypeError("accessKeyId and accountId are strings, principalArn a string or null")
            check_identity(*values)
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise StateDocumentError(f"identities[{index}]: {_reason(error)}") from None
        checked.append(values)
    scratch = Registry(mock.account_id, mock.region)
    try:
        persistence.import_json(scratch, document)
    except Exception as error:  # any defect of the document: refused, never half-applied
        raise StateDocumentError(_reason(error)) from None
    registry = mock.registry
    with registry.lock:
        persistence.import_json(registry, document)
        registry.drop_expired_tokens()
        identity_table(mock).clear()
        for access_key, account, principal in checked:
            mock.add_identity(access_key, account, principal)


def check_identity(access_key_id: str, account_id: str, principal_arn: str | None) -> None:
    """Raise ValueError unless this is an identity ``add_identity`` takes."""
    if not access_key_id:
        raise ValueError("accessKeyId must not be empty")
    if len(account_id) != 12 or not account_id.isdigit():
        raise ValueError(f"accountId {account_id!r} is not a 12-digit AWS account ID")
    if principal_arn is not None:
        parts = principal_arn.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or parts[2] not in ("iam", "sts") or parts[4] != account_id:
            raise ValueError(f"principalArn {principal_arn!r} is not an IAM or STS ARN of account {account_id}")


def _reason(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return f"missing member {error.args[0]!r}"
    return str(error) or type(error).__name__


def read_state_document(path: Path) -> Any:
    """The parsed document in ``path`` (which must exist)."""
    try:
        text = path.read_bytes()
    except OSError as error:
        raise StateDocumentError(f"cannot read it: {error.strerror or error}") from None
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise StateDocumentError(f"not JSON ({error})") from None


class StateFile:
    """The ``--state`` file of a server serving ``mock``."""

    def __init__(self, path: str | os.PathLike[str], mock: _Served, *, embed_assets: bool = True,
                 delay: float = 0.5) -> None:
        self.path = Path(path)
        self.mock = mock
        self.embed_assets = embed_assets
        #: How long to wait after a change for more before writing.
        self.delay = delay
        #: How many times the file has been written.
        self.saves = 0
        self._changed = threading.Condition()
        self._dirty = False
        self._closed = False
        self._writing = threading.Lock()
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"<StateFile {self.path} saves={self.saves}>"

    def check_writable(self) -> None:
        """Fail now, not at the first save, if the file cannot be written."""
        directory = self.path.parent
        if not directory.is_dir():
            raise StateDocumentError(f"its directory {directory} does not exist")
        if not os.access(directory, os.W_OK):
            raise StateDocumentError(f"its directory {directory} is not writable")

    def load(self) -> bool:
        """Load the file if it exists (True), else leave the state as it is
        (False). A file that cannot be loaded raises StateDocumentError and is
        left untouched."""
        if not self.path.exists():
            return False
        load_state_document(self.mock, read_state_document(self.path))
        return True

    # -- saving -----------------------------------------------------------------------
    def save(self) -> None:
        """Write the state now, atomically."""
        with self._writing:
            text = json.dumps(state_document(self.mock, self.embed_assets), separators=(",", ":"))
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as target:
                    target.write(text)
                    target.flush()
                    os.fsync(target.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self.saves += 1
        log.debug("state saved to %s", self.path)

    def changed(self) -> None:
        """Note a completed change: the file is written after ``delay``
        (changes meanwhile share that write)."""
        with self._changed:
            self._dirty = True
            self._changed.notify()

    def start(self) -> StateFile:
        """Save in the background after changes until :meth:`close`."""
        self._thread = threading.Thread(target=self._save_after_changes, name="mock-codeartifact-state", daemon=True)
        self._thread.start()
        return self

    def _save_after_changes(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._dirty or self._closed)
                if self._closed:
                    return
                # Gather the burst; closing cuts the wait short (close saves).
                if self._changed.wait_for(lambda: self._closed, timeout=self.delay):
                    return
                self._dirty = False
            try:
                self.save()
            except Exception:  # a full disk must not stop the server; say so and retry later
                log.exception("could not save the state to %s", self.path)
                with self._changed:
                    self._dirty = True

    def close(self) -> None:
        """Stop saving in the background and write the state a last time."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.save()
