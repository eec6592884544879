"""Plain-text bounces: the kinds older servers send instead of an RFC 3464 report.

Scraping free text (daemon senders, bounce subjects, addresses followed by their error
lines) is a different job from decoding structured report parts. Heuristics are written
here: no library reads these reliably.
"""

from __future__ import annotations

import email.message
import re

from inspector.bounces.command import smtp_command
from inspector.bounces.evidence import CaselessPattern, ascii_lowered
from inspector.bounces.recipient import MAX_DIAGNOSTIC, failed_recipient
from inspector.model.bounces import BounceRecipient, DsnAction
from inspector.model.message import ParsedMessage

# Shared with the report decoder in ``inspector.bounces.decode``.
MAX_RECIPIENTS = 200

_BOUNCE_SUBJECT = CaselessPattern(
    r"undeliver|undelivered|delivery (?:status|fail|report|notification|problem)|"
    r"failure notice|returned mail|mail delivery|non.?deliver|could not be delivered|"
    r"returned to sender|delivery has failed|rejected|error sending|"
    r"permanent (?:error|failure)|warning: could not send|unzustellbar|undeliverable"
)
_BOUNCE_FROM = CaselessPattern(
    r"mailer-daemon|post_?master|mail delivery|mail deliver system|mail administrator"
)
_BOUNCE_BODY = re.compile(
    r"created automatically by mail delivery software|qmail-send program|"
    r"wasn.t able to deliver|could not be delivered|delivery (?:to the following|has failed)|"
    r"undeliverable|permanent (?:error|fatal)|unable to deliver|returned to sender|"
    r"delivery failed|failed recipient|following address(?:es)? (?:had|failed)|"
    r"message could not be|does not exist|user unknown|mail system|did not reach|"
    r"was not delivered|not listed|invalid final delivery|failure reasons|delivery problems|"
    r"non-delivered|could not deliver|permanently|recipient|invalid (?:user|address)|"
    r"no such user|requested action not taken|"
    r"配信|送信できませんでした|届きませんでした",
    re.I,
)
_ORIGINAL_MARKER = re.compile(
    r"^[-\s]*(?:below this line is a copy|this is a copy of the message|original message|"
    r"the (?:original )?header(?:s)? of the original|returned message|forwarded message|"
    r"message headers follow|content-type: message/rfc822|return-path:|"
    r"included is a copy of the message header|the attachment contains the original)",
    re.I | re.M,
)
_ADDRESS = re.compile(r"<?([A-Za-z0-9._%+=/'-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63})>?")
_DIAG_WORDS = re.compile(
    r"\b[245]\d\d\b|[245]\.\d{1,3}\.\d{1,3}|error|unknown|denied|rejected|refused|"
    r"not (?:exist|found|allowed)|full|quota|spam|blocked|failed|invalid|locked|disabled|"
    r"expired|timeout|too large|exceed|not listed|not recognized|unable|could not|cannot|"
    r"can.t|failure",
    re.I,
)


_QUOTE = re.compile(r"^(?:[ \t]*>)+[ \t]?")
_HEADERISH = re.compile(
    r"^\s*(?:message-id|references|in-reply-to|from|to|cc|date|return-path|subject|reply-to|"
    r"sender|received|x-[\w-]+|mail from|envelope-from)\s*:|^\s*from\s",
    re.I,
)
_HAS_CODE = re.compile(r"\b[245]\d\d\b|\b[245]\.\d{1,3}\.\d{1,3}\b")
# Message-detail lines whose numbers are not reply codes ("Size (in bytes): 222").
_DETAIL = re.compile(
    r"^\s*(?:size|number of lines|sent date|date|subject|message-id|cc|bcc)\b[^:]{0,20}:", re.I
)
_STARTS_WITH_ADDRESS = re.compile(r"^\s*[<\"]?[A-Za-z0-9._%+=/'-]+@")
_FINAL_RCPT = re.compile(r"^\s*(?:(?:final|original)-recipient|rcpt to)\s*:", re.I)


def head_signs(message: ParsedMessage) -> tuple[bool, bool, bool]:
    """(daemon sender, bounce subject, null return path): cheap checks before any parsing."""
    sender = " ".join(h.value for h in message.get_all("From"))[:2000]
    subject = (message.subject or "")[:2000]
    null_path = (message.return_path or "").strip() in ("", "<>") and bool(
        message.get("Return-Path")
    )
    return (
        _BOUNCE_FROM.found(sender, ascii_lowered(sender)),
        _BOUNCE_SUBJECT.found(subject, ascii_lowered(subject)),
        null_path,
    )


def looks_like_bounce(message: ParsedMessage, body: str) -> bool:
    """A header sign (daemon sender, bounce subject, null return path) and a body sign."""
    daemon, bounce_subject, null_path = head_signs(message)
    if daemon and bounce_subject:
        return True
    return (daemon or bounce_subject or null_path) and bool(_BOUNCE_BODY.search(body))


