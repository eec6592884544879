"""Bounces (RFC 3464 delivery status notifications and the plain-text kinds servers send),
ARF feedback reports (RFC 5965), provider notices, unsubscribe requests and automatic replies
(RFC 3834), decoded into ``model.Bounce``: the entry point of ``inspector.bounces``.

The MIME structure is read with the standard library's ``email`` parser on the raw bytes
(bounded in size) because ParsedMessage keeps the MIME tree but not part bodies. Report
parts are looked for whatever the top-level type (Lotus Domino sends ``multipart/mixed``),
and in a report forwarded as an attachment; free text goes to ``text``, the other kinds to
``notices``; every recipient is classified by ``recipient``.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from inspector.bounces.command import smtp_command
from inspector.bounces.mime import (
    TypeReadOnceMessage,
    header_block_text,
    original_headers,
    quoted_original_headers,
    walk_parts,
)
from inspector.bounces.notices import (
    autoreply_recipients,
    failed_header_addresses,
    failed_header_recipients,
    is_autoreply,
    is_list_refusal,
    is_ses_notice,
    is_unsubscribe_request,
    list_refusal_recipients,
    ses_recipients,
    unsubscribe_recipients,
)
from inspector.bounces.recipient import MAX_DIAGNOSTIC, failed_recipient, feedback_recipient
from inspector.bounces.smtp_codes import find_status
from inspector.bounces.text import (
    MAX_RECIPIENTS,
    head_signs,
    looks_like_bounce,
    plain_text,
    text_recipients,
    transcript_recipients,
)
from inspector.model.bounces import (
    Bounce,
    BounceReason,
    BounceRecipient,
    DsnAction,
    FeedbackType,
)
from inspector.model.codes import BounceKind
from inspector.model.message import MimePart, ParsedMessage

MAX_RAW = 4 * 1024 * 1024  # bytes of a bounce we parse; the returned original is rarely needed
_DSN_TYPES = ("message/delivery-status", "message/global-delivery-status")
_ARF_TYPE = "message/feedback-report"
_REPORT_TYPES = (*_DSN_TYPES, _ARF_TYPE)
_ADDRESS = re.compile(r"[A-Za-z0-9._%+=/'-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")

# --------------------------------------------------------------------------- fields

_RECIPIENT_FIELDS = ("final-recipient", "original-recipient")
_CONTINUATION = re.compile(r"\n[ \t]+")
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_TYPE_NAME = re.compile(r"\s*[A-Za-z0-9-]+\s*")
_STATUS_AND_COMMENT = re.compile(r"\s*([245]\.\d{1,3}\.\d{1,3})\s*(.*)$")


def _part_text(part: email.message.Message) -> str:
    """A report part as text, whether the stdlib split it into sub-messages or not."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return "\n\n".join(
            header_block_text(p)
            for p in payload[: MAX_RECIPIENTS + 1]
            if isinstance(p, email.message.Message)
        )
    data = part.get_payload(decode=True)
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else str(payload)


def field_blocks(text: str) -> list[list[tuple[str, str]]]:
    """Blocks of ``Name: value`` fields. A recipient block ends at a blank line, and also
    where a recipient field repeats or follows a complete record: some servers (AOL) write
    no blank line between recipients. Field order inside a block is free (Amazon SES puts
    Action first), so no other field starts a block."""
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    names: set[str] = set()  # of the fields in ``current``, lowered
    for line in _CONTINUATION.sub(" ", text[:200_000].replace("\r\n", "\n")).split("\n"):
        if not line.strip():
            if current:
                blocks.append(current)
                current, names = [], set()
            continue
        written, sep, value = line.partition(":")
        name = written.strip()
        if not sep or not _FIELD_NAME.fullmatch(name):
            continue
        key = name.lower()
        if key in _RECIPIENT_FIELDS and (key in names or {"final-recipient", "status"} <= names):
            blocks.append(current)
            current, names = [], set()
        current.append((name, value.strip()))
        names.add(key)
    if current:
        blocks.append(current)
    return blocks


def _get(block: Iterable[tuple[str, str]], name: str) -> str | None:
    lname = name.lower()
    for key, value in block:
        if key.lower() == lname:
            return value
    return None


def _typed(value: str | None) -> tuple[str | None, str | None]:
    """``rfc822; a@b`` -> (``rfc822``, ``a@b``); ``dns; mx.example`` -> (``dns``, ...)."""
    if value is None:
        return None, None
    kind, sep, rest = value.partition(";")
    if sep and _TYPE_NAME.fullmatch(kind):
        return kind.strip(), rest.strip().strip("<>").strip() or None
    return None, value.strip().strip("<>").strip() or None


def status_as_written(value: str | None) -> tuple[str | None, str | None]:
    """``5.2.1 (mailbox disabled)`` -> (``5.2.1``, ``mailbox disabled``): the comment is
    often the only words a report has."""
    if not value or not value.strip():
        return None, None
    m = _STATUS_AND_COMMENT.match(value)
    if not m:
        return find_status(value), None
    comment = m.group(2).strip().strip("()").strip()[:MAX_DIAGNOSTIC] or None
    return m.group(1), comment


