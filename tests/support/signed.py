"""DKIM-signed test messages with the DNS zone that authenticates them.

A ``SignedCase`` is one message written by the project (our own keys from tests/support/keys,
documentation-range addresses and ``.example`` domains) plus every record its authentication
needs: the DKIM key, SPF for the Return-Path domain and the HELO name, DMARC for the From
domain and a PTR/A pair for the relay. ``serve`` loads a case into a ``LoopbackDns`` so the
end-to-end tests run the real resolver against a real server on 127.0.0.1.

The relay path has three Received headers: the sender's submission (loopback, never the
boundary), the sender's outbound relay handing the message to the recipient's MX (the trust
boundary: its client IP and HELO are what SPF judges) and a final LMTP delivery.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from tests.support.dkim_keys import arc_seal_for_tests, key_txt, sign_for_tests
from tests.support.dns_server import LoopbackDns

RECIPIENT = "alice@inbox.example"
MX = "mx.inbox.example"
STORE = "store.inbox.example"
_DATE = "Tue, 03 Mar 2026 10:00:00 +0000"
SIGNED_AT = 1772532000  # _DATE as a Unix time: t= agrees with the Received times


@dataclass(frozen=True)
class SignedCase:
    """One message and the zone data that makes it authenticate (or, on purpose, not)."""

    name: str
    raw: bytes
    domain: str  # From / DKIM d= / Return-Path domain
    selector: str
    key: str  # one of tests.support.dkim_keys.KEYS
    client_ip: str
    helo: str
    records: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    @property
    def from_address(self) -> str:
        return f"news@{self.domain}"


def _reverse_name(ip: str) -> str:
    return ".".join(reversed(ip.split("."))) + ".in-addr.arpa"


def build_message(
    *,
    domain: str,
    client_ip: str,
    helo: str,
    subject: str = "Your March statement",
    body: str = "Hello Alice,\r\n\r\nyour statement is ready.\r\n",
    return_domain: str | None = None,
    to: str = RECIPIENT,
) -> bytes:
    """An unsigned message whose boundary hop is ``helo [client_ip]`` -> the recipient's MX."""
    bounce = return_domain or domain
    lines = [
        f"Received: from {MX} ({MX} [10.1.2.3]) by {STORE} with LMTP id 7Q1;",
        f"\t{_DATE.replace('10:00:00', '10:00:03')}",
        f"Received: from {helo} ({helo} [{client_ip}])",
        f"\tby {MX} (Postfix) with ESMTPS id 4Rk2;",
        f"\t{_DATE.replace('10:00:00', '10:00:02')}",
        "Received: from [127.0.0.1] (localhost [127.0.0.1])",
        f"\tby {helo} (Postfix) with ESMTPSA id 9Zx1;",
        f"\t{_DATE.replace('10:00:00', '10:00:01')}",
        f"Return-Path: <bounce@{bounce}>",
        f"From: Example News <news@{domain}>",
        f"To: Alice <{to}>",
        f"Subject: {subject}",
        f"Date: {_DATE}",
        f"Message-ID: <statement.{zlib.crc32(subject.encode()):08x}@{domain}>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "",
    ]
    return "\r\n".join(lines).encode("utf-8") + body.encode("utf-8")


def signed_case(
    name: str,
    *,
    domain: str,
    key: str = "rsa2048",
    client_ip: str = "192.0.2.25",
    dmarc: str = "v=DMARC1; p=reject; rua=mailto:dmarc@{domain}",
    spf: str | None = "v=spf1 ip4:{ip} -all",
    subject: str = "Your March statement",
) -> SignedCase:
    """A message from ``domain``, signed with ``key`` (selector = key name), whose zone passes
    DKIM, SPF (MAIL FROM and HELO) and DMARC with the given records."""
    helo = f"mail.{domain}"
    raw = sign_for_tests(
        build_message(domain=domain, client_ip=client_ip, helo=helo, subject=subject),
        key=key,
        domain=domain,
        timestamp=SIGNED_AT,
    )
    records: dict[tuple[str, str], list[str]] = {
        (f"{key}._domainkey.{domain}", "TXT"): [key_txt(key)],
        (f"_dmarc.{domain}", "TXT"): [dmarc.format(domain=domain)],
        (helo, "A"): [client_ip],
        (_reverse_name(client_ip), "PTR"): [helo + "."],
    }
    if spf is not None:
        records[(domain, "TXT")] = [spf.format(ip=client_ip, domain=domain)]
        records[(helo, "TXT")] = [f"v=spf1 ip4:{client_ip} -all"]
    return SignedCase(name, raw, domain, key, key, client_ip, helo, records)


def spoofed_case(
    name: str,
    *,
    from_domain: str,
    signer: str = "bulk.example",
    client_ip: str = "203.0.113.66",
) -> SignedCase:
    """A message claiming ``from_domain`` but signed by ``signer`` and sent with ``signer``'s
    Return-Path from an address ``signer``'s SPF does not list: DKIM and SPF results exist,
    but neither aligns with the From domain and SPF fails, so DMARC fails."""
    helo = f"relay.{signer}"
    message = build_message(
        domain=from_domain,
        client_ip=client_ip,
        helo=helo,
        subject="Urgent: confirm your account",
        return_domain=signer,
    )
    raw = sign_for_tests(message, key="rsa2048", domain=signer, timestamp=SIGNED_AT)
    records: dict[tuple[str, str], list[str]] = {
        (f"rsa2048._domainkey.{signer}", "TXT"): [key_txt("rsa2048")],
        (signer, "TXT"): ["v=spf1 ip4:198.51.100.0/24 -all"],
    }
    return SignedCase(name, raw, signer, "rsa2048", "rsa2048", client_ip, helo, records)


def arc_sealed(case: SignedCase, *, sealer: str = "inbox.example") -> SignedCase:
    """``case`` as the recipient's MX saw it: its Authentication-Results, then an ARC set
    sealed by ``sealer`` with the RSA-2048 test key (selector ``rsa2048``)."""
    ar = (
        f"Authentication-Results: {MX}; dkim=pass header.d={case.domain};"
        f" spf=pass smtp.mailfrom={case.domain}; dmarc=pass header.from={case.domain}\r\n"
    ).encode()
    raw = arc_seal_for_tests(ar + case.raw, domain=sealer, srv_id=MX)
    records = dict(case.records)
    records[(f"rsa2048._domainkey.{sealer}", "TXT")] = [key_txt("rsa2048")]
    return replace(case, name=case.name + "-arc", raw=raw, records=records)


def tamper_body(raw: bytes) -> bytes:
    """The same message with one word of the body changed after signing."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    return head + sep + body.replace(b"ready", b"READY", 1)


def serve(server: LoopbackDns, cases: Iterable[SignedCase]) -> None:
    """Publish every record of ``cases`` on ``server``."""
    for case in cases:
        for (name, rdtype), values in case.records.items():
            for value in values:
                server.add(name, rdtype, value)
