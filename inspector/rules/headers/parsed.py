"""What every header rule reads from the parse: the recorded defects and the header lines
quoted as evidence, plus the references several header findings cite."""

from __future__ import annotations

from inspector.model.message import DefectKind, HeaderDefect, ParsedMessage

RFC5322 = "RFC 5322 section 3.6"
GMAIL_RFC = (
    "https://support.google.com/mail/?p=RfcMessageNonCompliant "
    "(Gmail: messages must follow RFC 5322)"
)
GOOGLE_GUIDE = "https://support.google.com/a/answer/81126 (Google sender guidelines)"


def recorded_defects(pm: ParsedMessage, *kinds: DefectKind) -> list[HeaderDefect]:
    return [d for d in pm.defects if d.kind in kinds]


def header_lines(pm: ParsedMessage, name: str) -> list[str]:
    return [f"{h.name}: {h.value[:300]}" for h in pm.get_all(name)][:3]
