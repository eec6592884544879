"""Who a message is openly addressed to: the mailboxes in To and Cc and the organisations they
belong to. Read once before the rules, so a rule judges the count and never parses addresses."""

from __future__ import annotations

from inspector.intel.lookalike import org_domain
from inspector.intel.platform_clues import addr_domain
from inspector.model.evidence import RecipientsFact
from inspector.model.message import ParsedMessage

#: Organisations listed at most: enough to show in a finding, bounded for hostile headers.
MAX_LISTED = 50


def visible_recipients(pm: ParsedMessage) -> RecipientsFact:
    mailboxes = [a.address for a in (*pm.to, *pm.cc) if "@" in a.address]
    senders = {org_domain(addr_domain(a.address)) for a in pm.from_}
    organisations: list[str] = []
    for address in mailboxes:
        org = org_domain(addr_domain(address))
        if org and org not in senders and org not in organisations:
            organisations.append(org)
            if len(organisations) >= MAX_LISTED:
                break
    return RecipientsFact(visible=len(mailboxes), organisations=tuple(organisations))