def _address(block: list[tuple[str, str]]) -> str | None:
    """Final-Recipient, unless it is no address or a source route (``@host:user@server``):
    then Original-Recipient."""
    final = _typed(_get(block, "Final-Recipient"))[1]
    original = _typed(_get(block, "Original-Recipient"))[1]
    if final and ("@" not in final or ":" in final):
        return original or final
    return final or original


def _recipient(block: list[tuple[str, str]], human: str) -> BounceRecipient:
    address = _address(block)
    status, comment = status_as_written(_get(block, "Status"))
    dtype, diagnostic = _typed(_get(block, "Diagnostic-Code"))
    return failed_recipient(
        address,
        action=DsnAction.read(_get(block, "Action")),
        status_field=status,
        status_comment=comment,
        diagnostic=diagnostic,
        diagnostic_type=dtype,
        remote_mta=_typed(_get(block, "Remote-MTA"))[1],
        command=smtp_command(human, address),
    )


# --------------------------------------------------------------------------- parts


def _parse_raw(raw: bytes) -> email.message.Message | None:
    try:
        return email.message_from_bytes(
            raw[:MAX_RAW], _class=TypeReadOnceMessage, policy=email.policy.compat32
        )
    except Exception:  # the stdlib parser is lenient; anything else is a hostile edge
        return None


def _report_type(msg: email.message.Message) -> str:
    return str(msg.get_param("report-type", "", header="content-type") or "").lower().strip('"')


def _report_parts(msg: email.message.Message) -> Iterator[tuple[email.message.Message, str]]:
    """Report parts of this message with their types, whatever its top-level type (Lotus
    Domino and McAfee send ``multipart/mixed``), not those of a message it returns or
    forwards."""
    for part, ctype in walk_parts(msg, into_messages=False):
        if ctype in _REPORT_TYPES:
            yield part, ctype


def _decode_dsn(msg: email.message.Message, part: email.message.Message, human: str) -> Bounce:
    reporting = None
    fields: list[tuple[str, str]] = []
    recipients: list[BounceRecipient] = []
    for i, block in enumerate(field_blocks(_part_text(part))):
        names = {k.lower() for k, _ in block}
        if i == 0 and not names & {*_RECIPIENT_FIELDS, "action", "status"}:
            reporting = _typed(_get(block, "Reporting-MTA"))[1]
            fields.extend(block)
            continue
        if names & set(_RECIPIENT_FIELDS) and len(recipients) < MAX_RECIPIENTS:
            recipients.append(_recipient(block, human))
    return Bounce(
        kind=BounceKind.DSN,
        recipients=tuple(recipients),
        reporting_mta=reporting,
        original_headers=original_headers(msg),
        fields=tuple(fields),
    )


def _decode_arf(msg: email.message.Message, part: email.message.Message) -> Bounce:
    """One recipient per Original-Rcpt-To (RFC 5965 allows repeats); with none, the
    reported message's To."""
    fields = [kv for block in field_blocks(_part_text(part)) for kv in block]
    feedback = FeedbackType.read(_get(fields, "Feedback-Type"))
    original = original_headers(msg)
    addresses = [_typed(v)[1] for k, v in fields if k.lower() == "original-rcpt-to"]
    if not addresses:
        to = next((h.value for h in original if h.name.lower() == "to"), "")
        found = _ADDRESS.search(to)
        addresses = [found.group(0) if found else None]
    return Bounce(
        kind=BounceKind.ARF,
        recipients=tuple(feedback_recipient(a, feedback) for a in addresses[:MAX_RECIPIENTS]),
        reporting_mta=_typed(_get(fields, "Reporting-MTA"))[1],
        feedback_type=feedback,
        original_headers=original,
        fields=tuple(fields),
    )


def _decode_report(msg: email.message.Message, human: str, depth: int = 0) -> Bounce | None:
    """The report this MIME message carries, directly or forwarded as an attachment."""
    parts = list(_report_parts(msg))
    arf = next((p for p, ctype in parts if ctype == _ARF_TYPE), None)
    if arf is not None and _report_type(msg) in ("feedback-report", ""):
        return _decode_arf(msg, arf)
    dsn = next((p for p, ctype in parts if ctype in _DSN_TYPES), None)
    if dsn is not None:
        return _decode_dsn(msg, dsn, human)
    enclosed = _enclosed_report(msg) if depth < 3 else None
    if enclosed is not None:
        return _decode_report(enclosed, plain_text(enclosed, ""), depth + 1)
    return None


def _tree_has_report(root: MimePart | None) -> bool:
    """A report part anywhere in the parsed MIME tree (not inside an enclosed message), so a
    report under ``multipart/mixed`` is found without a bounce-like sender or subject."""
    stack = [root] if root is not None else []
    seen = 0
    while stack and seen < 500:
        part = stack.pop()
        seen += 1
        ctype = part.content_type.lower()
        if ctype in _REPORT_TYPES:
            return True
        if not ctype.startswith("message/"):
            stack.extend(part.children)
    return False


