"""The header block as it travelled: line length, raw 8-bit bytes, bare CR/LF line endings
and an oversized header block, which many servers refuse before reading anything else."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.message import DefectKind
from inspector.rules.context import AnalysisContext
from inspector.rules.headers.parsed import recorded_defects
from inspector.rules.registry import rule, spec

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


# --------------------------------------------------------------------------- bytes and lines


@rule
def line_and_byte_problems(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    for d in recorded_defects(pm, DefectKind.LINE_TOO_LONG):
        yield LINE_TOO_LONG(
            f"{d.detail[0].upper()}{d.detail[1:]}. Servers that meet such lines may cut them, "
            "which corrupts the text or HTML and breaks DKIM signatures; some reject the "
            "message.",
            d.evidence,
        )
    for d in recorded_defects(pm, DefectKind.EIGHT_BIT_HEADER):
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
    bare = recorded_defects(pm, DefectKind.BARE_CR, DefectKind.BARE_LF)
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
    size = sum([len(h.raw) for h in pm.headers]) + 2 * len(pm.headers)
    limits = recorded_defects(pm, DefectKind.TOO_MANY_HEADERS, DefectKind.HEADER_TRUNCATED)
    if size <= 100 * 1024 and not limits:
        return
    yield HEADER_BLOCK_LARGE(
        f"The headers alone take {size / 1024:.0f} KB in {len(pm.headers)} fields. Normal "
        "messages need a few kilobytes; receivers limit header size and refuse or cut "
        "messages beyond it.",
        [f"{size} bytes of headers", *(d.detail for d in limits)],
        severity=Severity.HIGH if size > 256 * 1024 else None,
    )
