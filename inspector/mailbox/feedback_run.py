"""The aggregate view of the reports found among the inputs, with who runs each source IP
looked up through the run's resolver (recorded and replayed like any other DNS answer)."""

from __future__ import annotations

from inspector.intel.source_network import lookup_source_networks
from inspector.mailbox.dmarc_aggregate import source_ips, summarise_feedback, unique_reports
from inspector.model.feedback import FeedbackSummary
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.parse.feedback_files import FeedbackSplitter

NETWORK_BUDGET = 60.0  # seconds of DNS waiting for all sources together


def summarise_found(
    splitter: FeedbackSplitter, resolver: Resolver, options: AnalysisOptions
) -> FeedbackSummary | None:
    """None when the inputs held no report at all."""
    if not splitter.found:
        return None
    reports = unique_reports(splitter.dmarc)
    session = None
    if options.intel and not options.offline:
        session = resolver.session(budget=max(options.dns_budget, NETWORK_BUDGET))
    networks = lookup_source_networks(source_ips(reports), session)
    return summarise_feedback(reports, splitter.tls, splitter.errors, networks)
