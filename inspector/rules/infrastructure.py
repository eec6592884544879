"""Findings about the machine that handed the message to the recipient's side: its reverse
DNS, its HELO name, and the kind of network it sits in.

Receivers judge the connecting IP before reading a byte of content; Gmail, Yahoo and
Microsoft require valid forward-confirmed reverse DNS, and mail straight from home or
dynamic address space is refused by most of them. The client is the trust-boundary hop
(``Route.client_ip``); HELO checks use the name it announced.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from inspector.intel.infrastructure import hosting_network, reverse_name_kind
from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.intel import HopIntel, LookupStatus
from inspector.model.route import HeloShape
from inspector.route.ipinfo import canonical_ip
from inspector.rules.context import AnalysisContext, per_message
from inspector.rules.registry import rule, spec

_GOOGLE = "https://support.google.com/a/answer/81126 (Google sender guidelines)"
_YAHOO = "https://senders.yahooinc.com/best-practices/ (Yahoo sender best practices)"
_RDNS_REFS = ("RFC 1912 section 2.1", _GOOGLE, _YAHOO, "M3AAWG Best Practices for rDNS")

NO_PTR = spec(
    "infrastructure.no_ptr",
    Severity.HIGH,
    Category.INFRASTRUCTURE,
    "The sending server's IP address has no reverse DNS name",
    "Ask whoever runs the sending IP (hosting provider or ISP) to publish a PTR record naming "
    "the mail server, and make that name resolve back to the same IP.",
    _RDNS_REFS,
)
PTR_NOT_CONFIRMED = spec(
    "infrastructure.ptr_not_confirmed",
    Severity.MEDIUM,
    Category.INFRASTRUCTURE,
    "The sending server's reverse DNS name does not point back to it",
    "Add an A (or AAAA) record for the PTR name that contains the sending IP, or change the "
    "PTR to a name that already does (forward-confirmed reverse DNS).",
    _RDNS_REFS,
)
GENERIC_RDNS = spec(
    "infrastructure.generic_rdns",
    Severity.MEDIUM,
    Category.INFRASTRUCTURE,
    "The sending server has a generic or dynamic-looking reverse DNS name",
    "Send through a server whose PTR is a specific mail host name in your own domain "
    "(e.g. mail.example.com), not an ISP's generic name that embeds the IP address.",
    (*_RDNS_REFS, "RFC 8499 (terminology); draft-msullivan-dnsop-generic-naming-schemes"),
)
HELO_MISMATCH = spec(
    "infrastructure.helo_mismatch",
    Severity.LOW,
    Category.INFRASTRUCTURE,
    "The server's HELO name does not match its reverse DNS",
    "Configure the mail server to announce (HELO/EHLO) the same fully qualified name its "
    "IP address's PTR record gives, and make that name resolve to the IP.",
    ("RFC 5321 section 4.1.1.1", "RFC 5321 section 2.3.5", _GOOGLE),
)
HELO_IP_LITERAL = spec(
    "infrastructure.helo_ip_literal",
    Severity.MEDIUM,
    Category.INFRASTRUCTURE,
    "The sending server introduced itself with a bare IP address",
    "Configure the mail server's HELO/EHLO name to be its fully qualified host name (the "
    "name in its PTR record).",
    ("RFC 5321 section 4.1.1.1", "RFC 5321 section 4.1.3"),
)
HELO_NOT_FQDN = spec(
    "infrastructure.helo_not_fqdn",
    Severity.MEDIUM,
    Category.INFRASTRUCTURE,
    "The sending server introduced itself with an incomplete name (HELO)",
    "Set the mail server's HELO/EHLO name to a fully qualified, resolvable host name such as "
    "mail.example.com instead of a bare machine name.",
    ("RFC 5321 section 4.1.1.1", "RFC 5321 section 2.3.5"),
)
CONSUMER_SPACE = spec(
    "infrastructure.consumer_space",
    Severity.HIGH,
    Category.INFRASTRUCTURE,
    "The message came straight from a home or dynamic internet connection",
    "Send through your provider's authenticated submission server or a proper outbound "
    "mail server, not directly from a home, office or dynamic connection.",
    (
        "https://www.spamhaus.org/blocklists/policy-blocklist/ (Spamhaus PBL)",
        "RFC 6409 (message submission)",
        _GOOGLE,
    ),
)
HOSTING_NETWORK = spec(
    "infrastructure.hosting_network",
    Severity.INFO,
    Category.INFRASTRUCTURE,
    "The sending server sits in a cloud or hosting network",
    "Nothing to fix if this is your own well-configured server; otherwise send through a "
    "reputable mail platform. Keep rDNS, SPF and DKIM in order: receivers scrutinise "
    "hosting networks more.",
    ("https://www.team-cymru.com/ip-asn-mapping (IP to ASN mapping)",),
)


@per_message
def client_intel(ctx: AnalysisContext) -> HopIntel | None:
    """The intel for the trust-boundary client IP, if it was gathered."""
    ip = ctx.route.client_ip
    if not ip:
        return None
    norm = canonical_ip(ip.strip("[]"))
    if norm is None:
        return None
    return next((h for h in ctx.sender.hops_intel if h.ip == norm), None)


def _dns_lines(ctx: AnalysisContext, name: str, rdtype: str) -> list[str]:
    """The evidence-log lines for one question (name without trailing dot, any case)."""
    key = name.lower().rstrip(".")
    lines = []
    for q in ctx.dns:
        if q.name.lower().rstrip(".") == key and q.rdtype.upper() == rdtype:
            answers = ", ".join(q.answers) if q.answers else "(no records)"
            lines.append(f"DNS {q.name} {q.rdtype} -> {q.status.value}: {answers}")
    return lines[:2]


def _client_line(ctx: AnalysisContext, intel: HopIntel) -> str:
    hop = next((h for h in ctx.hops if h.index == intel.hop_index), None)
    return f"Received: {hop.raw.strip()[:300]}" if hop else f"client IP {intel.ip}"


def _usable(intel: HopIntel | None) -> HopIntel | None:
    return intel if intel is not None and intel.status is not LookupStatus.OFFLINE else None


@rule
def reverse_dns(ctx: AnalysisContext) -> Iterator[Finding]:
    intel = _usable(client_intel(ctx))
    if intel is None:
        return
    if intel.ptr is None and intel.status is LookupStatus.OK:
        reverse = ipaddress.ip_address(intel.ip).reverse_pointer
        yield NO_PTR(
            f"The server that delivered this message ({intel.ip}) has no reverse DNS (PTR) "
            "name. Large mailbox providers require every sending IP to have one, and many "
            "reject or junk mail from IPs without it, because home computers and hijacked "
            "machines typically have none.",
            [_client_line(ctx, intel), *_dns_lines(ctx, reverse, "PTR")],
        )
    elif intel.ptr is not None and intel.fcrdns is False:
        address = ipaddress.ip_address(intel.ip)
        reverse = address.reverse_pointer
        family = "A" if address.version == 4 else "AAAA"
        yield PTR_NOT_CONFIRMED(
            f"The sending IP {intel.ip} names itself {intel.ptr}, but {intel.ptr} does not "
            "resolve back to that IP. Anyone can write any name into the PTR of an address "
            "they control, so receivers only trust the name when the two directions agree; "
            "without that, the server counts as having no valid reverse DNS.",
            [
                _client_line(ctx, intel),
                *_dns_lines(ctx, reverse, "PTR"),
                *_dns_lines(ctx, intel.ptr, family),
            ],
        )


@rule
def generic_reverse_name(ctx: AnalysisContext) -> Iterator[Finding]:
    intel = _usable(client_intel(ctx))
    if intel is None or not intel.ptr:
        return
    why = reverse_name_kind(intel.ptr, intel.ip)
    if not why:
        return
    platform = ctx.sender.platform
    text = (
        f"The sending IP's reverse DNS name looks generic: {why}. Names like this are "
        "what ISPs give to customer connections and unconfigured servers; spam filters "
        "treat them as a sign the mail did not come from a real mail server."
    )
    if platform is not None:  # shared ESP pools often carry generic names: weigh it less
        text += (
            f" The message was sent through {platform.name}, whose shared addresses often "
            "have names like this; a dedicated IP with a branded name avoids it."
        )
    yield GENERIC_RDNS(
        text,
        [_client_line(ctx, intel), f"PTR {intel.ip} -> {intel.ptr}"],
        severity=Severity.LOW if platform is not None else None,
    )


def _helo_kind(helo: str) -> HeloShape:
    """What an announced HELO name looks like to a receiver."""
    name = helo.strip().rstrip(".")
    inner = name.strip("[]")
    if inner.lower().startswith("ipv6:"):
        inner = inner[5:]
    if canonical_ip(inner) is not None:
        return HeloShape.IP_LITERAL
    if "." not in name or name.lower().endswith((".localdomain", ".local", ".lan", ".home")):
        return HeloShape.NOT_FQDN
    return HeloShape.NAME


def _helo_evidence(ctx: AnalysisContext, helo: str) -> list[str]:
    """The boundary hop's Received line, quoted when a HELO finding is made."""
    hop = next((h for h in ctx.hops if h.index == ctx.route.boundary_index), None)
    return [f"Received: {hop.raw.strip()[:300]}"] if hop else [f"HELO {helo}"]