def _may_hold_report(raw: bytes) -> bool:
    """Whether the stdlib parser could find a report part (``_decode_report``) in these
    bytes: it reads a part's type from the text of its Content-Type field, lowered, and only
    a type naming delivery-status or feedback-report is a report (directly or in an enclosed
    message), so without either word, in any case, there is none and no parse is needed
    (TLS and DMARC reports, read receipts)."""
    if b"delivery-status" in raw or b"feedback-report" in raw:
        return True
    lowered = raw[:MAX_RAW].lower()
    return b"delivery-status" in lowered or b"feedback-report" in lowered


def _enclosed_report(msg: email.message.Message) -> email.message.Message | None:
    for part, ctype in walk_parts(msg):
        if ctype != "message/rfc822" or part is msg:
            continue
        inner = part.get_payload()
        first = inner[0] if isinstance(inner, list) and inner else None
        if isinstance(first, email.message.Message) and "report" in first.get_content_type():
            return first
    return None


# --------------------------------------------------------------------------- entry point


def decode_bounce(message: ParsedMessage) -> Bounce | None:
    """The bounce, feedback report, notice or automatic reply this message is, or None
    when it is none of them. A bounce no reason could be read from says why in words."""
    found = _decode(message)
    if found is None:
        return None
    why = unclassified_because(found)
    return replace(found, unclassified=why) if why else found


def unclassified_because(bounce: Bounce) -> str:
    """Why (some of) a bounce's recipients have no reason, in words; empty when all have."""
    if not bounce.recipients:
        return "The report names no recipient, so there is nothing to classify."
    silent = [r for r in bounce.recipients if r.reason is BounceReason.UNDEFINED]
    if not silent:
        return ""
    who = ", ".join(r.address or "(no address)" for r in silent[:5])
    return (
        f"No reason can be read for {who}: the report gives no diagnostic text, no status "
        "code and no reply code for it."
    )


def _decode(message: ParsedMessage) -> Bounce | None:
    ctype = (message.get("Content-Type") or "").lower()
    signs = any(head_signs(message)) or bool(failed_header_addresses(message))
    report_top = any(t in ctype for t in ("multipart/report", "delivery-status", "feedback"))
    report_top = report_top or _tree_has_report(message.mime)
    msg: email.message.Message | None = None
    if (report_top or (signs and ctype.startswith("multipart/"))) and _may_hold_report(message.raw):
        msg = _parse_raw(message.raw)
        if msg is not None:
            found = _decode_report(msg, plain_text(msg, message.text_body))
            if found is not None and found.recipients:
                return found
            if found is not None and failed_header_addresses(message):
                human = plain_text(msg, message.text_body)
                return replace(found, recipients=tuple(failed_header_recipients(message, human)))
            if found is not None:
                return found
    if signs:
        msg = msg or _parse_raw(message.raw)
        body = plain_text(msg, message.text_body)
        text_bounce = _text_bounce(message, msg, body)
        if text_bounce is not None:
            return text_bounce
    return _other_notice(message, msg)


def _text_bounce(
    message: ParsedMessage, msg: email.message.Message | None, body: str
) -> Bounce | None:
    recipients: list[BounceRecipient] = []
    if looks_like_bounce(message, body):
        recipients = text_recipients(message, body)
        transcript = transcript_recipients(body)
        if len(transcript) > len(recipients):
            recipients = transcript
    if not recipients and failed_header_addresses(message):
        recipients = failed_header_recipients(message, body)
    if not recipients:
        return None
    original = original_headers(msg) if msg is not None else ()
    return Bounce(
        kind=BounceKind.TEXT,
        recipients=tuple(recipients),
        original_headers=original or quoted_original_headers(body),
    )


def _other_notice(message: ParsedMessage, msg: email.message.Message | None) -> Bounce | None:
    """SES JSON notices, list refusals, unsubscribe requests and automatic replies."""
    text = message.text_body or ""
    if is_ses_notice(message):
        msg = msg or _parse_raw(message.raw)
        recipients, feedback = ses_recipients(plain_text(msg, text))
        if recipients:
            kind = BounceKind.ARF if feedback else BounceKind.NOTICE
            return Bounce(kind=kind, recipients=tuple(recipients), feedback_type=feedback)
    if is_list_refusal(message, text):
        return Bounce(kind=BounceKind.TEXT, recipients=tuple(list_refusal_recipients(text)))
    if is_unsubscribe_request(text):
        return Bounce(
            kind=BounceKind.UNSUBSCRIBE,
            recipients=tuple(unsubscribe_recipients(message)),
            feedback_type=FeedbackType.UNSUBSCRIBE,
        )
    if is_autoreply(message):
        return Bounce(kind=BounceKind.AUTOREPLY, recipients=tuple(autoreply_recipients(message)))
    return None
