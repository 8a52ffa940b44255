"""A test network: public addresses served by this machine's loopback.

The trust-boundary tests need a "public" site they can reach: their DNS stand-in says a host is
public, and this network routes connections to that public address to 127.0.0.1. The policy
check and the pinned connection in `auditor.crawl.safety` run exactly as in production; only
the last hop, from a checked address to a socket, is routed.
"""

from __future__ import annotations

import httpx

from auditor.crawl.http import pinned_transport
from auditor.crawl.safety import PinnedBackend


class PublicLoopback(PinnedBackend):
    """Connections to `public` addresses reach 127.0.0.1 instead."""

    def __init__(self, *public: str) -> None:
        self.public = frozenset(public)

    def connect_address(self, address: str, port: int, *args: object, **kwargs: object):
        routed = "127.0.0.1" if address in self.public else address
        return super().connect_address(routed, port, *args, **kwargs)


def public_loopback(*public: str) -> httpx.HTTPTransport:
    """The crawler's own transport on a network where `public` addresses are this machine."""
    return pinned_transport(PublicLoopback(*public))
