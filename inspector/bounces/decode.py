"""Bounces (RFC 3464 delivery status notifications and the plain-text kinds older servers
send) and ARF feedback reports (RFC 5965), decoded into ``model.Bounce``.

The MIME structure is read with the standard library's ``email`` parser on the raw bytes
(bounded in size) because ParsedMessage keeps the MIME tree but not part bodies. This module
decodes the structured report parts and dispatches to the reason classifier and the
plain-text scraper.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import re
from collections.abc import Iterable, Iterator

from inspector.bounces.reasons import classify, explain
from inspector.bounces.smtp_codes import find_reply, find_status
from inspector.bounces.text import (
    MAX_DIAGNOSTIC,
    MAX_RECIPIENTS,
    head_signs,
    looks_like_bounce,
    plain_text,
    text_recipients,
)
from inspector.model.bounces import Bounce, BounceRecipient
from inspector.model.codes import BounceKind
from inspector.model.message import Header, ParsedMessage

MAX_RAW = 4 * 1024 * 1024  # bytes of a bounce we parse; the returned original is rarely needed
MAX_ORIGINAL_HEADERS = 300

# --------------------------------------------------------------------------- fields


def _unfold(text: str) -> str:
    return re.sub(r"\r?\n[ \t]+", " ", text).strip()


def _field_blocks(part: email.message.Message) -> list[list[tuple[str, str]]]:
    """Blocks of ``Name: value`` fields of a delivery-status or feedback-report part."""
    payload = part.get_payload()
    blocks: list[list[tuple[str, str]]] = []
    if isinstance(payload, list):
        for sub in payload:
            if isinstance(sub, email.message.Message):
                items = [(str(k), _unfold(str(v))) for k, v in sub.items()]
                if items:
                    blocks.append(items)
        if blocks:
            return blocks
        return blocks
    data = part.get_payload(decode=True)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(payload)
    return _parse_blocks(text)


def _parse_blocks(text: str) -> list[list[tuple[str, str]]]:
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in text[:200_000].replace("\r\n", "\n").split("\n"):
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        if line[0] in " \t" and current:
            name, value = current[-1]
            current[-1] = (name, f"{value} {line.strip()}")
            continue
        name, sep, value = line.partition(":")
        if sep and re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", name.strip()):
            current.append((name.strip(), value.strip()))
    if current:
        blocks.append(current)
    return blocks


def _get(block: Iterable[tuple[str, str]], name: str) -> str | None:
    lname = name.lower()
    for key, value in block:
        if key.lower() == lname:
            return value
    return None


def _typed(value: str | None) -> str | None:
    """``rfc822; a@b`` -> ``a@b``; ``dns; mx.example`` -> ``mx.example``."""
    if value is None:
        return None
    _, sep, rest = value.partition(";")
    out = (rest if sep else value).strip().strip("<>").strip()
    return out or None


def status_as_written(value: str | None) -> str | None:
    """The Status field's code (``5.1.1``) without trailing comments."""
    if value is None:
        return None
    value = value.strip()
    return find_status(value) or (value.split()[0] if value else None)


def _diagnostic(value: str | None) -> str | None:
    if value is None:
        return None
    kind, sep, rest = value.partition(";")
    text = rest.strip() if sep and re.fullmatch(r"\s*[A-Za-z-]+\s*", kind) else value.strip()
    return text[:MAX_DIAGNOSTIC] or None


def _recipient(block: list[tuple[str, str]]) -> BounceRecipient:
    status = status_as_written(_get(block, "Status"))
    diagnostic = _diagnostic(_get(block, "Diagnostic-Code"))
    reply = find_reply(diagnostic)
    if status is None:
        status = find_status(diagnostic)
    reason, words = classify(status, diagnostic)
    address = _typed(_get(block, "Final-Recipient")) or _typed(_get(block, "Original-Recipient"))
    return BounceRecipient(
        address=address,
        action=(_get(block, "Action") or "").strip().lower() or None,
        status=status,
        diagnostic=diagnostic,
        reason=reason,
        remote_mta=_typed(_get(block, "Remote-MTA")),
        reply_code=reply,
        explanation=explain(status, reply, words),
    )


# --------------------------------------------------------------------------- parts


def _parse_raw(raw: bytes) -> email.message.Message | None:
    try:
        return email.message_from_bytes(raw[:MAX_RAW], policy=email.policy.compat32)
    except Exception:  # the stdlib parser is lenient; anything else is a hostile edge
        return None


def _walk(msg: email.message.Message, limit: int = 500) -> Iterator[email.message.Message]:
    """Parts breadth-first without recursion (hostile nesting is thousands deep), capped."""
    queue: list[tuple[email.message.Message, int]] = [(msg, 0)]
    count = 0
    while queue and count < limit:
        part, depth = queue.pop(0)
        count += 1
        yield part
        payload = part.get_payload()
        if isinstance(payload, list) and depth < 50:
            queue.extend((p, depth + 1) for p in payload if isinstance(p, email.message.Message))


