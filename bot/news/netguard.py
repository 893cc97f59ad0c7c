"""Which feed addresses may be fetched: http(s) only, and never private networks (SSRF).

Three layers, each enforcing the same policy (:func:`address_refusal`):

* :func:`check_url` - the URL's form: http(s) only, no credentials, no local names, and no
  literal address the policy refuses. Run when a feed is added and on every redirect hop.
* :class:`GuardedResolver` - drops refused addresses from DNS answers, so a public-looking name
  that resolves to 127.0.0.1 or 169.254.169.254 fails with a readable reason.
* :func:`guarded_socket_factory` - checks the address each socket is about to connect to,
  *before* it connects. This is the one that cannot be bypassed (IP literals skip the resolver;
  DNS answers may change between look-ups), so nothing is ever sent to a refused address.

``allow_private`` (``[polling] allow_private_addresses``, off by default) lifts the ban on
loopback and private ranges (127/8, 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, ::1...)
for self-hosters with an intranet feed, and for tests. It never lifts the ban on link-local
addresses (169.254/16, fe80::/10: cloud metadata services live there), known metadata addresses,
multicast, the unspecified address (0.0.0.0, ::) or reserved ranges, nor on non-http schemes.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from bot.errors import UserError

MAX_URL_LENGTH = 2048

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddrInfo = tuple[int, int, int, str, tuple[str, int] | tuple[str, int, int, int]]

# Cloud metadata services that are not link-local (AWS IPv6, Alibaba, Oracle): never reachable.
_METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_V4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa")
_NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


class BlockedAddress(OSError):
    """The host resolves only to (or tried to connect to) addresses a feed may not reach."""


def _parse(address: str) -> IPAddress | None:
    text = address.strip().strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64, compatible)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _NAT64) or (ip in _V4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_refusal(address: str, *, allow_private: bool = False) -> str | None:
    """Why a feed may not connect to ``address`` ("a loopback address"...), or None if it may."""
    ip = _parse(address)
    if ip is None:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return address_refusal(str(inner), allow_private=allow_private)
    if ip in _METADATA or ip.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return None if allow_private else "a loopback address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return None if allow_private else "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return None if allow_private else "a private address"
    return None


def address_allowed(address: str, *, allow_private: bool = False) -> bool:
    """True when a feed may connect to ``address`` under the policy above."""
    return address_refusal(address, allow_private=allow_private) is None


def _legacy_ipv4(host: str) -> bool:
    """'2130706433', '127.1', '0x7f.0.0.1': forms the C resolver reads as an IPv4 address."""
    if not _NUMERIC_HOST.match(host):
        return False
    try:
        socket.inet_aton(host)
    except OSError:
        return False
    return True


_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def _ascii_host(host: str) -> str:
    """The host as resolvers and the address checks see it: full-width and other compatible
    forms folded (NFKC, IDNA nameprep), so '１２７．０．０．１' or 'ｌｏｃａｌｈｏｓｔ' is
    checked as 127.0.0.1 or localhost. Raises UserError for a host IDNA cannot encode."""
    if host.isascii():
        return host
    folded = unicodedata.normalize("NFKC", host).translate(_DOTS)
    try:
        return folded.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise UserError(f"The feed host '{host[:100]}' is not a valid host name.") from exc


def check_url(url: str, *, allow_private: bool = False) -> str:
    """Validate a feed URL's form; return it stripped. Raises UserError saying what is wrong."""
    url = url.strip()
    if not url:
        raise UserError(
            "The feed URL is empty. Give a full address such as https://example.com/feed."
        )
    if len(url) > MAX_URL_LENGTH:
        raise UserError(f"The feed URL is too long (over {MAX_URL_LENGTH} characters).")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UserError(f"'{url[:100]}' is not a valid URL ({exc}).") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise UserError(
            f"Only http and https feed URLs are allowed, not '{parts.scheme or 'none'}'. "
            "Give a full address such as https://example.com/feed."
        )
    if _CONTROL.search(url):
        raise UserError("The feed URL contains spaces or control characters.")
    if "@" in parts.netloc:
        raise UserError("Feed URLs may not carry a user name or password.")
    host = parts.hostname
    if not host:
        raise UserError(f"'{url[:100]}' has no host name.")
    if port is not None and not 0 < port < 65536:
        raise UserError(f"'{port}' is not a valid port.")
    host = _ascii_host(host)
    ip = _parse(host)
    if ip is not None:
        reason = address_refusal(host, allow_private=allow_private)
        if reason is not None:
            raise UserError(
                f"The feed address {host} is {reason}; only public addresses may be polled."
            )
        return url
    if _legacy_ipv4(host):
        raise UserError(f"The feed host '{host}' is not a canonical IPv4 address.")
    lowered = host.lower().rstrip(".")
    if not allow_private and (lowered in _LOCAL_NAMES or lowered.endswith(_LOCAL_SUFFIXES)):
        raise UserError(f"The feed host '{host}' is a local name.")
    return url


class GuardedResolver(AbstractResolver):
    """Resolves like the default resolver, then drops every address the policy refuses.

    A friendly first check; :func:`guarded_socket_factory` is the one that holds for the
    address actually connected to.
    """

    def __init__(
        self, *, allow_private: bool = False, inner: AbstractResolver | None = None
    ) -> None:
        self._inner = inner if inner is not None else ThreadedResolver()
        self._allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        allowed = [
            r for r in results if address_allowed(r["host"], allow_private=self._allow_private)
        ]
        if not allowed:
            shown = ", ".join(sorted({r["host"] for r in results}))
            raise BlockedAddress(f"{host} resolves to a private or reserved address ({shown})")
        return allowed

    async def close(self) -> None:
        await self._inner.close()


def guarded_socket_factory(*, allow_private: bool = False) -> Callable[[AddrInfo], socket.socket]:
    """A socket factory for aiohttp's connector that refuses, before connecting, any address
    the policy refuses (raising :class:`BlockedAddress`, so nothing is ever sent there)."""

    def factory(addr_info: AddrInfo) -> socket.socket:
        family, type_, proto, _, sockaddr = addr_info
        address = str(sockaddr[0])
        reason = address_refusal(address, allow_private=allow_private)
        if reason is not None:
            raise BlockedAddress(f"refused to connect to {address}: it is {reason}")
        return socket.socket(family=family, type=type_, proto=proto)

    return factory
