"""The front of a client report: cover page, executive summary, fix plan and analyst notes.

Written for the person who pays for the review, not for the engineer who runs it: plain
words, figures with what they count, no finding ids, and a check that could not be made is
said to be unchecked, never counted against the sender.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from inspector import APP_NAME, __version__
from inspector.mailbox.stats import MailboxStats, PassRates, Tally
from inspector.model.codes import Risk
from inspector.report.charts import BOUNCE_WORDS
from inspector.report.fixplan import FixItem
from inspector.report.html_base import SEVERITY_COLOURS, esc, table
from inspector.report.options import LOGO_MAX_BYTES, ReportOptions

_IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


@dataclass(frozen=True)
class Period:
    first: datetime | None
    last: datetime | None

    def words(self) -> str:
        if self.first is None or self.last is None:
            return ""
        a, b = self.first.date(), self.last.date()
        return f" dated {a:%d %B %Y}" if a == b else f" dated {a:%d %B %Y} to {b:%d %B %Y}"


def logo_html(path: str | None, *, width: int = 160) -> str:
    """The consultant's logo embedded as data (PNG or JPEG); nothing when it cannot be read,
    is too big or is not such an image, so a bad logo never stops a report."""
    if not path:
        return ""
    try:
        with Path(path).open("rb") as fh:
            data = fh.read(LOGO_MAX_BYTES + 1)
    except OSError:
        return ""
    mime = next((m for magic, m in _IMAGE_TYPES if data.startswith(magic)), None)
    if mime is None or len(data) > LOGO_MAX_BYTES:
        return ""
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img src="data:{mime};base64,{encoded}" width="{width}"/>'


def cover_page(options: ReportOptions, *, title: str, scope: str) -> str:
    when = options.date or datetime.now(UTC).date()
    rows = [
        ("Prepared for", options.client),
        ("Prepared by", options.consultant),
        ("Analyst", options.analyst),
        ("Date", f"{when:%d %B %Y}" if isinstance(when, date) else ""),
        ("Scope", options.scope or scope),
    ]
    body = "".join(
        f'<tr><td width="25%" class="muted">{esc(k)}</td><td><b>{esc(v)}</b></td></tr>'
        for k, v in rows
        if v
    )
    logo = logo_html(options.logo)
    return (
        (f'<p align="right">{logo}</p>' if logo else "")
        + '<p style="margin-top: 110pt">&nbsp;</p>'
        + f'<h1 style="font-size: 24pt">{esc(title)}</h1>'
        + (
            f'<p style="font-size: 14pt">{esc(options.consultant)}</p>'
            if options.consultant
            else ""
        )
        + '<p style="margin-top: 30pt">&nbsp;</p>'
        + f'<table width="100%" cellspacing="0" cellpadding="5" border="0">{body}</table>'
        + '<p style="margin-top: 200pt" class="muted">'
        + f"Made with {esc(APP_NAME)} {esc(__version__)}.</p>"
    )


def _share_words(name: str, tally: Tally) -> str:
    if not tally.checked:
        return f"{name} could not be checked for any message"
    plural = "s" if tally.checked != 1 else ""
    return f"{name} passes for {tally.passed} of the {tally.checked} message{plural} checked"


def _auth_paragraph(overall: PassRates) -> str:
    n = overall.messages
    shares = [
        _share_words("DMARC", overall.dmarc),
        _share_words("SPF", overall.spf),
        _share_words("DKIM", overall.dkim),
    ]
    unchecked = n - min(overall.dmarc.checked, overall.spf.checked, overall.dkim.checked)
    text = (
        "<p>Receivers trust a message when it proves it comes from the domain it shows "
        f"(DMARC). {shares[0]}; {shares[1]}; {shares[2]}."
    )
    if unchecked:
        text += (
            f" Up to {unchecked} message{'s' if unchecked != 1 else ''} could not be checked"
            " (offline, or DNS answers unavailable, and no trusted receiver's record): they are"
            " left out of these figures, not counted as failures."
        )
    return text + "</p>"


def executive_summary(
    stats: MailboxStats, plan: list[FixItem], period: Period, *, unreadable: int = 0
) -> str:
    n = stats.messages
    domains = len(stats.by_domain)
    at_risk = stats.by_risk[Risk.HIGH] + stats.by_risk[Risk.CRITICAL]
    medium = stats.by_risk[Risk.MEDIUM]
    low = stats.by_risk[Risk.LOW]
    overall: PassRates = stats.overall
    parts = [
        f"<p>We examined {n} message{'s' if n != 1 else ''} sent from {domains} domain"
        f"{'s' if domains != 1 else ''}{esc(period.words())}."
        + (
            f" {unreadable} further file{'s' if unreadable != 1 else ''} could not be read."
            if unreadable
            else ""
        )
        + "</p>",
        f"<p><b>{at_risk} of them ({at_risk / max(n, 1):.0%}) are likely to be filtered as spam "
        f"or rejected</b>; {medium} carry a moderate risk and {low} look healthy.</p>",
        _auth_paragraph(overall),
    ]
    if stats.bounces:
        reason, count = max(stats.bounce_reasons.items(), key=lambda kv: (kv[1], kv[0]))
        parts.append(
            f"<p>{stats.bounces} message{'s are' if stats.bounces != 1 else ' is a'} bounce"
            f"{'s' if stats.bounces != 1 else ''} (mail returned as undeliverable); the most "
            f"common reason: {esc(BOUNCE_WORDS.get(reason, reason))} ({count}).</p>"
        )
    if plan:
        first = plan[0]
        parts.append(
            f"<p>The change that matters most: <b>{esc(first.title)}</b> (affects "
            f"{first.messages} message{'s' if first.messages != 1 else ''}). The fix plan lists "
            f"{len(plan)} change{'s' if len(plan) != 1 else ''} in order of impact.</p>"
        )
    else:
        parts.append("<p>We found nothing the sender needs to change.</p>")
    return "".join(parts)


def fix_plan_table(plan: list[FixItem]) -> str:
    """What to change, where, for how many messages, most important first."""
    rows = [
        [
            esc(n),
            f"<b>{esc(item.title)}</b><br/>{esc(item.remedy)}",
            esc(item.where()),
            esc(item.messages),
            f'<span style="color:{SEVERITY_COLOURS[item.severity]}">'
            f"{esc(item.severity.value)}</span>",
        ]
        for n, item in enumerate(plan, 1)
    ]
    return table(["#", "What to change", "Where", "Messages", "Severity"], rows, (4, 58, 22, 7, 9))


def notes_section(notes: str) -> str:
    """The analyst's own words, paragraphs kept, markup shown literally."""
    paragraphs = [p.strip() for p in notes.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{esc(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs)


def finding_reference(titles: dict[str, str]) -> str:
    """Finding titles with their technical ids, for the engineer who follows up."""
    rows = [
        [esc(title), f'<span class="mono small">{esc(fid)}</span>']
        for fid, title in sorted(titles.items())
    ]
    return table(["Finding", "Id in the tool and its JSON"], rows)
