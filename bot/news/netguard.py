"""Which feed addresses may be fetched: http(s) only, and never private networks (SSRF)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from bot.errors import UserError

MAX_URL_LENGTH = 2048


class BlockedAddress(OSError):
    """The host resolves only to addresses a feed may not reach."""


def address_allowed(address: str) -> bool:
    """True for public unicast addresses; False for loopback, private, link-local, etc."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


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
    host = parts.hostname
    if not host:
        raise UserError(f"'{url[:100]}' has no host name.")
    if parts.username or parts.password:
        raise UserError("Feed URLs may not carry a user name or password.")
    if port is not None and not 0 < port < 65536:
        raise UserError(f"'{port}' is not a valid port.")
    if not allow_private:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            lowered = host.lower().rstrip(".")
            if lowered == "localhost" or lowered.endswith((".localhost", ".local", ".internal")):
                raise UserError(f"The feed host '{host}' is a local name.") from None
        else:
            if not address_allowed(host):
                raise UserError(
                    f"The feed address {host} is private, loopback or reserved; "
                    "only public addresses may be polled."
                )
    return url


class GuardedResolver(AbstractResolver):
    """Resolves like the default resolver, then drops every non-public address.

    aiohttp connects only to the addresses the resolver returns, so the check holds for the
    address actually used (no second look-up for an attacker's DNS to answer differently).
    """

    def __init__(self) -> None:
        self._inner = ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        allowed = [r for r in results if address_allowed(r["host"])]
        if not allowed:
            shown = ", ".join(sorted({r["host"] for r in results}))
            raise BlockedAddress(f"{host} resolves to a private or reserved address ({shown})")
        return allowed

    async def close(self) -> None:
        await self._inner.close()
