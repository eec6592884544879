"""Precedence and Auto-Submitted values outside what receivers and RFC 3834 know."""

from __future__ import annotations

import re
from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_AUTO_SUBMITTED = frozenset({"no", "auto-generated", "auto-replied", "auto-notified"})
_PRECEDENCE = frozenset({"bulk", "list", "junk"})
PRECEDENCE_NONSTANDARD = spec(
    "bulk.precedence_nonstandard",
    Severity.INFO,
    Category.BULK,
    "The Precedence header has a value receivers do not recognise",
    "Use Precedence: bulk (or list) for bulk mail, or leave the header out; values such as "
    "'high' or 'first-class' are ignored or look home-made.",
    ("RFC 2076 section 3.9 (Precedence, informational)", "RFC 3834 section 2"),
)
AUTO_SUBMITTED_INVALID = spec(
    "bulk.auto_submitted_invalid",
    Severity.LOW,
    Category.BULK,
    "The Auto-Submitted header has an invalid value",
    "Use one of the registered values: no, auto-generated, auto-replied (RFC 3834) or "
    "auto-notified (RFC 5436).",
    ("RFC 3834 section 5", "RFC 5436 section 2.7.1"),
)


@rule
def precedence_nonstandard(ctx: AnalysisContext) -> Iterator[Finding]:
    value = ctx.message.get("Precedence")
    if value is None or value.strip().lower() in _PRECEDENCE:
        return
    yield PRECEDENCE_NONSTANDARD(
        f'"Precedence: {value.strip()[:60]}" is not a value mail software understands (bulk, '
        "list and junk are). It does no harm by itself but is a mark of home-made bulk "
        "tools.",
        [f"Precedence: {value}"[:200]],
    )


@rule
def auto_submitted_invalid(ctx: AnalysisContext) -> Iterator[Finding]:
    value = ctx.message.get("Auto-Submitted")
    if value is None:
        return
    # the keyword, without parameters (";") or a comment ("auto-generated (failure)")
    keyword = re.split(r"[\s;(]", value.strip(), maxsplit=1)[0].lower()
    if keyword in _AUTO_SUBMITTED:
        return
    yield AUTO_SUBMITTED_INVALID(
        f'"Auto-Submitted: {value.strip()[:60]}" is not a registered value, so auto-'
        "responders may not recognise the message as automatic and may answer it (mail "
        "loops, backscatter).",
        [f"Auto-Submitted: {value}"[:200]],
    )