@rule
def helo_name(ctx: AnalysisContext) -> Iterator[Finding]:
    helo = ctx.route.client_helo
    intel = client_intel(ctx)
    if not helo and intel is not None:
        helo = intel.helo
    if not helo:
        return
    kind = _helo_kind(helo)
    if kind is HeloShape.IP_LITERAL:
        yield HELO_IP_LITERAL(
            f"The sending server greeted the receiving server with 'HELO {helo}', an IP "
            "address instead of its host name. Real mail servers announce their name; "
            "a bare address is typical of infected computers and badly set up scripts, "
            "and many filters score it as spam.",
            _helo_evidence(ctx, helo),
        )
        return
    if kind is HeloShape.NOT_FQDN:
        yield HELO_NOT_FQDN(
            f"The sending server greeted the receiving server with 'HELO {helo}', which is "
            "not a full domain name (like mail.example.com). The SMTP standard asks for a "
            "fully qualified name; a bare machine name suggests a misconfigured server or a "
            "desktop computer sending directly.",
            _helo_evidence(ctx, helo),
        )
        return
    intel = _usable(intel)
    if intel is not None and intel.ptr and intel.helo_matches is False:
        yield HELO_MISMATCH(
            f"The server introduced itself as {helo}, but its IP address {intel.ip} is named "
            f"{intel.ptr} in reverse DNS, in a different domain. A consistent name is a basic "
            "sign of a properly run mail server; some filters add spam points when they differ.",
            [*_helo_evidence(ctx, helo), f"PTR {intel.ip} -> {intel.ptr}"],
        )


