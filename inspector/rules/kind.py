"""What kind of mail the message is, stated as findings (facts from
``inspector.intel.message_kind``). Most findings are problems; these two are the sender-side
evidence that counts in a message's favour: a post relayed by discussion-list software, and a
reply that names the conversation it belongs to. Both lower the score (their fitted weights
are constrained to be zero or negative), and neither ever needs fixing."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, MessageKind, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

LIST_POST = spec(
    "kind.list_post",
    Severity.INFO,
    Category.IDENTITY,
    "Posted to a discussion list",
    "Nothing to fix: list mail is judged as list mail (the list's own headers, mailto "
    "unsubscribe and Sender: the list are expected).",
    ("RFC 2369 (List-* headers)", "RFC 2919 (List-Id)"),
)
REPLY = spec(
    "kind.reply",
    Severity.INFO,
    Category.IDENTITY,
    "A reply within a conversation",
    "Nothing to fix.",
    ("RFC 5322 section 3.6.4 (In-Reply-To, References)",),
)


@rule
def list_post(ctx: AnalysisContext) -> Iterator[Finding]:
    fact = ctx.evidence.kind
    if fact.kind is MessageKind.LIST_POST:
        yield LIST_POST(
            f"The message came through the discussion list {fact.list_host or fact.list_id}, "
            "as a member's post rather than a campaign: " + "; ".join(fact.reasons[:3]) + ".",
            fact.reasons[:4],
            title=f"Posted to a discussion list ({fact.list_host or fact.list_id})"[:200],
        )


@rule
def reply(ctx: AnalysisContext) -> Iterator[Finding]:
    fact = ctx.evidence.kind
    if fact.reply and fact.kind in (MessageKind.PERSONAL, MessageKind.LIST_POST):
        ref = ctx.message.get("In-Reply-To") or ctx.message.get("References") or ""
        yield REPLY(
            "The message answers an earlier one and names it (In-Reply-To or References), "
            "as mail programs do when someone replies.",
            [f"In-Reply-To/References: {ref}"[:300]],
        )
