"""Deprecated import path: snapshot/restore and JSON export/import now live
next to the records they copy, in :mod:`mock_codeartifact._backend.persistence`.

``mock_codeartifact.Snapshot`` and ``Registry.snapshot()``/``restore()``/
``export_json()``/``import_json()`` (and the same on the mock) are the public
ways in; this module keeps ``mock_codeartifact.state_io`` importable for one
release, with a :class:`DeprecationWarning`.
"""

from __future__ import annotations

import warnings

from ._backend.persistence import JSON_FIELDS, Snapshot, export_json, import_json, restore, snapshot, to_document

warnings.warn(
    "mock_codeartifact.state_io is deprecated; use mock_codeartifact.Snapshot, "
    "Registry.snapshot()/restore()/export_json()/import_json()",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = ["JSON_FIELDS", "Snapshot", "export_json", "import_json", "restore", "snapshot", "to_document"]
