"""Findings from DNS blocklists: the sending IPs and the message's domains.

A listing is reported per list with the meaning of its return code (data/dnsbl.json), at the
weight of that list and code. Spamhaus PBL listings are policy, not reputation, and are
reported as ``infrastructure.consumer_space`` instead. A list that refused our resolver was
not checked at all; that is said plainly, never shown as a listing.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.intel import BlocklistResult, BlocklistStatus
from inspector.route.ipinfo import canonical_ip
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_REFS = ("RFC 5782 (DNS blacklists and whitelists)",)

IP_LISTED = spec(
    "reputation.ip_listed",
    Severity.HIGH,
    Category.REPUTATION,
    "The sending IP address is on a blocklist",
    "Find out why the IP was listed (the list's lookup page gives the reason), fix the cause "
    "(compromised account or machine, purchased addresses, missing unsubscribe handling), then "
    "request delisting. On a shared platform, ask the provider to move you to a clean IP.",
    (*_REFS, "https://check.spamhaus.org/ (Spamhaus lookup)"),
)
DOMAIN_LISTED = spec(
    "reputation.domain_listed",
    Severity.HIGH,
    Category.REPUTATION,
    "A domain in the message is on a domain blocklist",
    "Check the domain on the list's lookup page, remove the cause (compromised site, links "
    "to abused shorteners or redirectors, spam sent in its name) and request delisting. Do "
    "not link to domains you do not control that are listed.",
    (
        *_REFS,
        "https://www.spamhaus.org/blocklists/domain-blocklist/ (Spamhaus DBL)",
        "https://www.surbl.org/lists (SURBL)",
        "https://uribl.com/about.shtml (URIBL)",
    ),
)
REFUSED = spec(
    "reputation.blocklist_refused",
    Severity.INFO,
    Category.REPUTATION,
    "Some blocklists refused to answer our DNS resolver",
    "Nothing for the sender to fix. To check these lists, run the analysis with a DNS server "
    "of your own (not a public resolver such as 8.8.8.8 or 1.1.1.1) or a registered data "
    "feed key for the list.",
    (
        "https://docs.spamhaus.com/datasets/docs/source/40-real-world-usage/PublicMirrors/"
        "MTAs/020-Postfix.html (Spamhaus return codes)",
    ),
)


def _norm(ip: str | None) -> str | None:
    return canonical_ip((ip or "").strip("[]"))


def _line(res: BlocklistResult) -> str:
    codes = ", ".join(res.codes) if res.codes else "(no code)"
    return f"{res.zone}: {res.target} -> {codes} ({res.meaning})"


@rule
def ip_listings(ctx: AnalysisContext) -> Iterator[Finding]:
    client = _norm(ctx.route.client_ip)
    for intel in ctx.sender.hops_intel:
        for res in intel.blocklists:
            if not res.abuse_listing:
                continue
            if intel.ip == client:
                yield IP_LISTED(
                    f"The server that delivered this message ({intel.ip}) is listed on "
                    f"{res.list_name}: {res.meaning}. Receivers that use this list block or "
                    "junk mail from listed addresses, whatever the content.",
                    [_line(res)],
                    title=f"The sending IP is listed on {res.list_name}",
                    severity=res.severity,
                )
            else:
                yield IP_LISTED(
                    f"An earlier relay on this message's path ({intel.ip}) is listed on "
                    f"{res.list_name}: {res.meaning}. Receivers mostly judge only the last "
                    "server that connected to them, but some filters look at every relay.",
                    [_line(res)],
                    title=f"An earlier relay is listed on {res.list_name}",
                    severity=Severity.LOW,
                )


@rule
def domain_listings(ctx: AnalysisContext) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for intel in ctx.sender.domains:
        roles = [d.role.replace("_", "-") for d in ctx.sender.domains if d.domain == intel.domain]
        for res in intel.blocklists:
            if res.status is not BlocklistStatus.LISTED or (intel.domain, res.zone) in seen:
                continue
            seen.add((intel.domain, res.zone))
            yield DOMAIN_LISTED(
                f"The domain {intel.domain} (used as {', '.join(dict.fromkeys(roles))}) is "
                f"listed on {res.list_name}: {res.meaning}. Filters look up every domain in a "
                "message's addresses and links; one listed domain is often enough to send it "
                "to spam.",
                [_line(res)],
                title=f"{intel.domain} is listed on {res.list_name}",
                severity=res.severity,
            )


@rule
def refused(ctx: AnalysisContext) -> Iterator[Finding]:
    results = [r for h in ctx.sender.hops_intel for r in h.blocklists]
    results += [r for d in ctx.sender.domains for r in d.blocklists]
    refused_lists = {r.zone: r for r in results if r.status is BlocklistStatus.REFUSED}
    if refused_lists:
        names = ", ".join(r.list_name for r in refused_lists.values())
        yield REFUSED(
            f"These blocklists were not checked because they refused to answer the DNS "
            f"resolver this analysis used: {names}. Lists such as Spamhaus refuse queries "
            "that come through large public resolvers. This says nothing about the sender: "
            "the addresses and domains may or may not be listed there.",
            [_line(r) for r in refused_lists.values()],
        )
