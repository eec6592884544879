"""Why one recipient's delivery failed, in Sisimai's reason vocabulary, decided from the
words first.

A bounce names its cause three ways: the server's own words (``Diagnostic-Code`` or the
human-readable text), an enhanced status code (RFC 3463) and a three-digit reply code
(RFC 5321). The words are the most specific and the codes are often generic or wrong (a
relay writes ``5.0.0`` for everything; Sendmail writes its own code; "5.1.0 ... listed in
Spamhaus" is a block, not an unknown address), so :func:`classify` reads the words first,
then the enhanced code, then the reply code, and says which of them decided (``matched``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from inspector.bounces.evidence import Facts, Hit, words_of
from inspector.bounces.phrases import STEPS
from inspector.bounces.provider_phrases import name_blocklists, provider_named
from inspector.bounces.smtp_codes import STATUS_RE
from inspector.bounces.status_reasons import BY_REPLY, first_reply, reason_by_status, status_codes
from inspector.bounces.vocabulary import explain_reason, is_hard
from inspector.model.bounces import BounceParty, BounceReason, DsnAction, FeedbackType, SmtpCommand

R = BounceReason


@dataclass(frozen=True)
class Classification:
    """One recipient's verdict: the reason, and the evidence that decided it."""

    reason: BounceReason
    hard: bool | None  # hard bounce (stop mailing the address); None when unknown
    party: BounceParty
    matched: str  # the phrase or code that decided, as written
    explanation: str  # plain words, with the blocklist/provider/check named where known


def _auth_detail(words: str, status: str | None) -> str:
    """Which authentication the receiver says failed."""
    checks = [
        name
        for name, pattern in (("SPF", r"\bspf\b"), ("DKIM", r"\bdkim\b"), ("DMARC", r"\bdmarc\b"))
        if re.search(pattern, words, re.I)
    ]
    if re.search(r"\barc\b", words, re.I) or (status or "").endswith(".7.29"):
        checks.append("ARC")
    if not checks and status:
        by_code = {"20": "DKIM", "21": "DKIM", "22": "DKIM", "23": "SPF", "24": "SPF"}
        checks = [by_code.get(status.split(".")[2], "SPF and DKIM")]
    if not checks and re.search(r"unauthenticated", words, re.I):
        checks = ["SPF or DKIM"]
    return f"failed check: {', '.join(checks)}" if checks else ""


def _detail(hit: Hit, words: str, facts: Facts) -> str:
    """The specifics a sender can act on: block list, provider, failed check, inner cause."""
    parts: list[str] = [hit.detail] if hit.detail else []
    if hit.reason in (R.BLOCKED, R.BADREPUTATION, R.SPAMDETECTED):
        lists = name_blocklists(words)
        if lists:
            parts.append("block list named: " + ", ".join(lists))
    if hit.reason is R.AUTHFAILURE:
        parts.append(_auth_detail(words, facts.status))
    if hit.reason is R.EXPIRED:
        inner = [c for c in status_codes(words) if not c.endswith(".4.7")]
        if inner:
            parts.append(f"last error before giving up: {inner[0]}")
    provider = provider_named(words, facts.host)
    if provider and hit.reason not in (R.DELIVERED, R.VACATION, R.UNDEFINED):
        parts.append(f"receiver: {provider}")
    return "; ".join(p for p in parts if p)


# --------------------------------------------------------------------------- classify


_TEMPORARY_WORDS = re.compile(r"\btemporar|\bpersistent", re.I)
_REPLY_CODE = re.compile(r"[2-5]\d\d")


def _temporary(words: str, status: str | None, reply: str | None, action: DsnAction | None) -> bool:
    if status:
        return status.startswith("4")
    if reply:
        return reply.startswith("4")
    if action is DsnAction.DELAYED:
        return True
    return _TEMPORARY_WORDS.search(words) is not None


def _finish(hit: Hit, words: str, facts: Facts) -> Classification:
    info = explain_reason(hit.reason)
    detail = _detail(hit, words, facts)
    explanation = info.summary + (f" ({detail})" if detail else "")
    return Classification(
        reason=hit.reason,
        hard=is_hard(hit.reason, facts.temporary),
        party=hit.party or info.party,
        matched=hit.matched,
        explanation=explanation,
    )


