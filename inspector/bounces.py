"""Bounces (RFC 3464 delivery status notifications and the plain-text kinds older servers
send) and ARF feedback reports (RFC 5965), decoded into ``model.Bounce``.

The MIME structure is read with the standard library's ``email`` parser on the raw bytes
(bounded in size) because ParsedMessage keeps the MIME tree but not part bodies. The reason
classifier is a small ordered table of provider texts and status codes written here: no
library on PyPI classifies bounces in Python without pulling in a large dependency.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import re
from collections.abc import Iterable, Iterator

from inspector.model import Bounce, BounceRecipient, Header, ParsedMessage
from inspector.smtp_codes import explain_reply, explain_status, find_reply, find_status

MAX_RAW = 4 * 1024 * 1024  # bytes of a bounce we parse; the returned original is rarely needed
MAX_RECIPIENTS = 200
MAX_DIAGNOSTIC = 2000
MAX_ORIGINAL_HEADERS = 300

REASONS = (
    "unknown_user",
    "mailbox_full",
    "blocked_spam",
    "blocked_blocklist",
    "auth_failure",
    "rate_limited",
    "too_large",
    "policy",
    "dns_failure",
    "relay_denied",
    "expired",
    "other",
)

# --------------------------------------------------------------------------- classification

# (reason, pattern, plain words): provider texts first, generic wording after. The first match
# wins, so specific provider codes sit above the broad words that would also match them.
_TEXT_RULES: tuple[tuple[str, str, str], ...] = (
    (
        "auth_failure",
        r"5\.7\.26|unauthenticated (?:e-?mail|message)|dmarc policy",
        "the receiver requires SPF, DKIM and DMARC to pass and they did not (Gmail: "
        "'unauthenticated email'); sign with DKIM and align SPF/DKIM with the From domain",
    ),
    (
        "auth_failure",
        r"5\.7\.27|5\.7\.23|spf (?:check )?fail|\bspf\b.*(?:fail|not pass)",
        "SPF failed: the sending server is not listed in the envelope domain's SPF record",
    ),
    (
        "auth_failure",
        r"5\.7\.2[0-2]\b|dkim\b.*(?:fail|invalid|required)",
        "the receiver requires a valid DKIM signature and none passed",
    ),
    (
        "auth_failure",
        r"5\.7\.25|reverse dns|ptr record|\brdns\b",
        "the sending IP has no matching reverse DNS (PTR) name",
    ),
    (
        "blocked_blocklist",
        r"spamhaus|spamcop|barracudacentral|sorbs|\bdnsbl\b|\brbl\b|"
        r"block ?list|black ?list|\bS3150\b|\bS3140\b|5\.7\.6(?:0[6-9]|[1-4]\d)|"
        r"banned sending ip|(?<!not )listed (?:in|on|at|by)|on our block|ipcheck\.proofpoint",
        "the sending IP (or a domain in the message) is on a block list the receiver uses",
    ),
    (
        "blocked_spam",
        r"5\.7\.28|5\.7\.70[0-9]|5\.7\.750",
        "the receiver blocked the sender for sending too much unwanted mail (Gmail 5.7.28, "
        "Microsoft 5.7.70x/5.7.750 tenant or domain reputation)",
    ),
    (
        "mailbox_full",
        r"mailbox.{0,40}(?:exceeded|is full|over ?quota)|over ?quota|quota exceeded",
        "the recipient's mailbox is full; it may work later",
    ),
    (
        "rate_limited",
        r"\bTSS0[49]\b|\bTSS11\b|4\.7\.28|rate.?limit|too many (?:connections|"
        r"messages|recipients|concurrent)|throttl|greylist|graylist|try (?:again )?later|"
        r"temporarily (?:deferred|rejected|blocked)|unusual rate|exceeded .*(?:rate|limit)|"
        r"4\.7\.0 .*(?:later|temporar)|deferred due to|frequency limit",
        "the receiver slowed the sender down (rate limit, greylisting or deferral); retry slowly",
    ),
    (
        "blocked_spam",
        r"\bPH01\b|likely unsolicited|unsolicited (?:mail|e-?mail|bulk)|"
        r"\bspam\b|junk mail|bulk mail|content.*(?:reject|filter)|\bOU-00[12]\b|\bSC-001\b|"
        r"\bDY-002\b|suspicious|phish|high probability|reputation|spamsignature|"
        r"security polic|virus|malware",
        "the receiver judged the message or its sender as spam",
    ),
    (
        "relay_denied",
        r"relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)|"
        r"not (?:permitted|allowed) to relay|unable to relay|relay not permitted|5\.7\.64\b|"
        r"open relay not allowed|"
        r"tenantattribution",
        "the server refused to pass the message on (relaying denied)",
    ),
    (
        "policy",
        r"\bSC-00[234]\b|\bDY-001\b|\bAS\(\d+\)|policy|not allowed|prohibited|"
        r"refused|administrative|5\.7\.1\b.*(?:denied|reject)|\brejected\b|denied",
        "the receiver refused it by local policy",
    ),
)

_USER_UNKNOWN = re.compile(
    r"user unknown|unknown user|no such (?:user|mailbox|recipient|address|account)|"
    r"does not exist|doesn.t exist|not exist|unknown (?:recipient|address|mailbox|local)|"
    r"invalid (?:recipient|mailbox|address|user)|recipient (?:address )?(?:rejected|not found|"
    r"unknown)|address rejected|mailbox (?:not found|unavailable|disabled|is disabled|"
    r"inactive)|account (?:is )?(?:disabled|locked|suspended|inactive|closed|deactivated)|"
    r"user not found|no mailbox|not a valid|(?:mailbox|address|user) .*not found|"
    r"no longer (?:active|available|valid)|resolver\.adr\.recipnotfound|bad destination mailbox|"
    r"doesn.t have an? .{0,40}account|not listed in|invalid final delivery|not recognized|"
    r"unknown or illegal alias|mailbox is frozen|no account",
    re.I,
)
_MAILBOX_FULL = re.compile(
    r"mailbox (?:is )?full|over ?quota|quota (?:exceeded|full)|exceeded .*quota|"
    r"insufficient (?:storage|disk)|storage (?:space|allocation)|mailbox .*(?:too large|size "
    r"limit)|full mailbox|user.s disk|folder is full|mailbox.{0,20}\bfull\b",
    re.I,
)
_TOO_LARGE = re.compile(
    r"too (?:large|big)|size (?:limit|exceeds|too)|exceeds? .*(?:size|maximum)|message size|"
    r"message length exceeds|maximum allowed",
    re.I,
)
_DNS = re.compile(
    r"host not found|domain not found|no mx|name service error|nxdomain|unrouteable|"
    r"unroutable|host unknown|domain (?:does not|doesn.t) exist|no such domain|"
    r"mx (?:lookup|record)|dns (?:error|fail|lookup)|unresolvable|couldn.t find any host|"
    r"domain is not reachable|domain not reachable",
    re.I,
)
_EXPIRED = re.compile(
    r"retry time(?:out)? (?:not reached|exceeded)|delivery time expired|message expired|"
    r"too long in (?:the )?queue|could not be delivered (?:for|within)|gave up|giving up|"
    r"maximum (?:time|retries)|timeout exceeded|expired after",
    re.I,
)

_STATUS_REASON = {
    "1.1": "unknown_user",
    "1.0": "unknown_user",
    "1.6": "unknown_user",
    "1.3": "unknown_user",
    "1.10": "unknown_user",  # RFC 7505 says null MX; Microsoft uses it for unknown recipients
    "2.1": "unknown_user",
    "1.2": "dns_failure",
    "1.8": "dns_failure",
    "4.4": "dns_failure",
    "4.3": "dns_failure",
    "2.2": "mailbox_full",
    "3.1": "mailbox_full",
    "2.3": "too_large",
    "3.4": "too_large",
    "4.7": "expired",
    "7.13": "unknown_user",
    "7.20": "auth_failure",
    "7.21": "auth_failure",
    "7.22": "auth_failure",
    "7.23": "auth_failure",
    "7.24": "auth_failure",
    "7.25": "auth_failure",
    "7.26": "auth_failure",
    "7.27": "auth_failure",
    "7.28": "rate_limited",
    "4.5": "rate_limited",
    "5.3": "rate_limited",
}

_PLAIN = {
    "unknown_user": "the address does not exist or the account is closed; remove it from the list",
    "mailbox_full": "the recipient's mailbox is full; it may work later",
    "too_large": "the message is larger than the receiver accepts",
    "dns_failure": "the recipient's domain could not be found or has no mail server in DNS",
    "expired": "the sending server gave up after retrying for too long",
    "policy": "the receiver refused it by local policy",
    "other": "no specific reason could be read from the bounce",
    "connection": "the receiving server could not be reached (connection failed or timed out); "
    "the sending server usually retries",
}
_CONNECTION = re.compile(
    r"connection (?:timed out|refused|reset|lost)|timed out|socket error|unable to connect|"
    r"not accepting connections|could not connect|no route to host|network is unreachable",
    re.I,
)


def classify(status: str | None, diagnostic: str | None) -> tuple[str, str]:
    """(reason class, plain words) for one failed recipient."""
    text = diagnostic or ""
    sub = ".".join(status.split(".")[1:]) if status else ""
    for reason, pattern, words in _TEXT_RULES[:4]:  # authentication texts outrank codes
        if re.search(pattern, text, re.I) or (status and re.fullmatch(pattern, status)):
            return reason, words
    by_code = _STATUS_REASON.get(sub)
    if sub == "1.10" and re.search(r"null mx", text, re.I):
        by_code = "dns_failure"
    if sub == "7.28" and (status or "").startswith("5"):
        by_code = "blocked_spam"  # Gmail's 5.7.28 is a block; its 4.7.28 a deferral
    if by_code == "expired":  # the text often says why it expired (mailbox full, blocked...)
        inner = find_status(text)
        if inner and inner != status and not inner.endswith(".4.7"):
            better = classify(inner, text)
            if better[0] != "other":
                return better
    if by_code and sub not in ("0.0",):
        if by_code == "unknown_user" and _MAILBOX_FULL.search(text):
            by_code = "mailbox_full"
        for reason, _pattern, words in _TEXT_RULES:
            if reason == by_code:
                return reason, words
        return by_code, _PLAIN.get(by_code, "")
    for reason, pattern, words in _TEXT_RULES[4:]:
        if re.search(pattern, text, re.I):
            if reason == "policy":
                break  # generic policy words: let the specific checks below speak first
            return reason, words
    for reason, regex in (
        ("mailbox_full", _MAILBOX_FULL),
        ("unknown_user", _USER_UNKNOWN),
        ("too_large", _TOO_LARGE),
        ("dns_failure", _DNS),
        ("expired", _EXPIRED),
    ):
        if regex.search(text):
            return reason, _PLAIN[reason]
    if re.search(_TEXT_RULES[-1][1], text, re.I) or sub.startswith("7."):
        return "policy", _PLAIN["policy"]
    if _CONNECTION.search(text):
        return "other", _PLAIN["connection"]
    return "other", _PLAIN["other"]


def _explain(status: str | None, reply: str | None, words: str) -> str:
    parts = [words]
    if status:
        parts.append(f"status {status}: {explain_status(status)}")
    if reply:
        parts.append(f"reply {reply}: {explain_reply(reply)}")
    return "; ".join(p for p in parts if p)


_LISTS = (
    (r"spamhaus|\bzen\.|\bsbl\b|\bxbl\b|\bpbl\b|\bdbl\b", "Spamhaus"),
    (r"spamcop", "SpamCop"),
    (r"barracudacentral|\bb\.barracuda|barracuda reputation", "Barracuda Reputation Block List"),
    (r"sorbs", "SORBS"),
    (r"uceprotect", "UCEPROTECT"),
    (
        r"\bS3150\b|\bS3140\b|5\.7\.6(?:0[6-9]|[1-4]\d)|banned sending ip",
        "Microsoft's own block list",
    ),
    (r"proofpoint|ipcheck\.", "Proofpoint"),
    (r"mimecast", "Mimecast"),
    (r"cloudmark|\bcsi\b", "Cloudmark"),
    (r"invaluement", "Invaluement"),
    (r"\bpsbl\b|surriel", "Passive Spam Block List"),
    (r"mailspike", "Mailspike"),
    (r"spamrats", "SpamRATS"),
    (r"abusix", "Abusix"),
    (r"trend ?micro|\bers\b|\bqil\b", "Trend Micro"),
)


def name_blocklists(text: str | None) -> tuple[str, ...]:
    """The block lists a bounce text names (Spamhaus, SpamCop, Microsoft's own...)."""
    if not text:
        return ()
    return tuple(name for pattern, name in _LISTS if re.search(pattern, text[:5000], re.I))


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
        explanation=_explain(status, reply, words),
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
        kind="dsn",
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
        kind="arf",
        recipients=recipients,
        reporting_mta=_get(fields, "Reporting-MTA") and _typed(_get(fields, "Reporting-MTA")),
        feedback_type=feedback,
        original_headers=_original_headers(msg),
        fields=tuple(fields),
    )


