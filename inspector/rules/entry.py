"""Findings about the host that handed the message to the recipient, read from the entry
Received header as the receiver recorded it (no DNS needed; the facts come from
``inspector.intel.entry_host``). Receivers weigh the sending host's name heavily: mail from a
generically named or rented server, or one whose greeting names another machine, looks like
it came from a compromised or throwaway server rather than a mail system."""

from __future__ import annotations

from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.evidence import EntryHostFact
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_M3AAWG = (
    "https://www.m3aawg.org/sites/default/files/document/"
    "M3AAWG_Best_Practices_for_rDNS_2019.pdf (M3AAWG reverse DNS best practices)"
)
_RFC5321 = "RFC 5321 section 4.1.1.1 (EHLO names the client host)"

GENERIC_NAME = spec(
    "entry.generic_name",
    Severity.MEDIUM,
    Category.INFRASTRUCTURE,
    "The sending server has a generic or dynamic host name",
    "Send from a server whose reverse DNS and HELO are a proper name in your own domain "
    "(mail.example.com), forward-confirmed, or through a mail platform. Generic names that "
    "embed the address are what receivers expect from home connections and rented servers.",
    (_M3AAWG, _RFC5321),
)
HOSTING_SERVER = spec(
    "entry.hosting_server",
    Severity.LOW,
    Category.INFRASTRUCTURE,
    "Sent straight from a rented cloud or hosting server",
    "Relay the mail through your organisation's mail service or an e-mail platform, or give "
    "the server a mail identity of its own (reverse DNS and HELO in your domain, SPF, DKIM). "
    "Receivers distrust mail that comes directly from cloud servers anyone can rent.",
    (_M3AAWG,),
)
HELO_WRONG_ADDRESS = spec(
    "entry.helo_wrong_address",
    Severity.MEDIUM,
    Category.INFRASTRUCTURE,
    "The server's greeting names a different IP address from the one it connected from",
    "Configure the server's HELO/EHLO name to its own host name, one that resolves to the "
    "address it sends from; a greeting copied from another machine looks forged.",
    (_RFC5321,),
)
HELO_UNRELATED = spec(
    "entry.helo_unrelated",
    Severity.LOW,
    Category.INFRASTRUCTURE,
    "The server greeted with a domain that has nothing to do with the message",
    "Have the sending server greet with its own host name in the sender's domain or the "
    "platform's domain; a third party's name in HELO looks like a borrowed or compromised "
    "server.",
    (_RFC5321,),
)


def _entry_evidence(entry: EntryHostFact) -> list[str]:
    lines = [f"connecting IP: {entry.ip}", f"HELO: {entry.helo or '(none recorded)'}"]
    if entry.rdns:
        lines.append(f"reverse DNS recorded by the receiver: {entry.rdns}")
    return [line[:300] for line in lines]


@rule
def generic_name(ctx: AnalysisContext) -> Iterator[Finding]:
    entry = ctx.evidence.entry
    if entry is None or not entry.generic_name:
        return
    yield GENERIC_NAME(
        f"At the recipient's door, {entry.generic_name}. That is how access providers and "
        "cloud hosts name machines that were never set up as mail servers.",
        _entry_evidence(entry),
    )


@rule
def hosting_server(ctx: AnalysisContext) -> Iterator[Finding]:
    entry = ctx.evidence.entry
    if entry is None or not entry.hosting or ctx.sender.platform is not None:
        return
    yield HOSTING_SERVER(
        f"The host that delivered the message is named as a server of {entry.hosting}, and "
        "no mail platform was recognised. Mail sent directly from rented servers is a common "
        "source of spam, so receivers judge it harder.",
        _entry_evidence(entry),
    )


@rule
def helo_wrong_address(ctx: AnalysisContext) -> Iterator[Finding]:
    entry = ctx.evidence.entry
    if entry is None or not entry.embedded_ip:
        return
    yield HELO_WRONG_ADDRESS(
        f"The HELO name {entry.helo} names the address {entry.embedded_ip}, but the server "
        f"connected from {entry.ip}: the greeting was made for another machine.",
        _entry_evidence(entry),
    )


@rule
def helo_unrelated(ctx: AnalysisContext) -> Iterator[Finding]:
    entry = ctx.evidence.entry
    if entry is None or not entry.unrelated_helo or entry.generic_name or entry.embedded_ip:
        return
    yield HELO_UNRELATED(
        f"The sending server greeted as {entry.helo}, in {entry.unrelated_helo}, which is "
        "neither the sender's domain, the envelope's, a DKIM signer's, the list's nor the "
        "server's recorded reverse name, and no mail platform explains it.",
        _entry_evidence(entry),
    )
