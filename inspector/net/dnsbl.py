"""DNS blocklists (DNSBL/RHSBL): the question names to ask, in the session's own DNS batches.

Written here rather than taken from a library because the PyPI DNSBL clients run their own
resolvers (we must go through the session's cache, budget and evidence log). What an answer
means (listed, refused, the weight of a code) is decided in ``inspector.intel.blocklists``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

#: (question name, "A") -> (zone, target): every question with the list and the IP or domain
Questions = dict[tuple[str, str], tuple[str, str]]


def ip_query_name(ip: str, zone: str) -> str | None:
    """``1.2.0.192.zen.spamhaus.org`` for 192.0.2.1; IPv6 as 32 reversed nibbles."""
    try:
        addr = ipaddress.ip_address(ip.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if isinstance(addr, ipaddress.IPv4Address):
        labels = ".".join(reversed(str(addr).split(".")))
    else:
        labels = ".".join(reversed(addr.exploded.replace(":", "")))
    return f"{labels}.{zone.strip().rstrip('.')}"


def domain_query_name(domain: str, zone: str) -> str | None:
    """``example.com.dbl.spamhaus.org``; None for names that cannot be asked."""
    name = domain.strip().rstrip(".").lower()
    if not name or ".." in name or len(name) > 200 or any(c.isspace() for c in name):
        return None
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return f"{name}.{zone.strip().rstrip('.')}"
    return None  # domain lists refuse IP queries


def ip_questions(ips: Iterable[str], zones: Iterable[str]) -> Questions:
    """Every IP on every IP list."""
    return _questions(ips, zones, ip_query_name)


def domain_questions(domains: Iterable[str], zones: Iterable[str]) -> Questions:
    """Every domain on every domain list."""
    return _questions(domains, zones, domain_query_name)


def _questions(
    targets: Iterable[str],
    zones: Iterable[str],
    query_name: Callable[[str, str], str | None],
) -> Questions:
    out: Questions = {}
    usable = [z for z in (z.strip().rstrip(".") for z in zones) if "." in z]
    for target in targets:
        for zone in usable:
            name = query_name(target, zone)
            if name:
                out[(name, "A")] = (zone, target)
    return out
