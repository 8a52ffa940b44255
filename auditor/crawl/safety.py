"""The trust boundary: which URLs the crawler may fetch, decided from the start URL.

A public start URL may not lead the crawler (by link, redirect or DNS) to a private,
loopback or link-local address; a start URL that is itself private (an intranet directory,
a test server on 127.0.0.1) may use private hosts. Only http(s) is ever fetched.

The check holds at connection time too: `PinnedBackend` connects only to an address the
policy in force has just resolved and checked, so a host cannot answer the check with a
public address and the connection with a private one (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpcore

from auditor.crawl.hosts import shown_host, wire_host
from auditor.exceptions import FetchError, UnsafeURL

__all__ = [
    "PinnedBackend",
    "Resolver",
    "UrlPolicy",
    "enforced",
    "is_private_address",
    "system_resolver",
]

Resolver = Callable[[str], Sequence[str]]
"""Maps a host name to the IP addresses it resolves to (injectable for tests)."""

ALLOWED_SCHEMES = ("http", "https")


def system_resolver(host: str) -> list[str]:
    """Resolve a host name with the operating system's resolver (empty list if it fails)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def is_private_address(address: str) -> bool:
    """Whether an IP address is anything but a public unicast address (loopback, 10/8, ...)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True  # not an address at all: refuse rather than guess
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def _addresses(host: str, resolver: Resolver) -> list[str]:
    """The addresses of a host: the literal itself for an IP, else what the resolver says."""
    literal = host.strip("[]")
    try:
        ipaddress.ip_address(literal.split("%", 1)[0])
    except ValueError:
        return list(resolver(host))
    return [literal]


@dataclass
class UrlPolicy:
    """Decides whether a URL may be fetched; `allow_private` is fixed by the start URL."""

    allow_private: bool = False
    resolver: Resolver = field(default=system_resolver, repr=False)

    @classmethod
    def for_start(cls, start_url: str, resolver: Resolver | None = None) -> UrlPolicy:
        """The policy for everything reached from `start_url` (private start = private allowed)."""
        resolver = resolver or system_resolver
        host = urlsplit(start_url).hostname or ""
        with suppress(FetchError):  # no valid name: it resolves to nothing; fetching says why
            host = wire_host(host)
        addresses = _addresses(host, resolver) if host else []
        allow = bool(addresses) and any(is_private_address(a) for a in addresses)
        return cls(allow_private=allow, resolver=resolver)

    def check(self, url: str) -> None:
        """Raise UnsafeURL if `url` is outside the trust boundary (else it may be fetched)."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            shown = scheme + ":" if scheme else "a relative URL"
            raise UnsafeURL(f"only http and https URLs are fetched (this one is {shown})")
        host = parts.hostname
        if not host:
            raise UnsafeURL("the URL has no host name")
        host = wire_host(host)  # the name the connection will look up (hosts.py)
        if not self.allow_private:
            self.addresses_to_connect(host)

    def addresses_to_connect(self, host: str) -> list[str]:
        """The checked addresses a connection to `host` may use (raises UnsafeURL if none).

        A host that does not resolve is refused rather than left to the HTTP client's own
        lookup, which could answer differently a moment later with nothing checking it. That
        is a failed request (FetchError), not a URL outside the boundary: the person's next
        photo URL is still tried, and robots.txt does not take the blame.
        """
        addresses = _addresses(host, self.resolver)
        if not addresses:
            raise FetchError(f"{shown_host(host)} does not resolve (DNS lookup failed)")
        for address in addresses if not self.allow_private else ():
            if is_private_address(address):
                raise UnsafeURL(
                    f"{host} is a private, loopback or link-local address ({address}); "
                    "a public page may not lead the crawler there"
                )
        return addresses


_POLICY_IN_FORCE: ContextVar[UrlPolicy | None] = ContextVar("policy_in_force", default=None)


@contextmanager
def enforced(policy: UrlPolicy) -> Iterator[None]:
    """Make `policy` the one `PinnedBackend` applies to connections opened in this block."""
    token = _POLICY_IN_FORCE.set(policy)
    try:
        yield
    finally:
        _POLICY_IN_FORCE.reset(token)


class PinnedBackend(httpcore.SyncBackend):
    """Opens TCP connections only to addresses the policy in force resolved and checked.

    The host name still goes to TLS (SNI, certificate) and the Host header: only the lookup
    is taken out of the connection's hands. Outside `enforced` it connects as usual.
    """

    def connect_tcp(self, host: str, port: int, *args: object, **kwargs: object):
        policy = _POLICY_IN_FORCE.get()
        if policy is None:
            return super().connect_tcp(host, port, *args, **kwargs)
        error: Exception | None = None
        for address in policy.addresses_to_connect(host):
            try:
                return self.connect_address(address, port, *args, **kwargs)
            except httpcore.ConnectError as exc:  # try the host's next address
                error = exc
        raise error  # type: ignore[misc]

    def connect_address(self, address: str, port: int, *args: object, **kwargs: object):
        """Open a connection to one checked address (a test network may route it elsewhere)."""
        return super().connect_tcp(address, port, *args, **kwargs)