def classify(
    diagnostic: str | None,
    status: str | None,
    reply_code: str | None,
    action: DsnAction | None = None,
    remote_host: str | None = None,
    *,
    command: SmtpCommand | None = None,
) -> Classification:
    """The reason one recipient's delivery failed: words first, then the enhanced status
    code, then the reply code, then the DSN action.

    ``diagnostic`` is the server's text (Diagnostic-Code or the bounce's own words),
    ``status`` the enhanced code as written, ``command`` the SMTP command the server was
    answering (RCPT, DATA...) when the bounce says. Never raises."""
    return _classify_words(words_of(diagnostic), status, reply_code, action, remote_host, command)


# A mailbox's bounces repeat a few answers, the address in them aside (``words_of`` keeps
# only its domain); entries are bounded (the words are at most 20,000 characters).
@lru_cache(maxsize=512)
def _classify_words(
    words: str,
    status: str | None,
    reply_code: str | None,
    action: DsnAction | None,
    remote_host: str | None,
    command: SmtpCommand | None,
) -> Classification:
    """``classify`` of the words the rules read: the verdict depends on nothing else."""
    status = status.strip() if status and STATUS_RE.fullmatch(status.strip()) else None
    reply = reply_code if reply_code and _REPLY_CODE.fullmatch(reply_code) else None
    facts = Facts(
        status=status,
        reply=reply or first_reply(words),
        action=action,
        host=remote_host or "",
        command=command,
        temporary=_temporary(words, status, reply, action),
        lowered=words.lower() if words.isascii() else None,
    )
    if (action is not None and action.reached) or (status or "").startswith("2."):
        return _finish(
            Hit(R.DELIVERED, f"action {action}" if action else f"status {status}"), words, facts
        )
    for step in STEPS:
        hit = step(words, facts)
        if hit is not None:
            return _finish(hit, words, facts)
    return _finish(_fallback(words, facts), words, facts)


def _fallback(words: str, facts: Facts) -> Hit:
    """No phrase matched: the enhanced code, the reply code, the action, in that order."""
    by_status = reason_by_status(facts.status)
    if by_status is not None:
        return Hit(*by_status)
    if facts.reply and facts.reply in BY_REPLY:
        return Hit(BY_REPLY[facts.reply], f"reply {facts.reply}")
    if facts.action in (DsnAction.DELAYED, DsnAction.EXPIRED):
        return Hit(R.EXPIRED, f"action {facts.action}")
    if words:
        return Hit(R.ONHOLD, words[:80])
    return Hit(R.UNDEFINED, "")


_FEEDBACK_WORDS = {
    FeedbackType.ABUSE: "the recipient marked the message as spam",
    FeedbackType.FRAUD: "the recipient reported the message as fraud or phishing",
    FeedbackType.VIRUS: "the recipient's provider reported malware in the message",
    FeedbackType.AUTH_FAILURE: "a receiver reported that the message failed authentication (DMARC)",
    FeedbackType.NOT_SPAM: "the recipient marked the message as not spam",
    FeedbackType.OPT_OUT: "the recipient asked to be unsubscribed",
    FeedbackType.UNSUBSCRIBE: "the recipient asked to be unsubscribed",
}


def classify_feedback(feedback_type: FeedbackType | None) -> Classification:
    """An ARF report (RFC 5965): a complaint, not a bounce. The type says what kind: abuse,
    fraud, virus, auth-failure (a DMARC failure report), not-spam, opt-out/unsubscribe
    (a mailbox provider's unsubscribe request, such as Apple Mail's)."""
    kind = feedback_type or FeedbackType.ABUSE
    words = _FEEDBACK_WORDS.get(kind, "the recipient's provider sent a feedback report")
    party = {
        FeedbackType.NOT_SPAM: BounceParty.NONE,
        FeedbackType.OPT_OUT: BounceParty.ADDRESS,
        FeedbackType.UNSUBSCRIBE: BounceParty.ADDRESS,
    }.get(kind, BounceParty.SENDER)
    return Classification(R.FEEDBACK, False, party, f"Feedback-Type: {kind}", words)


def classify_autoreply(subject: str | None = None) -> Classification:
    """An RFC 3834 automatic reply (out of office): the message was delivered."""
    info = explain_reason(R.VACATION)
    return Classification(
        R.VACATION, False, BounceParty.NONE, subject or "auto-reply", info.summary
    )
