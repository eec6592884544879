"""The host that handed the message to the recipient, judged the way a postmaster reads the
entry Received header, with no DNS lookup: is its name generic or dynamic (an address written
into the name, ``172-234-133-106.ip.linodeusercontent.com``), does it sit on a rented cloud
or hosting server, does its HELO contradict the address it connected from, or name a domain
that has nothing to do with the mail?

Mail platforms and organisations send from named mail servers; throwaway spam servers greet
with whatever the VPS came with. Microsoft does not write the reverse name into its Received
header, so the HELO is often the only name there is.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from inspector.data import load_json
from inspector.intel.infrastructure import reverse_name_kind
from inspector.intel.ownership import registrable_domain
from inspector.model.auth import DkimResult
from inspector.model.evidence import EntryHostFact
from inspector.model.intel import PlatformMatch
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop, Route

_DOTTED_QUAD = re.compile(r"(?<![\d])(\d{1,3})[-._](\d{1,3})[-._](\d{1,3})[-._](\d{1,3})(?![\d])")
_LITERAL = re.compile(r"^\[(?:ipv6:)?([0-9a-f:.]+)\]$", re.IGNORECASE)


@cache
def _hosting_names() -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Provider by host suffix, and the name markers of rented servers as one pattern (one
    search instead of one per marker)."""
    data = load_json("hosting_networks.json")
    suffixes = {str(k).lower().strip("."): str(v) for k, v in data.get("host_suffixes", {}).items()}
    patterns = [f"(?:{p})" for p in data.get("name_markers", ())]
    markers = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None
    return suffixes, markers


@cache
def _longest_suffix() -> int:
    """Labels in the longest listed suffix: a name's longer dot-suffixes cannot match."""
    return max((k.count(".") + 1 for k in _hosting_names()[0]), default=0)


def hosting_from_name(name: str | None) -> str | None:
    """The cloud or hosting provider a host name belongs to, recognised from the name. The
    longest listed suffix wins: the name's own dot-suffixes are looked up longest first."""
    if not name:
        return None
    if len(name) <= _MAX_CACHED_NAME:
        return _hosting_from_name(name)
    return _hosting_from_name_uncached(name)


_MAX_CACHED_NAME = 300  # a host name has at most 253 characters; longer text is not cached


@lru_cache(maxsize=4096)
def _hosting_from_name(name: str) -> str | None:
    """Cached per name: a mailbox's mail enters through the same few sending hosts."""
    return _hosting_from_name_uncached(name)


def _hosting_from_name_uncached(name: str) -> str | None:
    host = name.lower().strip().rstrip(".")
    suffixes, markers = _hosting_names()
    labels = host.split(".")
    for i in range(max(0, len(labels) - _longest_suffix()), len(labels)):
        provider = suffixes.get(".".join(labels[i:]))
        if provider is not None:
            return provider
    if markers is not None and markers.search(host):
        return "a rented server (the name says so)"
    return None


def _as_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def embedded_ip(helo: str | None, client_ip: str | None) -> str | None:
    """An address the HELO names (as a literal or written into the name) that is not the
    address the host connected from: the name was made for another machine."""
    if not helo or not client_ip:
        return None
    if len(helo) <= _MAX_CACHED_NAME and len(client_ip) <= _MAX_CACHED_NAME:
        return _embedded_ip(helo, client_ip)
    return _embedded_ip_uncached(helo, client_ip)


@lru_cache(maxsize=4096)
def _embedded_ip(helo: str, client_ip: str) -> str | None:
    """Cached per greeting and address: the same sending hosts recur across a mailbox, and
    each answer parses addresses."""
    return _embedded_ip_uncached(helo, client_ip)


def _embedded_ip_uncached(helo: str, client_ip: str) -> str | None:
    client = _as_ip(client_ip)
    if client is None:
        return None
    literal = _LITERAL.match(helo.strip())
    if literal:
        named = _as_ip(literal.group(1))
        return literal.group(1) if named is not None and named != client else None
    for m in _DOTTED_QUAD.finditer(helo):
        octets = [int(g) for g in m.groups()]
        if any(o > 255 for o in octets):
            continue
        forward = ipaddress.IPv4Address(".".join(map(str, octets)))
        backward = ipaddress.IPv4Address(".".join(map(str, reversed(octets))))
        if client in (forward, backward):
            return None
        if forward.is_global:
            return str(forward)
    return None


def _orgs(names: Iterable[str | None]) -> set[str]:
    return {org for n in names if n and (org := registrable_domain(n))}


def unrelated_helo(
    helo: str | None,
    rdns: str | None,
    identities: Iterable[str | None],
    platform: PlatformMatch | None,
) -> str | None:
    """The HELO's domain when it matches neither the reverse name nor any identity of the
    message (From, envelope, DKIM signers, Sender, list, Message-ID): a host greeting with a
    third party's name. A recognised sending platform explains its own host names."""
    if not helo or platform is not None:
        return None
    helo_org = registrable_domain(helo)
    if not helo_org or "." not in helo.strip("."):
        return None
    if helo_org in _orgs([rdns, *identities]):
        return None
    return helo_org


def entry_host(
    pm: ParsedMessage,
    hops: Sequence[Hop],
    route: Route,
    dkim: Sequence[DkimResult],
    platform: PlatformMatch | None,
    list_host: str | None,
) -> EntryHostFact | None:
    """What the entry hop says about the sending host; None when no entry hop was found."""
    ip, helo = route.client_ip, route.client_helo
    if not ip:
        return None
    hop = next((h for h in hops if h.index == route.boundary_index), None)
    rdns = hop.rdns if hop is not None else None
    generic = ""
    for name in (rdns, helo):
        generic = reverse_name_kind(name, ip) if name else ""
        if generic:
            break
    if generic:
        generic = generic.replace("the reverse name", "the name", 1)
    hosting = hosting_from_name(rdns) or hosting_from_name(helo)
    identities: list[str | None] = [a.domain for a in pm.from_]
    identities += [pm.return_path, pm.sender.domain if pm.sender else None, list_host]
    identities += [r.domain for r in dkim]
    identities.append((pm.message_id or "").rpartition("@")[2].strip("<> ") or None)
    return EntryHostFact(
        ip=ip,
        helo=helo,
        rdns=rdns,
        generic_name=generic,
        hosting=hosting,
        embedded_ip=embedded_ip(helo, ip),
        unrelated_helo=unrelated_helo(helo, rdns, identities, platform),
    )
