"""Doors onto the one core: botocore (every codeartifact client), ``requests`` (repository
endpoint URLs), an HTTP server (anything else)."""
