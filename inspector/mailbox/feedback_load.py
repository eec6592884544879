"""DMARC and TLS reports read straight from paths (files, folders, report e-mails) and
summarised, for the GUI's DMARC view, which opens report folders on their own; plus the
filters that view offers (source class, reporter, period)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from inspector.mailbox.dmarc_aggregate import summarise_feedback
from inspector.mailbox.feedback_run import summarise_found
from inspector.model.feedback import FeedbackSummary, SourceClass
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.parse.feedback_files import FeedbackSplitter
from inspector.parse.sources import iter_messages


def load_feedback(paths: list[str], options: AnalysisOptions) -> FeedbackSummary | None:
    splitter = FeedbackSplitter()
    for _item in splitter.split(iter_messages(paths)):
        pass  # ordinary messages belong to the message list, not to this view
    with Resolver(options) as resolver:
        return summarise_found(splitter, resolver, options)


def filter_feedback(
    summary: FeedbackSummary,
    *,
    classification: SourceClass | None = None,
    reporter: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> FeedbackSummary:
    """The same summary over the reports and sources the filters keep; networks are kept."""
    reports = [
        r
        for r in summary.reports
        if (reporter is None or r.reporter == reporter)
        and (since is None or (r.begin is not None and r.begin.date() >= since))
        and (until is None or (r.begin is not None and r.begin.date() <= until))
    ]
    networks = {s.ip: s.network for s in summary.sources}
    narrowed = summarise_feedback(reports, summary.tls_reports, summary.errors, networks)
    if classification is None:
        return narrowed
    kept = tuple(s for s in narrowed.sources if s.classification is classification)
    return replace(narrowed, sources=kept)
