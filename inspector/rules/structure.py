"""Findings about the octets of the message that no other theme reads: NUL bytes.

A NUL has no place in mail text, and tools disagree about it: some servers refuse the
message, some strip the byte, and scanners that take any NUL for binary data skip the whole
message. The last is why a sender may add one on purpose; this tool reads the message anyway
and says so.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.message import DefectKind
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

NUL_BYTES = spec(
    "structure.nul_bytes",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The message contains NUL (zero) bytes",
    "Find what writes zero bytes into the message (a broken encoder, binary data pasted into "
    "a template) and send binary content as a base64-encoded attachment instead.",
    (
        "RFC 5322 section 3.5 (text excludes NUL; it is allowed only by the obsolete syntax "
        "of section 4.1)",
    ),
)


@rule
def nul_bytes(ctx: AnalysisContext) -> Iterator[Finding]:
    found = [d for d in ctx.message.defects if d.kind is DefectKind.NUL_BYTE]
    if not found:
        return
    yield NUL_BYTES(
        "Mail text has no place for a NUL byte. Receiving servers treat it differently: some "
        "refuse the message, some remove the byte, and content scanners that take any NUL "
        "for binary data may skip the whole message, which is why senders of unwanted mail "
        "add one. This analysis read the message as usual.",
        [found[0].detail, *found[0].evidence],
    )
