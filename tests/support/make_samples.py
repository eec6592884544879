"""Signs the bundled samples with the project's test keys and records their DNS snapshot.

Run it after changing a sample: ``.venv/bin/python -m tests.support.make_samples``. It
(1) adds DKIM signatures to the samples listed in SIGNED (idempotent: an existing signature
by the same d=/s= is replaced), (2) writes the derived samples: the Outlook .msg of the
phishing lure and a DMARC aggregate report, (3) serves SAMPLE_ZONE from a loopback DNS
server and SAMPLE_RDAP from a loopback RDAP server, analyses every sample through them and
saves the DNS and RDAP answers used as resources/samples/dns.json, which lets the app
analyse the samples with no network (registration, domain age and masking included). The
zone is the story each sample tells (an aligned newsletter, a spoofed sender on a dynamic IP
that Spamhaus lists, a list that broke a signature...); tests/resources/test_samples.py
checks the outcome.
"""

from __future__ import annotations

import re
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

from tests.support.dkim_keys import key_txt, sign_for_tests

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

#: file -> signatures to add: (key, d=, s=, headers to sign (over-signing by repeating))
SIGNED: dict[str, list[tuple[str, str, str, tuple[str, ...]]]] = {
    "personal-plain.eml": [
        (
            "rsa2048",
            "example.com",
            "mh2026",
            (
                "from",
                "from",
                "to",
                "subject",
                "subject",
                "date",
                "message-id",
                "mime-version",
                "content-type",
            ),
        ),
    ],
    "newsletter-esp.eml": [
        (
            "rsa2048",
            "northwind-coffee.example",
            "mv1",
            (
                "from",
                "from",
                "reply-to",
                "reply-to",
                "to",
                "subject",
                "subject",
                "date",
                "date",
                "message-id",
                "message-id",
                "mime-version",
                "content-type",
                "content-type",
                "list-unsubscribe",
                "list-unsubscribe",
                "list-unsubscribe-post",
                "list-unsubscribe-post",
                "list-id",
                "feedback-id",
            ),
        ),
        (
            "ed25519",
            "mailvane.example",
            "esp2026",
            (
                "from",
                "to",
                "subject",
                "date",
                "message-id",
                "feedback-id",
                "list-unsubscribe",
                "list-unsubscribe-post",
            ),
        ),
    ],
    "m365-delivered.eml": [
        (
            "rsa2048",
            "brightwater.example",
            "selector1",
            ("from", "to", "subject", "date", "message-id", "content-type", "mime-version"),
        ),
    ],
    "receipt-amazon-ses.eml": [
        (
            "rsa2048",
            "shop.example",
            "ses2026",
            ("from", "to", "subject", "date", "message-id", "content-type", "feedback-id"),
        ),
    ],
    "clock-skew.eml": [
        (
            "rsa2048",
            "supplier.example",
            "s2026",
            ("from", "to", "subject", "date", "message-id", "content-type"),
        ),
    ],
}

ZEN_PBL_XBL = ("127.0.0.11", "127.0.0.4")

