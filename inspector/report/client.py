"""The client report, built one analysed message at a time so memory stays flat.

Reports arrive from the analysis one by one. Figures for the cover, the summary, the charts
and the fix plan are counters (MailboxStats, FixPlan); the per-message appendix goes to a
spool on disk; only the ``in_full`` worst messages are held whole. The document comes out as
parts, each starting a new page, which the HTML writer streams into one file and the PDF
writer lays out one at a time.

A one-message report is the same parts shaped around that message (its verdict, its fix plan,
its details, its evidence). With redaction, every part passes once more through the redactor
as it is written out, when it knows every recipient of the whole mailbox.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from datetime import datetime

from inspector.diagnosis import top_findings
from inspector.mailbox.stats import MailboxStats
from inspector.model.codes import Risk
from inspector.model.report import Report
from inspector.report.charts import auth_chart, bounce_chart, risk_chart
from inspector.report.client_sections import (
    Period,
    cover_page,
    executive_summary,
    finding_reference,
    fix_plan_table,
    notes_section,
)
from inspector.report.fixplan import FixPlan
from inspector.report.html import evidence_appendix, message_details, wrap_document
from inspector.report.html_base import RISK_COLOURS, esc, fmt_time, table
from inspector.report.mailbox import senders_tables
from inspector.report.options import ReportOptions
from inspector.report.redact import Redactor
from inspector.report.spool import Spool

TITLE = "Email deliverability review"
#: Rows of the message list per part: a part is one QTextDocument in the PDF writer.
LIST_ROWS_PER_PART = 300
#: Unreadable inputs named one by one; beyond this they are only counted.
ERRORS_LISTED = 50
_RISK_ORDER = {Risk.LOW: 0, Risk.MEDIUM: 1, Risk.HIGH: 2, Risk.CRITICAL: 3}


def _badness(report: Report) -> tuple[int, int]:
    return _RISK_ORDER[report.summary.risk], sum(f.severity.rank for f in report.findings)


class ClientReport:
    """Add reports with ``add``, then write ``parts()`` out; ``close`` frees the spools.

    ``every_message_in_full`` (the HTML export) spools each message's details; the PDF keeps
    the worst ``options.in_full`` in full and lists the rest, one line each."""

    def __init__(
        self,
        options: ReportOptions,
        *,
        every_message_in_full: bool = False,
        redactor: Redactor | None = None,
    ) -> None:
        self.options = options
        self.stats = MailboxStats()
        self.plan = FixPlan()
        self._redactor = redactor
        self._in_full = every_message_in_full
        self._worst: list[tuple[tuple[int, int], int, Report]] = []
        self._rows = Spool()
        self._details = Spool()
        self._errors: list[str] = []
        self._first: datetime | None = None
        self._last: datetime | None = None

    @property
    def messages(self) -> int:
        return self.stats.messages

    def add(self, report: Report) -> None:
        self.stats.add(report)
        self.plan.add(report)
        if self._redactor is not None:
            self._redactor.learn(report)
            report = self._redactor.report(report)
        number = self.stats.messages
        when = report.message.date
        if when is not None:
            self._first = when if self._first is None else min(self._first, when)
            self._last = when if self._last is None else max(self._last, when)
        reasons = top_findings(report.findings, report.summary.top_reasons)
        self._rows.add(
            [
                number,
                report.message.subject or "(no subject)",
                report.message.from_ or "",
                fmt_time(when) if when else "",
                report.summary.risk.value,
                reasons[0].title if reasons else "",
            ]
        )
        if self._in_full:
            self._details.add(message_details(report, level=2, anchor=f"m{number}", full=False))
        keep = max(1, self.options.in_full)
        entry = (_badness(report), -number, report)
        if len(self._worst) < keep:
            heapq.heappush(self._worst, entry)
        elif entry[:2] > self._worst[0][:2]:
            heapq.heapreplace(self._worst, entry)

    def add_error(self, where: str, message: str) -> None:
        """An input that could not be read, named by file name only."""
        self.stats.unreadable += 1
        if len(self._errors) < ERRORS_LISTED:
            self._errors.append(f"{where}: {message}")

    def close(self) -> None:
        self._rows.close()
        self._details.close()

    # ------------------------------------------------------------------ output

    def parts(self) -> Iterator[str]:
        """The document, part by part; each part starts a new page. May be called again."""
        if self.messages == 1 and not self.stats.unreadable:
            parts = self._message_parts(self._worst[0][2])
        else:
            parts = self._mailbox_parts()
        for part in parts:
            yield self._redactor.text(part) if self._redactor is not None else part

    def _period(self) -> Period:
        return Period(self._first, self._last)

    def _scope(self) -> str:
        n = self.messages
        return f"{n} message{'s' if n != 1 else ''}{self._period().words()}"

    def _message_parts(self, report: Report) -> Iterator[str]:
        plan = FixPlan()
        plan.add(report)
        yield cover_page(self.options, title=TITLE, scope=self._scope())
        fixes = plan.ranked(50)
        yield (
            message_details(
                report,
                level=1,
                after_verdict="<h2>Fix plan</h2>"
                + (
                    fix_plan_table(fixes) if fixes else "<p>Nothing the sender needs to change.</p>"
                ),
            )
            + self._notes()
        )
        if self.options.appendix:
            yield (
                "<h1>Appendix: evidence</h1>"
                + evidence_appendix(report)
                + "<h2>Finding reference</h2>"
                + finding_reference({f.id: f.title for f in report.findings})
            )

    def _notes(self, *, level: int = 1) -> str:
        if not self.options.notes.strip():
            return ""
        return f"<h{level}>Analyst notes</h{level}>" + notes_section(self.options.notes)

    def _mailbox_parts(self) -> Iterator[str]:
        stats, plan = self.stats, self.plan.ranked(12)
        yield cover_page(self.options, title=TITLE, scope=self._scope())
        body = [
            "<h1>Executive summary</h1>",
            executive_summary(stats, plan, self._period(), unreadable=stats.unreadable),
            self._notes(),
            "<h1>Figures</h1>",
            auth_chart(stats, 1),
            risk_chart(stats, 2),
            bounce_chart(stats, 3),
            "<h1>Fix plan</h1>",
            "<p>What to change, ranked by how much it matters: the worst severity of the "
            "problem times the number of messages it affects.</p>",
            fix_plan_table(plan) if plan else "<p>Nothing the sender needs to change.</p>",
            senders_tables(stats),
        ]
        if self._errors:
            more = stats.unreadable - len(self._errors)
            body += [
                "<h2>Inputs that could not be read</h2>",
                "<br/>".join(esc(e) for e in self._errors),
                f"<p>and {more} more.</p>" if more > 0 else "",
            ]
        yield "".join(body)
        if not self.options.appendix:
            return
        if self._in_full:
            for n, batch in enumerate(self._rows.batches(LIST_ROWS_PER_PART)):
                head = "<h1>Appendix A: every message</h1>" if n == 0 else ""
                yield head + self._list_table(batch, True)
            yield from self._details
        else:
            worst = sorted(self._worst, reverse=True)
            everything = self.messages <= len(worst)
            title = (
                "Appendix A: every message in detail"
                if everything
                else f"Appendix A: the {len(worst)} messages at highest risk"
            )
            for n, (_key, neg_number, report) in enumerate(worst):
                yield (f"<h1>{title}</h1>" if n == 0 else "") + message_details(
                    report, level=2, full=False
                ).replace("<h2>", f"<h2>{-neg_number}. ", 1)
            if not everything:
                for n, batch in enumerate(self._rows.batches(LIST_ROWS_PER_PART)):
                    head = "<h1>Appendix B: every message</h1>" if n == 0 else ""
                    yield head + self._list_table(batch, False)
        yield "<h1>Finding reference</h1>" + finding_reference(stats.finding_titles)

    @staticmethod
    def _list_table(rows: list[list[object]], links: bool) -> str:
        def subject(number: object, text: object) -> str:
            return f'<a href="#m{number}">{esc(text)}</a>' if links else esc(text)

        return table(
            ["#", "Subject and sender", "Date", "Risk", "Main reason"],
            [
                [
                    esc(number),
                    f'{subject(number, subj)}<br/><span class="muted">{esc(sender)}</span>',
                    esc(when),
                    f'<span style="color:{RISK_COLOURS[Risk(str(risk))]}">{esc(risk)}</span>',
                    esc(reason),
                ]
                for number, subj, sender, when, risk, reason in rows
            ],
        )


def document_title(options: ReportOptions) -> str:
    return f"{TITLE}: {options.client}" if options.client.strip() else TITLE


def render_html(
    reports: Iterable[Report],
    options: ReportOptions | None = None,
    *,
    redactor: Redactor | None = None,
) -> str:
    """The whole HTML report of some reports held in memory (the GUI's small exports, tests);
    ``main.py report`` streams the same parts into its file instead."""
    options = options or ReportOptions()
    client = ClientReport(options, every_message_in_full=True, redactor=redactor)
    try:
        for report in reports:
            client.add(report)
        parts = list(client.parts())
    finally:
        client.close()
    body = parts[0] + "".join(f'<div class="part">{p}</div>' for p in parts[1:])
    return wrap_document(document_title(options), body)
