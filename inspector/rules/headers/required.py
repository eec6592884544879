"""Required and unique fields: RFC 5322 requires From and Date, receivers expect a
Message-ID, and Gmail refuses messages that repeat a field that may appear once."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.message import SINGLE_FIELDS, DefectKind
from inspector.rules.context import AnalysisContext
from inspector.rules.headers.parsed import GMAIL_RFC, GOOGLE_GUIDE, RFC5322, recorded_defects
from inspector.rules.registry import rule, spec

MISSING_FROM = spec(
    "headers.missing_from",
    Severity.HIGH,
    Category.STRUCTURE,
    "The message has no From header",
    "Make the sending application always set a From header with one valid address.",
    (RFC5322, GMAIL_RFC),
)
MISSING_DATE = spec(
    "headers.missing_date",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The message has no Date header",
    "Make the sending application add a Date header with the time the message was written.",
    (RFC5322, "RFC 5322 section 3.6.1"),
)
MISSING_MESSAGE_ID = spec(
    "headers.missing_message_id",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The message has no Message-ID header",
    "Have the sending application (or its first mail server) add a unique Message-ID such as "
    "<unique-part@your-domain>.",
    ("RFC 5322 section 3.6.4", GMAIL_RFC, GOOGLE_GUIDE),
)
DUPLICATE = spec(
    "headers.duplicate_header",
    Severity.HIGH,
    Category.STRUCTURE,
    "A header that may appear only once appears several times",
    "Fix the sending application or template so each of From, To, Cc, Subject, Date, "
    "Message-ID, Sender, Reply-To is written exactly once.",
    (RFC5322, GMAIL_RFC),
)


# --------------------------------------------------------------------------- required fields


#: (defect the parser recorded, field, finding, why it matters) for each required field.
_REQUIRED = (
    (
        DefectKind.MISSING_FROM,
        "From",
        MISSING_FROM,
        "Every message must say who wrote it in a From header; this one has none. Gmail "
        "and other large providers reject such messages outright, and mail clients show "
        "them with an empty or made-up sender.",
    ),
    (
        DefectKind.MISSING_DATE,
        "Date",
        MISSING_DATE,
        "The message does not say when it was written. Receiving servers may add a Date "
        "themselves, but spam filters score its absence because legitimate mail software "
        "always writes one.",
    ),
    (
        DefectKind.MISSING_MESSAGE_ID,
        "Message-ID",
        MISSING_MESSAGE_ID,
        "The message has no Message-ID, the unique label mail systems use to spot "
        "duplicates and thread replies. Gmail refuses messages without a valid one, and "
        "filters treat its absence as a sign of badly written bulk-mail software.",
    ),
)


@rule
def required_fields(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    for defect, field, finding, why in _REQUIRED:
        if recorded_defects(pm, defect):
            yield finding(why, [f"{len(pm.headers)} header fields, none of them {field}"])


@rule
def duplicate_headers(ctx: AnalysisContext) -> Iterator[Finding]:
    dups = [d for d in ctx.message.defects if d.kind in SINGLE_FIELDS.values()]
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