#: name, type -> records (TXT as plain text). Everything else is NXDOMAIN.
SAMPLE_ZONE: dict[tuple[str, str], list[str]] = {
    # personal-plain: a person at example.com, aligned SPF and DKIM, p=reject.
    ("example.com", "TXT"): ["v=spf1 ip4:192.0.2.32/27 -all"],
    ("_dmarc.example.com", "TXT"): ["v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com"],
    ("mh2026._domainkey.example.com", "TXT"): [key_txt("rsa2048")],
    ("44.2.0.192.in-addr.arpa", "PTR"): ["mail-ot1-f44.mailhost.example.com."],
    ("mail-ot1-f44.mailhost.example.com", "A"): ["192.0.2.44"],
    ("44.2.0.192.origin.asn.cymru.com", "TXT"): ["64500 | 192.0.2.0/24 | US | arin | 2009-01-12"],
    ("AS64500.asn.cymru.com", "TXT"): ["64500 | US | arin | 2009-01-12 | MAILHOST-EXAMPLE, US"],
    # newsletter: brand domain signs and owns the bounce domain, ESP signs too; p=reject.
    ("bounce.northwind-coffee.example", "TXT"): ["v=spf1 include:spf.mailvane.example -all"],
    ("spf.mailvane.example", "TXT"): ["v=spf1 ip4:198.51.100.16/28 -all"],
    ("_dmarc.northwind-coffee.example", "TXT"): [
        "v=DMARC1; p=reject; sp=reject; adkim=r; aspf=r; rua=mailto:dmarc@northwind-coffee.example"
    ],
    ("mv1._domainkey.northwind-coffee.example", "TXT"): [key_txt("rsa2048")],
    ("esp2026._domainkey.mailvane.example", "TXT"): [key_txt("ed25519")],
    ("23.100.51.198.in-addr.arpa", "PTR"): ["mta23.mailvane.example."],
    ("mta23.mailvane.example", "A"): ["198.51.100.23"],
    ("mta23.mailvane.example", "TXT"): ["v=spf1 a -all"],
    ("23.100.51.198.origin.asn.cymru.com", "TXT"): [
        "64501 | 198.51.100.0/24 | IE | ripencc | 2014-03-03"
    ],
    ("AS64501.asn.cymru.com", "TXT"): ["64501 | IE | ripencc | 2014-03-03 | MAILVANE-EXAMPLE, IE"],
    # m365: a company on Microsoft 365, aligned, p=quarantine.
    ("brightwater.example", "TXT"): ["v=spf1 ip4:198.51.100.40 -all"],
    ("_dmarc.brightwater.example", "TXT"): [
        "v=DMARC1; p=quarantine; rua=mailto:dmarc@brightwater.example"
    ],
    ("selector1._domainkey.brightwater.example", "TXT"): [key_txt("rsa2048")],
    ("40.100.51.198.in-addr.arpa", "PTR"): ["mail.brightwater.example."],
    ("mail.brightwater.example", "A"): ["198.51.100.40"],
    # clock-skew: a supplier with DMARC only monitoring (p=none).
    ("supplier.example", "TXT"): ["v=spf1 ip4:198.51.100.12 -all"],
    ("_dmarc.supplier.example", "TXT"): ["v=DMARC1; p=none"],
    ("s2026._domainkey.supplier.example", "TXT"): [key_txt("rsa2048")],
    ("12.100.51.198.in-addr.arpa", "PTR"): ["relay2.supplier.example."],
    ("relay2.supplier.example", "A"): ["198.51.100.12"],
    # bounce: the null sender is checked as postmaster@HELO.
    ("mx1.shop.example", "TXT"): ["v=spf1 a -all"],
    ("mx1.shop.example", "A"): ["192.0.2.25"],
    ("25.2.0.192.in-addr.arpa", "PTR"): ["mx1.shop.example."],
    # phishing: softfail, no DMARC, dynamic IP listed by Spamhaus (PBL + XBL), domain on DBL.
    ("northbank-verify.test", "TXT"): ["v=spf1 ip4:192.0.2.200 ~all"],
    ("77.113.0.203.in-addr.arpa", "PTR"): ["203-0-113-77.dyn.broadband.example."],
    ("203-0-113-77.dyn.broadband.example", "A"): ["203.0.113.77"],
    ("77.113.0.203.zen.spamhaus.org", "A"): list(ZEN_PBL_XBL),
    ("northbank-verify.test.dbl.spamhaus.org", "A"): ["127.0.1.4"],
    ("77.113.0.203.origin.asn.cymru.com", "TXT"): [
        "64502 | 203.0.113.0/24 | NL | ripencc | 2016-05-20"
    ],
    ("AS64502.asn.cymru.com", "TXT"): [
        "64502 | NL | ripencc | 2016-05-20 | BROADBAND-EXAMPLE-RESIDENTIAL, NL"
    ],
    # receipt: a shop sending through Amazon SES (recognised from the relay the receiver
    # recorded: a real SES host name on a documentation address), aligned.
    ("shop.example", "TXT"): ["v=spf1 ip4:198.51.100.88 -all"],
    ("_dmarc.shop.example", "TXT"): [
        "v=DMARC1; p=quarantine; rua=mailto:dmarc@shop.example; ruf=mailto:dmarc@shop.example"
    ],
    ("ses2026._domainkey.shop.example", "TXT"): [key_txt("rsa2048")],
    ("88.100.51.198.in-addr.arpa", "PTR"): ["a8-23.smtp-out.amazonses.com."],
    ("a8-23.smtp-out.amazonses.com", "A"): ["198.51.100.88"],
    ("88.100.51.198.origin.asn.cymru.com", "TXT"): [
        "64503 | 198.51.100.0/24 | IE | ripencc | 2012-06-01"
    ],
    ("AS64503.asn.cymru.com", "TXT"): ["64503 | IE | ripencc | 2012-06-01 | SESRELAY-EXAMPLE, IE"],
    # the DMARC report's other sources: a forwarder and a spoofer on a dynamic address.
    ("77.2.0.192.in-addr.arpa", "PTR"): ["relay.forwarding.example."],
    ("66.113.0.203.in-addr.arpa", "PTR"): ["203-0-113-66.dyn.broadband.example."],
    ("66.113.0.203.origin.asn.cymru.com", "TXT"): [
        "64502 | 203.0.113.0/24 | NL | ripencc | 2016-05-20"
    ],
    # list: the author's key is published; the list's footer broke the signature.
    ("author.example", "TXT"): ["v=spf1 ip4:203.0.113.140 -all"],
    ("_dmarc.author.example", "TXT"): ["v=DMARC1; p=quarantine"],
    ("s2026._domainkey.author.example", "TXT"): [key_txt("rsa2048")],
    ("lists.example.org", "TXT"): ["v=spf1 ip4:198.51.100.61 -all"],
    ("61.100.51.198.in-addr.arpa", "PTR"): ["mail.lists.example.org."],
    ("mail.lists.example.org", "A"): ["198.51.100.61"],
}

