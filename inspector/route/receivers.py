"""The published structure of the big receivers, filtering gateways and list hosts, read from
``data/receivers.json`` and compiled once.

Where a message entered the recipient's organisation is read from how the receiver writes its
own Received lines (its inbound front end, its internal servers), not from guesses about
domain names: Microsoft's internal hops carry names under four domains, and a sender's HELO
can be anything. Keeping the structure as data lets one list serve the trust-boundary walk,
the hop roles and the verdict attribution.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from inspector.data import load_json
from inspector.route.ipinfo import parse_ip

_TABLE = "receivers.json"


@dataclass(frozen=True)
class Receiver:
    """One mailbox provider: how its inbound front end, its internal servers and its outbound
    servers are named, and the address ranges it sends from."""

    name: str
    entry: tuple[re.Pattern[str], ...]
    internal: tuple[re.Pattern[str], ...]
    outbound: tuple[re.Pattern[str], ...]
    ranges: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    bottom: tuple[str, ...] = ()

    def is_entry(self, host: str | None) -> bool:
        return _matches(self.entry, host)

    def is_internal(self, host: str | None) -> bool:
        return _matches(self.internal, host)

    def owns_host(self, host: str | None) -> bool:
        """A server of this receiver (front end or internal) wrote the hop."""
        return self.is_entry(host) or self.is_internal(host)

    def sends_from(self, names: Iterable[str | None], ip: str | None) -> bool:
        """The client is one of this receiver's outbound servers (by name or address range)."""
        if any(_matches(self.outbound, n) for n in names):
            return True
        addr = parse_ip(ip) if ip else None
        return addr is not None and any(addr in net for net in self.ranges)


@dataclass(frozen=True)
class ListHost:
    """A mailing-list host: the server that takes posts in, and the domains of its relays."""

    name: str
    intake: tuple[re.Pattern[str], ...]
    domains: frozenset[str]
    headers: tuple[str, ...] = ()  # headers only this host writes (lower-case names)

    def is_intake(self, host: str | None) -> bool:
        return _matches(self.intake, host)


def _matches(patterns: tuple[re.Pattern[str], ...], host: str | None) -> bool:
    if not host:
        return False
    if len(host) <= _MAX_CACHED_HOST:
        return _matches_name(patterns, host)
    return _search(patterns, host)


_MAX_CACHED_HOST = 300  # a host name has at most 253 characters; longer text is not cached


@lru_cache(maxsize=4096)
def _matches_name(patterns: tuple[re.Pattern[str], ...], host: str) -> bool:
    """Cached: the role and boundary readers ask every receiver about each hop's host, and a
    mailbox names the same few receiving hosts again and again."""
    return _search(patterns, host)


def _search(patterns: tuple[re.Pattern[str], ...], host: str) -> bool:
    name = host.strip().strip("[]").rstrip(".").lower()
    return any(p.search(name) for p in patterns)


def _compile(items: object) -> tuple[re.Pattern[str], ...]:
    if not isinstance(items, list):
        return ()
    return tuple(re.compile(str(p), re.IGNORECASE) for p in items)


def _networks(items: object) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    if not isinstance(items, list):
        return ()
    return tuple(ipaddress.ip_network(str(n)) for n in items)


@cache
def receivers() -> tuple[Receiver, ...]:
    """Every receiver whose structure we know, in the order of the data file."""
    return tuple(_receiver(r) for r in load_json(_TABLE)["receivers"])


def _receiver(entry: dict[str, object]) -> Receiver:
    bottom = entry.get("bottom_headers")
    return Receiver(
        name=str(entry["name"]),
        entry=_compile(entry.get("entry")),
        internal=_compile(entry.get("internal")),
        outbound=_compile(entry.get("outbound")),
        ranges=_networks(entry.get("ranges")),
        bottom=tuple(str(h).lower() for h in bottom) if isinstance(bottom, list) else (),
    )


@cache
def list_hosts() -> tuple[ListHost, ...]:
    table = load_json(_TABLE)
    return tuple(
        ListHost(
            name=str(h["name"]),
            intake=_compile(h.get("intake")),
            domains=frozenset(str(d).lower() for d in h.get("domains", ())),
            headers=tuple(str(n).lower() for n in h.get("headers", ())),
        )
        for h in table["list_hosts"]
    )


@cache
def forwarders() -> tuple[Receiver, ...]:
    """Forwarding services (ImprovMX ...): receivers that send every message on."""
    return tuple(_receiver(f) for f in load_json(_TABLE)["forwarders"]["entries"])


@cache
def gateway_domains() -> frozenset[str]:
    """Registrable domains of the filtering gateways (Proofpoint, Mimecast, IronPort,
    Barracuda ...): one list for the whole core."""
    table = load_json(_TABLE)
    return frozenset(str(d).lower() for d in table["gateways"]["domains"])


@lru_cache(maxsize=1024)
def receiver_for_entry(host: str | None) -> Receiver | None:
    """The receiver whose inbound front end is ``host``. Cached, as is ``receiver_owning``:
    each answer runs every receiver's patterns, for the same few receiving hosts a mailbox
    names again and again."""
    if not _any_matches(_all_patterns(entry=True), host):
        return None
    return next((r for r in receivers() if r.is_entry(host)), None)


@lru_cache(maxsize=1024)
def receiver_owning(host: str | None) -> Receiver | None:
    """The receiver that runs ``host`` (front end or internal server)."""
    if not _any_matches(_all_patterns(entry=True, internal=True), host):
        return None
    return next((r for r in receivers() if r.owns_host(host)), None)


@cache
def _all_patterns(*, entry: bool = False, internal: bool = False) -> re.Pattern[str] | None:
    """Every receiver's front-end (and internal) patterns as one alternation: most hosts are
    no receiver's, and one search says so before each receiver is asked in turn."""
    found = [
        p.pattern
        for r in receivers()
        for p in (*(r.entry if entry else ()), *(r.internal if internal else ()))
    ]
    try:
        return re.compile("|".join(f"(?:{p})" for p in found), re.IGNORECASE)
    except re.error:
        return None


def _any_matches(combined: re.Pattern[str] | None, host: str | None) -> bool:
    """False only when no pattern of ``combined`` can match ``host`` (None: cannot tell)."""
    if not host:
        return False
    return combined is None or _search((combined,), host)


def microsoft() -> Receiver:
    """Microsoft 365: its tenants relay and rename headers, so some rules need it by name."""
    return next(r for r in receivers() if r.name == "Microsoft 365")