def _original_headers(msg: email.message.Message) -> tuple[Header, ...]:
    for part in _walk(msg):
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "message/global") and part is not msg:
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], email.message.Message):
                return _headers_of(inner[0].items())
        if ctype in ("text/rfc822-headers", "message/global-headers"):
            data = part.get_payload(decode=True)
            if isinstance(data, bytes):
                inner_msg = email.message_from_bytes(data, policy=email.policy.compat32)
                return _headers_of(inner_msg.items())
    return ()


def _headers_of(items: Iterable[tuple[str, object]]) -> tuple[Header, ...]:
    out = []
    for i, (name, value) in enumerate(items):
        if i >= MAX_ORIGINAL_HEADERS:
            break
        out.append(Header(str(name), _unfold(str(value)), b"", i))
    return tuple(out)


def _report_type(msg: email.message.Message) -> str:
    return str(msg.get_param("report-type", "", header="content-type") or "").lower().strip('"')


def _find_part(msg: email.message.Message, types: tuple[str, ...]) -> email.message.Message | None:
    for part in _walk(msg):
        if part.get_content_type() in types:
            return part
    return None


def _decode_dsn(msg: email.message.Message, part: email.message.Message) -> Bounce:
    blocks = _field_blocks(part)
    reporting = None
    fields: list[tuple[str, str]] = []
    recipients: list[BounceRecipient] = []
    for i, block in enumerate(blocks):
        is_recipient = any(
            k.lower() in ("final-recipient", "original-recipient", "action", "status")
            for k, _ in block
        )
        if i == 0 and not is_recipient:
            reporting = _typed(_get(block, "Reporting-MTA"))
            fields.extend(block)
            continue
        if is_recipient and len(recipients) < MAX_RECIPIENTS:
            recipients.append(_recipient(block))
    return Bounce(
        kind=BounceKind.DSN,
        recipients=tuple(recipients),
        reporting_mta=reporting,
        original_headers=_original_headers(msg),
        fields=tuple(fields),
    )


def _decode_arf(msg: email.message.Message, part: email.message.Message) -> Bounce:
    blocks = _field_blocks(part)
    fields = [kv for block in blocks for kv in block]
    feedback = (_get(fields, "Feedback-Type") or "").strip().lower() or None
    rcpt = _get(fields, "Original-Rcpt-To")
    recipients: tuple[BounceRecipient, ...] = ()
    if rcpt:
        recipients = (
            BounceRecipient(
                address=_typed(rcpt),
                reason="other",
                explanation="the recipient reported this message to their provider",
            ),
        )
    return Bounce(
        kind=BounceKind.ARF,
        recipients=recipients,
        reporting_mta=_get(fields, "Reporting-MTA") and _typed(_get(fields, "Reporting-MTA")),
        feedback_type=feedback,
        original_headers=_original_headers(msg),
        fields=tuple(fields),
    )


# --------------------------------------------------------------------------- entry point


def decode_bounce(message: ParsedMessage) -> Bounce | None:
    """The bounce or feedback report this message is, or None when it is neither."""
    ctype = (message.get("Content-Type") or "").lower()
    msg: email.message.Message | None = None
    if "multipart/report" in ctype or "delivery-status" in ctype or "feedback-report" in ctype:
        msg = _parse_raw(message.raw)
        if msg is not None:
            report_type = _report_type(msg)
            arf = _find_part(msg, ("message/feedback-report",))
            if arf is not None and report_type in ("feedback-report", ""):
                return _decode_arf(msg, arf)
            dsn = _find_part(msg, ("message/delivery-status", "message/global-delivery-status"))
            if dsn is not None:
                return _decode_dsn(msg, dsn)
    if not any(head_signs(message)):
        return None  # ordinary mail: no second parse
    if msg is None:
        msg = _parse_raw(message.raw)
    body = plain_text(msg, message.text_body)
    if not looks_like_bounce(message, body):
        return None
    recipients = text_recipients(message, body)
    if not recipients:
        return None
    original = _original_headers(msg) if msg is not None else ()
    return Bounce(
        kind=BounceKind.TEXT,
        recipients=tuple(recipients),
        original_headers=original or _quoted_original_headers(body),
    )


# Lines MTAs write just above the copy of the message they return inline (Exim, Postfix,
# qmail, Sendmail, Exchange); the header block starts at the first field after them.
_QUOTED_ORIGINAL = re.compile(
    r"^[\s-]*(?:this is a copy of the message|original message follows|"
    r"below this line is a copy of the message|the original message (?:was|headers)|"
    r"---+ ?(?:original message|returned message|undelivered message)).*$",
    re.IGNORECASE | re.MULTILINE,
)


def _quoted_original_headers(body: str) -> tuple[Header, ...]:
    """The headers of the original message when a plain-text bounce quotes it inline."""
    found = _QUOTED_ORIGINAL.search(body)
    if found is None:
        return ()
    rest = body[found.end() :].lstrip("\r\n")
    block = re.split(r"\r?\n\r?\n", rest, maxsplit=1)[0]
    inner = email.message_from_string(block, policy=email.policy.compat32)
    return _headers_of(inner.items())
