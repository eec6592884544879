"""Reports that are neither RFC 3464 nor RFC 5965 nor an MTA's bounce text: Amazon SES JSON
notices, a mailing list's refusal of a non-member's post, Apple Mail's unsubscribe requests,
automatic replies (RFC 3834), and bounces whose only recipient list is the
``X-Failed-Recipients`` header (Exim, Gmail, Google Groups).

Each is recognised by a cheap sign in the headers or the first text before anything is
parsed, so ordinary mail pays nothing.
"""

from __future__ import annotations

import json
import re

from inspector.bounces.command import smtp_command
from inspector.bounces.recipient import autoreply_recipient, failed_recipient, feedback_recipient
from inspector.model.bounces import BounceRecipient, DsnAction, FeedbackType, SesNotice
from inspector.model.message import ParsedMessage

_ADDRESS = re.compile(r"[A-Za-z0-9._%+=/'-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")
MAX_NOTICE_RECIPIENTS = 200

# --------------------------------------------------------------------------- Amazon SES


def is_ses_notice(message: ParsedMessage) -> bool:
    """SES notifications delivered by SNS e-mail come from the SNS no-reply address."""
    sender = " ".join(h.value for h in message.get_all("From"))[:500].lower()
    return "sns.amazonaws.com" in sender


def _records(value: object) -> list[dict[str, object]]:
    if not isinstance(value, list):
        return []
    return [r for r in value[:MAX_NOTICE_RECIPIENTS] if isinstance(r, dict)]


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and str(value) else None


def _notice_type(text: str | None) -> SesNotice | None:
    try:
        return SesNotice(text or "")
    except ValueError:
        return None


def ses_recipients(body: str) -> tuple[list[BounceRecipient], FeedbackType | None]:
    """(recipients, complaint feedback type) of an SES JSON notice: Delivery, Bounce or
    Complaint. Anything that is not such a document gives no recipients."""
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start or end - start > 1_000_000:
        return [], None
    try:
        data = json.loads(body[start : end + 1])
    except (ValueError, RecursionError):
        return [], None
    if not isinstance(data, dict):
        return [], None
    kind = _notice_type(_text(data.get("notificationType")) or _text(data.get("eventType")))
    section = data.get(kind.lower()) if kind is not None else None
    if not isinstance(section, dict):
        return [], None
    if kind is SesNotice.DELIVERY:
        response = _text(section.get("smtpResponse"))
        addresses = section.get("recipients")
        listed = addresses[:MAX_NOTICE_RECIPIENTS] if isinstance(addresses, list) else []
        return [
            failed_recipient(str(a), action=DsnAction.DELIVERED, diagnostic=response)
            for a in listed
        ], None
    if kind is SesNotice.BOUNCE:
        return [
            failed_recipient(
                _text(r.get("emailAddress")),
                action=DsnAction.read(_text(r.get("action"))),
                status_field=_text(r.get("status")),
                diagnostic=_text(r.get("diagnosticCode")),
            )
            for r in _records(section.get("bouncedRecipients"))
        ], None
    if kind is SesNotice.COMPLAINT:
        feedback = FeedbackType.read(_text(section.get("complaintFeedbackType")))
        feedback = feedback or FeedbackType.ABUSE
        return [
            feedback_recipient(_text(r.get("emailAddress")), feedback)
            for r in _records(section.get("complainedRecipients"))
        ], feedback
    return [], None


# --------------------------------------------------------------------------- list refusals

_LIST_HEADERS = ("X-MLServer", "Mailing-List", "List-Id", "X-ML-Name", "List-Subscribe")
_NOT_MEMBER_WORDS = r"not (?:a )?member|not allowed to post|posting (?:is )?restricted"
_NOT_MEMBER = re.compile(_NOT_MEMBER_WORDS, re.I)
_NOT_MEMBER_LOWER = re.compile(_NOT_MEMBER_WORDS)
# Every match holds one of them, and they are rare in ordinary list mail (where "not " is not).
_NOT_MEMBER_NEEDLES = ("member", "allowed to post", "restricted")


# The only characters outside ASCII that a case-insensitive pattern matches to an ASCII letter
# (checked over every code point); lowering any other one gives no ASCII character.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")  # dotted I, dotless i, long s, kelvin


