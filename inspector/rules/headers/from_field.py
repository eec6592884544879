"""The From field's shape: one parsable mailbox, as DMARC and receivers require."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.headers.parsed import GMAIL_RFC, header_lines
from inspector.rules.registry import rule, spec

MALFORMED_FROM = spec(
    "headers.malformed_from",
    Severity.HIGH,
    Category.STRUCTURE,
    "The From header does not hold exactly one usable address",
    "Put exactly one mailbox in From (name <user@domain>); when several authors are listed, "
    "add a Sender header naming the one who sent it.",
    ("RFC 5322 section 3.6.2", "RFC 7489 section 6.6.1", GMAIL_RFC),
)


# --------------------------------------------------------------------------- From


@rule
def from_shape(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if not pm.get_all("From"):
        return
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
            header_lines(pm, "From"),
            severity=Severity.LOW if daemon else None,
        )
    elif len(pm.from_) > 1 and pm.sender is None:
        yield MALFORMED_FROM(
            f"The From header lists {len(pm.from_)} addresses but there is no Sender header "
            "saying which of them sent the message. The standard requires one, and many "
            "receivers reject messages whose From names several domains because DMARC cannot "
            "decide whose policy applies.",
            header_lines(pm, "From"),
            severity=Severity.MEDIUM,
        )
