"""SMTP reply codes (RFC 5321 section 4.2) and enhanced status codes (RFC 3463 and later
registrations) in plain words.

The enhanced-code table is ``data/enhanced_status_codes.json`` (our own wording); basic reply
codes are few enough to keep here. Both explainers accept anything and never raise.
"""

from __future__ import annotations

import re
from functools import cache

from inspector.data import load_json

STATUS_RE = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)")
REPLY_RE = re.compile(r"(?<![\d.])([245]\d\d)(?=[\s\-]|$)")

_TABLE = "enhanced_status_codes.json"

REPLIES = {
    "211": "system status reply",
    "214": "help message",
    "220": "the server is ready",
    "221": "the server is closing the connection",
    "235": "authentication succeeded",
    "250": "the requested action was completed",
    "251": "the user is not local; the server will forward the message",
    "252": "the server cannot verify the user but will try delivery",
    "354": "the server is ready for the message content",
    "421": "the service is not available right now and is closing the connection (try later)",
    "450": "the mailbox is unavailable right now (busy, or a temporary block such as greylisting)",
    "451": "the action was aborted by a local error on the receiving side (try later)",
    "452": "the receiving system is short of storage or the recipient limit was reached",
    "454": "TLS or authentication is temporarily unavailable",
    "455": "the server cannot accommodate the parameters right now",
    "500": "syntax error: the command was not recognised",
    "501": "syntax error in the command's parameters",
    "502": "the command is not implemented",
    "503": "bad sequence of commands",
    "504": "a command parameter is not implemented",
    "521": "this host does not accept mail at all",
    "523": "the message is larger than the receiver accepts",
    "530": "authentication is required",
    "534": "the authentication mechanism is too weak",
    "535": "authentication credentials were rejected",
    "541": "the recipient's server rejected the message (often as spam)",
    "550": "the mailbox is unavailable or the message was refused (unknown user or policy)",
    "551": "the user is not local",
    "552": "the action was aborted: storage exceeded or message too large",
    "553": "the mailbox name is not allowed (bad address syntax or policy)",
    "554": "the transaction failed (often a refusal by policy or as spam)",
    "555": "MAIL FROM or RCPT TO parameters were not recognised",
    "556": "the domain does not accept mail (null MX)",
}


def find_status(text: str | None) -> str | None:
    """The first enhanced status code (``5.7.26``) in ``text``."""
    if not text:
        return None
    m = STATUS_RE.search(text[:10000])
    return ".".join(m.groups()) if m else None


def find_reply(text: str | None) -> str | None:
    """The first three-digit reply code (``550``) in ``text``."""
    if not text:
        return None
    m = REPLY_RE.search(text[:10000])
    return m.group(1) if m else None


@cache
def table() -> dict[str, object]:
    data: dict[str, object] = load_json(_TABLE)
    return data


def _section(name: str) -> dict[str, str]:
    part = table().get(name)
    return {k: v for k, v in part.items() if isinstance(v, str)} if isinstance(part, dict) else {}


def explain_status(code: str) -> str:
    """``5.7.26`` -> "permanent failure, security or policy: several authentication checks
    failed (SPF, DKIM, DMARC)"."""
    m = STATUS_RE.fullmatch(code.strip()) if code else None
    if not m:
        return f"'{code}' is not an enhanced status code"
    cls, subject, detail = m.groups()
    cls_text = _section("classes").get(cls, "unknown class")
    subject_text = _section("subjects").get(subject, "an unregistered subject")
    detail_text = _section("details").get(f"X.{int(subject)}.{int(detail)}")
    if detail_text is None:
        detail_text = f"detail {detail} is not registered; read the server's text"
    return f"{cls_text}, {subject_text}: {detail_text}"


def explain_reply(code: str) -> str:
    """``550`` -> "permanent failure: the mailbox is unavailable ..."."""
    code = (code or "").strip()
    if not re.fullmatch(r"[2-5]\d\d", code):
        return f"'{code}' is not an SMTP reply code"
    meaning = REPLIES.get(code)
    if meaning is None:
        generic = {"2": "success", "3": "intermediate", "4": "temporary failure"}
        return f"{generic.get(code[0], 'permanent failure')} (code {code} is not a standard reply)"
    prefix = {"2": "success", "3": "intermediate", "4": "temporary failure"}.get(
        code[0], "permanent failure"
    )
    return f"{prefix}: {meaning}"
