"""What a mailbox list needs of each report, and only that, for the trip to the window.

Why: the window's process unpickles every report of a mailbox while its GUI thread paints,
and both need the one interpreter lock. The raw headers, MIME tree, relay hops, decoded
verdicts and DNS log make up more than half of a pickled report and three quarters of the time
to unpickle it, yet the list row and the mailbox figures never read them; the detail view
analyses a message again when it is opened.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, replace

from inspector.model.evidence import MessageEvidence
from inspector.model.report import Report
from inspector.model.route import Route


@dataclass(frozen=True)
class ListedReport:
    """A report without its detail: enough for a list row and the mailbox figures, never to
    be shown or exported as the message's report."""

    report: Report


def listed(report: Report) -> ListedReport:
    return ListedReport(
        replace(
            report,
            headers=(),
            mime=None,
            hops=(),
            route=Route(),
            verdicts=(),
            evidence=MessageEvidence(),
            dns=(),
            errors=(),
        )
    )


def pickled_listing(report: Report) -> bytes:
    """Rendered in the worker: the analysis child forwards the bytes as they are, without
    unpickling and pickling them again."""
    return pickle.dumps(listed(report), protocol=pickle.HIGHEST_PROTOCOL)
