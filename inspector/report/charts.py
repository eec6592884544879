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

#: Bounce reason classes (inspector.bounces.reasons.REASONS) in a client's words.
BOUNCE_WORDS: dict[str, str] = {
    "unknown_user": "address does not exist",
    "mailbox_full": "mailbox full",
    "blocked_spam": "blocked as spam",
    "blocked_blocklist": "sender on a block list",
    "auth_failure": "authentication required",
    "rate_limited": "too much mail at once",
    "too_large": "message too large",
    "policy": "receiver's policy",
    "dns_failure": "domain not found",
    "relay_denied": "relaying refused",
    "expired": "gave up retrying",
    "other": "other or unclear",
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
