"""Who a message is openly addressed to: the mailboxes in To and Cc and the organisations they
belong to. Read once before the rules, so a rule judges the count and never parses addresses."""

from __future__ import annotations

from inspector.intel.org_domains import org_domain
from inspector.intel.platform_clues import addr_domain
from inspector.model.evidence import RecipientsFact
from inspector.model.message import ParsedMessage

#: Organisations listed at most: enough to show in a finding, bounded for hostile headers.
MAX_LISTED = 50
#: Mailboxes and distinct organisations (the sender's own left out) from which an open
#: recipient list reads as mass mail rather than a group conversation.
MIN_VISIBLE = 5
MIN_ORGANISATIONS = 4


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


def openly_addressed_to_many(seen: RecipientsFact) -> bool:
    """Mass mail written from one mailbox: many mailboxes at many other organisations."""
    return seen.visible >= MIN_VISIBLE and len(seen.organisations) >= MIN_ORGANISATIONS