_SENDER_HEADERS = re.compile(
    rb"^(?:date|from|message-id|subject|to):", re.IGNORECASE | re.MULTILINE
)
_SIG = rb"DKIM-Signature: [^\r\n]*(?:\r?\n[ \t][^\r\n]*)*\r?\n"


def _date_epoch(raw: bytes) -> int:
    match = re.search(rb"^Date: ([^\r\n]+)", raw, re.MULTILINE)
    assert match, "sample without Date"
    return int(parsedate_to_datetime(match.group(1).decode()).timestamp())


def _remove_signature(raw: bytes, domain: str, selector: str) -> bytes:
    """Drop an earlier signature by d=/s= so signing again is idempotent."""
    marks = (f"d={domain};".encode(), f"s={selector};".encode())

    def keep_or_drop(match: re.Match[bytes]) -> bytes:
        return b"" if all(m in match.group(0) for m in marks) else match.group(0)

    return re.sub(_SIG, keep_or_drop, raw)


def sign_sample(raw: bytes, signatures: list[tuple[str, str, str, tuple[str, ...]]]) -> bytes:
    """Remove our earlier signatures, then sign again; each signature goes where the sender's
    server would have added it: just above the sender's own header fields."""
    for _key, domain, selector, _h in signatures:
        raw = _remove_signature(raw, domain, selector)
    for key, domain, selector, headers in signatures:
        signature = _signature(raw, key, domain, selector, headers)
        at = _SENDER_HEADERS.search(raw)
        assert at is not None
        raw = raw[: at.start()] + signature + raw[at.start() :]
    return raw


def _signature(raw: bytes, key: str, domain: str, selector: str, headers: tuple[str, ...]) -> bytes:
    """A signature that verifies. dkimpy's header generator folds h= at a fixed width, which
    can split a header name (not allowed by RFC 6376 section 3.5); rotating the list moves the
    fold until it falls on a colon."""
    import dkim

    def key_lookup(name: bytes, timeout: int = 5) -> bytes:  # noqa: ARG001
        return key_txt(key).encode()

    for turn in range(len(headers)):
        order = headers[turn:] + headers[:turn]
        signed = sign_for_tests(
            raw,
            key=key,
            domain=domain,
            selector=selector,
            headers=order,
            timestamp=_date_epoch(raw),
        )
        if dkim.DKIM(signed).verify(dnsfunc=key_lookup):
            return signed[: len(signed) - len(raw)]
    raise RuntimeError(f"no verifying signature for d={domain} s={selector}")


#: registrable domain -> (registrant, redacted): the masking each sample domain shows
SAMPLE_RDAP: dict[str, tuple[dict[str, str], bool]] = {
    "northbank-verify.test": (
        {"fn": "Registration Private", "org": "Domains By Proxy, LLC", "cc": "US"},
        False,
    ),
    "northwind-coffee.example": ({"fn": "REDACTED FOR PRIVACY", "cc": "DE"}, True),
}


def sample_rdap(kind: str, key: str) -> dict[str, object] | None:
    """The loopback RDAP server's answers: the story domains above, a public registrant for
    every other domain, and a network owner for every address (documentation ranges)."""
    from tests.support.rdap_server import rdap_domain

    if kind == "ip":
        return {
            "objectClassName": "ip network",
            "handle": "NET-EXAMPLE",
            "name": "DOCUMENTATION-NET-EXAMPLE",
            "country": "NL" if key.startswith("203.") else "IE",
        }
    registrant, redacted = SAMPLE_RDAP.get(
        key, ({"fn": "Domain Administrator", "org": f"{key} owners", "cc": "GB"}, False)
    )
    return rdap_domain(
        key,
        registered="2016-04-12T08:00:00Z",
        registrant=registrant,
        redacted=redacted,
        remarks=("REDACTED FOR PRIVACY",) if redacted else (),
    )