@rule
def consumer_space(ctx: AnalysisContext) -> Iterator[Finding]:
    intel = _usable(client_intel(ctx))
    if intel is None:
        return
    policy = [b for b in intel.blocklists if b.policy_listing]
    if policy:
        listing = policy[0]
        yield CONSUMER_SPACE(
            f"The sending IP {intel.ip} is in the {listing.list_name} policy list: "
            f"{listing.meaning}. This is not a spam listing; it says the address belongs to "
            "ordinary end users (home or office connections) that should hand mail to their "
            "provider's mail server instead of delivering it themselves. Most large receivers "
            "refuse direct mail from such addresses.",
            [
                _client_line(ctx, intel),
                f"{listing.zone}: {intel.ip} -> {', '.join(listing.codes)}",
            ],
        )


@rule
def hosting(ctx: AnalysisContext) -> Iterator[Finding]:
    intel = _usable(client_intel(ctx))
    if intel is None or ctx.sender.platform is not None:
        return  # known sending platforms run in clouds by design
    network = hosting_network(intel.asn, intel.as_name)
    if network:
        yield HOSTING_NETWORK(
            f"The sending IP {intel.ip} belongs to {network} ({intel.asn or 'unknown AS'}), a "
            "network that rents servers to anyone. That is normal for self-hosted mail, but "
            "it is also where short-lived spam servers live, so receivers give such IPs less "
            "benefit of the doubt until they build a sending history.",
            [
                f"{intel.asn or ''} {intel.as_name or ''} prefix {intel.prefix or '?'}".strip(),
            ],
        )
