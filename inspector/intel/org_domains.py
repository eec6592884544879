"""Domains by organisation: the registrable (organizational) domain of a name, RFC 7489
style, from ``publicsuffixlist``, which ships the list and never goes online. Brand, link,
platform and recipient readings all ask "do these two names belong to one organisation?"
here."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from inspector.auth.orgdomain import public_suffix_list

_MAX_DOMAIN = 253


def clean_domain(domain: str | None) -> str:
    return (domain or "").strip().strip(".").lower()[:_MAX_DOMAIN]


#: What an IPv4 address cannot hold (ipaddress reads ASCII digits and dots only); an IPv6
#: address has colons. A domain name has either, so most answers need no parsing attempt.
_NOT_IPV4 = re.compile(r"[^0-9.]")


def is_ip_literal(text: str) -> bool:
    bare = text.strip("[]")
    if ":" not in bare and _NOT_IPV4.search(bare):
        return False  # a name: ipaddress would raise, ten times the cost of this test
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def org_domain(domain: str | None) -> str:
    """The registrable (organizational) domain, RFC 7489 style; the input itself when the
    list has no answer (a bare suffix, an IP address, a single label)."""
    d = clean_domain(domain)
    if not d or is_ip_literal(d):
        return d
    try:
        found = public_suffix_list().privatesuffix(d)
    except Exception:  # hostile labels must not break the analysis
        found = None
    return found or d


def same_org(a: str | None, b: str | None) -> bool:
    """Do two domains belong to the same organizational domain?"""
    return bool(a) and bool(b) and org_domain(a) == org_domain(b)


@lru_cache(maxsize=4096)
def public_suffix_of(domain: str) -> str:
    """Cached per name: brand, look-alike and free-mail questions ask it of the same From,
    signing and link domains again and again."""
    try:
        return public_suffix_list().publicsuffix(domain) or ""
    except Exception:  # as above
        return ""


def under_known_tld(domain: str) -> bool:
    try:
        return public_suffix_list().publicsuffix(domain, accept_unknown=False) is not None
    except Exception:  # hostile labels must not break the analysis
        return False