# --------------------------------------------------------------------------- plain-text bounces

_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery (?:status|fail|report|notification|problem)|"
    r"failure notice|returned mail|mail delivery|non.?deliver|could not be delivered|"
    r"returned to sender|delivery has failed|rejected|error sending|"
    r"permanent (?:error|failure)|warning: could not send|unzustellbar|undeliverable",
    re.I,
)
_BOUNCE_FROM = re.compile(
    r"mailer-daemon|post_?master|mail delivery|mail deliver system|mail administrator", re.I
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
    r"message headers follow|content-type: message/rfc822|return-path:)",
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
_FINAL_RCPT = re.compile(r"^\s*(?:(?:final|original)-recipient|rcpt to)\s*:", re.I)


def _head_signs(message: ParsedMessage) -> tuple[bool, bool, bool]:
    """(daemon sender, bounce subject, null return path): cheap checks before any parsing."""
    sender = " ".join(h.value for h in message.get_all("From"))[:2000]
    subject = (message.subject or "")[:2000]
    null_path = (message.return_path or "").strip() in ("", "<>") and bool(
        message.get("Return-Path")
    )
    return bool(_BOUNCE_FROM.search(sender)), bool(_BOUNCE_SUBJECT.search(subject)), null_path


def _looks_like_bounce(message: ParsedMessage, body: str) -> bool:
    """A header sign (daemon sender, bounce subject, null return path) and a body sign."""
    daemon, bounce_subject, null_path = _head_signs(message)
    if daemon and bounce_subject:
        return True
    return (daemon or bounce_subject or null_path) and bool(_BOUNCE_BODY.search(body))


def _plain_text(msg: email.message.Message | None, fallback: str) -> str:
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


def _text_recipients(message: ParsedMessage, body: str) -> list[BounceRecipient]:
    cut = _ORIGINAL_MARKER.search(body)
    if cut and cut.start() > 0:
        body = body[: cut.start()]
    own = {a.address.lower() for a in (*message.to, *message.from_)}
    # Quoted (forwarded) bounces: drop the "> " prefixes before reading.
    lines = [_QUOTE.sub("", line).rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    groups: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for line in lines:
        final = _FINAL_RCPT.match(line)
        if _HEADERISH.match(line) and not final:
            addresses = []
        else:
            addresses = [a for a in _ADDRESS.findall(line) if a.lower() not in own]
            addresses = [a for a in addresses if not a.lower().startswith("mailer-daemon@")]
        starts = final is not None or re.match(r"^\s*[<\"]?[A-Za-z0-9._%+=/'-]+@", line) is not None
        if addresses and (starts or current is None):
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
        status = find_status(diagnostic)
        reply = find_reply(diagnostic)
        reason, words = classify(status, diagnostic)
        out.append(
            BounceRecipient(
                address=address,
                status=status,
                diagnostic=diagnostic,
                reason=reason,
                reply_code=reply,
                action="failed",
                explanation=_explain(status, reply, words),
            )
        )
    return out


def _body_diagnostic(lines: list[str]) -> str | None:
    picked = [
        t.strip() for t in lines if t.strip() and _DIAG_WORDS.search(t) and not _DETAIL.match(t)
    ]
    return " ".join(picked[:6])[:MAX_DIAGNOSTIC] or None


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
    if not any(_head_signs(message)):
        return None  # ordinary mail: no second parse
    if msg is None:
        msg = _parse_raw(message.raw)
    body = _plain_text(msg, message.text_body)
    if not _looks_like_bounce(message, body):
        return None
    recipients = _text_recipients(message, body)
    if not recipients:
        return None
    original = _original_headers(msg) if msg is not None else ()
    return Bounce(kind="text", recipients=tuple(recipients), original_headers=original)
