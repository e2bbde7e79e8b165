"""Fetching feed URLs for ``POST /ingest`` without becoming an SSRF proxy.

Every host is resolved and *every* address it resolves to must be public (not loopback,
private, link-local, multicast, reserved, unspecified, shared/CGNAT or site-local), unless
the server runs with ``--allow-private``. The connection is then made to the checked
address itself (``Host`` header and TLS SNI set to the name), so a second DNS answer
cannot point it elsewhere (DNS rebinding). Redirects are followed by hand, each hop
checked the same way.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

MAX_FETCH_BYTES = 5_000_000
MAX_REDIRECTS = 5
TIMEOUT = 15.0


class FetchRefused(ValueError):
    """A URL we will not fetch; the message says why."""


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(f"cannot resolve host {host!r}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def why_not_public(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be fetched from (None when it is a public address)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return why_not_public(ip.ipv4_mapped)
    checks = (
        ("loopback", ip.is_loopback),
        ("private", ip.is_private),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("unspecified", ip.is_unspecified),
        ("site-local", isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local),
        ("not globally routable", not ip.is_global),
    )
    for name, bad in checks:
        if bad:
            return name
    return None


@dataclass(frozen=True, slots=True)
class Target:
    url: str
    host: str
    port: int
    addresses: tuple[str, ...]


def check_url(url: str, *, allow_private: bool = False, resolve: Resolver = system_resolver) -> Target:
    """The URL's checked addresses, or :class:`FetchRefused` with the reason."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"not a valid URL: {url!r}") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https URLs can be ingested, not {parts.scheme or 'no scheme'!r}: {url}")
    host = parts.hostname
    if not host:
        raise FetchRefused(f"URL has no host: {url}")
    if parts.username or parts.password:
        raise FetchRefused(f"URLs with credentials are refused: {url}")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = [str(literal)] if literal is not None else resolve(host, port)
    if not addresses:
        raise FetchRefused(f"host {host!r} has no address")
    if not allow_private:
        for a in addresses:
            reason = why_not_public(ipaddress.ip_address(a.split("%", 1)[0]))
            if reason:
                raise FetchRefused(
                    f"refused {url}: {host} resolves to {a}, a {reason} address "
                    "(start the server with --allow-private to ingest from local networks)"
                )
    return Target(url=url.strip(), host=host, port=port, addresses=tuple(addresses))


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    resolve: Resolver = system_resolver,
    max_bytes: int = MAX_FETCH_BYTES,
    client: httpx.Client | None = None,
) -> tuple[str, bytes]:
    """(final URL, body) of ``url``, every hop checked and pinned to its checked address."""
    own = client is None
    cl = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            target = check_url(url, allow_private=allow_private, resolve=resolve)
            parts = urlsplit(target.url)
            ip = target.addresses[0]
            netloc_ip = f"[{ip}]" if ":" in ip else ip
            pinned = urlunsplit((parts.scheme, f"{netloc_ip}:{target.port}", parts.path or "/", parts.query, ""))
            host_header = parts.netloc.rsplit("@", 1)[-1]
            with cl.stream(
                "GET", pinned, headers={"Host": host_header, "User-Agent": "detente"},
                extensions={"sni_hostname": target.host},
            ) as resp:  # fmt: skip
                if resp.is_redirect:
                    loc = resp.headers.get("location")
                    if not loc:
                        raise FetchRefused(f"{url}: redirect without a location")
                    url = str(httpx.URL(target.url).join(loc))
                    continue
                if resp.status_code >= 400:
                    raise FetchRefused(f"{url}: HTTP {resp.status_code}")
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchRefused(f"{url}: larger than {max_bytes:,} bytes")
                return target.url, bytes(body)
        raise FetchRefused(f"{url}: more than {MAX_REDIRECTS} redirects")
    except httpx.HTTPError as exc:
        raise FetchRefused(f"{url}: cannot fetch: {exc}") from exc
    finally:
        if own:
            cl.close()
