"""The charts of the client report: authentication pass rates, risk distribution and bounce
reasons, drawn as bars of table cells.

Table cells with a background colour are the one drawing both Qt's rich-text engine (the PDF)
and every browser (the HTML export) print the same way, with no image, script or network.
Each chart carries a numbered caption that says what is counted, and a check that could not
be made is shown as such, never as a failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inspector.mailbox.stats import MailboxStats, Tally
from inspector.model.codes import Risk
from inspector.report.html_base import RISK_COLOURS, esc

PASS_COLOUR = "#1a7f37"
NEUTRAL_COLOUR = "#0969da"

#: Bounce reasons (Sisimai's names, inspector.model.bounces.BounceReason) in a client's words.
BOUNCE_WORDS: dict[str, str] = {
    "authfailure": "authentication required",
    "badreputation": "sender reputation",
    "blocked": "sender on a block list or blocked",
    "contenterror": "malformed message",
    "delivered": "delivered (notice)",
    "exceedlimit": "over the mailbox's size limit",
    "expired": "gave up retrying",
    "failedstarttls": "TLS required or failed",
    "feedback": "complaint or unsubscribe",
    "filtered": "refused by the recipient's filter",
    "hasmoved": "address has moved",
    "hostunknown": "domain not found",
    "mailboxfull": "mailbox full",
    "mailererror": "receiver's delivery program failed",
    "mesgtoobig": "message too large",
    "networkerror": "network, DNS or loop",
    "norelaying": "relaying refused",
    "notaccept": "domain accepts no mail",
    "notcompliantrfc": "message breaks the standard",
    "onhold": "unclear",
    "policyviolation": "receiver's policy",
    "rejected": "sender address refused",
    "requireptr": "no reverse DNS",
    "securityerror": "authentication to the server required",
    "spamdetected": "judged as spam",
    "speeding": "too much mail at once",
    "suppressed": "on a suppression list",
    "suspend": "account disabled",
    "syntaxerror": "SMTP error",
    "systemerror": "receiver's system error",
    "systemfull": "receiver out of space",
    "toomanyconn": "too many connections",
    "undefined": "no reason given",
    "userunknown": "address does not exist",
    "vacation": "automatic reply",
    "virusdetected": "virus detected",
}


@dataclass(frozen=True)
class Bar:
    label: str
    share: float
    text: str
    colour: str


def bar_chart(caption: str, bars: Sequence[Bar], *, empty: str = "nothing to show") -> str:
    """Labelled horizontal bars (share 0..1) with the figures written beside them."""
    rows = []
    for bar in bars:
        pct = max(0, min(100, round(bar.share * 100)))
        cells = (
            f'<td width="{pct}%" style="background-color:{bar.colour}">&nbsp;</td>' if pct else ""
        ) + (f'<td width="{100 - pct}%">&nbsp;</td>' if pct < 100 else "")
        rows.append(
            f'<tr><td width="24%">{esc(bar.label)}</td><td width="46%">'
            f'<table width="100%" cellspacing="0" cellpadding="0" border="0"><tr>{cells}</tr>'
            f'</table></td><td width="30%">{esc(bar.text)}</td></tr>'
        )
    body = "".join(rows) or f'<tr><td class="muted">{esc(empty)}</td></tr>'
    return (
        f'<table width="100%" cellspacing="0" cellpadding="3" border="0">{body}</table>'
        f'<p class="caption">{esc(caption)}</p>'
    )


def _rate_bar(label: str, tally: Tally, messages: int) -> Bar:
    share = tally.rate
    unchecked = messages - tally.checked
    if share is None:
        return Bar(label, 0.0, "not checked", PASS_COLOUR)
    text = f"{share:.0%}: {tally.passed} of {tally.checked} pass"
    if unchecked:
        text += f" ({unchecked} not checked)"
    return Bar(label, share, text, PASS_COLOUR)


def auth_chart(stats: MailboxStats, number: int) -> str:
    r = stats.overall
    bars = [
        _rate_bar("SPF", r.spf, r.messages),
        _rate_bar("DKIM", r.dkim, r.messages),
        _rate_bar("DMARC", r.dmarc, r.messages),
    ]
    return bar_chart(
        f"Figure {number}: authentication pass rates, among the messages that could be checked",
        bars,
    )


def risk_chart(stats: MailboxStats, number: int) -> str:
    total = stats.messages or 1
    bars = [
        Bar(
            risk.value.capitalize(),
            stats.by_risk[risk] / total,
            f"{stats.by_risk[risk]} message{'s' if stats.by_risk[risk] != 1 else ''}",
            RISK_COLOURS[risk],
        )
        for risk in (Risk.CRITICAL, Risk.HIGH, Risk.MEDIUM, Risk.LOW)
    ]
    return bar_chart(f"Figure {number}: messages by risk of being filtered or rejected", bars)


def bounce_chart(stats: MailboxStats, number: int) -> str:
    total = stats.bounces or 1
    ranked = sorted(stats.bounce_reasons.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    bars = [
        Bar(BOUNCE_WORDS.get(reason, reason.replace("_", " ")), n / total, str(n), NEUTRAL_COLOUR)
        for reason, n in ranked
    ]
    return bar_chart(
        f"Figure {number}: bounce reasons ({stats.bounces} bounce"
        f"{'s' if stats.bounces != 1 else ''})",
        bars,
        empty="no bounce among these messages",
    )
