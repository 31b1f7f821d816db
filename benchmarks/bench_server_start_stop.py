"""How long a ThreadedServer takes to start and stop (tests start about a
dozen): prints the mean over a number of cycles; asserts nothing."""

from __future__ import annotations

import time

from mock_codeartifact import mock_codeartifact
from mock_codeartifact._transport.server import ThreadedServer


def main(cycles: int = 20) -> None:
    with mock_codeartifact() as mock:
        started = time.perf_counter()
        for _ in range(cycles):
            with ThreadedServer(mock):
                pass
        elapsed = time.perf_counter() - started
    print(f"ThreadedServer start+stop: {elapsed / cycles * 1000:.1f} ms per cycle over {cycles} cycles")


if __name__ == "__main__":
    main()