def write_derived() -> None:
    """The .msg a client saves from Outlook and the DMARC report a receiver sends."""
    import email
    import email.policy

    from tests.support.feedback_reports import dmarc_xml, gzipped
    from tests.support.outlook import MsgAttachment, build_msg

    raw = (SAMPLES / "phishing-display-name.eml").read_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0].decode("utf-8") + "\r\n\r\n"
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    html_part = parsed.get_body(("html",))
    html = html_part.get_content() if html_part is not None else ""
    attachments = tuple(
        MsgAttachment(
            part.get_filename() or "attachment",
            part.get_content_type(),
            bytes(
                part.get_content().encode()
                if part.get_content_maintype() == "text"
                else part.get_content()
            ),
        )
        for part in parsed.iter_attachments()
    )
    msg = build_msg(
        transport_headers=head,
        subject=str(parsed["Subject"]),
        body="",
        html=html.encode("utf-8"),
        attachments=attachments,
    )
    (SAMPLES / "phishing-saved-from-outlook.msg").write_bytes(msg)
    _ok, _aligned = (("shop.example", "pass"),), (("shop.example", "pass"),)
    rows = (
        ("198.51.100.88", 1840, "none", "pass", "pass", _ok, _aligned),
        ("192.0.2.77", 37, "none", "pass", "fail", _ok, (("shop.example", "fail"),)),
        ("203.0.113.66", 212, "quarantine", "fail", "fail", (), (("shop.example", "fail"),)),
    )
    report = dmarc_xml(
        reporter="Inbox Example", report_id="inbox-2026-11-19", begin=1_795_046_400, rows=rows
    )
    name = "inbox.example!shop.example!1795046400!1795132799.xml.gz"
    (SAMPLES / name).write_bytes(gzipped(report))
    print("wrote the .msg and DMARC report samples")


def sign_all() -> None:
    for name, signatures in SIGNED.items():
        path = SAMPLES / name
        path.write_bytes(sign_sample(path.read_bytes(), signatures))
        print(f"signed {path.name}")


def rebuild_mbox() -> None:
    """samples.mbox holds three of the samples, mboxrd-quoted."""
    parts = []
    for name in ("personal-plain.eml", "newsletter-esp.eml", "bounce-dsn.eml"):
        raw = (SAMPLES / name).read_bytes()
        quoted = re.sub(rb"(?m)^(>*From )", rb">\1", raw)
        sep = b"\r\n" if b"\r\n" in raw else b"\n"
        if not quoted.endswith(sep):
            quoted += sep
        parts.append(b"From MAILER-DAEMON Thu Nov 19 16:14:52 2026" + sep + quoted + sep)
    (SAMPLES / "samples.mbox").write_bytes(b"".join(parts))
    print("rebuilt samples.mbox")


def record_snapshot() -> None:
    import tempfile

    from inspector.mailbox.feedback_run import summarise_found
    from inspector.mailbox.in_process import analyze_with_limit
    from inspector.options import AnalysisOptions
    from inspector.parse.feedback_files import FeedbackSplitter
    from inspector.parse.sources import iter_messages
    from inspector.pipeline import Analyzer
    from tests.support.dns_server import LoopbackDns
    from tests.support.rdap_server import RdapServer, write_bootstrap

    snapshot = SAMPLES / "dns.json"
    rdap = RdapServer()
    rdap.fallback = sample_rdap
    rdap.start()
    try:
        with LoopbackDns(SAMPLE_ZONE) as server, tempfile.TemporaryDirectory() as tmp:
            options = AnalysisOptions(
                dns_servers=(server.server_spec,),
                rdap_bootstrap=str(write_bootstrap(Path(tmp), rdap.base_url)),
                save_dns=str(snapshot),
                dns_timeout=1.0,
            )
            splitter = FeedbackSplitter()
            with Analyzer(options) as analyzer:
                items = splitter.split(iter_messages([str(SAMPLES)]))
                for item in analyze_with_limit(analyzer, items, threads=2, message_timeout=None):
                    print(getattr(item, "source", item))
                summarise_found(splitter, analyzer.resolver, options)
        # the loopback server stands for the registries; its port means nothing later
        text = snapshot.read_text("utf-8").replace(rdap.base_url, "https://rdap.example.net/")
        snapshot.write_text(text, "utf-8")
    finally:
        rdap.stop()
    print(f"wrote {snapshot}")


def main(argv: list[str]) -> int:
    if "--snapshot-only" not in argv:
        sign_all()
        rebuild_mbox()
        write_derived()
    record_snapshot()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
