"""Fetch an article by URL, safely enough to let moderators add any link (no SSRF).

Every hop (the URL and each redirect) is checked from scratch: http(s) only, no
credentials, and every address the host resolves to must be public; the connection
then goes to that checked address, never to the name again (no DNS rebinding). One
deadline covers the whole fetch, bodies are capped even when compressed, and every
network or protocol problem becomes a :class:`FetchError` sentence.
"""

from __future__ import annotations

import functools
import http.client
import io
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from contextlib import closing
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from bot.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ACCEPTED_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "text/markdown", "application/pdf"}
)
_ACCEPTED = "HTML, plain text, Markdown or PDF"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,"
    "application/pdf;q=0.8",
    "Accept-Encoding": "gzip, identity",
    "Connection": "close",
}
_METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
# Not flagged (or not reliably, across Python releases) by the ipaddress properties.
_EXTRA_BLOCKED = tuple(
    ipaddress.ip_network(n)
    for n in ("0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "64:ff9b:1::/48")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPAT = ipaddress.ip_network("::/96")
_LABEL = re.compile(r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?")
_NUMERIC_PART = re.compile(r"0x[0-9a-f]*|[0-9]+")


@dataclass(frozen=True)
class FetchedPage:
    """What a fetch returns: the final URL (after redirects) and the decoded body."""

    url: str
    content_type: str
    charset: str | None
    body: bytes
    filename: str | None


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # ASCII (IDNA) host name or canonical IP text, for Host header and SNI
    port: int
    path: str  # request target: path and query, percent-encoded
    ip: IPAddress | None  # set when the URL names an address instead of a host name


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 15.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    user_agent: str = "FootnoteBot/0.1 (+article fetcher)",
) -> FetchedPage:
    """Download ``url`` (following up to ``max_redirects`` redirects) and return the page.

    Unless ``allow_private`` is set, any hop whose host is or resolves to a
    non-public address is refused before connecting. The whole fetch must finish
    within ``timeout`` seconds and the (decompressed) body may not exceed
    ``max_bytes``. Raises :class:`FetchError`, with a sentence for the user, on any
    refusal or network, protocol, size, status or content-type problem.
    """
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(max_redirects + 1):
        target = _parse_url(current)
        try:
            addresses = [target.ip] if target.ip else _resolve(target.host, target.port, deadline)
            _vet_addresses(target.host, addresses, allow_private=allow_private)
            https = target.scheme == "https"
            cls = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
            with closing(cls(target.host, target.port, addresses, deadline)) as conn:
                conn.request("GET", target.path, headers={**_HEADERS, "User-Agent": user_agent})
                with conn.getresponse() as resp:
                    if resp.status not in _REDIRECTS:
                        return _read_page(current, resp, max_bytes, deadline)
                    location = (resp.getheader("Location") or "").strip()
        except (OSError, http.client.HTTPException, ValueError, zlib.error) as exc:
            raise _network_error(exc, target.host, timeout) from exc
        if not location:
            raise FetchError(f"{current} redirects without saying where to.")
        current = urljoin(current, location)
    raise FetchError(f"{url} redirects too many times (more than {max_redirects}).")


def _parse_url(url: str) -> _Target:
    """Check the scheme, credentials, host and port of ``url``; raise FetchError if unfit."""
    url = url.strip() if isinstance(url, str) else ""
    if not url:
        raise FetchError("No link was given.")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        raise FetchError("That link contains control characters, so it cannot be fetched.")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in url):  # bytes that were not UTF-8
        raise FetchError("That link contains bytes that are not valid text, so it cannot be "
                         "fetched; copy it again from the browser's address bar.")
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            what = f"“{scheme}:” links" if scheme else "Links without http:// or https://"
            raise FetchError(f"{what} cannot be fetched: only http(s):// links are accepted.")
        if "@" in parts.netloc:
            raise FetchError("Links with a user name or password (user:pass@) are not accepted.")
        host = parts.hostname or ""
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"“{url}” is not a valid link (its host or port is malformed).") from exc
    if port is None:
        port = 443 if scheme == "https" else 80
    elif not 1 <= port <= 65535:
        raise FetchError(f"Port {port} in {url} is not valid: ports go from 1 to 65535.")
    try:  # IDNA first, so that full-width digits and dots cannot disguise an address
        host = (host if host.isascii() else host.encode("idna").decode("ascii")).rstrip(".")
    except UnicodeError as exc:
        raise FetchError(f"“{url}” does not contain a valid host name.") from exc
    ip = _literal_ip(host, url)
    if ip is None and not (host and all(_LABEL.fullmatch(label) for label in host.split("."))):
        raise FetchError(f"“{url}” does not contain a valid host name.")
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return _Target(scheme, str(ip) if ip else host, port, path, ip)


