"""Findings about who a message is openly addressed to. A person writing to a few colleagues, or
replying in a thread that has gathered a long Cc list, is ordinary; one new message that lists
strangers at many unrelated organisations in To or Cc is how mass mail goes out from a single
mailbox, without a list, an unsubscribe link or the bulk-sender rules, and with every address
shown to everyone else."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.intel.recipients import openly_addressed_to_many
from inspector.model.codes import Category, MessageKind, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

OPEN_LIST = spec(
    "recipients.open_list",
    Severity.LOW,
    Category.BULK,
    "A new message openly addressed to people at many unrelated organisations",
    "Send mail meant for many people through a mailing list or an e-mail platform (one copy "
    "per recipient, with an unsubscribe link), never as one message with everyone in To or Cc.",
    (
        "RFC 5322 section 3.6.3 (destination address fields)",
        "https://support.google.com/a/answer/81126 (Google email sender guidelines)",
    ),
)


@rule
def open_list(ctx: AnalysisContext) -> Iterator[Finding]:
    seen = ctx.evidence.recipients
    kind = ctx.evidence.kind
    if kind.kind is not MessageKind.PERSONAL or kind.reply:
        return  # list mail and replies in a thread carry their participants' addresses
    if not openly_addressed_to_many(seen):
        return
    shown = ", ".join(seen.organisations[:8])
    more = f" and {len(seen.organisations) - 8} more" if len(seen.organisations) > 8 else ""
    yield OPEN_LIST(
        f"The message starts no thread and is addressed openly to {seen.visible} mailboxes at "
        f"{len(seen.organisations)} organisations other than the sender's ({shown}{more}). "
        "That is mass mail sent from one mailbox: receivers treat it as bulk mail without the "
        "list headers bulk mail must carry, and every recipient sees everyone's address.",
        [f"To/Cc: {seen.visible} mailboxes", f"organisations: {shown}{more}"],
    )
