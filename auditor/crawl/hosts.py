"""Host names as the network needs them and as a reader knows them (IDN, RFC 5890).

A browser sends `bücher.example` as `xn--bcher-kva.example`: the WHATWG URL "domain to ASCII"
step, UTS #46 mapping then IDNA2008 (so `faß.de` is `xn--fa-hia.de`, not `fass.de`). The
crawler does the same once, before the name is checked, resolved, or given to the HTTP client,
so the policy checks the very name the connection uses; reports show the Unicode form.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import idna

from auditor.exceptions import FetchError

__all__ = ["shown_host", "wire_host", "wire_url"]


def wire_host(host: str) -> str:
    """The ASCII (punycode) form of a host name, lowercased; FetchError if it has none."""
    if host.isascii():
        return host.lower()
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise FetchError(f"{host} is not a valid international domain name") from None


def wire_url(url: str) -> str:
    """`url` with its host in ASCII form (the path is left to the HTTP client to encode)."""
    parts = urlsplit(url)
    host = parts.hostname
    if host is None or host.isascii():
        return url
    userinfo, at, hostport = parts.netloc.rpartition("@")
    _, colon, port = hostport.rpartition(":") if ":" in hostport else ("", "", "")
    netloc = f"{userinfo}{at}{wire_host(host)}{colon}{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def shown_host(host: str) -> str:
    """A host name as its owner writes it: punycode labels (`xn--bcher-kva`) back in Unicode."""
    if "xn--" not in host.lower():
        return host
    try:
        return idna.decode(host)
    except (idna.IDNAError, UnicodeError):
        return host  # not valid punycode: show it as it was
