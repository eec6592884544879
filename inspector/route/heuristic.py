"""The generic trust-boundary walk, for receivers whose structure we do not know (a company's
own servers, a subscriber's home server): where the message entered the recipient's
infrastructure, judged from domain names and address scopes.

The walk (where the message entered the recipient's infrastructure; its
client IP and HELO are what SPF and blocklists judge, its time is when the recipient got the
message). Walk from the newest hop towards the oldest:

1. The recipient's organisation is the registrable domain of the newest hop's by-host that
   is a name, plus ``recipient_domains``, plus sibling domains of the big providers (Google:
   google.com/gmail.com; Microsoft: outlook.com/office365.com/hotmail.com ...). By-hosts of
   hops walked through are added as we go: they are the recipient's servers.
2. Skip a hop (it is internal) when the client left no address and no foreign name (local
   pickup, ``by ... with HTTPS``, ``with mapi``), when the client address is not external
   (private, loopback, link-local, CGNAT ...; documentation ranges count as external, see
   ``inspector.route.ipinfo``), when the client's names belong to the recipient's organisation, or
   when the hop is a mailbox fetch or final delivery (IMAP, POP3, LMTP, local). The client's
   names are the reverse name the server looked up; its HELO (client-chosen, so forgeable)
   only counts when the server's format records no reverse name (Microsoft) or the address is
   private, never when the lookup for a public address failed ("unknown"): a spammer saying
   HELO mx.google.com to Gmail must not be taken for Google.
3. The first hop not skipped is the boundary. Exceptions:
   - a private-address client whose names belong to a foreign registrable domain, received by
     the recipient's own server, is a boundary too: a proxy or misconfigured relay hides the
     real client (the routing rules report it);
   - when that hop is an authenticated submission (ESMTPA/ESMTPSA) and a hop of the
     recipient's own provider with a public address was skipped on the way, the boundary is
     that provider hop (Gmail to Gmail: the sender submitted to smtp.gmail.com, the MX got it
     from Google's outbound);
   - when it comes from a known inbound filtering gateway (Mimecast, Proofpoint, ...) that an
     older hop shows receiving the message from outside, the walk goes on behind the gateway;
   - when nothing qualifies, a skipped own-provider hop with a public address is used: the
     newest one received by the provider's inbound front end (mx.google.com,
     *.mail.protection.outlook.com) if any (Office 365 tenant to tenant), else the oldest.
4. Hops newer than the boundary are ``internal``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from inspector.auth.orgdomain import public_suffix_list
from inspector.model.codes import IpScope
from inspector.model.route import Hop
from inspector.route.ipinfo import is_external_scope, normalize_ip
from inspector.route.receivers import gateway_domains

_PROVIDER_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"google.com", "gmail.com", "googlemail.com"}),
    frozenset({"outlook.com", "office365.com", "hotmail.com", "live.com", "msn.com"}),
    frozenset({"yahoo.com", "yahoodns.net", "aol.com"}),
    frozenset({"icloud.com", "me.com", "apple.com"}),
    frozenset({"zoho.com", "zohomail.com", "zoho.eu"}),
)
# Where the big providers take mail in from the internet (their MX front ends).
_PROVIDER_INBOUND = re.compile(
    r"(?:^|\.)mx\.google\.com$|\.mail\.protection\.outlook\.com$",
    re.IGNORECASE,
)
_LOCAL_PROTOCOLS = ("local", "LMTP", "HTTP", "MAPI", "IMAP", "POP3")


@lru_cache(maxsize=4096)
def registrable_domain(name: str | None) -> str | None:
    """Public suffix plus one label of a host name (``mx.example.co.uk`` -> ``example.co.uk``),
    None for address literals, single labels and unknown top-level domains."""
    if not name:
        return None
    host = name.strip().strip("[]").rstrip(".").lower()
    if not host or "." not in host or normalize_ip(host) or len(host) > 253:
        return None
    if any(c.isspace() or c in "@/\\<>()[]" for c in host):
        return None
    labels = host.split(".")
    if labels[-1] in _RESERVED_TLDS:
        # RFC 2606 / RFC 6761 names (documentation, tests, our samples) are not in the Public
        # Suffix List, but they behave like any single-label suffix.
        return ".".join(labels[-2:]) if all(labels[-2:]) else None
    try:
        found = public_suffix_list().privatesuffix(host, accept_unknown=False)
    except Exception:  # hostile names must not raise
        return None
    return str(found) if found else None


_RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost"})


def _family(domains: set[str]) -> set[str]:
    out = set(domains)
    for fam in _PROVIDER_FAMILIES:
        if fam & out:
            out |= fam
    return out


_RDNS_FAILED = re.compile(r"\(\s*unknown\s*\[", re.IGNORECASE)


def client_domains(hop: Hop) -> set[str]:
    """Registrable domains naming the client. The reverse name the server looked up wins;
    the HELO name (client-chosen, so forgeable) only counts when the server's format records
    no reverse name at all (Microsoft), or for private addresses (which rarely have one),
    never when a public address's lookup failed ("unknown")."""
    if hop.rdns:
        names: tuple[str | None, ...] = (hop.rdns,)
    elif is_external_scope(hop.ip_scope) and (
        _RDNS_FAILED.search(hop.raw) or (hop.from_host or "").lower() == "unknown"
    ):
        names = ()
    else:
        names = (hop.helo, hop.from_host)
    return {d for d in (registrable_domain(n) for n in names) if d}


