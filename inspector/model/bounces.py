"""Bounces and feedback reports: per-recipient status, reason and remote server."""

from __future__ import annotations

from dataclasses import dataclass

from inspector.model.codes import BounceKind
from inspector.model.message import Header


@dataclass(frozen=True)
class BounceRecipient:
    address: str | None
    action: str | None = None
    status: str | None = None
    diagnostic: str | None = None
    reason: str = "other"
    remote_mta: str | None = None
    reply_code: str | None = None
    explanation: str = ""


@dataclass(frozen=True)
class Bounce:
    """A decoded DSN, ARF feedback report or plain-text bounce."""

    kind: BounceKind
    recipients: tuple[BounceRecipient, ...] = ()
    reporting_mta: str | None = None
    feedback_type: str | None = None
    original_headers: tuple[Header, ...] = ()
    #: Report-level fields as written: a DSN's per-message block (Reporting-MTA,
    #: Arrival-Date, ...) or an ARF report's fields (User-Agent, Source-IP, ...).
    fields: tuple[tuple[str, str], ...] = ()
