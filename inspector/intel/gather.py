"""Sender intelligence for one message: relays, domain owners, blocklists, in few round trips.

The first DNS batch carries every PTR, every Team Cymru origin question and every blocklist
question (IP and domain lists) at once; the second carries the forward confirmations and AS
names. RDAP follows (client IP, then one question per distinct domain), within the
per-message request cap of the RDAP client.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from inspector.intel import infrastructure, ownership
from inspector.intel.blocklists import collect
from inspector.model.auth import AuthSummary
from inspector.model.codes import RdapStatus
from inspector.model.intel import (
    BlocklistKind,
    DomainIntel,
    Link,
    LookupStatus,
    PlatformMatch,
    SenderIntel,
)
from inspector.model.message import ParsedMessage
from inspector.model.route import Hop, Route
from inspector.net.dnsbl import domain_questions
from inspector.net.lookup import DnsLookup, RdapLookup
from inspector.options import AnalysisOptions

#: Roles whose domains are asked on the domain blocklists.
BLOCKLIST_ROLES = ("from", "return_path", "dkim", "link")


def _per_message(rdap: RdapLookup | None) -> RdapLookup | None:
    """A batch-wide RdapClient hands out per-message views so its request cap is per message."""
    session = getattr(rdap, "session", None)
    if rdap is not None and callable(session):
        view = session()
        if hasattr(view, "domain") and hasattr(view, "ip"):
            return view  # type: ignore[no-any-return]
    return rdap


def gather_intel(  # noqa: PLR0917 - the signature the pipeline calls
    message: ParsedMessage,
    hops: Sequence[Hop],
    route: Route,
    auth: AuthSummary,
    dns: DnsLookup,
    rdap: RdapLookup | None,
    options: AnalysisOptions,
    *,
    now: datetime,
    platform: PlatformMatch | None = None,
    links: Sequence[Link] = (),
) -> SenderIntel:
    """Everything known about who sent the message; "offline" when nothing may be looked up."""
    roles = ownership.domain_roles(message, auth, links)
    link_tuple = tuple(links)
    if options.offline or not options.intel or dns.offline:
        return SenderIntel(
            platform=platform,
            hops_intel=infrastructure.offline_hops(hops, route),
            domains=tuple(
                DomainIntel(
                    role, domain, evidence=("not checked (offline)",), status=RdapStatus.OFFLINE
                )
                for role, domain in roles
            ),
            links=link_tuple,
            status=LookupStatus.OFFLINE,
        )
    rdap = _per_message(rdap) if options.rdap else None
    bl_domains = list(dict.fromkeys(d for r, d in roles if r in BLOCKLIST_ROLES))
    domain_asks = domain_questions(bl_domains, options.blocklists_domain)
    hops_intel, answers = infrastructure.analyse(
        hops, route, dns, rdap, options.blocklists_ip, also_ask=list(domain_asks)
    )
    domain_lists = collect(domain_asks, answers, BlocklistKind.DOMAIN)
    domains = ownership.lookup_domains(roles, rdap, now, domain_lists)
    return SenderIntel(
        platform=platform,
        hops_intel=hops_intel,
        domains=domains,
        links=link_tuple,
        status=LookupStatus.OK,
    )
