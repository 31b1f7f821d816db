"""``mock-codeartifact server``: start-up (data directory, state file, seed
files), serving on waitress or werkzeug, and a clean shutdown on SIGTERM or
SIGINT that writes the state a last time."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from ._backend.registry import Registry
    from ._mock import CodeArtifactMock

log = logging.getLogger("mock_codeartifact.server")


class ServerError(Exception):
    """A start-up problem, reported as one line and exit status 2."""


def _check_options(args: argparse.Namespace) -> str:
    """The WSGI server to use, once the options are known to fit together."""
    if args.workers != 1:
        raise ServerError(
            f"--workers {args.workers}: the state lives in one process, so the server runs one worker; "
            "use --threads for concurrency, or one server per test worker"
        )
    if args.threads is not None and not 1 <= args.threads <= 1024:
        raise ServerError("--threads must be from 1 to 1024")
    if not 0 <= args.port <= 65535:
        raise ServerError("--port must be from 0 to 65535")
    if args.public_url is not None:
        parts = urlsplit(args.public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ServerError(f"--public-url {args.public_url!r} is not an http(s)://host[:port][/path] URL")
    chosen: str | None = args.wsgi_server
    try:
        import waitress  # noqa: F401
        have_waitress = True
    except ImportError:
        have_waitress = False
    if chosen is None:
        chosen = "waitress" if have_waitress else "werkzeug"
    if chosen == "waitress" and not have_waitress:
        raise ServerError("--wsgi-server waitress needs the server extra: pip install 'mock-codeartifact[server]'")
    if chosen == "werkzeug" and args.threads is not None:
        raise ServerError("--threads sizes waitress's thread pool; werkzeug starts a thread per request")
    return chosen


def _referenced_blobs(registry: Registry) -> Iterator[str]:
    for backend in registry.backends():
        for domain in backend.domains.values():
            yield from domain.assets.digests()
    public = registry.public_store()
    if public is not None:
        yield from public.digests()


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    # A second signal must not interrupt the last save.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt  # both servers stop on it, then the state is saved


def serve(args: argparse.Namespace) -> int:
    """Run the server until SIGTERM or SIGINT; 0 on a clean stop."""
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    wsgi_server = _check_options(args)

    from ._seed_files import SeedError, apply_seed_files
    from ._backend.assets import use_storage
    from ._mock import CodeArtifactMock
    from ._transport._state_file import StateDocumentError, StateFile

    storage = None
    if args.data_dir:
        from ._backend._disk_storage import DiskStorage

        try:
            storage = DiskStorage(args.data_dir)
        except OSError as error:
            raise ServerError(f"--data-dir {args.data_dir}: {error.strerror or error}") from None
        use_storage(storage)
    mock = CodeArtifactMock(account_id=args.account_id, region=args.region).start()
    try:
        state_file = None
        loaded = False
        if args.state:
            state_file = StateFile(args.state, mock, embed_assets=storage is None)
            try:
                state_file.check_writable()
                loaded = state_file.load()
            except StateDocumentError as error:
                raise ServerError(f"--state {args.state}: {error}; the file was left untouched") from None
            if loaded:
                log.info("state loaded from %s", args.state)
        if args.seed and loaded:
            log.info("seed files skipped: the state loaded from %s already holds what they seeded", args.state)
        elif args.seed:
            try:
                apply_seed_files(mock.registry, args.seed)
            except SeedError as error:
                raise ServerError(f"--seed: {error}; nothing was seeded") from None
            log.info("seeded from %s", ", ".join(args.seed))
        if storage is not None:
            removed = storage.collect(_referenced_blobs(mock.registry))
            if removed:
                log.info("removed %d unreferenced blob files from %s", removed, args.data_dir)
        if state_file is not None:
            state_file.save()
            state_file.start()
        signal.signal(signal.SIGTERM, _stop_on_signal)
        signal.signal(signal.SIGINT, _stop_on_signal)
        on_change = state_file.changed if state_file is not None else None
        try:
            _run(args, wsgi_server, mock, on_change)
        finally:
            if state_file is not None:
                state_file.close()  # the last save, after the last request
                log.info("state saved to %s", args.state)
    finally:
        mock.stop()
    return 0


def _announce(url: str, args: argparse.Namespace, wsgi_server: str) -> None:
    public = f", public URL {args.public_url}" if args.public_url else ""
    print(f"mock_codeartifact serving on {url} (API at /v1/..., endpoints at /endpoints/..., control at /_mock/; "
          f"served by {wsgi_server}{public}); Ctrl-C stops", flush=True)


def _run(args: argparse.Namespace, wsgi_server: str, mock: CodeArtifactMock,
         on_change: Callable[[], None] | None) -> None:
    from ._transport.server import ThreadedServer, serve_with_waitress

    if wsgi_server == "waitress":
        serve_with_waitress(
            mock, args.host, args.port, args.threads or 8, public_url=args.public_url,
            on_change=on_change, on_ready=lambda url: _announce(url, args, wsgi_server),
        )
        return
    server = ThreadedServer(mock, host=args.host, port=args.port, public_url=args.public_url,
                            on_change=on_change).start()
    _announce(server.url, args, wsgi_server)
    stopped = threading.Event()
    try:
        while not stopped.wait(1):  # the signal handler interrupts the wait
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
