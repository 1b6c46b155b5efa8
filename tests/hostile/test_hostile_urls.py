"""Hostile URLs, through `footnote add URL` and Footnote.add_url.

Network rule of this file: nothing but loopback, ever. An autouse guard fails the test on
any connection to another address, and DNS is a table (no query leaves the machine).
Refused addresses must be refused *before* connecting: those tests allow no connection
and no lookup at all.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.errors import FetchError
from bot.ingest import fetch
from bot.service import Footnote
from bot.settings import Settings
from tests.hostile.support import HARBOUR, fingerprint, refused, words_in
from tests.http_support import serve_in_thread

STOP = threading.Event()
ARTICLE_HTML = (
    "<html><head><title>Lighthouse keepers</title></head><body><article>"
    + "".join(f"<p>{p}</p>" for p in HARBOUR.split("\n\n")[1:]) + "</article></body></html>"
).encode()
BOMB_SIZE = 64 << 20  # 64 MB of zeros, about 64 KB compressed


def _gzip_bomb() -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    return b"".join([*(comp.compress(zeros) for _ in range(BOMB_SIZE >> 20)), comp.flush()])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    bomb = b""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        html = {"Content-Type": "text/html; charset=utf-8"}
        port = self.server.server_address[1]
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if self.path == "/article.html":
                self.reply(200, ARTICLE_HTML, html)
            elif self.path == "/to-metadata":
                self.reply(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
            elif self.path == "/to-loopback":
                self.reply(302, b"", {"Location": f"http://127.0.0.1:{port}/article.html"})
            elif self.path == "/never-ends":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                while not STOP.is_set():  # a byte every 0.1 s: no single read times out
                    self.wfile.write(b"<p>more ")
                    self.wfile.flush()
                    STOP.wait(0.1)
            elif self.path == "/bomb":
                self.reply(200, self.bomb, {**html, "Content-Encoding": "gzip"})
            elif self.path == "/image.png":
                self.reply(200, b"\x89PNG\r\n\x1a\n" + bytes(64), {"Content-Type": "image/png"})
            else:
                self.reply(404, b"<p>Not here</p>", html)


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    Handler.bomb = _gzip_bomb()
    yield from serve_in_thread(ThreadingHTTPServer(("127.0.0.1", 0), Handler), STOP)


@pytest.fixture
def base(server: ThreadingHTTPServer) -> str:
    server.seen.clear()  # type: ignore[attr-defined]
    return f"http://news.example:{server.server_address[1]}"


@pytest.fixture(autouse=True)
def network(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[object]]:
    """Record every lookup and connection; fail on any non-loopback connection. The only
    name is news.example -> 127.0.0.1 (made to count as public by ``public_news``)."""
    seen: dict[str, list[object]] = {"dns": [], "connect": []}
    real_connect, real_dns = socket.create_connection, socket.getaddrinfo

    def connect(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        seen["connect"].append(address)
        if not ipaddress.ip_address(address[0]).is_loopback:
            pytest.fail(f"tried to connect to non-loopback {address}")
        return real_connect(address, *args, **kwargs)  # type: ignore[arg-type]

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list:
        seen["dns"].append(host)
        with contextlib.suppress(ValueError):
            ipaddress.ip_address(host)
            return real_dns(host, port, *args, **kwargs)  # type: ignore[arg-type]
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "create_connection", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return seen


@pytest.fixture
def public_news(monkeypatch: pytest.MonkeyPatch) -> None:
    """news.example resolves to 127.0.0.1 and counts as a public address; every other
    address is vetted for real."""
    real = fetch._vet_addresses

    def vet(host: str, addresses: list, *, allow_private: bool) -> None:
        if host != "news.example":
            real(host, addresses, allow_private=allow_private)

    monkeypatch.setattr(fetch, "_vet_addresses", vet)


@pytest.fixture
def loopback_app(hermetic_env: Path, monkeypatch: pytest.MonkeyPatch, app: Footnote) -> Footnote:
    """The service (and, through the environment, the CLI) allowed to fetch loopback, with
    a 1-second fetch deadline."""
    monkeypatch.setenv("FOOTNOTE_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.setenv("FOOTNOTE_FETCH_TIMEOUT", "1")
    settings = Settings(data_dir=hermetic_env, allow_private_urls=True, fetch_timeout=1.0)
    fresh = Footnote(settings, encoder=app.encoder)
    fresh.add_text("default", HARBOUR.replace("Tuesday", "Friday"))
    return fresh


# --- refused before any connection (allow_private_urls off) -------------------------------

BLOCKED = {
    "http://127.0.0.1/": ("127.0.0.1", "private, local or reserved"),
    "http://[::1]/": ("::1", "private, local or reserved"),
    "http://10.0.0.1/": ("10.0.0.1", "private, local or reserved"),
    "http://169.254.169.254/latest/meta-data/": ("169.254.169.254", "cloud metadata"),
    "http://0.0.0.0/": ("0.0.0.0", "private, local or reserved"),
    "http://2130706433/": ("127.0.0.1", "private, local or reserved"),
    "http://0x7f.1/": ("127.0.0.1", "private, local or reserved"),
    "http://[::ffff:169.254.169.254]/": ("cloud metadata",),
    "file:///etc/passwd": ("file:", "http"),
    "ftp://example.com/x": ("ftp:", "http"),
    "gopher://example.com/": ("gopher:", "http"),
    "http://user:pw@example.com/": ("user name or password",),
    "http://news.example:99999/": ("port", "99999"),
}


@pytest.mark.parametrize("url", list(BLOCKED))
def test_blocked_url_is_refused_before_connecting(
    url: str, app: Footnote, stocked: Path, network: dict[str, list[object]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert app.settings.allow_private_urls is False
    before = fingerprint(stocked)
    with pytest.raises(FetchError) as info:
        app.add_url("default", url)
    words_in(str(info.value), *BLOCKED[url])
    assert fingerprint(stocked) == before

    message = refused(capsys, "add", url)
    if url.startswith(("http://", "https://")):
        assert message == str(info.value)  # the CLI says exactly what the service says
    else:
        words_in(message, url.split(":")[0], "http")
    assert fingerprint(stocked) == before
    assert network == {"dns": [], "connect": []}, "a refused URL reached the network"


def test_a_public_name_redirecting_to_a_private_address_is_refused(
    app: Footnote, stocked: Path, server: ThreadingHTTPServer, base: str, public_news: None,
    network: dict[str, list[object]], capsys: pytest.CaptureFixture[str],
) -> None:
    """allow_private_urls off: news.example is public, so it is fetched; its redirect to
    127.0.0.1 is vetted again and refused without being followed."""
    before = fingerprint(stocked)
    with pytest.raises(FetchError) as info:
        app.add_url("default", f"{base}/to-loopback")
    words_in(str(info.value), "127.0.0.1", "not allowed", "private")
    words_in(refused(capsys, "add", f"{base}/to-loopback"), "127.0.0.1", "not allowed")
    assert server.seen == ["/to-loopback", "/to-loopback"]  # type: ignore[attr-defined]
    assert fingerprint(stocked) == before


# --- against a loopback server (allow_private_urls on) ------------------------------------

def test_loopback_server_serves_a_real_article(
    loopback_app: Footnote, base: str, public_news: None,
) -> None:
    """The control: the same server and settings do add a proper page."""
    result = loopback_app.add_url("default", f"{base}/article.html")
    assert result.status == "added"
    assert "harbour wall" in result.article.text and result.article.url.endswith("/article.html")


def test_redirect_to_cloud_metadata_is_refused_even_when_private_is_allowed(
    loopback_app: Footnote, base: str, public_news: None, hermetic_env: Path,
    network: dict[str, list[object]], capsys: pytest.CaptureFixture[str],
) -> None:
    root = hermetic_env / "libraries" / "default"
    before = fingerprint(root)
    with pytest.raises(FetchError) as info:
        loopback_app.add_url("default", f"{base}/to-metadata")
    words_in(str(info.value), "169.254.169.254", "cloud metadata")
    words_in(refused(capsys, "add", f"{base}/to-metadata"), "169.254.169.254", "metadata")
    assert all(address[0] == "127.0.0.1" for address in network["connect"])  # type: ignore[index]
    assert fingerprint(root) == before


_STOPPED_WITHIN = 10.0
"""Seconds a refused fetch may take with a 1 s deadline, however loaded the machine."""


@pytest.mark.parametrize(("path", "words"), [
    ("/never-ends", ("longer than 1 seconds", "stopped")),
    ("/bomb", ("expands beyond", "5 MB")),
    ("/missing", ("not found", "HTTP 404")),
    ("/image.png", ("image/png", "cannot be read")),
])
def test_bad_responses_are_refused_quickly_and_change_nothing(
    path: str, words: tuple[str, ...], loopback_app: Footnote, base: str, public_news: None,
    hermetic_env: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    root = hermetic_env / "libraries" / "default"
    before = fingerprint(root)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as info:
            loopback_app.add_url("default", base + path)
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    words_in(str(info.value), *words)
    # /never-ends trickles a byte every 0.1 s for ever: only a deadline on the whole fetch
    # stops it. The bound tells such a deadline from none, with room for a loaded machine
    # (it is not a speed figure: the wording above names the deadline that fired).
    assert elapsed < _STOPPED_WITHIN, f"{path} took {elapsed:.1f} s with a 1 s deadline"
    assert peak < 20_000_000, f"{peak:,} bytes held for {path}"
    assert fingerprint(root) == before

    started = time.monotonic()
    words_in(refused(capsys, "add", base + path), *words)  # FOOTNOTE_FETCH_TIMEOUT=1
    assert time.monotonic() - started < _STOPPED_WITHIN
    assert fingerprint(root) == before


def test_a_link_with_bytes_that_are_not_utf8_is_refused(
    app: Footnote, stocked: Path, network: dict[str, list[object]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A URL typed in a non-UTF-8 terminal arrives with lone surrogates; quoting it used
    to raise UnicodeEncodeError (reported as a bug)."""
    url = "https://example.com/caf\udce9"
    before = fingerprint(stocked)
    with pytest.raises(FetchError, match="not valid text"):
        app.add_url("default", url)
    words_in(refused(capsys, "add", url), "not valid text")
    assert fingerprint(stocked) == before
    assert network == {"dns": [], "connect": []}
