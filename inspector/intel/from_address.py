"""From addresses that DMARC cannot check as the reader sees them.

DMARC protects the domain of the RFC 5322 From address. A From with no domain
(``MAILER-DAEMON``, ``<>``), with a domain under no real top-level domain
(``notificacoes@correios``), or whose local part is a quoted whole address
(``<"no-reply@brand.example">``, or ``"no-reply@brand.example"@other.example``) escapes that
check: the reader sees a brand's address, while the receiver finds either no domain to look
up or an unrelated one. Receivers that cannot apply DMARC often let such mail through.

Top-level domains are checked against the ICANN section of the Public Suffix List (bundled,
offline). The names reserved for documentation and testing (RFC 2606: example, test,
invalid, localhost) are left alone: they never occur in live mail, and sample messages use
them on purpose.
"""

from __future__ import annotations

import re
from functools import lru_cache

from inspector.auth.orgdomain import icann_suffix_list, normalize_domain
from inspector.model.identity import FromAddressFault, FromFault
from inspector.model.message import ParsedMessage

_RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost"})
_ADDRESS = re.compile(r"^[^@\s\"]{1,64}@((?:[^@\s\".]{1,63}\.)+[^@\s\".]{2,63})$")
_MAX_ADDRESS = 320


def split_address(addr_spec: str) -> tuple[str, str | None]:
    """(local part, domain) at the last ``@`` outside quotes; domain None when there is
    no such ``@`` (``"a@b.example"`` alone is a local part only)."""
    if '"' not in addr_spec[:_MAX_ADDRESS]:
        at = addr_spec.rfind("@", 0, _MAX_ADDRESS)  # nothing quoted: the last @ it is
        return (addr_spec, None) if at < 0 else (addr_spec[:at], addr_spec[at + 1 :])
    quoted = False
    escaped = False
    at = -1
    for i, ch in enumerate(addr_spec[:_MAX_ADDRESS]):
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "@" and not quoted:
            at = i
    if at < 0:
        return addr_spec, None
    return addr_spec[:at], addr_spec[at + 1 :]


def from_address_fault(message: ParsedMessage) -> FromAddressFault | None:
    """What makes the From address uncheckable, or None for an ordinary address."""
    raw = (message.get("From") or "").strip()
    if not message.from_:
        if raw and re.fullmatch(r"<\s*>", raw):
            return FromAddressFault(FromFault.EMPTY, "", "", "", "the From header is <>")
        return None  # no From at all is a header matter, reported where headers are
    address = message.from_[0].address.strip()[:_MAX_ADDRESS]
    if address.startswith("=?"):
        shown = raw[:_MAX_ADDRESS]
        detail = (
            "the address is an RFC 2047 encoded-word, which is not allowed in an address; "
            f"some mail apps decode it and show {shown}"
        )
        return FromAddressFault(FromFault.ENCODED_ADDRESS, address, shown, "", detail)
    local, domain = split_address(address)
    quoted = local[1:-1] if len(local) >= 2 and local[0] == local[-1] == '"' else ""
    inner = _ADDRESS.match(quoted.strip())
    if inner is not None and (domain is None or _org(inner.group(1)) != _org(domain)):
        shown = quoted.strip()
        real = domain or ""
        where = f"the domain checked is {real}" if real else "there is no domain to check"
        detail = f'the local part is the quoted address "{shown}"; {where}'
        return FromAddressFault(FromFault.QUOTED_ADDRESS, address, shown, real.lower(), detail)
    if domain is None:
        return FromAddressFault(
            FromFault.NO_DOMAIN, address, address, "", f"{address} has no @domain"
        )
    return _domain_fault(address, domain)


def _domain_fault(address: str, domain: str) -> FromAddressFault | None:
    if domain.startswith("[") and domain.endswith("]"):
        return None  # an address literal: odd, but a real, routable form (RFC 5321 4.1.3)
    name = normalize_domain(domain)
    if name is None:
        return FromAddressFault(
            FromFault.NOT_A_DOMAIN,
            address,
            address,
            domain.lower(),
            f"{domain[:80]} is not a domain name",
        )
    tld = name.rpartition(".")[2]
    if tld in _RESERVED_TLDS:
        return None
    if not _under_real_tld(name):
        why = f".{tld} is not a top-level domain" if "." in name else f"{name} has no dot"
        return FromAddressFault(FromFault.NO_TLD, address, address, name, why)
    return None


@lru_cache(maxsize=4096)
def _under_real_tld(name: str) -> bool:
    """Cached per name (at most 253 characters): a mailbox repeats its senders' domains."""
    return icann_suffix_list().publicsuffix(name, accept_unknown=False) is not None


def _org(domain: str) -> str:
    """The registrable part, good enough to tell the quoted domain from the real one."""
    name = normalize_domain(domain) or domain.lower()
    found = icann_suffix_list().privatesuffix(name)
    return str(found or name)
