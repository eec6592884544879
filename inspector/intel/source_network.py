"""Who runs the source IPs of DMARC aggregate reports: reverse DNS, Team Cymru's ASN and AS
name, the hosting network, and the sending platform whose fingerprints name that host.

The same data and DNS questions as for a message's sending hop, but a report gives only an
IP: no headers, no DKIM, so the platform is recognised from its reverse-DNS fingerprints
alone. Offline (or with no DNS session) every source says "not checked (offline)".
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from inspector.intel.infrastructure import (
    cymru_origin_name,
    hosting_network,
    parse_cymru_asname,
    parse_cymru_origin,
)
from inspector.intel.platform_catalogue import domain_matches, load_platforms
from inspector.model.feedback import SourceNetwork
from inspector.model.intel import ClueKind, LookupStatus, PlatformKind
from inspector.net.lookup import DnsLookup

MAX_SOURCES = 500  # distinct IPs looked up per run; the rest say "not checked"


def platform_for_host(host: str | None) -> tuple[str, PlatformKind] | None:
    """(platform name, kind) whose reverse-DNS fingerprint matches ``host``."""
    if not host:
        return None
    for platform in load_platforms():
        for signal in platform.signals:
            if signal.type is ClueKind.RDNS and domain_matches(host, signal.pattern):
                return platform.name, platform.kind
    return None


def _reverse(ip: str) -> str | None:
    try:
        return ipaddress.ip_address(ip).reverse_pointer
    except ValueError:
        return None


def lookup_source_networks(ips: Iterable[str], dns: DnsLookup | None) -> dict[str, SourceNetwork]:
    """One SourceNetwork per IP; two rounds of concurrent questions (PTR + origin, then the
    AS name)."""
    unique = list(dict.fromkeys(ips))
    if dns is None or dns.offline:
        return {ip: SourceNetwork() for ip in unique}
    checked = [ip for ip in unique[:MAX_SOURCES] if _reverse(ip)]
    first: list[tuple[str, str]] = []
    for ip in checked:
        first.append((_reverse(ip) or "", "PTR"))
        origin = cymru_origin_name(ip)
        if origin:
            first.append((origin, "TXT"))
    answers = dns.query_many(first)
    origins: dict[str, tuple[str | None, str | None]] = {}
    for ip in checked:
        origin = cymru_origin_name(ip)
        found = answers.get((origin, "TXT")) if origin else None
        asn, _prefix, country = parse_cymru_origin(found.records if found and found.ok else ())
        origins[ip] = (asn, country)
    names = answers | dns.query_many(
        {(f"AS{asn}.asn.cymru.com", "TXT") for asn, _c in origins.values() if asn}
    )
    out: dict[str, SourceNetwork] = {}
    for ip in unique:
        if ip not in origins:
            out[ip] = SourceNetwork(
                status=LookupStatus.ERROR if ip in checked else LookupStatus.SKIPPED
            )
            continue
        ptr_answer = answers.get((_reverse(ip) or "", "PTR"))
        ptr = ptr_answer.records[0].rstrip(".").lower() if ptr_answer and ptr_answer.ok else None
        asn, country = origins[ip]
        named = names.get((f"AS{asn}.asn.cymru.com", "TXT")) if asn else None
        as_name = parse_cymru_asname(named.records) if named and named.ok else None
        platform = platform_for_host(ptr)
        out[ip] = SourceNetwork(
            ptr=ptr,
            asn=asn,
            as_name=as_name,
            country=country,
            platform=platform[0] if platform else None,
            platform_kind=platform[1] if platform else None,
            hosting=hosting_network(asn, as_name),
            status=LookupStatus.OK,
        )
    return out
