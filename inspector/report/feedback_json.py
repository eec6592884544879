"""DMARC aggregate and TLS reports as JSON (``"type": "feedback"``), for tools: the summary
by source and reporter, and every report's rows."""

from __future__ import annotations

from typing import Any

from inspector.model.feedback import FeedbackSummary
from inspector.report.json import to_jsonable

FEEDBACK_SCHEMA_VERSION = "1.0"


def feedback_to_dict(summary: FeedbackSummary) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "feedback", "schema_version": FEEDBACK_SCHEMA_VERSION}
    out.update(to_jsonable(summary))
    out["volume"] = summary.volume
    out["dmarc_pass"] = summary.dmarc_pass
    for source, data in zip(summary.sources, out["sources"], strict=True):
        data["network"]["label"] = source.network.label
    return out
