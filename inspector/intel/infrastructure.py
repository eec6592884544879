"""Who runs the relays: reverse DNS, forward confirmation, HELO consistency, ASN and owner.

For every external hop IP (the trust-boundary client first): PTR, forward-confirmed reverse
DNS (the PTR name resolves back to the IP), HELO vs PTR, the origin AS, prefix and country
from Team Cymru's DNS interface (``origin.asn.cymru.com`` TXT
"AS | prefix | CC | registry | date", then ``AS<n>.asn.cymru.com`` for the AS name), the
network owner from RDAP, blocklists, and whether the address looks like consumer or dynamic
space (a generic reverse name embedding the IP, words such as dsl/pool/dynamic, or a
Spamhaus PBL listing). All DNS goes out in two batches through ``query_many``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from inspector.data import load_json
from inspector.intel import masking
from inspector.intel.blocklists import collect
from inspector.intel.ownership import registrable_domain
from inspector.model.codes import DnsStatus, RdapStatus
from inspector.model.intel import BlocklistKind, BlocklistResult, HopIntel, LookupStatus
from inspector.model.route import Hop, Route
from inspector.net.dnsbl import ip_questions
from inspector.net.lookup import DnsAnswer, DnsLookup, RdapLookup
from inspector.route.ipinfo import canonical_ip

MAX_IPS = 4
MAX_PTR_NAMES = 3
_EXTERNAL_SCOPES = ("public", "documentation", "global")
_DYNAMIC_WORDS = frozenset(
    {
        "dyn", "dynamic", "dynamicip", "dynip", "dhcp", "pool", "pools", "cable", "dsl",
        "adsl", "vdsl", "xdsl", "cust", "customer", "customers", "broadband", "ppp", "pppoe",
        "dialup", "dial", "dialin", "residential", "resi", "home", "user", "users", "client",
        "clients", "ftth", "fttx", "fttp", "cpe", "catv", "wifi", "wlan", "mobile", "lte",
        "nat", "subscriber", "staticip", "dsld", "bredband", "kabel", "unassigned", "nohost",
    }
)  # fmt: skip
_TOKEN = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class _Target:
    ip: str
    hop_index: int | None
    helo: str | None
    recorded_rdns: str | None


_DOC_NETS = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)


@lru_cache(maxsize=4096)
def _scope(ip: str) -> str | None:
    """Cached per address: is_global walks ipaddress's lists of reserved networks."""
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if any(addr in net for net in _DOC_NETS):
        return "documentation"
    return "public" if addr.is_global else "private"


def external_targets(hops: Sequence[Hop], route: Route, limit: int = MAX_IPS) -> list[_Target]:
    """External hop IPs, the trust-boundary client first, without repeats."""
    out: list[_Target] = []
    seen: set[str] = set()

    def add(ip: str | None, index: int | None, helo: str | None, rdns: str | None) -> None:
        if not ip or len(out) >= limit:
            return
        norm = canonical_ip(ip.strip().strip("[]"))
        if norm is None:
            return
        if norm not in seen and _scope(norm) in _EXTERNAL_SCOPES:
            seen.add(norm)
            out.append(_Target(norm, index, helo, rdns))

    boundary = next((h for h in hops if h.index == route.boundary_index), None)
    if route.client_ip:
        add(
            route.client_ip,
            route.boundary_index,
            route.client_helo or (boundary.helo if boundary else None),
            boundary.rdns if boundary else None,
        )
    for hop in sorted(hops, key=lambda h: -h.index):  # newest (nearest to us) first
        if hop.internal or (hop.ip_scope and hop.ip_scope not in _EXTERNAL_SCOPES):
            continue
        add(hop.ip, hop.index, hop.helo, hop.rdns)
    return out


def cymru_origin_name(ip: str) -> str | None:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv4Address):
        return ".".join(reversed(str(addr).split("."))) + ".origin.asn.cymru.com"
    return ".".join(reversed(addr.exploded.replace(":", ""))) + ".origin6.asn.cymru.com"


def parse_cymru_origin(records: Sequence[str]) -> tuple[str | None, str | None, str | None]:
    """(asn, prefix, country) from "64500 | 192.0.2.0/24 | US | arin | 2001-01-01"."""
    for record in records:
        parts = [p.strip() for p in record.split("|")]
        if len(parts) >= 3 and parts[0]:
            asn = parts[0].split()[0]
            if asn.isdigit():
                return asn, parts[1] or None, (parts[2] or None)
    return None, None, None


def parse_cymru_asname(records: Sequence[str]) -> str | None:
    """The AS name from "64500 | US | arin | 2001-01-01 | EXAMPLE-NET - Example, US"."""
    for record in records:
        parts = [p.strip() for p in record.split("|")]
        if len(parts) >= 5 and parts[4]:
            return parts[4][:200]
    return None


