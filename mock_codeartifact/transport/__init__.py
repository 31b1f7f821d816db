"""Doors onto the one core: botocore's event hook, ``responses``, an HTTP server."""