def _never_boundary(hop: Hop) -> bool:
    """Mailbox fetches and final deliveries never hand mail in from the internet."""
    proto = (hop.protocol or "").upper()
    return proto.startswith(("IMAP", "POP", "LMTP")) or proto == "LOCAL"


def _is_submission(hop: Hop) -> bool:
    proto = (hop.protocol or "").upper()
    return proto.endswith("A") and "SMTP" in proto


def _is_local(hop: Hop) -> bool:
    proto = hop.protocol or ""
    return proto.upper().startswith(tuple(p.upper() for p in _LOCAL_PROTOCOLS))


def _walk(hops: Sequence[Hop], start: int, own: set[str]) -> tuple[int | None, int | None]:
    """(boundary, fallback) walking from ``start`` down to 0; ``own`` grows as we go."""
    fallback: int | None = None
    fallback_inbound = False
    for i in range(start, -1, -1):
        hop = hops[i]
        names = client_domains(hop)
        foreign = bool(names) and not (names & own)
        scope = hop.ip_scope
        by_dom = registrable_domain(hop.by)
        if _never_boundary(hop):
            pass
        elif hop.ip is None:
            if foreign and not _is_local(hop) and hop.by:
                return i, fallback
        elif not is_external_scope(scope):
            if (
                foreign
                and scope in (IpScope.PRIVATE, IpScope.SHARED, IpScope.LINK_LOCAL)
                and by_dom is not None
                and by_dom in own
            ):
                return i, fallback
        elif names & own:
            # the provider's own inbound front door beats any other hop of the provider
            inbound = bool(hop.by and _PROVIDER_INBOUND.search(hop.by))
            if not fallback_inbound:
                fallback, fallback_inbound = i, inbound
        else:
            return i, fallback
        if by_dom:
            own.update(_family({by_dom}))
    return None, fallback


def find_boundary(hops: Sequence[Hop], recipient_domains: Collection[str] = ()) -> int | None:
    """Index of the hop where the message entered the recipient's infrastructure (see the
    module docstring), or None."""
    if not hops:
        return None
    own: set[str] = {d for d in (registrable_domain(x) for x in recipient_domains) if d}
    for hop in reversed(hops):
        dom = registrable_domain(hop.by)
        if dom:
            own.add(dom)
            break
    own = _family(own)
    boundary, fallback = _walk(hops, len(hops) - 1, own)
    if boundary is not None and fallback is not None and _is_submission(hops[boundary]):
        return fallback
    if boundary is not None and boundary > 0:
        gateways = client_domains(hops[boundary]) & gateway_domains()
        if gateways and any(registrable_domain(h.by) in gateways for h in hops[:boundary]):
            inner, _ = _walk(hops, boundary - 1, own | gateways)
            if inner is not None and registrable_domain(hops[inner].by) in gateways:
                return inner
    return boundary if boundary is not None else fallback
