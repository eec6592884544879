"""A report file holding DMARC/TLS reports alone, or messages and reports together: the
feedback document on its own, or appended to the message document (HTML, PDF) or beside it
(JSON: ``{"messages": [...], "feedback": {...}}``)."""

from __future__ import annotations

import json
from collections.abc import Callable

from inspector.model.feedback import FeedbackSummary
from inspector.model.report import Report
from inspector.report.feedback_html import feedback_body, render_feedback_report
from inspector.report.feedback_json import feedback_to_dict
from inspector.report.json import report_to_dict

MessageRenderer = Callable[..., str]


def render_with_feedback(
    reports: list[Report],
    feedback: FeedbackSummary | None,
    fmt: str,
    *,
    errors: list[str],
    render: MessageRenderer,
) -> str:
    if feedback is None:
        return render(reports, fmt, errors=errors)
    if fmt == ".json":
        data = feedback_to_dict(feedback)
        if not reports:
            return json.dumps(data, ensure_ascii=False, indent=2)
        both = {"messages": [report_to_dict(r) for r in reports], "feedback": data}
        return json.dumps(both, ensure_ascii=False, indent=2)
    if not reports:
        return render_feedback_report(feedback)
    document = render(reports, fmt, errors=errors)
    return document.replace("</body>", feedback_body(feedback) + "</body>", 1)
