"""DMARC aggregate (RFC 7489 appendix C, DMARCbis) and TLS (RFC 8460) reports written for
tests and samples, with reserved names and documentation addresses only."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from email.message import EmailMessage

#: (source ip, count, disposition, dkim aligned, spf aligned, dkim results, spf results)
Row = tuple[str, int, str, str, str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]

_SIGNED = (("shop.example", "pass"),)
ROWS: tuple[Row, ...] = (
    # the domain's ESP: aligned DKIM and SPF
    ("198.51.100.23", 120, "none", "pass", "pass", _SIGNED, (("bounce.shop.example", "pass"),)),
    # a forwarder: DKIM survived, SPF failed
    ("192.0.2.77", 9, "none", "pass", "fail", _SIGNED, (("shop.example", "fail"),)),
    # a spoofer
    ("203.0.113.66", 14, "reject", "fail", "fail", (), (("shop.example", "fail"),)),
)


def dmarc_xml(
    *,
    reporter: str = "Receiver Example",
    report_id: str = "rpt-0001",
    domain: str = "shop.example",
    begin: int = 1_793_750_400,
    rows: tuple[Row, ...] = ROWS,
    dmarcbis: bool = False,
) -> bytes:
    records = []
    for ip, count, disposition, dkim, spf, dkim_results, spf_results in rows:
        auth = "".join(
            f"<dkim><domain>{d}</domain><selector>s1</selector><result>{r}</result></dkim>"
            for d, r in dkim_results
        ) + "".join(
            f"<spf><domain>{d}</domain><scope>mfrom</scope><result>{r}</result></spf>"
            for d, r in spf_results
        )
        records.append(
            f"<record><row><source_ip>{ip}</source_ip><count>{count}</count>"
            f"<policy_evaluated><disposition>{disposition}</disposition><dkim>{dkim}</dkim>"
            f"<spf>{spf}</spf></policy_evaluated></row>"
            f"<identifiers><header_from>{domain}</header_from></identifiers>"
            f"<auth_results>{auth}</auth_results></record>"
        )
    ns = ' xmlns="urn:ietf:params:xml:ns:dmarc-2.0"' if dmarcbis else ""
    version = "<version>1.0</version>" if dmarcbis else ""
    pct = "" if dmarcbis else "<pct>100</pct>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<feedback{ns}>{version}'
        f"<report_metadata><org_name>{reporter}</org_name>"
        f"<email>noreply-dmarc@{reporter.split(maxsplit=1)[0].lower()}.example</email>"
        f"<report_id>{report_id}</report_id><date_range><begin>{begin}</begin>"
        f"<end>{begin + 86399}</end></date_range></report_metadata>"
        f"<policy_published><domain>{domain}</domain><adkim>r</adkim><aspf>r</aspf>"
        f"<p>quarantine</p><sp>quarantine</sp>{pct}</policy_published>"
        + "".join(records)
        + "</feedback>\n"
    ).encode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 3, 0, 0, 0))
        archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def report_email(attachments: list[tuple[str, str, bytes]], domain: str = "shop.example") -> bytes:
    """A report e-mail as receivers send them (RFC 7489 section 7.2.1.1 subject)."""
    msg = EmailMessage()
    msg["From"] = "noreply-dmarc@receiver.example"
    msg["To"] = f"dmarc@{domain}"
    msg["Subject"] = f"Report Domain: {domain} Submitter: receiver.example Report-ID: <rpt-0001>"
    msg["Date"] = "Wed, 04 Nov 2026 02:00:00 +0000"
    msg["Message-ID"] = "<report-0001@receiver.example>"
    msg.set_content("This is an aggregate report from receiver.example.")
    for name, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(msg)


def tls_report(domain: str = "shop.example") -> bytes:
    return json.dumps(
        {
            "organization-name": "Receiver Example",
            "date-range": {
                "start-datetime": "2026-11-03T00:00:00Z",
                "end-datetime": "2026-11-03T23:59:59Z",
            },
            "contact-info": "smtp-tls-reporting@receiver.example",
            "report-id": "tls-0001",
            "policies": [
                {
                    "policy": {"policy-type": "sts", "policy-domain": domain},
                    "summary": {
                        "total-successful-session-count": 950,
                        "total-failure-session-count": 12,
                    },
                    "failure-details": [
                        {
                            "result-type": "certificate-expired",
                            "sending-mta-ip": "203.0.113.5",
                            "receiving-mx-hostname": f"mx1.{domain}",
                            "failed-session-count": 12,
                        }
                    ],
                }
            ],
        },
        indent=1,
    ).encode()


XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<feedback><report_metadata><org_name>&lol9;</org_name></report_metadata>
<policy_published><domain>shop.example</domain></policy_published></feedback>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE feedback [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<feedback><report_metadata><org_name>&xxe;</org_name></report_metadata>
<policy_published><domain>shop.example</domain></policy_published></feedback>
"""