def _found_caseless(
    caseless: re.Pattern[str], lower: re.Pattern[str], needles: tuple[str, ...], text: str
) -> bool:
    """Whether the case-insensitive ``caseless``, made of ASCII words and spaces, occurs in
    ``text``. Text without the four characters that fold to ASCII letters is lowered and
    searched with ``lower``, the same words in lower case: the same answer (a match is all
    ASCII, and its letters lower to ASCII letters only), but a case-sensitive pattern is
    scanned for its first letters at C speed, where ignoring case costs a case fold at every
    position; and first for ``needles``, a part of every match, by a substring test (faster
    still: the patterns start with common letters)."""
    if text.isascii() or not any(c in text for c in _FOLDS_TO_ASCII):
        lowered = text.lower()
        return any(n in lowered for n in needles) and lower.search(lowered) is not None
    return caseless.search(text) is not None


def is_list_refusal(message: ParsedMessage, text: str) -> bool:
    """A list server's answer to a non-member post (fml, ezmlm, Mailman)."""
    if not any(message.get(h) is not None for h in _LIST_HEADERS):
        return False
    haystack = f"{message.subject or ''}\n{text[:20_000]}"
    return _found_caseless(_NOT_MEMBER, _NOT_MEMBER_LOWER, _NOT_MEMBER_NEEDLES, haystack)


def list_refusal_recipients(text: str) -> list[BounceRecipient]:
    found = [a for a in _ADDRESS.findall(text[:20_000]) if "-ctl@" not in a]
    words = re.sub(r"\s+", " ", text[:20_000]).strip()[:400]
    return [
        failed_recipient(found[0] if found else None, action=DsnAction.FAILED, diagnostic=words)
    ]


# --------------------------------------------------------------------------- unsubscribe

_APPLE_WORDS = r"(?:apple|ios) mail sent this email to unsubscribe from the message"
_APPLE_UNSUBSCRIBE = re.compile(_APPLE_WORDS, re.I)
_APPLE_UNSUBSCRIBE_LOWER = re.compile(_APPLE_WORDS)
_APPLE_NEEDLES = (" mail sent this email to unsubscribe from the message",)


def is_unsubscribe_request(text: str) -> bool:
    """Apple Mail's unsubscribe button: a plain message from the subscriber to the
    List-Unsubscribe mailto: address with a fixed sentence. Not ARF, but an opt-out."""
    return _found_caseless(
        _APPLE_UNSUBSCRIBE, _APPLE_UNSUBSCRIBE_LOWER, _APPLE_NEEDLES, text[:5000]
    )


def unsubscribe_recipients(message: ParsedMessage) -> list[BounceRecipient]:
    sender = message.from_[0].address if message.from_ else None
    return [feedback_recipient(sender, FeedbackType.UNSUBSCRIBE)]


# --------------------------------------------------------------------------- auto-replies

_AUTOREPLY_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response|antwort)\s*:|"
    r"out of (?:the )?office\b|autoreply\b|abwesenheit|r[ée]ponse automatique|"
    r"risposta automatica|respuesta autom[áa]tica)",
    re.I,
)


def is_autoreply(message: ParsedMessage) -> bool:
    """RFC 3834 section 5 (Auto-Submitted: auto-replied) and the older habits of vacation
    programs and Exchange that predate it. Checked after every bounce kind: bounces carry
    Auto-Submitted too."""
    if "multipart/report" in (message.get("Content-Type") or "").lower():
        return False  # a report (a DMARC failure report, say) that marks itself auto-replied
    submitted = (message.get("Auto-Submitted") or "").strip().lower()
    return (
        submitted.startswith("auto-replied")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
        or (message.get("Precedence") or "").strip().lower() == "auto_reply"
        or _AUTOREPLY_SUBJECT.search(message.subject or "") is not None
    )


def autoreply_recipients(message: ParsedMessage) -> list[BounceRecipient]:
    sender = message.from_[0].address if message.from_ else None
    return [autoreply_recipient(sender, message.subject)]


# --------------------------------------------------------------------------- X-Failed-Recipients

_RETURNED = re.compile(
    r"^[-\s]*(?:below this line is a copy|this is a copy of the message|original message|"
    r"the (?:original )?header(?:s)? of the original|returned message|"
    r"the header of the original message)",
    re.I | re.M,
)


def failed_header_addresses(message: ParsedMessage) -> list[str]:
    value = " ".join(h.value for h in message.get_all("X-Failed-Recipients"))[:20_000]
    return _ADDRESS.findall(value)[:MAX_NOTICE_RECIPIENTS]


def failed_header_recipients(message: ParsedMessage, text: str) -> list[BounceRecipient]:
    """The header names the recipients; the diagnostic is the human text up to the
    returned message."""
    cut = _RETURNED.search(text)
    words = re.sub(r"\s+", " ", text[: cut.start()] if cut else text).strip()[:1500]
    return [
        failed_recipient(a, diagnostic=words or None, command=smtp_command(text, a))
        for a in failed_header_addresses(message)
    ]