def _literal_ip(host: str, url: str) -> IPAddress | None:
    """The address ``host`` spells, including integer/hex/octal IPv4 forms, else None."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    if not _NUMERIC_PART.fullmatch(labels[-1]):
        return None  # an ordinary host name
    if not all(_NUMERIC_PART.fullmatch(p) for p in labels):
        raise FetchError(f"“{url}” does not contain a valid address.")
    try:  # the inet_aton rules: 0x… is hex, 0… octal; the last part fills what is left
        nums = [int(p[2:] or "0", 16) if p.startswith("0x") else int(p, 8 if p[0] == "0" else 10)
                for p in labels]
    except ValueError:  # "08" and the like
        nums = [256] * 4
    if len(labels) > 4 or any(n > 255 for n in nums[:-1]) or nums[-1] >= 256 ** (5 - len(nums)):
        raise FetchError(f"“{url}” does not contain a valid address.")
    return ipaddress.IPv4Address(sum(n << 8 * (3 - i) for i, n in enumerate(nums[:-1])) + nums[-1])


def _resolve(host: str, port: int, deadline: float) -> list[IPAddress]:
    """Every address ``host`` resolves to, within the deadline (getaddrinfo can't time out)."""
    if host == "localhost" or host.endswith(".localhost"):
        return [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")]
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["ok"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except BaseException as exc:  # handed back to the caller's thread
            box["err"] = exc

    thread = threading.Thread(target=work, name="footnote-resolve", daemon=True)
    thread.start()
    thread.join(_remaining(deadline))
    if "err" in box:
        raise box["err"]
    if "ok" not in box:
        raise TimeoutError("name resolution")
    found = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in box["ok"]
             if info[0] in (socket.AF_INET, socket.AF_INET6)]
    if not found:
        raise socket.gaierror(socket.EAI_NONAME, "no addresses")
    return list(dict.fromkeys(found))


def _vet_addresses(host: str, addresses: list[IPAddress], *, allow_private: bool) -> None:
    """Raise FetchError unless every address of ``host`` is public (or ``allow_private``).

    Cloud metadata addresses are refused even with ``allow_private``: no article lives there.
    """
    for ip in addresses:
        if ip in _METADATA or getattr(ip, "ipv4_mapped", None) in _METADATA:
            raise FetchError(f"Links to {host} are not allowed: {ip} is a cloud metadata address.")
        if not allow_private and _is_blocked(ip):
            where = host if host == str(ip) else f"{host} ({ip})"
            raise FetchError(
                f"Links to {where} are not allowed: it is a private, local or reserved "
                "network address, and Footnote only fetches public web pages."
            )


def _is_blocked(ip: IPAddress) -> bool:
    """True for any address that is not plainly public, including IPv4 hidden in IPv6."""
    if ip in _METADATA or any(ip in net for net in _EXTRA_BLOCKED if net.version == ip.version):
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
        if ip in _NAT64 or ip in _IPV4_COMPAT:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(e is not None and _is_blocked(e) for e in embedded):
            return True
    return (
        not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local
        or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline")
    return left


class _DeadlineReader(io.RawIOBase):
    """The raw stream under an HTTP response: each recv may only wait until the deadline,
    so a server trickling bytes (headers or body) is cut off on time."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock, self._deadline = sock, deadline
        self._raw = sock.makefile("rb", buffering=0)  # holds the socket open, as makefile does

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self._sock.settimeout(_remaining(self._deadline))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock: socket.socket, *args: Any, deadline: float, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        self.fp.close()  # the plain makefile() the base class made; read through the deadline
        self.fp = io.BufferedReader(_DeadlineReader(sock, deadline))


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection that dials already-vetted addresses, never the host name."""

    def __init__(self, host: str, port: int, addresses: list[IPAddress], deadline: float) -> None:
        super().__init__(host, port, timeout=_remaining(deadline))
        self._addresses, self._deadline = addresses, deadline
        # getresponse() builds the response with response_class(sock, method=...).
        self.response_class = functools.partial(_DeadlineResponse, deadline=deadline)

    def _dial(self) -> socket.socket:
        error = OSError("no address to connect to")
        for ip in self._addresses:
            try:
                return socket.create_connection((str(ip), self.port), _remaining(self._deadline))
            except OSError as exc:
                error = exc
        raise error

    def connect(self) -> None:
        self.sock = self._dial()


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    """The same over TLS: certificate checked against the original host name (SNI too)."""

    default_port = 443

    def connect(self) -> None:
        sock = self._dial()
        try:
            sock.settimeout(_remaining(self._deadline))
            self.sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.3g} MB"


def _read_page(url: str, resp: Any, max_bytes: int, deadline: float) -> FetchedPage:
    """Check status, encoding, size and type of ``resp`` and read its body under the caps."""
    status = resp.status
    if status == 404:
        raise FetchError(f"The page was not found (HTTP 404): {url}")
    if status in (401, 403):
        raise FetchError(f"Access to {url} was denied (HTTP {status}); it may need a login.")
    if status >= 500:
        raise FetchError(f"The site at {url} had a server error (HTTP {status}); try later.")
    if not 200 <= status < 300:
        raise FetchError(f"The site answered HTTP {status} for {url}, so it was not fetched.")
    codings = [c.strip() for c in (resp.getheader("Content-Encoding") or "").lower().split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if codings not in ([], ["gzip"], ["x-gzip"], ["deflate"]):
        raise FetchError(f"{url} was sent with an unsupported compression ({', '.join(codings)}).")
    if resp.length is not None and resp.length > max_bytes:
        raise FetchError(f"{url} is {_mb(resp.length)}, more than the {_mb(max_bytes)} limit.")
    media = (resp.getheader("Content-Type") or "").partition(";")[0].strip().lower()
    if media and media not in ACCEPTED_TYPES:
        raise FetchError(f"{url} is {media}, which cannot be read: only {_ACCEPTED} is accepted.")
    decoder = zlib.decompressobj(47) if codings else None  # 47: gzip or zlib header
    body, received = bytearray(), 0
    while chunk := resp.read1(_CHUNK):
        _remaining(deadline)
        received += len(chunk)
        if received > max_bytes:
            raise FetchError(f"{url} is larger than the {_mb(max_bytes)} limit.")
        if decoder is None:
            body += chunk
            continue
        while chunk and not decoder.eof:
            body += decoder.decompress(chunk, max_bytes + 1 - len(body))
            if len(body) > max_bytes:
                raise FetchError(f"{url} expands beyond {_mb(max_bytes)} when decompressed.")
            chunk = decoder.unconsumed_tail
    if resp.length:
        raise FetchError(f"The connection to {url} closed before the whole page arrived.")
    if decoder is not None:
        if not decoder.eof:
            raise FetchError(f"The compressed data of {url} ended too early.")
        body += decoder.flush()
    if not media:
        media = _sniff(bytes(body[:1024]))
        if media is None:
            raise FetchError(f"{url} has no content type and does not look like HTML or PDF.")
    charset = resp.headers.get_content_charset()
    return FetchedPage(url, media, charset, bytes(body), _filename(url, resp))


def _sniff(head: bytes) -> str | None:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"%pdf-"):
        return "application/pdf"
    if start.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    return None


def _filename(url: str, resp: Any) -> str | None:
    """The name from Content-Disposition, else the last segment of the URL path."""
    try:
        name = resp.headers.get_filename()
    except (ValueError, LookupError):  # a malformed header: fall back to the URL
        name = None
    if not name:
        name = unquote(urlsplit(url).path)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name if name not in ("", ".", "..") else None


_NETWORK_ERRORS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    (socket.gaierror, "Could not reach {host}: the name does not resolve."),
    (TimeoutError, "Fetching from {host} took longer than {timeout:g} seconds, so it was stopped."),
    (ssl.SSLCertVerificationError, "Could not reach {host}: its TLS certificate is not valid."),
    (ssl.SSLError, "Could not reach {host}: the secure (TLS) connection failed."),
    (ConnectionRefusedError, "Could not reach {host}: the connection was refused."),
    ((ConnectionResetError, http.client.IncompleteRead),
     "{host} closed the connection before sending a complete answer."),
    (zlib.error, "{host} sent compressed data that is damaged, so it was not used."),
    ((http.client.HTTPException, ValueError), "{host} sent a reply that is not valid HTTP."),
)


def _network_error(exc: BaseException, host: str, timeout: float) -> FetchError:
    """One plain sentence for a failure below HTTP (DNS, TCP, TLS) or a broken reply."""
    for kinds, message in _NETWORK_ERRORS:
        if isinstance(exc, kinds):
            return FetchError(message.format(host=host, timeout=timeout))
    reason = (getattr(exc, "strerror", None) or str(exc) or "network error").lower()
    return FetchError(f"Could not reach {host}: {reason}.")