def _ip_forms(ip: str) -> list[str]:
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv4Address):
        octets = str(addr).split(".")
        rev = list(reversed(octets))
        padded = [f"{int(o):03d}" for o in octets]
        forms = []
        for parts in (octets, rev, padded, list(reversed(padded))):
            forms += [".".join(parts), "-".join(parts), "_".join(parts), "".join(parts)]
        forms.append(f"{int(addr):08x}")
        return [f for f in forms if len(f) >= 7]
    groups = addr.exploded.split(":")
    return ["-".join(groups), "".join(groups), "-".join(g.lstrip("0") or "0" for g in groups)]


@lru_cache(maxsize=4096)
def reverse_name_kind(ptr: str | None, ip: str) -> str:
    """Why ``ptr`` looks like consumer/dynamic space ("" when it does not). Cached: the same
    relays recur across a mailbox, and each answer takes a public-suffix lookup."""
    if not ptr:
        return ""
    name = ptr.lower().rstrip(".")
    try:
        forms = _ip_forms(ip)
    except ValueError:
        forms = []
    for form in forms:
        if form in name:
            return f"the reverse name {name} embeds the address ({form})"
    base = registrable_domain(name) or ""
    host = name[: -len(base)] if base and name.endswith(base) else name
    words = sorted(set(_TOKEN.findall(host)) & _DYNAMIC_WORDS)
    if words:
        return f"the reverse name {name} contains {', '.join(words)}"
    return ""


@cache
def _hosting() -> tuple[dict[str, str], tuple[re.Pattern[str], ...]]:
    data = load_json("hosting_networks.json")
    return dict(data["asns"]), tuple(re.compile(p, re.IGNORECASE) for p in data["name_patterns"])


def hosting_network(asn: str | None, as_name: str | None) -> str | None:
    """The cloud/hosting provider an AS belongs to, if it is a known one (pure, no I/O)."""
    asns, patterns = _hosting()
    if asn and asn.removeprefix("AS") in asns:
        return asns[asn.removeprefix("AS")]
    if as_name and any(p.search(as_name) for p in patterns):
        return as_name
    return None


