"""MIME structure: defects the parser met and a missing MIME-Version, which make
receivers and clients guess how to show the message."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.message import DefectKind
from inspector.rules.context import AnalysisContext
from inspector.rules.headers.parsed import header_lines, recorded_defects
from inspector.rules.registry import rule, spec

MIME_DEFECT = spec(
    "headers.mime_defect",
    Severity.LOW,
    Category.STRUCTURE,
    "The MIME structure is broken",
    "Build the message with a mail library rather than by hand, and make sure every "
    "multipart has a boundary that appears, and is closed, in the body.",
    ("RFC 2045", "RFC 2046 section 5.1"),
)
MISSING_MIME_VERSION = spec(
    "headers.missing_mime_version",
    Severity.LOW,
    Category.STRUCTURE,
    "MIME content without a MIME-Version header",
    "Add 'MIME-Version: 1.0' to every message that uses Content-Type or Content-Transfer-Encoding.",
    ("RFC 2045 section 4",),
)


# --------------------------------------------------------------------------- MIME

_SERIOUS_MIME = {
    "mime:StartBoundaryNotFoundDefect",
    "mime:CloseBoundaryNotFoundDefect",
    "mime:NoBoundaryInMultipartDefect",
    DefectKind.MIME_TOO_DEEP,
    DefectKind.TOO_MANY_PARTS,
}


@rule
def mime_structure(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    found = [
        d
        for d in pm.defects
        if not isinstance(d.kind, DefectKind)
        or d.kind in _SERIOUS_MIME
        or d.kind is DefectKind.MISSING_SEPARATOR
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
    if recorded_defects(pm, DefectKind.MISSING_MIME_VERSION):
        yield MISSING_MIME_VERSION(
            "The message uses MIME features (attachments, HTML or encoded text) but does not "
            "declare 'MIME-Version: 1.0'. Programs may then show the raw encoded content, and "
            "filters count the omission as a sign of poor bulk-mail software.",
            header_lines(pm, "Content-Type"),
        )
