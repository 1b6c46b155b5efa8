"""Loopback HTTP servers for tests (never any other address)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer


def serve_in_thread(
    httpd: ThreadingHTTPServer, stop: threading.Event
) -> Iterator[ThreadingHTTPServer]:
    """Run ``httpd`` in a thread for a fixture; ``stop`` is set at teardown so handlers
    that trickle or stall end, then cleared for the next fixture that uses it."""
    httpd.daemon_threads = True
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()
        stop.clear()
