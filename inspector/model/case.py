"""A case: everything about one engagement, saved in one file and reopened offline later.

A case keeps copies of the messages (a reference alone breaks when the client's folder
moves), the analysis results as they were, the DNS and RDAP answers used (so reopening needs
no network and gives the same findings), when each message was analysed (domain ages and key
expiry are judged as of then), the analyst's notes per message and overall, and the report
settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from inspector.model.codes import SourceKind


@dataclass(frozen=True)
class ReportSettings:
    redact: bool = False
    redact_domains: tuple[str, ...] = ()
    format: str = ".pdf"


@dataclass(frozen=True)
class CaseMessage:
    """One message of the case: ``member`` names its copy inside the case file."""

    member: str
    original_path: str
    index: int
    kind: SourceKind
    sha256: str
    analyzed_at: datetime
    note: str = ""


@dataclass(frozen=True)
class Case:
    title: str
    created: datetime
    messages: tuple[CaseMessage, ...] = ()
    notes: str = ""
    report: ReportSettings = field(default_factory=ReportSettings)
    tool_version: str = ""
