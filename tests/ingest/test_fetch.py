"""Tests for bot.ingest.fetch: a loopback HTTP(S) server and no other network at all.

Autouse guards fail any test whose code tries to connect to a non-loopback address
and answer every DNS lookup from a table, so a regression in the address checks can
never send traffic outside (not even a DNS query).
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.errors import FetchError
from bot.ingest import fetch
from bot.ingest.fetch import FetchedPage, fetch_url
from tests.http_support import serve_in_thread

ARTICLE = (
    b"<!DOCTYPE html><html><head><title>Tides</title></head>"
    b"<body><p>The Moon raises two tides a day.</p></body></html>"
)
NOTES = b"Plain notes about tides.\n"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
STOP = threading.Event()  # set at teardown: ends trickling and stalled handlers


def _gzip_bomb(size: int = 1 << 30) -> bytes:
    """~1 GB of zeros as gzip (about 1 MB), streamed through zlib once."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    parts = [comp.compress(zeros) for _ in range(size // len(zeros))]
    return b"".join([*parts, comp.flush()])


class Handler(BaseHTTPRequestHandler):
    """Serves every case by path; ``server.seen`` records (path, headers) of each request."""

    protocol_version = "HTTP/1.0"
    bomb = b""

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              length: bool = True) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.reply(status, headers={"Location": location})

    def trickle(self) -> None:
        while not STOP.is_set():
            self.wfile.write(b"x")
            STOP.wait(0.2)  # one byte every 0.2 s: no single read ever times out

    def do_GET(self) -> None:
        self.server.seen.append((self.path, dict(self.headers)))  # type: ignore[attr-defined]
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        html = {"Content-Type": "text/html; charset=utf-8"}
        routes: dict[str, Callable[[], None]] = {
            "/article.html": lambda: self.reply(200, ARTICLE, html),
            "/notes.txt": lambda: self.reply(200, NOTES, {"Content-Type": "text/plain"}),
            "/paper": lambda: self.reply(200, PDF, {
                "Content-Type": "application/pdf",
                "Content-Disposition": 'attachment; filename="report 2024.pdf"'}),
            "/missing": lambda: self.reply(404, b"<p>nope</p>", html),
            "/secret": lambda: self.reply(403, b"<p>no</p>", html),
            "/broken": lambda: self.reply(500, b"<p>oops</p>", html),
            "/teapot": lambda: self.reply(418, b"<p>tea</p>", html),
            "/image.png": lambda: self.reply(200, PNG, {"Content-Type": "image/png"}),
            "/data.json": lambda: self.reply(200, b"{}", {"Content-Type": "application/json"}),
            "/no-type-pdf": lambda: self.reply(200, PDF),
            "/no-type-html": lambda: self.reply(200, b"\n  " + ARTICLE),
            "/no-type-binary": lambda: self.reply(200, bytes(range(256))),
            "/echo-host": lambda: self.reply(200, self.headers["Host"].encode(),
                                             {"Content-Type": "text/plain"}),
            "/r3": lambda: self.redirect("/r2", 301),
            "/r2": lambda: self.redirect("r1", 303),
            "/r1": lambda: self.redirect(f"{base}/article.html", 307),
            "/loop": lambda: self.redirect("/loop"),
            "/no-location": lambda: self.reply(302),
            "/to-metadata": lambda: self.redirect("http://169.254.169.254/latest/meta-data/"),
            "/to-file": lambda: self.redirect("file:///etc/passwd", 308),
            "/to-loopback": lambda: self.redirect(f"{base}/article.html"),
            "/to-decimal": lambda: self.redirect(
                f"http://2130706433:{self.server.server_address[1]}/article.html"),
            "/gzipped": lambda: self.reply(200, gzip.compress(ARTICLE),
                                           {**html, "Content-Encoding": "gzip"}),
            "/bomb": lambda: self.reply(200, self.bomb, {**html, "Content-Encoding": "gzip"}),
            "/brotli": lambda: self.reply(200, b"\x0b\x02\x80hi\x03",
                                          {**html, "Content-Encoding": "br"}),
            "/huge-declared": self.huge_declared,
            "/huge-undeclared": self.huge_undeclared,
            "/truncated": lambda: (self.reply(200, b"<html>short", {**html,
                                   "Content-Length": "1000"}, length=False)),
            "/trickle": lambda: (self.reply(200, b"<html>", html, length=False), self.trickle()),
            "/trickle-headers": lambda: (self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: "),
                                         self.trickle()),
            "/garbage": lambda: self.wfile.write(b"this is not http\r\n\r\n"),
        }
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up
            routes.get(self.path, lambda: self.reply(404))()

    def huge_declared(self) -> None:
        self.reply(200, b"<html>", {"Content-Type": "text/html",
                                    "Content-Length": "50000000"}, length=False)
        STOP.wait(10)  # a client that started reading the body would wait for its timeout

    def huge_undeclared(self) -> None:
        self.reply(200, b"", {"Content-Type": "text/plain"}, length=False)
        for _ in range(32):
            self.wfile.write(b"a" * 65536)


