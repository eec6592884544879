"""Translating between our questions and answers and dnspython's: question text -> wire name
and type (or why it cannot be asked), rdata -> record text, SERVFAIL/REFUSED -> a status.
TXT strings are joined and hostile names refused before any packet is sent.
"""

from __future__ import annotations

import dns.name
import dns.rdatatype
import dns.resolver

from inspector.model.codes import DnsStatus


def record_text(rdata: object) -> str:
    """One record as text; TXT strings joined as SPF and DKIM read them."""
    strings = getattr(rdata, "strings", None)
    if isinstance(strings, tuple):  # TXT and SPF: one text, as SPF and DKIM read it
        return b"".join(strings).decode("utf-8", errors="replace")
    return str(rdata)


def servfail_kind(exc: dns.resolver.NoNameservers) -> tuple[DnsStatus, str]:
    """The status and words for a failure every server gave."""
    errors = exc.kwargs.get("errors") or []
    texts = [str(err[3]) for err in errors if len(err) > 3]
    if "REFUSED" in texts:
        return DnsStatus.REFUSED, "server refused the query"
    if "SERVFAIL" in texts:
        return DnsStatus.SERVFAIL, "server failure (SERVFAIL)"
    detail = "; ".join(dict.fromkeys(texts))[:200] or "no server gave a usable answer"
    return DnsStatus.ERROR, detail


def parse_question(name: str, rdtype: str) -> tuple[dns.name.Name, dns.rdatatype.RdataType] | str:
    """The wire form of a question, or the reason it cannot be asked."""
    if not name.strip(". \t"):
        return "empty name"
    try:
        qname = dns.name.from_text(name.strip())
    except dns.name.NameTooLong:
        return "name longer than 255 octets"
    except dns.name.LabelTooLong:
        return "label longer than 63 octets"
    except dns.name.EmptyLabel:
        return "empty label in name"
    except Exception as exc:  # IDNA errors and other syntax problems
        return f"not a valid DNS name ({type(exc).__name__})"
    if qname == dns.name.root:
        return "empty name"
    try:
        qtype = dns.rdatatype.from_text(rdtype.strip())
    except Exception:
        return f"unknown record type {rdtype[:20]!r}"
    if dns.rdatatype.is_metatype(qtype) or qtype == dns.rdatatype.NONE:
        return f"record type {rdtype[:20]!r} cannot be asked"
    return qname, qtype
