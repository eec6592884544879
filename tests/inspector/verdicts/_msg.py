"""Build a ParsedMessage for verdict and bounce tests.

Uses inspector.parse.message.parse_message when it is importable; otherwise a small stdlib-based
stand-in (headers in order, unfolded decoded values, text body) so these tests do not depend
on the parser's progress.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
from email.header import decode_header, make_header

from inspector.model.message import Header, ParsedMessage
from tests.support.context import parsed_message


def _fallback(raw: bytes) -> ParsedMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    headers = []
    for i, (name, value) in enumerate(msg.items()):
        text = str(value).replace("\r\n", "\n")
        unfolded = " ".join(line.strip() for line in text.split("\n")).strip()
        with contextlib.suppress(Exception):
            unfolded = str(make_header(decode_header(unfolded)))
        headers.append(Header(name, unfolded, b"", i))
    text_parts = []
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                text_parts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return parsed_message(
        headers,
        raw=raw,
        subject=msg.get("Subject"),
        text_body="\n".join(text_parts),
        body_size=len(raw),
    )


def parse(raw: bytes | str) -> ParsedMessage:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    try:
        from inspector.parse.message import parse_message
    except ImportError:
        return _fallback(data)
    return parse_message(data)


#: Exchange Online filtering a spoofed bulk message to Junk: its three headers and compauth.
EXCHANGE_SPAM = b"""Authentication-Results: spf=fail (sender IP is 192.0.2.5)
 smtp.mailfrom=example.org; dkim=none (message not signed)
 header.d=none;dmarc=fail action=none header.from=example.org;compauth=fail
 reason=001
X-MS-Exchange-Organization-SCL: 6
X-Forefront-Antispam-Report:
 CIP:192.0.2.5;CTRY:NL;LANG:en;SCL:6;SRV:BULK;IPV:NLI;SFV:SPM;H:mail.example.org;
 PTR:mail.example.org;CAT:SPOOF;SFS:(13230031)(8676002);DIR:INB;ZZQ:odd;
X-Microsoft-Antispam: BCL:7;ARA:1444111002|50300799015;
X-Microsoft-Antispam-Mailbox-Delivery:
 ucf:0;jmr:0;auth:0;dest:J;OFR:SpamFilterAuthJ;ENG:(910001)(944506478);RF:JunkEmail;
X-MS-Exchange-Organization-AuthAs: Anonymous
X-MS-Exchange-Organization-MessageDirectionality: Incoming
Received: from mail.example.org (192.0.2.5) by mx.protection.outlook.com;
 Mon, 2 Jan 2023 10:00:00 +0000
From: a@example.org
Subject: x

x
"""
