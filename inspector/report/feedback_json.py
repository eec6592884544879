"""DMARC aggregate and TLS reports as JSON (``"type": "feedback"``), for tools: the summary
by source and reporter, and every report's rows."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import Enum
from typing import Any

from inspector.model.feedback import FeedbackSummary

FEEDBACK_SCHEMA_VERSION = "1.0"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def feedback_to_dict(summary: FeedbackSummary) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "feedback", "schema_version": FEEDBACK_SCHEMA_VERSION}
    out.update(_plain(summary))
    out["volume"] = summary.volume
    out["dmarc_pass"] = summary.dmarc_pass
    for source, data in zip(summary.sources, out["sources"], strict=True):
        data["network"]["label"] = source.network.label
    return out
