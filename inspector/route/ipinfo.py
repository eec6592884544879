"""IP address helpers for the relay path: clean up an address as a Received header writes it
and name its scope (public, private, loopback, ...).

Received headers write addresses in many shapes (``[1.2.3.4]``, ``[IPv6:2001:db8::1]``,
``1.2.3.4:25``, ``[fe80::1%6]``, ``::ffff:1.2.3.4``, ``1.2.3.4.52313`` with a dotted port);
``normalize_ip`` turns each into the canonical text of the ``ipaddress`` module or None.

Documentation ranges (RFC 5737, RFC 3849) get their own scope but count as external: the
project's bundled samples and tests use them as stand-ins for public addresses.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from inspector.model.codes import IpScope

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_DOC_NETS = (
    ipaddress.ip_network("192.0.2.0/24"),
    ipaddress.ip_network("198.51.100.0/24"),
    ipaddress.ip_network("203.0.113.0/24"),
    ipaddress.ip_network("2001:db8::/32"),
)
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_PRIVATE_V4 = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
)
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")

#: Scopes whose clients come from outside the recipient's network.
EXTERNAL_SCOPES = frozenset({IpScope.PUBLIC, IpScope.DOCUMENTATION})

_DOTTED_PORT = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){3})\.\d{1,5}$")
_V4_PORT = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$")
_MAX_LEN = 80


@lru_cache(maxsize=8192)
def parse_ip(text: str) -> IPAddress | None:
    """The address written in ``text`` or None; never raises. IPv4-mapped IPv6 addresses
    come back as IPv4 (the client really connected over IPv4 to a dual-stack socket).
    Cached: the same relays' addresses recur across a mailbox, and ipaddress is slow."""
    if not text or len(text) > _MAX_LEN:
        return None
    s = text.strip().strip("()<>,;").strip()
    if s.startswith("[") and s.endswith("]"):
        s = s[1:-1].strip().strip("()")
    elif s.startswith("[") and "]:" in s:
        s = s[1 : s.index("]:")]
    if s[:5].lower() == "ipv6:":
        s = s[5:]
    if "%" in s:
        s = s.split("%", 1)[0]
    m = _V4_PORT.match(s) or _DOTTED_PORT.match(s)
    if m:
        s = m.group(1)
    try:
        addr = ipaddress.ip_address(s)
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def canonical_ip(text: str) -> str | None:
    """``str(ipaddress.ip_address(text))``, or None when ``text`` is not an address as it
    stands (nothing stripped, no port or mapping undone: see ``normalize_ip`` for that)."""
    if len(text) > _MAX_LEN:
        return _canonical(text)
    return _cached_canonical(text)


@lru_cache(maxsize=8192)
def _cached_canonical(text: str) -> str | None:
    """Cached: the rules and the intel ask about the boundary client's address several
    times a message, and ipaddress parses and formats slowly."""
    return _canonical(text)


def _canonical(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def normalize_ip(text: str) -> str | None:
    """Canonical text of the address in ``text`` (see ``parse_ip``) or None. Cached: the
    Received reader asks about every word of a from clause's comments."""
    addr = parse_ip(text)
    return None if addr is None else str(addr)


@lru_cache(maxsize=8192)
def ip_scope(ip: str | None) -> IpScope | None:
    """One of public, documentation, private, shared (CGNAT), loopback, link-local,
    multicast, unspecified, reserved; None when ``ip`` is not an address. Cached like
    ``parse_ip``: ipaddress's is_global and is_private walk lists of networks per call."""
    addr = parse_ip(ip) if ip else None
    if addr is None:
        return None
    if any(addr in net for net in _DOC_NETS if net.version == addr.version):
        return IpScope.DOCUMENTATION
    if addr.is_loopback:
        return IpScope.LOOPBACK
    if addr.is_unspecified:
        return IpScope.UNSPECIFIED
    if addr.is_link_local:
        return IpScope.LINK_LOCAL
    if addr.is_multicast:
        return IpScope.MULTICAST
    if isinstance(addr, ipaddress.IPv4Address):
        if addr in _SHARED:
            return IpScope.SHARED
        if any(addr in net for net in _PRIVATE_V4):
            return IpScope.PRIVATE
    elif addr in _UNIQUE_LOCAL:
        return IpScope.PRIVATE
    if addr.is_global:
        return IpScope.PUBLIC
    return IpScope.RESERVED


def is_external_scope(scope: IpScope | None) -> bool:
    """True for scopes that mean "a client on the open internet" (public, documentation)."""
    return scope in EXTERNAL_SCOPES
