"""Fetching a moderator's link safely: a guard against server-side request forgery.

Only ``http`` and ``https``. The host is resolved once with
``socket.getaddrinfo``; every address it resolves to must be a public one
(not private, loopback, link-local, multicast, reserved or unspecified), and
the connection goes to the addresses that were checked, so a second lookup
cannot point it elsewhere (DNS rebinding). Every redirect (at most
``MAX_REDIRECTS``) is checked the same way before anything is sent to it.
The body is read up to ``MAX_BYTES``, within ``TIMEOUT_SECONDS`` in all, and
only HTML, PDF or plain text is accepted. Each refusal is a ``FetchRefused``
with a one-line reason.

``allow_loopback`` (the config's ``ingest.allow_private_addresses``) also
lets the host be this machine's loopback addresses (127.0.0.0/8, ::1): the
tests serve their pages on 127.0.0.1. Nothing else that is refused becomes
reachable with it.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bot import __version__
from bot.kb.ingest.errors import IngestError

MAX_REDIRECTS = 5
MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 15.0
USER_AGENT = (f"citebot/{__version__} (a Discord bot that quotes news articles; "
              "fetches a page when a moderator adds it)")
CONTENT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf",
                 "text/plain": "text"}
REDIRECTS = (301, 302, 303, 307, 308)


class FetchRefused(IngestError):
    """A link that was not fetched, with a one-line reason fit to show a moderator."""


@dataclass(frozen=True)
class Fetched:
    url: str  # the link asked for
    final_url: str  # after redirects
    kind: str  # "html", "pdf" or "text"
    body: bytes
    charset: str | None = None


def refusal(address: str, allow_loopback: bool = False) -> str | None:
    """Why ``address`` (an IP address) may not be fetched from, or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    for kind, flag in (("an unspecified", ip.is_unspecified), ("a link-local", ip.is_link_local),
                       ("a multicast", ip.is_multicast), ("a reserved", ip.is_reserved),
                       ("a private", ip.is_private), ("a non-global", not ip.is_global)):
        if flag:
            return f"{kind} address"
    return None


def _target(url: str, allow_loopback: bool) -> tuple[str, str, int, list[str], str]:
    """(scheme, host, port, addresses, path) of a link that may be fetched, or FetchRefused."""
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise FetchRefused("the link has spaces or control characters in it")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https links can be fetched, not {scheme or 'this'}:")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise FetchRefused("the link's port is not a number from 0 to 65535") from None
    if not host:
        raise FetchRefused("the link has no host name")
    if parts.username or parts.password:
        raise FetchRefused("links with a user name or password are not fetched")
    port = port or (443 if scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(f"the host {host} cannot be found ({exc})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise FetchRefused(f"the host {host} has no address")
    for address in addresses:  # every one: a host must not be able to pick a bad one later
        why = refusal(address, allow_loopback)
        if why:
            if address == host.strip("[]"):
                raise FetchRefused(f"{address} is {why}: not fetched")
            raise FetchRefused(f"{host} resolves to {why} ({address}): not fetched")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, addresses, path


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A connection to the first of the checked addresses that answers."""
    failure: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as exc:
            failure = exc
    raise failure or OSError("no address to connect to")


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to the addresses that were checked, whatever the host name
    resolves to by then."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked addresses; the certificate is checked against the host name."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.addresses = addresses

    def connect(self) -> None:
        sock = _connect(self.addresses, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def fetch(url: str, *, allow_loopback: bool = False, max_bytes: int = MAX_BYTES,
          timeout: float = TIMEOUT_SECONDS, max_redirects: int = MAX_REDIRECTS) -> Fetched:
    """GET ``url`` within the limits above; FetchRefused with the reason otherwise."""
    deadline = time.monotonic() + timeout
    current = url.strip()
    for _hop in range(max_redirects + 1):
        scheme, host, port, addresses, path = _target(current, allow_loopback)
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchRefused(f"no answer within {timeout:g} s")
        kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
        connection = kind(host, port, addresses, left)
        try:
            connection.request("GET", path, headers={
                "User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9"})
            response = connection.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchRefused(f"a redirect ({response.status}) without a Location")
                current = urljoin(current, location.strip())
                continue
            if response.status != 200:
                raise FetchRefused(f"the server answered {response.status} {response.reason}")
            return _read(url, current, response, max_bytes, deadline, timeout)
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, TimeoutError | socket.timeout):
                raise FetchRefused(f"no answer within {timeout:g} s") from None
            detail = " ".join(str(exc).split())
            raise FetchRefused(f"{host} could not be fetched: {exc.__class__.__name__}"
                               + (f": {detail}" if detail else "")) from None
        finally:
            connection.close()
    raise FetchRefused(f"more than {max_redirects} redirects")


def _read(url: str, final: str, response: http.client.HTTPResponse, max_bytes: int,
          deadline: float, timeout: float) -> Fetched:
    header = response.getheader("Content-Type") or ""
    media = header.split(";", 1)[0].strip().lower()
    if media not in CONTENT_TYPES:
        raise FetchRefused(f"the link gives {media or 'no content type'}; only HTML, PDF or "
                           "plain text can be added")
    charset = None
    for param in header.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchRefused(f"the page is {int(length):,} bytes; the limit is {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchRefused(f"the page did not arrive within {timeout:g} s")
        chunk = response.read(min(65536, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchRefused(f"the page is more than {max_bytes:,} bytes, the limit")
    return Fetched(url, final, CONTENT_TYPES[media], b"".join(chunks), charset)
