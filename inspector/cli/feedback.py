"""DMARC aggregate and TLS reports found among ``analyze``'s inputs, printed after the
messages: one JSON object (``"type": "feedback"``) with ``--json``, else a text summary."""

from __future__ import annotations

import json
from typing import TextIO

from inspector.model.feedback import FeedbackSummary
from inspector.report.feedback_json import feedback_to_dict
from inspector.report.feedback_text import format_feedback


def write_feedback(summary: FeedbackSummary, *, as_json: bool, out: TextIO, err: TextIO) -> bool:
    """Print the summary; True when some report file could not be read (exit status 1)."""
    if as_json:
        out.write(json.dumps(feedback_to_dict(summary), ensure_ascii=False) + "\n")
    elif summary.reports or summary.tls_reports:
        out.write(format_feedback(summary) + "\n")
    for error in summary.errors:
        err.write(f"error: {error.source}: {error.message}\n")
    return bool(summary.errors)
