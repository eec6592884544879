"""Mailer consistency: an X-Mailer claiming a desktop client whose traits the message
lacks, a classic ratware signature."""

from __future__ import annotations

import re
from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

FORGED_MAILER = spec(
    "headers.forged_mailer",
    Severity.MEDIUM,
    Category.STRUCTURE,
    "The mailer header claims a program that did not write this message",
    "Do not set X-Mailer or User-Agent to imitate a desktop mail program; let the software "
    "that really builds the message name itself.",
    ("SpamAssassin rules FORGED_MUA_OUTLOOK, FORGED_OUTLOOK_TAGS", "RFC 5322 section 3.6.4"),
)


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
