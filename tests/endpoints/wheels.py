"""Real, installable wheels built in memory for the endpoint tests."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile


def build_wheel(name: str, version: str, summary: str = "A test package", requires: tuple[str, ...] = (),
                requires_python: str | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of a pure-Python wheel that pip installs."""
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    metadata = "\n".join(
        [
            "Metadata-Version: 2.1",
            f"Name: {name}",
            f"Version: {version}",
            f"Summary: {summary}",
            "License: MIT",
            "Home-page: https://example.invalid/" + name,
            *[f"Requires-Dist: {r}" for r in requires],
            *([f"Requires-Python: {requires_python}"] if requires_python else []),
            "Description-Content-Type: text/markdown",
            "",
            f"# {name}\n\nThe readme of {name}.\n",
        ]
    )
    files = {
        f"{module}/__init__.py": f"VERSION = {version!r}\n",
        f"{dist_info}/METADATA": metadata,
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: mock-codeartifact-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }

    def record_line(path: str, data: bytes) -> str:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        return f"{path},sha256={digest},{len(data)}"

    record = [record_line(p, c.encode()) for p, c in files.items()] + [f"{dist_info}/RECORD,,"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            archive.writestr(path, content)
        archive.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")
    return f"{module}-{version}-py3-none-any.whl", buffer.getvalue()
