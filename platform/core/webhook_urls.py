"""Which URLs a webhook may be sent to: the server-side request forgery defences.

A subscriber names a URL and the platform's own network position makes the
request, so a URL must not reach what the subscriber could not: only `https`
(plain `http` on a loopback address in development), and never a private,
loopback, link-local (the cloud metadata service at 169.254.169.254 among
them), multicast, reserved or unspecified address — checked on the addresses
the name resolves to, at subscription and again at every delivery, and the
connection is then made to the address that was checked (no second lookup that
a rebinding DNS server could answer differently).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from vocrehab.core.errors import DomainError, Problem, ProblemCode

__all__ = ["Resolver", "Target", "UnsafeUrl", "UrlPolicy", "system_resolver"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
"""(host, port) -> the addresses it resolves to."""

METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})


class UnsafeUrl(DomainError):
    """A webhook URL the platform will not call: a userError coded UNSAFE_URL on `url`."""

    def __init__(self, message: str, field: Sequence[str]) -> None:
        super().__init__([Problem(ProblemCode.UNSAFE_URL, message, tuple(field))])


@dataclass(frozen=True)
class Target:
    """A checked URL and the address to connect to."""

    url: str
    scheme: str
    host: str
    port: int
    address: str


async def system_resolver(host: str, port: int) -> Sequence[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _blocked(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _blocked(address.ipv4_mapped)
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


@dataclass(frozen=True)
class UrlPolicy:
    allow_loopback_http: bool = False
    """Development: `http://127.0.0.1:PORT/...` (and other loopback addresses) allowed."""
    resolve: Resolver = system_resolver

    async def check(self, url: str, field: Sequence[str] = ("url",)) -> Target:
        """The URL's target if it may be called; UnsafeUrl otherwise."""
        if len(url) > 2000:
            raise UnsafeUrl("the URL is longer than 2000 characters", field)
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise UnsafeUrl("not a URL", field) from None
        host = (parts.hostname or "").rstrip(".").lower()
        if parts.scheme not in ("https", "http") or not host:
            raise UnsafeUrl("a webhook URL must be an https:// URL", field)
        if parts.username or parts.password:
            raise UnsafeUrl("a webhook URL must not carry credentials", field)
        if host in METADATA_HOSTS:
            raise UnsafeUrl("the URL names a cloud metadata service", field)
        port = port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                found = await self.resolve(host, port)
            except OSError:
                raise UnsafeUrl(f"the host name {host!r} does not resolve", field) from None
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in found]
        if not addresses:
            raise UnsafeUrl(f"the host name {host!r} does not resolve", field)
        loopback = all(a.is_loopback for a in addresses)
        if loopback and self.allow_loopback_http:
            return Target(url, parts.scheme, host, port, str(addresses[0]))
        if parts.scheme != "https":
            raise UnsafeUrl(
                "a webhook URL must use https (plain http only on loopback in development)",
                field,
            )
        for address in addresses:
            if _blocked(address):
                raise UnsafeUrl(
                    f"the URL reaches {address}, a private, loopback, link-local or "
                    "reserved address",
                    field,
                )
        return Target(url, parts.scheme, host, port, str(addresses[0]))
