"""Findings about the header block itself: required fields, duplicates, dates, line limits,
encoding, the From field's shape, MIME structure, Message-ID and mailer consistency.

Most of these mirror what receivers enforce before any reputation check: Gmail refuses
messages that break RFC 5322 (no From, two Subjects...), many servers refuse bare line feeds,
and filters score malformed Message-IDs and forged mailer headers because bulk-sending
software ("ratware") gets them wrong. The parse already recorded the structural facts as
``HeaderDefect`` values; these rules explain them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from inspector.auth.orgdomain import org_domain
from inspector.model.codes import Category, MessageKind, Severity
from inspector.model.findings import Finding
from inspector.model.message import HeaderDefect, ParsedMessage
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_RFC5322 = "RFC 5322 section 3.6"
_GMAIL_RFC = (
    "https://support.google.com/mail/?p=RfcMessageNonCompliant "
    "(Gmail: messages must follow RFC 5322)"
)
_GOOGLE_GUIDE = "https://support.google.com/a/answer/81126 (Google sender guidelines)"

MISSING_FROM = spec(
    "headers.missing_from",
    Severity.HIGH,
    Category.STRUCTURE,
    "The message has no From header",
    "Make the sending application always set a From header with one valid address.",
    (_RFC5322, _GMAIL_RFC),
)
MISSING_DATE = spec(
    "headers.missing_date",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The message has no Date header",
    "Make the sending application add a Date header with the time the message was written.",
    (_RFC5322, "RFC 5322 section 3.6.1"),
)
MISSING_MESSAGE_ID = spec(
    "headers.missing_message_id",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The message has no Message-ID header",
    "Have the sending application (or its first mail server) add a unique Message-ID such as "
    "<unique-part@your-domain>.",
    ("RFC 5322 section 3.6.4", _GMAIL_RFC, _GOOGLE_GUIDE),
)
DUPLICATE = spec(
    "headers.duplicate_header",
    Severity.HIGH,
    Category.STRUCTURE,
    "A header that may appear only once appears several times",
    "Fix the sending application or template so each of From, To, Cc, Subject, Date, "
    "Message-ID, Sender, Reply-To is written exactly once.",
    (_RFC5322, _GMAIL_RFC),
)
DATE_UNPARSABLE = spec(
    "headers.date_unparsable",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The Date header cannot be read",
    "Write the Date in RFC 5322 form, e.g. 'Mon, 1 Jan 2024 10:00:00 +0100' (most mail "
    "libraries have a function for it).",
    ("RFC 5322 section 3.3",),
)
DATE_FUTURE = spec(
    "headers.date_future",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The message is dated in the future",
    "Fix the clock (and time zone) of the machine or application that writes the message; use NTP.",
    ("RFC 5322 section 3.6.1", "SpamAssassin rules DATE_IN_FUTURE_*"),
)
DATE_ANCIENT = spec(
    "headers.date_ancient",
    Severity.LOW,
    Category.STRUCTURE,
    "The message is dated long before it was received",
    "Set the Date when the message is actually sent, not when a draft or template was made; "
    "check the sending machine's clock.",
    ("RFC 5322 section 3.6.1", "SpamAssassin rules DATE_IN_PAST_*"),
)
LINE_TOO_LONG = spec(
    "headers.line_too_long",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "A line is longer than the 998 characters mail allows",
    "Fold long headers and encode long body lines (quoted-printable or base64); mail "
    "libraries do this when the content is handed to them properly.",
    ("RFC 5322 section 2.1.1", "RFC 5321 section 4.5.3.1.6"),
)
EIGHT_BIT = spec(
    "headers.eight_bit_header",
    Severity.LOW,
    Category.STRUCTURE,
    "Header fields contain raw non-ASCII bytes",
    "Encode non-ASCII text in headers with RFC 2047 encoded-words (or send UTF-8 headers "
    "only over SMTPUTF8), as mail libraries do by default.",
    ("RFC 2047", "RFC 6532", "RFC 5322 section 2.2"),
)
BARE_LINE_ENDING = spec(
    "headers.bare_line_ending",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The message contains bare CR or LF characters",
    "Make every line end in CRLF; do not pass lone carriage returns or line feeds through "
    "templates into the message.",
    (
        "RFC 5322 section 2.3",
        "RFC 5321 section 2.3.8",
        "Postfix smtpd_forbid_bare_newline (SMTP smuggling defence)",
    ),
)
MALFORMED_FROM = spec(
    "headers.malformed_from",
    Severity.HIGH,
    Category.STRUCTURE,
    "The From header does not hold exactly one usable address",
    "Put exactly one mailbox in From (name <user@domain>); when several authors are listed, "
    "add a Sender header naming the one who sent it.",
    ("RFC 5322 section 3.6.2", "RFC 7489 section 6.6.1", _GMAIL_RFC),
)
MIME_DEFECT = spec(
    "headers.mime_defect",
    Severity.LOW,
    Category.STRUCTURE,
    "The MIME structure is broken",
    "Build the message with a mail library rather than by hand, and make sure every "
    "multipart has a boundary that appears, and is closed, in the body.",
    ("RFC 2045", "RFC 2046 section 5.1"),
)
MESSAGE_ID_MALFORMED = spec(
    "headers.message_id_malformed",
    Severity.LOW,
    Category.STRUCTURE,
    "The Message-ID is malformed",
    "Generate Message-IDs as <unique-part@fully.qualified.domain>, with the sending "
    "domain on the right.",
    ("RFC 5322 section 3.6.4",),
)
MESSAGE_ID_DOMAIN = spec(
    "headers.message_id_domain",
    Severity.INFO,
    Category.STRUCTURE,
    "The Message-ID names a domain unrelated to the sender",
    "Nothing needs fixing if an email service provider sends for you; otherwise generate "
    "Message-IDs under your own domain.",
    ("RFC 5322 section 3.6.4",),
)
FORGED_MAILER = spec(
    "headers.forged_mailer",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The mailer header claims a program that did not write this message",
    "Do not set X-Mailer or User-Agent to imitate a desktop mail program; let the software "
    "that really builds the message name itself.",
    ("SpamAssassin rules FORGED_MUA_OUTLOOK, FORGED_OUTLOOK_TAGS", "RFC 5322 section 3.6.4"),
)
MISSING_MIME_VERSION = spec(
    "headers.missing_mime_version",
    Severity.LOW,
    Category.STRUCTURE,
    "MIME content without a MIME-Version header",
    "Add 'MIME-Version: 1.0' to every message that uses Content-Type or Content-Transfer-Encoding.",
    ("RFC 2045 section 4",),
)
HEADER_BLOCK_LARGE = spec(
    "headers.header_block_large",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The header block is unusually large",
    "Remove bulky custom headers; receivers cap header size (Exchange Online at 256 KB) and "
    "reject or truncate beyond it.",
    (
        "https://learn.microsoft.com/office365/servicedescriptions/exchange-online-"
        "service-description/exchange-online-limits (message limits)",
    ),
)


def _defects(pm: ParsedMessage, *kinds: str) -> list[HeaderDefect]:
    return [d for d in pm.defects if d.kind in kinds]


def _header_line(pm: ParsedMessage, name: str) -> list[str]:
    return [f"{h.name}: {h.value[:300]}" for h in pm.get_all(name)][:3]


# --------------------------------------------------------------------------- required fields


@rule
def required_fields(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    count = f"{len(pm.headers)} header fields, none of them {{}}"
    if _defects(pm, "missing_from"):
        yield MISSING_FROM(
            "Every message must say who wrote it in a From header; this one has none. Gmail "
            "and other large providers reject such messages outright, and mail clients show "
            "them with an empty or made-up sender.",
            [count.format("From")],
        )
    if _defects(pm, "missing_date"):
        yield MISSING_DATE(
            "The message does not say when it was written. Receiving servers may add a Date "
            "themselves, but spam filters score its absence because legitimate mail software "
            "always writes one.",
            [count.format("Date")],
        )
    if _defects(pm, "missing_message_id"):
        yield MISSING_MESSAGE_ID(
            "The message has no Message-ID, the unique label mail systems use to spot "
            "duplicates and thread replies. Gmail refuses messages without a valid one, and "
            "filters treat its absence as a sign of badly written bulk-mail software.",
            [count.format("Message-ID")],
        )


@rule
def duplicate_headers(ctx: AnalysisContext) -> Iterator[Finding]:
    dups = [d for d in ctx.message.defects if d.kind.startswith("duplicate_")]
    if not dups:
        return
    names = sorted({d.detail.split(" appears", 1)[0] for d in dups})
    evidence = [line for d in dups for line in d.evidence]
    if all(n.lower() in _THREADING for n in names):
        # list software (Google Groups) repeats threading fields; nothing a reader sees changes
        yield DUPLICATE(
            f"{', '.join(names)} appear{'s' if len(names) == 1 else ''} more than once. Only "
            "threading is affected (mail apps may group the reply differently); some list "
            "software adds a second copy, and receivers do not refuse mail for it.",
            evidence,
            severity=Severity.LOW,
        )
        return
    yield DUPLICATE(
        f"{', '.join(names)} appear{'s' if len(names) == 1 else ''} more than once. The mail "
        "standard allows each of these only once, because two From or Subject lines leave it "
        "open which one a reader sees; Gmail rejects such messages, and filters treat them "
        "as a sign of forgery.",
        evidence,
    )


#: Fields whose duplicates only confuse threading, never what the reader sees.
_THREADING = frozenset({"in-reply-to", "references"})


# --------------------------------------------------------------------------- dates


def _receipt_time(ctx: AnalysisContext) -> datetime | None:
    """When the recipient's side got the message: the route's receipt time, else the newest
    Received timestamp."""
    if ctx.route.received_at is not None:
        return ctx.route.received_at
    stamps = [h.timestamp for h in ctx.hops if h.timestamp is not None]
    return stamps[-1] if stamps else None


def _span(delta: timedelta) -> str:
    seconds = abs(delta.total_seconds())
    if seconds < 3600:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 86400:.0f} days"


@rule
def date_checks(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if _defects(pm, "unparsable_date"):
        yield DATE_UNPARSABLE(
            "The Date header is written in a form mail software cannot read, so clients may "
            "sort the message wrongly. Spam filters score unreadable dates because genuine "
            "mail programs never produce them.",
            _header_line(pm, "Date"),
        )
    if pm.date is None:
        return
    received = _receipt_time(ctx)
    reference = received or ctx.now
    ahead = pm.date - reference
    if ahead > timedelta(minutes=15):
        against = "it was received" if received else "this analysis"
        yield DATE_FUTURE(
            f"The message claims to have been written {_span(ahead)} after {against}. A clock "
            "this far off is typical of mass-mailing software trying to stay at the top of "
            "the inbox, so spam filters count it against the message.",
            [*_header_line(pm, "Date"), f"reference time: {reference.isoformat()}"],
        )
    if received is not None:
        behind = received - pm.date
        if behind > timedelta(days=4):
            yield DATE_ANCIENT(
                f"The message is dated {_span(behind)} before it arrived. Either it sat in a "
                "queue for a long time, the sender's clock is wrong, or the message is an old "
                "one being re-sent; filters score all three.",
                [*_header_line(pm, "Date"), f"received: {received.isoformat()}"],
                severity=Severity.MEDIUM if behind > timedelta(days=30) else None,
            )


# --------------------------------------------------------------------------- bytes and lines


@rule
def line_and_byte_problems(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    for d in _defects(pm, "line_too_long"):
        yield LINE_TOO_LONG(
            f"{d.detail[0].upper()}{d.detail[1:]}. Servers that meet such lines may cut them, "
            "which corrupts the text or HTML and breaks DKIM signatures; some reject the "
            "message.",
            d.evidence,
        )
    for d in _defects(pm, "8bit_header"):
        invalid = "not valid UTF-8" in d.detail
        yield EIGHT_BIT(
            "Some headers contain non-ASCII characters written as raw bytes"
            + (
                " that are not even valid UTF-8, so each program guesses their meaning "
                "differently (garbled names and subjects)."
                if invalid
                else ". This is allowed only when every server on the way supports SMTPUTF8; "
                "otherwise names and subjects may arrive garbled or the message is refused."
            ),
            [f"fields: {', '.join(d.evidence)}"] if d.evidence else [],
            severity=Severity.MEDIUM if invalid else None,
        )
    bare = _defects(pm, "bare_cr", "bare_lf")
    if bare:
        yield BARE_LINE_ENDING(
            "Lines in mail must end with a carriage return and line feed together. This "
            "message has lone ones ("
            + " and ".join(d.kind.replace("bare_", "bare ").upper() for d in bare)
            + "). Since the 2023 'SMTP smuggling' attacks, many servers reject or rewrite such "
            "messages, and rewriting breaks DKIM signatures.",
            [f"{d.detail}: {e}" for d in bare for e in (d.evidence or ("",))],
        )


@rule
def header_block_size(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    size = sum(len(h.raw) + 2 for h in pm.headers)
    limits = _defects(pm, "too_many_headers", "header_truncated")
    if size <= 100 * 1024 and not limits:
        return
    yield HEADER_BLOCK_LARGE(
        f"The headers alone take {size / 1024:.0f} KB in {len(pm.headers)} fields. Normal "
        "messages need a few kilobytes; receivers limit header size and refuse or cut "
        "messages beyond it.",
        [f"{size} bytes of headers", *(d.detail for d in limits)],
        severity=Severity.HIGH if size > 256 * 1024 else None,
    )


# --------------------------------------------------------------------------- From


@rule
def from_shape(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if not pm.get_all("From"):
        return
    evidence = _header_line(pm, "From")
    usable = [a for a in pm.from_ if "@" in a.address and a.domain]
    if not usable:
        daemon = (
            any(
                a.address.lower() in ("mailer-daemon", "postmaster") or not a.address
                for a in pm.from_
            )
            or "mailer-daemon" in (pm.get("From") or "").lower()
        )
        yield MALFORMED_FROM(
            "The From header contains no usable e-mail address, so the reader cannot see or "
            "answer the real sender, and authentication checks (DMARC) have no domain to test. "
            + (
                "Old mail servers write bounce notices this way; for a bounce it matters little."
                if daemon
                else "Receivers reject or junk such messages."
            ),
            evidence,
            severity=Severity.LOW if daemon else None,
        )
    elif len(pm.from_) > 1 and pm.sender is None:
        yield MALFORMED_FROM(
            f"The From header lists {len(pm.from_)} addresses but there is no Sender header "
            "saying which of them sent the message. The standard requires one, and many "
            "receivers reject messages whose From names several domains because DMARC cannot "
            "decide whose policy applies.",
            evidence,
            severity=Severity.MEDIUM,
        )


# --------------------------------------------------------------------------- MIME

_SERIOUS_MIME = {
    "mime:StartBoundaryNotFoundDefect",
    "mime:CloseBoundaryNotFoundDefect",
    "mime:NoBoundaryInMultipartDefect",
    "mime_too_deep",
    "too_many_parts",
}


@rule
def mime_structure(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    found = [
        d
        for d in pm.defects
        if d.kind.startswith("mime:") or d.kind in _SERIOUS_MIME or d.kind == "missing_separator"
    ]
    if found:
        serious = any(d.kind in _SERIOUS_MIME for d in found)
        yield MIME_DEFECT(
            "The message's internal structure (its MIME parts) is damaged, so mail programs "
            "may show parts of it as raw text, drop attachments, or display something other "
            "than what filters scanned. Filters treat broken structure as a sign of "
            "hand-made or malicious mail.",
            [f"{d.kind}: {d.detail}" for d in found],
            severity=Severity.MEDIUM if serious else None,
        )
    if _defects(pm, "missing_mime_version"):
        yield MISSING_MIME_VERSION(
            "The message uses MIME features (attachments, HTML or encoded text) but does not "
            "declare 'MIME-Version: 1.0'. Programs may then show the raw encoded content, and "
            "filters count the omission as a sign of poor bulk-mail software.",
            _header_line(pm, "Content-Type"),
        )


# --------------------------------------------------------------------------- Message-ID

_MSGID = re.compile(r"^<([^<>@\s]+)@([^<>@\s]+)>$")
_LOCAL_HOST = re.compile(r"(^localhost|\.local|\.localdomain|\.lan|\.home|\.internal)$", re.I)


def _mid_domain(pm: ParsedMessage) -> str | None:
    match = _MSGID.match(pm.message_id or "")
    return match.group(2).lower().strip("[]").rstrip(".") if match else None


@rule
def message_id_checks(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if pm.message_id is None:
        return
    evidence = _header_line(pm, "Message-ID")
    match = _MSGID.match(pm.message_id)
    if not match:
        yield MESSAGE_ID_MALFORMED(
            "The Message-ID is not of the form <unique-part@domain>. Legitimate mail software "
            "always writes that form; filters score anything else as a sign of badly built "
            "or forged mail.",
            evidence,
        )
        return
    domain = _mid_domain(pm) or ""
    person = ctx.evidence.kind.kind in (MessageKind.PERSONAL, MessageKind.LIST_POST)
    if "." not in domain and person:
        return  # RFC 5322's id-right is dot-atom-text: a single label (mutt's @kadam) is valid
    if "." not in domain or _LOCAL_HOST.search(domain):
        yield MESSAGE_ID_MALFORMED(
            f"The Message-ID ends in '{domain}', a machine-local name rather than a real "
            "domain: the message was made on a computer that names itself that way. Personal "
            "mail programs do this harmlessly; bulk mail doing it looks unprofessional.",
            evidence,
            severity=Severity.INFO,
        )
        return
    related = {a.domain for a in pm.from_ if "@" in a.address} | {
        (pm.return_path or "").rpartition("@")[2].lower(),
        *(_dkim_domains(pm)),
    }
    related_orgs = {org_domain(d) for d in related if d}
    if ctx.evidence.kind.kind is MessageKind.LIST_POST:
        return  # the list rewrites From (Google Groups); the ID keeps the author's host
    if related_orgs and org_domain(domain) not in related_orgs:
        yield MESSAGE_ID_DOMAIN(
            f"The Message-ID was made under {domain}, which is neither the From, bounce nor "
            "signing domain. This is normal when a mail service sends on the sender's behalf; "
            "it only tells which system generated the message.",
            [*evidence, *_header_line(pm, "From")],
        )


_DKIM_D = re.compile(r"(?:^|;)\s*d\s*=\s*([^;\s]+)", re.I)


def _dkim_domains(pm: ParsedMessage) -> set[str]:
    out = set()
    for h in pm.get_all("DKIM-Signature"):
        match = _DKIM_D.search(h.value)
        if match:
            out.add(match.group(1).lower().rstrip("."))
    return out


# --------------------------------------------------------------------------- forged mailer

# Outlook 2003 (11) to Outlook 2016+ (16); older versions and Outlook Express wrote other,
# less regular Message-IDs, and servers often replaced them, so they are not judged.
_OUTLOOK_MAILER = re.compile(r"^Microsoft (Office )?Outlook 1[1-6]\.0\b", re.I)
_OUTLOOK_IDS = (
    re.compile(r"\$[0-9a-f]+\$[0-9a-f]+\$?@", re.I),  # Outlook over SMTP: <hex$hex$hex$@dom>
    re.compile(r"@[a-z0-9.-]*(outlook\.com|exchangelabs\.com|outlook\.office365\.com)>$", re.I),
    re.compile(r"^<[0-9a-f]{20,}@", re.I),  # Exchange 2007/2010
    re.compile(r"^<[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@", re.I),  # 2013+
)


@rule
def forged_mailer(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    mailer = pm.get("X-Mailer") or ""
    if not _OUTLOOK_MAILER.search(mailer) or pm.message_id is None:
        return
    if any(p.search(pm.message_id) for p in _OUTLOOK_IDS):
        return
    reasons = [f"X-Mailer: {mailer[:200]}", f"Message-ID: {pm.message_id[:200]}"]
    if not pm.get_all("Thread-Index"):
        reasons.append("no Thread-Index header (Outlook always writes one)")
    yield FORGED_MAILER(
        "The message claims to come from Microsoft Outlook, but its Message-ID has a form "
        "Outlook and Exchange never produce. Bulk-mail software often pretends to be Outlook "
        "to look personal; filters check exactly this mismatch.",
        reasons,
    )