def plain_text(msg: email.message.Message | None, fallback: str) -> str:
    """Text of the bounce's own text/plain parts (not those of a returned message)."""
    if msg is None:
        return fallback[:200_000]
    texts: list[str] = []
    stack: list[email.message.Message] = [msg]
    seen = 0
    while stack and seen < 200:
        part = stack.pop(0)
        seen += 1
        ctype = (part.get_content_type().split() or ["text/plain"])[0]
        if ctype.startswith("message/") or ctype == "text/rfc822-headers":
            continue
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend(p for p in payload if isinstance(p, email.message.Message))
            continue
        if ctype.startswith("multipart/") and isinstance(payload, str):
            texts.append(payload[:200_000])  # boundary lost to a broken header: keep the text
            continue
        if ctype not in ("text/plain", "text/html") and part is not msg:
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        charset = part.get_content_charset() or "us-ascii"
        try:
            text = data.decode(charset, "replace")
        except LookupError:
            text = data.decode("latin-1")
        if ctype == "text/html":
            text = re.sub(r"<[^>]{0,2000}>", " ", text)
        texts.append(text)
        if sum(len(t) for t in texts) > 200_000:
            break
    return "\n".join(texts)[:200_000] or fallback[:200_000]


def text_recipients(message: ParsedMessage, body: str) -> list[BounceRecipient]:
    cut = _ORIGINAL_MARKER.search(body)
    if cut and cut.start() > 0:
        body = body[: cut.start()]
    own = {a.address.lower() for a in (*message.to, *message.from_)}
    # Quoted (forwarded) bounces: drop the "> " prefixes before reading.
    lines = [
        (_QUOTE.sub("", line) if ">" in line else line).rstrip()
        for line in body.replace("\r\n", "\n").split("\n")
    ]
    groups: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for line in lines:
        # a line without an at sign names no address, whatever the patterns say of it
        addresses = _line_addresses(line, own) if "@" in line else []
        if addresses and (
            current is None
            or _FINAL_RCPT.match(line) is not None
            or _STARTS_WITH_ADDRESS.match(line) is not None
        ):
            current = (addresses[0], [line.strip()])
            groups.append(current)
            continue
        if current is not None:
            if not line.strip() and len(current[1]) > 1 and not current[1][-1].endswith(":"):
                current = None
                continue
            if line.strip():
                current[1].append(line.strip())
    if not groups:
        return []
    merged: dict[str, tuple[str, list[str]]] = {}  # Exchange names a recipient twice
    for address, text_lines in groups:
        key = address.lower()
        if key in merged:
            merged[key][1].extend(text_lines)
        elif len(merged) < MAX_RECIPIENTS:
            merged[key] = (address, list(text_lines))
    out: list[BounceRecipient] = []
    for address, text_lines in merged.values():
        diag_lines = [t for t in text_lines if _DIAG_WORDS.search(t) and not _DETAIL.match(t)]
        diagnostic = " ".join(diag_lines)[:MAX_DIAGNOSTIC] or _body_diagnostic(lines)
        if diagnostic and not _HAS_CODE.search(diagnostic):
            elsewhere = _body_diagnostic(lines)  # the reason may sit above the address
            if elsewhere and _HAS_CODE.search(elsewhere) and elsewhere not in diagnostic:
                diagnostic = f"{elsewhere} {diagnostic}"[:MAX_DIAGNOSTIC]
        out.append(
            failed_recipient(
                address,
                action=DsnAction.FAILED,
                diagnostic=diagnostic,
                command=smtp_command(body, address),
            )
        )
    return out


def _line_addresses(line: str, own: set[str]) -> list[str]:
    """The addresses a line of bounce text names, other than the message's own and the
    daemon's; none on a header line of a quoted message (a recipient field excepted)."""
    if _HEADERISH.match(line) and not _FINAL_RCPT.match(line):
        return []
    found = [a for a in _ADDRESS.findall(line) if a.lower() not in own]
    return [a for a in found if not a.lower().startswith("mailer-daemon@")]


def _body_diagnostic(lines: list[str]) -> str | None:
    picked = [
        t.strip() for t in lines if t.strip() and _DIAG_WORDS.search(t) and not _DETAIL.match(t)
    ]
    return " ".join(picked[:6])[:MAX_DIAGNOSTIC] or None


_V5_LINE = re.compile(r"^\s*([45]\d\d) <([^>]+@[^>]+)>\.\.\. (.+)$")


def transcript_recipients(body: str) -> list[BounceRecipient]:
    """Old Sendmail (V5) transcripts: one ``NNN <address>... text`` line per recipient, the
    remote's ``<<<`` reply above it. Grouping by address paragraphs mixes them up."""
    if "Transcript of session follows" not in body:
        return []
    out: list[BounceRecipient] = []
    last_reply = ""
    seen: set[str] = set()
    for line in body[:200_000].replace("\r\n", "\n").split("\n"):
        s = line.strip()
        if s.startswith("<<<"):
            last_reply = s[3:].strip()
            continue
        if s.startswith((">>>", "While talking", "... while talking")):
            last_reply = "" if s.lower().startswith(("while", "...")) else last_reply
            continue
        m = _V5_LINE.match(line)
        if not m or m.group(2).lower() in seen or len(out) >= MAX_RECIPIENTS:
            continue
        seen.add(m.group(2).lower())
        reply, last_reply = last_reply, ""  # a reply belongs to the line that follows it
        out.append(
            failed_recipient(
                m.group(2),
                action=DsnAction.FAILED,
                diagnostic=f"{reply} {m.group(1)} {m.group(3)}".strip(),
                command=smtp_command(body, m.group(2)),
            )
        )
    return out