@cache
def _host_names() -> re.Pattern[str]:
    patterns: list[str] = load_json("hosting_networks.json")["host_name_patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def rented_server_name(name: str | None) -> bool:
    """Is ``name`` (a reverse-DNS or HELO name) one a hosting provider gives rented servers?"""
    return bool(name) and _host_names().search(name or "") is not None


def helo_matches(helo: str | None, ptr: str | None) -> bool | None:
    """HELO equals the PTR name, or both sit in the same registrable domain."""
    if not helo or not ptr:
        return None
    h, p = helo.lower().strip().rstrip("."), ptr.lower().rstrip(".")
    if h.startswith("[") or h.replace(".", "").isdigit() or ":" in h:
        return False
    if h == p:
        return True
    hd, pd = registrable_domain(h), registrable_domain(p)
    return bool(hd) and hd == pd


def _network_owner(data: Mapping[str, object] | None) -> tuple[str | None, str | None]:
    if not data:
        return None, None
    for role in ("registrant", "administrative"):
        for contact in masking.contacts(data, role):
            if contact.org or contact.fn:
                return contact.org or contact.fn, contact.country
    name = data.get("name")
    country = data.get("country")
    return (
        name if isinstance(name, str) else None,
        country if isinstance(country, str) else None,
    )


def analyse_hops(
    hops: Sequence[Hop],
    route: Route,
    dns: DnsLookup,
    rdap: RdapLookup | None,
    blocklists_ip: Sequence[str],
) -> tuple[HopIntel, ...]:
    """HopIntel for every external IP; DNS in two concurrent batches."""
    return analyse(hops, route, dns, rdap, blocklists_ip)[0]


def analyse(  # noqa: PLR0917
    hops: Sequence[Hop],
    route: Route,
    dns: DnsLookup,
    rdap: RdapLookup | None,
    blocklists_ip: Sequence[str],
    also_ask: Sequence[tuple[str, str]] = (),
) -> tuple[tuple[HopIntel, ...], dict[tuple[str, str], DnsAnswer]]:
    """Like ``analyse_hops``; ``also_ask`` rides along in the first batch (the caller's
    domain blocklist questions) and the answers of that batch are returned with the intel."""
    targets = external_targets(hops, route)
    if dns.offline:
        return tuple(_offline(t) for t in targets), {}
    if not targets:
        return (), (dns.query_many(list(also_ask)) if also_ask else {})
    first: list[tuple[str, str]] = []
    for t in targets:
        first.append((ipaddress.ip_address(t.ip).reverse_pointer, "PTR"))
        origin = cymru_origin_name(t.ip)
        if origin:
            first.append((origin, "TXT"))
    bl_questions = ip_questions([t.ip for t in targets], blocklists_ip)
    answers = dns.query_many(list(dict.fromkeys([*first, *bl_questions, *also_ask])))
    listings = collect(bl_questions, answers, BlocklistKind.IP)

    second: list[tuple[str, str]] = []
    ptrs: dict[str, list[str]] = {}
    origins: dict[str, tuple[str | None, str | None, str | None]] = {}
    for t in targets:
        family = "A" if ipaddress.ip_address(t.ip).version == 4 else "AAAA"
        ptr_answer = _get(answers, ipaddress.ip_address(t.ip).reverse_pointer, "PTR")
        names = [r.rstrip(".").lower() for r in ptr_answer.records if r.strip(".")]
        ptrs[t.ip] = names[:MAX_PTR_NAMES]
        second += [(n, family) for n in ptrs[t.ip]]
        origin_name = cymru_origin_name(t.ip) or ""
        origins[t.ip] = parse_cymru_origin(_get(answers, origin_name, "TXT").records)
        asn = origins[t.ip][0]
        if asn:
            second.append((f"AS{asn}.asn.cymru.com", "TXT"))
    second = list(dict.fromkeys(second))
    answers2 = dns.query_many(second) if second else {}

    out: list[HopIntel] = []
    for i, t in enumerate(targets):
        family = "A" if ipaddress.ip_address(t.ip).version == 4 else "AAAA"
        ptr_answer = _get(answers, ipaddress.ip_address(t.ip).reverse_pointer, "PTR")
        names = ptrs[t.ip]
        fcrdns: bool | None = None
        if names:
            forward = [_get(answers2, n, family) for n in names]
            confirmed = any(_same_ip(r, t.ip) for a in forward for r in (a.records if a.ok else ()))
            undecided = any(a.temporary for a in forward)
            fcrdns = True if confirmed else (None if undecided else False)
        elif not ptr_answer.temporary:
            fcrdns = False
        asn, prefix, country = origins[t.ip]
        as_name = parse_cymru_asname(_get(answers2, f"AS{asn}.asn.cymru.com", "TXT").records)
        owner: str | None = None
        if rdap is not None and i == 0:  # RDAP is capped per message: the client IP only
            result = rdap.ip(t.ip)
            owner, rdap_country = _network_owner(
                result.data if result.status is RdapStatus.OK else None
            )
            country = country or rdap_country
        ptr = names[0] if names else None
        blocks = listings.get(t.ip, ())
        dynamic_reason = reverse_name_kind(ptr, t.ip)
        if not dynamic_reason and not names and t.recorded_rdns:
            recorded = reverse_name_kind(t.recorded_rdns, t.ip)
            dynamic_reason = f"{recorded} (as recorded in Received)" if recorded else ""
        pbl = [b for b in blocks if b.policy_listing]
        if pbl and not dynamic_reason:
            dynamic_reason = f"{pbl[0].list_name}: {pbl[0].meaning}"
        out.append(
            HopIntel(
                ip=t.ip,
                hop_index=t.hop_index,
                ptr=ptr,
                fcrdns=fcrdns,
                helo=t.helo,
                helo_matches=helo_matches(t.helo, ptr),
                asn=f"AS{asn}" if asn else None,
                as_name=as_name,
                prefix=prefix,
                country=country,
                network_owner=owner,
                dynamic=bool(dynamic_reason),
                dynamic_reason=dynamic_reason,
                blocklists=blocks,
                status=LookupStatus.PARTIAL if ptr_answer.temporary else LookupStatus.OK,
                status_detail=f"PTR {ptr_answer.status.value}" if ptr_answer.temporary else "",
            )
        )
    return tuple(out), answers


def _offline(t: _Target) -> HopIntel:
    return HopIntel(ip=t.ip, hop_index=t.hop_index, helo=t.helo, status=LookupStatus.OFFLINE)


def offline_hops(hops: Sequence[Hop], route: Route) -> tuple[HopIntel, ...]:
    """The external IPs, marked offline: nothing looked up."""
    return tuple(_offline(t) for t in external_targets(hops, route))


def _get(answers: Mapping[tuple[str, str], DnsAnswer], name: str, rdtype: str) -> DnsAnswer:
    return answers.get((name, rdtype)) or DnsAnswer(name, rdtype, DnsStatus.ERROR)


def _same_ip(record: str, ip: str) -> bool:
    try:
        return ipaddress.ip_address(record.strip()) == ipaddress.ip_address(ip)
    except ValueError:
        return False


def with_blocklists(intel: HopIntel, results: tuple[BlocklistResult, ...]) -> HopIntel:
    return replace(intel, blocklists=results)
