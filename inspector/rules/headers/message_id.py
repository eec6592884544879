"""The Message-ID: its RFC 5322 shape and whether its domain belongs to the sender,
since filters score IDs minted by local hosts or unrelated domains."""

from __future__ import annotations

import re
from collections.abc import Iterator

from inspector.auth.orgdomain import org_domain
from inspector.model.codes import Category, MessageKind, Severity
from inspector.model.findings import Finding
from inspector.model.message import ParsedMessage
from inspector.rules.context import AnalysisContext
from inspector.rules.headers.parsed import header_lines
from inspector.rules.registry import rule, spec

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


# --------------------------------------------------------------------------- Message-ID

_MSGID = re.compile(r"^<([^<>@\s]+)@([^<>@\s]+)>$")
_LOCAL_HOST = re.compile(r"(^localhost|\.local|\.localdomain|\.lan|\.home|\.internal)$", re.I)


@rule
def message_id_checks(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    if pm.message_id is None:
        return
    match = _MSGID.match(pm.message_id)
    if not match:
        yield MESSAGE_ID_MALFORMED(
            "The Message-ID is not of the form <unique-part@domain>. Legitimate mail software "
            "always writes that form; filters score anything else as a sign of badly built "
            "or forged mail.",
            header_lines(pm, "Message-ID"),
        )
        return
    domain = match.group(2).lower().strip("[]").rstrip(".")
    person = ctx.evidence.kind.kind in (MessageKind.PERSONAL, MessageKind.LIST_POST)
    if "." not in domain and person:
        return  # RFC 5322's id-right is dot-atom-text: a single label (mutt's @kadam) is valid
    if "." not in domain or _LOCAL_HOST.search(domain):
        yield MESSAGE_ID_MALFORMED(
            f"The Message-ID ends in '{domain}', a machine-local name rather than a real "
            "domain: the message was made on a computer that names itself that way. Personal "
            "mail programs do this harmlessly; bulk mail doing it looks unprofessional.",
            header_lines(pm, "Message-ID"),
            severity=Severity.INFO,
        )
        return
    if ctx.evidence.kind.kind is MessageKind.LIST_POST:
        return  # the list rewrites From (Google Groups); the ID keeps the author's host
    related = {a.domain for a in pm.from_ if "@" in a.address} | {
        (pm.return_path or "").rpartition("@")[2].lower(),
        *(_dkim_domains(pm)),
    }
    related_orgs = {org_domain(d) for d in related if d}
    if related_orgs and org_domain(domain) not in related_orgs:
        yield MESSAGE_ID_DOMAIN(
            f"The Message-ID was made under {domain}, which is neither the From, bounce nor "
            "signing domain. This is normal when a mail service sends on the sender's behalf; "
            "it only tells which system generated the message.",
            [*header_lines(pm, "Message-ID"), *header_lines(pm, "From")],
        )


_DKIM_D = re.compile(r"(?:^|;)\s*d\s*=\s*([^;\s]+)", re.I)


def _dkim_domains(pm: ParsedMessage) -> set[str]:
    out = set()
    for h in pm.get_all("DKIM-Signature"):
        match = _DKIM_D.search(h.value)
        if match:
            out.add(match.group(1).lower().rstrip("."))
    return out