def _serve(httpd: ThreadingHTTPServer) -> Iterator[ThreadingHTTPServer]:
    return serve_in_thread(httpd, STOP)


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    Handler.bomb = _gzip_bomb()
    yield from _serve(ThreadingHTTPServer(("127.0.0.1", 0), Handler))


@pytest.fixture()
def base(server: ThreadingHTTPServer) -> str:
    server.seen.clear()  # type: ignore[attr-defined]
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every address fetch dials; anything but loopback fails the test on the spot."""
    calls: list[tuple[str, int]] = []
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        calls.append(address)
        if not ipaddress.ip_address(address[0]).is_loopback:
            pytest.fail(f"tried to connect to non-loopback {address}")
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", guarded)
    return calls


class FakeDNS:
    """getaddrinfo answering from ``names``; IP literals pass through; other names fail."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = {}
        self.asked: list[str] = []
        self.real = socket.getaddrinfo

    def getaddrinfo(self, host: str, port: object, *args: object, **kwargs: object) -> list:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            self.asked.append(host)
            if host not in self.names:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (a, port)) for a in self.names[host]]
        return self.real(host, port, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    """No test ever asks a real DNS server: names resolve only through this table."""
    dns = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", dns.getaddrinfo)
    return dns


@pytest.fixture()
def public_names(monkeypatch: pytest.MonkeyPatch, fake_dns: FakeDNS) -> set[str]:
    """Host names that count as public although they resolve to 127.0.0.1 (for redirects)."""
    names: set[str] = set()
    real = fetch._vet_addresses

    def vet(host: str, addresses: list, *, allow_private: bool) -> None:
        if host not in names:
            real(host, addresses, allow_private=allow_private)

    monkeypatch.setattr(fetch, "_vet_addresses", vet)
    for name in ("public.test", "rebind.test", "wrong.test"):
        names.add(name)
        fake_dns.names[name] = ["127.0.0.1"]
    return names


def _refused(url: str, **kwargs: object) -> str:
    with pytest.raises(FetchError) as info:
        fetch_url(url, **kwargs)  # type: ignore[arg-type]
    return str(info.value)


# --- pages that are fetched ---------------------------------------------------------------

def test_fetches_html_article(base: str, server: ThreadingHTTPServer) -> None:
    page = fetch_url(f"{base}/article.html", allow_private=True)
    assert page == FetchedPage(f"{base}/article.html", "text/html", "utf-8", ARTICLE,
                               "article.html")
    _path, headers = server.seen[-1]  # type: ignore[attr-defined]
    assert headers["Accept-Encoding"] == "gzip, identity"
    assert headers["User-Agent"].startswith("FootnoteBot/")
    assert headers["Host"] == base.removeprefix("http://")


def test_plain_text_without_charset(base: str) -> None:
    page = fetch_url(f"{base}/notes.txt", allow_private=True)
    assert (page.content_type, page.charset, page.body) == ("text/plain", None, NOTES)


def test_pdf_takes_filename_from_content_disposition(base: str) -> None:
    page = fetch_url(f"{base}/paper", allow_private=True)
    assert (page.content_type, page.body, page.filename) == ("application/pdf", PDF,
                                                              "report 2024.pdf")


@pytest.mark.parametrize(("path", "media"), [("/no-type-pdf", "application/pdf"),
                                             ("/no-type-html", "text/html")])
def test_missing_content_type_is_sniffed(base: str, path: str, media: str) -> None:
    assert fetch_url(base + path, allow_private=True).content_type == media


def test_gzip_body_is_decompressed(base: str) -> None:
    assert fetch_url(f"{base}/gzipped", allow_private=True).body == ARTICLE


def test_redirect_chain_is_followed(base: str, server: ThreadingHTTPServer) -> None:
    page = fetch_url(f"{base}/r3", allow_private=True)
    assert page.url == f"{base}/article.html" and page.body == ARTICLE
    assert [p for p, _ in server.seen] == ["/r3", "/r2", "/r1", "/article.html"]  # type: ignore[attr-defined]


# --- answers that are refused -------------------------------------------------------------

@pytest.mark.parametrize(("path", "words"), [
    ("/missing", ["not found", "HTTP 404"]),
    ("/secret", ["denied", "HTTP 403"]),
    ("/broken", ["server error", "HTTP 500"]),
    ("/teapot", ["HTTP 418"]),
])
def test_http_errors(base: str, path: str, words: list[str]) -> None:
    message = _refused(base + path, allow_private=True)
    assert all(w in message for w in words), message


@pytest.mark.parametrize(("path", "media"), [("/image.png", "image/png"),
                                             ("/data.json", "application/json")])
def test_unsupported_content_types(base: str, path: str, media: str) -> None:
    message = _refused(base + path, allow_private=True)
    assert media in message and "HTML" in message and "PDF" in message


def test_unknown_body_without_content_type(base: str) -> None:
    assert "no content type" in _refused(f"{base}/no-type-binary", allow_private=True)


def test_redirect_loop_stops(base: str, server: ThreadingHTTPServer) -> None:
    assert "too many times (more than 5)" in _refused(f"{base}/loop", allow_private=True)
    assert len(server.seen) == 6  # type: ignore[attr-defined]  # first request + 5 redirects
    assert "more than 2" in _refused(f"{base}/r3", allow_private=True, max_redirects=2)


def test_redirect_without_location(base: str) -> None:
    assert "without saying where" in _refused(f"{base}/no-location", allow_private=True)


def test_redirect_to_file_scheme(base: str) -> None:
    message = _refused(f"{base}/to-file", allow_private=True)
    assert "“file:”" in message and "only http(s)" in message


def test_gzip_bomb_stops_at_cap(base: str) -> None:
    start = time.monotonic()
    message = _refused(f"{base}/bomb", allow_private=True)
    assert "expands beyond 5 MB" in message
    assert time.monotonic() - start < 5


def test_unsupported_content_encoding(base: str) -> None:
    assert "unsupported compression (br)" in _refused(f"{base}/brotli", allow_private=True)


def test_declared_length_over_cap_refused_before_reading(base: str) -> None:
    start = time.monotonic()
    message = _refused(f"{base}/huge-declared", allow_private=True, timeout=5)
    assert "50 MB" in message and "5 MB limit" in message
    assert time.monotonic() - start < 2  # the body (which never comes) was not awaited


def test_body_over_cap_without_length(base: str) -> None:
    message = _refused(f"{base}/huge-undeclared", allow_private=True, max_bytes=100_000)
    assert "larger than the 0.1 MB limit" in message


def test_truncated_body(base: str) -> None:
    assert "closed before" in _refused(f"{base}/truncated", allow_private=True)


def test_garbage_reply(base: str) -> None:
    assert "not valid HTTP" in _refused(f"{base}/garbage", allow_private=True)


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_trickling_server_is_cut_off_at_deadline(base: str, path: str) -> None:
    start = time.monotonic()
    message = _refused(base + path, allow_private=True, timeout=1.5)
    elapsed = time.monotonic() - start
    assert "took longer than 1.5 seconds" in message
    assert 1.4 < elapsed < 2.5


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    message = _refused(f"http://127.0.0.1:{port}/", allow_private=True)
    assert message == "Could not reach 127.0.0.1: the connection was refused."


def test_name_that_does_not_resolve(fake_dns: FakeDNS) -> None:
    message = _refused("http://example.invalid/article")
    assert message == "Could not reach example.invalid: the name does not resolve."


def test_tls_to_a_plain_http_port_fails_cleanly(base: str) -> None:
    url = base.replace("http://", "https://") + "/article.html"
    assert "secure (TLS) connection failed" in _refused(url, allow_private=True)


# --- addresses that must never be dialled -------------------------------------------------

@pytest.mark.parametrize(("url", "word"), [
    ("http://127.0.0.1/", "private"),
    ("http://[::1]:8080/", "private"),
    ("http://10.0.0.1/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://[fd00:ec2::254]/", "metadata"),
    ("http://0.0.0.0/", "private"),
    ("http://[::]/", "private"),
    ("http://2130706433/", "127.0.0.1"),
    ("http://0x7f000001/", "127.0.0.1"),
    ("http://0177.0.0.1/", "127.0.0.1"),
    ("http://127.1/", "127.0.0.1"),
    ("http://１２７.０.０.１/", "127.0.0.1"),  # full-width digits, folded by IDNA
    ("http://localhost:8000/", "private"),
    ("http://100.64.0.1/", "private"),
    ("http://224.0.0.1/", "private"),
    ("http://[fe80::1]/", "private"),
    ("http://[::ffff:127.0.0.1]/", "private"),
    ("http://[::ffff:169.254.169.254]/", "metadata"),
    ("http://[64:ff9b::a00:1]/", "private"),  # NAT64 of 10.0.0.1
    ("http://[2002:7f00:1::]/", "private"),  # 6to4 of 127.0.0.1
    ("http://news.example.com/story", "news.example.com (127.0.0.1)"),
    ("http://mixed.example.com/story", "10.1.2.3"),
])
def test_blocked_addresses_are_refused_before_connecting(
    url: str, word: str, fake_dns: FakeDNS, connections: list[tuple[str, int]]
) -> None:
    fake_dns.names["news.example.com"] = ["127.0.0.1"]
    fake_dns.names["mixed.example.com"] = ["93.184.216.34", "10.1.2.3"]  # ANY private one
    message = _refused(url)
    assert "not allowed" in message and word in message, message
    assert connections == []


def test_metadata_address_refused_even_when_private_allowed(
    connections: list[tuple[str, int]]
) -> None:
    assert "metadata" in _refused("http://169.254.169.254/", allow_private=True)
    assert "metadata" in _refused("http://[fd00:ec2::254]/", allow_private=True)
    assert connections == []


@pytest.mark.parametrize(("url", "scheme"), [
    ("file:///etc/passwd", "“file:”"),
    ("ftp://example.com/article.txt", "“ftp:”"),
    ("gopher://example.com/", "“gopher:”"),
    ("data:text/html,<p>hi</p>", "“data:”"),
    ("javascript:alert(1)", "“javascript:”"),
    ("example.com/article", "without http"),
])
def test_other_schemes_refused(url: str, scheme: str, connections: list) -> None:
    message = _refused(url, allow_private=True)
    assert scheme in message and "only http(s):// links are accepted" in message
    assert connections == []


@pytest.mark.parametrize(("url", "word"), [
    ("http://user:pass@example.com/", "user name or password"),
    ("http://example.com:0/", "Port 0"),
    ("http://example.com:70000/", "port"),
    ("http://example.com:abc/", "port"),
    ("http://", "host name"),
    ("http:///path", "host name"),
    ("http://[::1/", "not a valid link"),
    ("http://exa mple.com/", "host name"),
    ("http://256.1.1.1/", "valid address"),
    ("http://1.2.3.4.5/", "valid address"),
    ("http://example.com/\r\nX-Injected: 1", "control characters"),
    ("", "No link"),
])
def test_malformed_links(url: str, word: str, connections: list) -> None:
    assert word in _refused(url, allow_private=True)
    assert connections == []


# --- every hop is checked again -----------------------------------------------------------

def test_public_name_fetches_through_pinned_address(
    server: ThreadingHTTPServer, public_names: set[str], connections: list[tuple[str, int]]
) -> None:
    port = server.server_address[1]
    page = fetch_url(f"http://public.test:{port}/echo-host")
    assert page.body == f"public.test:{port}".encode()  # original Host header is sent
    assert connections == [("127.0.0.1", port)]


@pytest.mark.parametrize(("path", "words"), [
    ("/to-loopback", ["not allowed", "private"]),
    ("/to-decimal", ["not allowed", "127.0.0.1"]),
    ("/to-metadata", ["not allowed", "metadata"]),
    ("/to-file", ["“file:”", "only http(s)"]),
])
def test_redirect_targets_are_revalidated(
    server: ThreadingHTTPServer, public_names: set[str], connections: list[tuple[str, int]],
    path: str, words: list[str],
) -> None:
    port = server.server_address[1]
    message = _refused(f"http://public.test:{port}{path}")
    assert all(w in message for w in words), message
    assert connections == [("127.0.0.1", port)]  # the first hop only, never the target


def test_name_is_resolved_once_and_never_again(
    server: ThreadingHTTPServer, public_names: set[str], fake_dns: FakeDNS,
    connections: list[tuple[str, int]],
) -> None:
    """DNS rebinding: after the check, the checked address is dialled, not the name."""
    port = server.server_address[1]
    fetch_url(f"http://rebind.test:{port}/echo-host")
    assert fake_dns.asked == ["rebind.test"]
    assert connections == [("127.0.0.1", port)]


# --- HTTPS with a throw-away CA (skipped where no openssl binary) -----------------------

@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl binary not available to make test certificates")
    d = tmp_path_factory.mktemp("tls")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    (d / "ext.cnf").write_text("subjectAltName=DNS:public.test\nbasicConstraints=CA:FALSE\n")
    for args in (
        ["req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
         "-subj", "/CN=Footnote test CA"],
        ["req", *ec, "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=public.test"],
        ["x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-out", "srv.pem", "-days", "2", "-extfile", "ext.cnf"],
    ):
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)
    return {"ca": d / "ca.pem", "cert": d / "srv.pem", "key": d / "srv.key"}


