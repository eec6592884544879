"""Findings about values no honest sender writes: impossible client addresses, From
addresses that DMARC cannot check, and government greetings from rented servers.

Each one is a fact, not a score: an address like 53.269.15.776 does not exist, a From at
``@correios`` has no top-level domain, ``<"no-reply@brand.example">`` has no domain at all.
Mail software does not produce them by accident; whoever made the message did.
"""

from __future__ import annotations

from collections.abc import Iterator

from inspector.intel.client_ip import client_ip_faults
from inspector.intel.from_address import from_address_fault
from inspector.intel.government_helo import government_helo
from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.identity import FromAddressFault, FromFault, IpFault
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_RFC5322 = "RFC 5322 section 3.4.1 (addr-spec: local-part@domain)"
_DMARC = "RFC 7489 section 3.1 and 6.6.1 (the RFC5322.From domain is the one checked)"
_PSL = "https://publicsuffix.org/ (Public Suffix List, ICANN section)"
_IP = "RFC 791 and RFC 4291 (address formats); RFC 6890 (special-purpose address ranges)"

CLIENT_IP = spec(
    "implausible.client_ip",
    Severity.MEDIUM,
    Category.IDENTITY,
    "A client-IP header holds a value that cannot be the client's address",
    "Nothing for a sender to configure: mail software records the real address. A made-up "
    "value means the headers were written by hand or by a spam tool; treat the message as "
    "forged.",
    (_IP,),
)
FROM_QUOTED_ADDRESS = spec(
    "implausible.from_quoted_address",
    Severity.HIGH,
    Category.IDENTITY,
    "The From address is a quoted address: the reader sees one domain, DMARC checks another",
    "Send from a plain address in your own domain. A quoted local part that looks like a "
    "whole address is a known trick to show a brand's address while escaping its DMARC.",
    (_RFC5322, _DMARC),
)
FROM_ENCODED_ADDRESS = spec(
    "implausible.from_encoded_address",
    Severity.HIGH,
    Category.IDENTITY,
    "The From address is MIME-encoded text, which no valid address can be",
    "Write the address in plain ASCII (or SMTPUTF8); only the display name may be encoded.",
    ("RFC 2047 section 5 (encoded-words are not allowed in an addr-spec)", _DMARC),
)
FROM_NO_DOMAIN = spec(
    "implausible.from_no_domain",
    Severity.MEDIUM,
    Category.IDENTITY,
    "The From address has no domain",
    "Send with a full address (name@your-domain) in From. Without a domain no receiver can "
    "check DMARC, and many reject or junk the message.",
    (_RFC5322, _DMARC),
)
FROM_NO_TLD = spec(
    "implausible.from_no_tld",
    Severity.MEDIUM,
    Category.IDENTITY,
    "The From domain is under no real top-level domain",
    "Send from a registered domain. A domain under a top-level domain that does not exist "
    "cannot publish SPF, DKIM or DMARC, and cannot receive replies.",
    (_RFC5322, _PSL, _DMARC),
)
GOVERNMENT_HELO = spec(
    "implausible.government_helo",
    Severity.HIGH,
    Category.INFRASTRUCTURE,
    "A rented server greeted the receiver with a government domain name",
    "A server should greet (HELO/EHLO) with its own name. Government mail comes from the "
    "government's servers or a named contractor, not from a hosting provider's VPS.",
    ("RFC 5321 section 4.1.1.1 (EHLO gives the client's own name)",),
)


@rule
def client_ip(ctx: AnalysisContext) -> Iterator[Finding]:
    faults = client_ip_faults(ctx.message)
    if not faults:
        return
    first = faults[0]
    impossible = [f for f in faults if f.fault is IpFault.NOT_AN_ADDRESS]
    shown = impossible[0] if impossible else first
    why = {
        IpFault.NOT_AN_ADDRESS: "No such address exists, so no mail software wrote it.",
        IpFault.NOT_ROUTABLE: "Such an address never connects from the internet.",
        IpFault.PRIVATE: (
            "The header records the client that connected from the internet, which cannot "
            "have a private address."
        ),
    }[shown.fault]
    yield CLIENT_IP(
        f"{shown.header} says {shown.value}: {shown.detail}. {why}",
        [f"{f.header}: {f.value}" for f in faults[:5]],
        severity=None if impossible else Severity.LOW,
    )


@rule
def from_address(ctx: AnalysisContext) -> Iterator[Finding]:
    fault = from_address_fault(ctx.message)
    if fault is None:
        return
    evidence = [f"From: {ctx.message.get('From') or ''}"[:300], fault.detail[:300]]
    if fault.fault is FromFault.QUOTED_ADDRESS:
        yield FROM_QUOTED_ADDRESS(_quoted(fault), evidence)
    elif fault.fault is FromFault.ENCODED_ADDRESS:
        yield FROM_ENCODED_ADDRESS(
            f"The From address is written as an encoded-word; {fault.detail}. Receivers find "
            "no domain in it to check DMARC against, while the reader may see a real-looking "
            "address.",
            evidence,
        )
    elif fault.fault is FromFault.NO_TLD:
        yield FROM_NO_TLD(
            f"The From address {fault.address} cannot exist: {fault.detail}. Nobody can "
            f"register {fault.domain}, so it has no SPF, DKIM or DMARC and no mailbox; "
            "receivers cannot check who sent the message.",
            evidence,
        )
    elif ctx.bounce is None:  # an old-style DSN from a bare MAILER-DAEMON is just old
        yield FROM_NO_DOMAIN(
            f"The From address has no domain ({fault.detail}). DMARC checks the From "
            "domain; with none, there is nothing to check, and the reader cannot tell who "
            "sent the message.",
            evidence,
        )


def _quoted(fault: FromAddressFault) -> str:
    where = (
        f"DMARC checks {fault.domain} instead"
        if fault.domain
        else "there is no domain at all, so DMARC has nothing to check"
    )
    return (
        f'The From address is "{fault.shown}" in quotes: to the reader it looks like an '
        f"address at {fault.shown.rpartition('@')[2]}, but it is only the local part of the "
        f"address, and {where}. This is a trick to show a brand's address without passing "
        "that brand's DMARC."
    )


@rule
def government_greeting(ctx: AnalysisContext) -> Iterator[Finding]:
    found = government_helo(ctx.hops, ctx.sender.hops_intel)
    if found is None:
        return
    yield GOVERNMENT_HELO(
        f"The server at {found.ip} introduced itself as {found.helo}, a government domain, "
        f"but {found.hosting}. Government agencies do not send from rented servers; the "
        "name was chosen to look trustworthy.",
        [f"HELO {found.helo} from {found.ip} (hop {found.hop_index})", found.hosting],
    )
