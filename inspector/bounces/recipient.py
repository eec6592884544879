"""One recipient as every reader hands it over: what the report says, classified.

The DSN decoder, the text scraper and the notice readers each find the same facts in
different places; building the recipient in one place keeps the status choice (the field or
the remote's own code), the classification and the pseudo status the same for all of them.
"""

from __future__ import annotations

from dataclasses import replace

from inspector.bounces.classify import (
    Classification,
    classify,
    classify_autoreply,
    classify_feedback,
)
from inspector.bounces.smtp_codes import find_reply
from inspector.bounces.status_reasons import preferred_status, pseudo_status
from inspector.model.bounces import BounceRecipient, DsnAction, FeedbackType, SmtpCommand

MAX_DIAGNOSTIC = 2000


def words_to_classify(
    diagnostic: str | None, status_comment: str | None, diagnostic_type: str | None
) -> str | None:
    """The diagnostic and the Status comment together; an X-Unix diagnostic type says a
    local delivery program failed, so the classifier sees it too."""
    parts = [p for p in (diagnostic, status_comment) if p]
    if diagnostic_type and diagnostic_type.lower() == "x-unix":
        parts.append("X-Unix;")
    return " ".join(parts) or None


def failed_recipient(
    address: str | None,
    *,
    action: DsnAction | None = None,
    status_field: str | None = None,
    status_comment: str | None = None,
    diagnostic: str | None = None,
    diagnostic_type: str | None = None,
    remote_mta: str | None = None,
    command: SmtpCommand | None = None,
) -> BounceRecipient:
    """A recipient of a delivery report or bounce: its best status and its reason."""
    diagnostic = diagnostic[:MAX_DIAGNOSTIC] if diagnostic else None
    reply = find_reply(diagnostic)
    status = preferred_status(status_field, diagnostic, reply)
    verdict = classify(
        words_to_classify(diagnostic, status_comment, diagnostic_type),
        status,
        reply,
        action,
        remote_mta,
        command=command,
    )
    pseudo = None
    if status is None:
        temporary = (reply or "").startswith("4") or action is DsnAction.DELAYED
        pseudo = pseudo_status(verdict.reason, temporary)
    return BounceRecipient(
        address=address,
        action=action,
        status=status,
        status_field=status_field,
        status_comment=status_comment,
        pseudo_status=pseudo,
        diagnostic=diagnostic,
        diagnostic_type=diagnostic_type,
        reason=verdict.reason,
        hard=verdict.hard,
        party=verdict.party,
        matched=verdict.matched,
        command=command,
        remote_mta=remote_mta,
        reply_code=reply,
        explanation=verdict.explanation,
    )


def feedback_recipient(address: str | None, feedback_type: FeedbackType | None) -> BounceRecipient:
    """A recipient named by a feedback report or an unsubscribe request."""
    return _classified(address, classify_feedback(feedback_type))


def autoreply_recipient(address: str | None, subject: str | None) -> BounceRecipient:
    """The address that answered automatically: the message reached it."""
    return replace(_classified(address, classify_autoreply(subject)), action=DsnAction.DELIVERED)


def _classified(address: str | None, verdict: Classification) -> BounceRecipient:
    return BounceRecipient(
        address=address,
        reason=verdict.reason,
        hard=verdict.hard,
        party=verdict.party,
        matched=verdict.matched,
        explanation=verdict.explanation,
    )