@pytest.fixture(scope="module")
def tls_server(tls_files: dict[str, Path]) -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(tls_files["cert"], tls_files["key"])
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    yield from _serve(httpd)


@pytest.fixture()
def trust_test_ca(monkeypatch: pytest.MonkeyPatch, tls_files: dict[str, Path]) -> None:
    real = ssl.create_default_context

    def context(*args: object, **kwargs: object) -> ssl.SSLContext:
        ctx = real(*args, **kwargs)  # type: ignore[arg-type]
        ctx.load_verify_locations(tls_files["ca"])
        return ctx

    monkeypatch.setattr(ssl, "create_default_context", context)


def test_https_checks_certificate_against_original_name(
    tls_server: ThreadingHTTPServer, public_names: set[str], trust_test_ca: None,
    connections: list[tuple[str, int]],
) -> None:
    port = tls_server.server_address[1]
    page = fetch_url(f"https://public.test:{port}/echo-host")
    assert page.body == f"public.test:{port}".encode()
    assert connections == [("127.0.0.1", port)]
    message = _refused(f"https://wrong.test:{port}/echo-host")  # same address, other name
    assert "certificate is not valid" in message


def test_https_with_untrusted_certificate(
    tls_server: ThreadingHTTPServer, public_names: set[str]
) -> None:
    port = tls_server.server_address[1]
    assert "certificate is not valid" in _refused(f"https://public.test:{port}/article.html")
