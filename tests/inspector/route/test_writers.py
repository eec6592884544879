"""Who wrote each header, on hand-written blocks (reserved names and addresses)."""

from __future__ import annotations

import dataclasses

from inspector.auth.results import received_auth_results
from inspector.model.codes import VerdictParty
from inspector.route.hops import trace_hops
from inspector.route.writers import Writers
from inspector.verdicts import decode_verdicts
from tests.inspector.verdicts._msg import parse

RECIPIENT, SENDER, INTERMEDIARY = (
    VerdictParty.RECIPIENT,
    VerdictParty.SENDER,
    VerdictParty.INTERMEDIARY,
)
DATE = "Mon, 2 Mar 2020 13:00:00 +0000"

EXCHANGE = f"""Received: from AB1PR01CA0001.namprd01.prod.outlook.com (2603:10b6:404::1) by
 AB1PR01MB0002.namprd01.prod.outlook.com with HTTPS; {DATE}
Authentication-Results: spf=pass (sender IP is 192.0.2.25) smtp.mailfrom=example.org
Received: from mail.example.org (192.0.2.25) by AB1NAM01FT001.mail.protection.outlook.com
 (10.0.0.1) with Microsoft SMTP Server via Frontend Transport; {DATE}
X-Spam-Status: Yes, score=9.0 required=5.0 tests=ALL_TRUSTED autolearn=no version=3.4.6
X-Spam-Checker-Version: SpamAssassin 3.4.6 on mail.example.org
Received: from app.example.org (app.example.org [10.1.1.1]) by mail.example.org
 (Postfix) with ESMTPSA id 1A2B; {DATE}
From: a@example.org
Subject: x
x-forefront-antispam-report: CIP:255.255.255.255;DIR:OUT;SFV:NSPM;SCL:1
X-Forefront-Antispam-Report-Untrusted: CIP:198.51.100.4;DIR:INB;SFV:SPM;SCL:6
X-Forefront-Antispam-Report: CIP:192.0.2.25;DIR:INB;SFV:SPM;SCL:6
X-MS-Exchange-Organization-SCL: 6
X-SPAM-FILTER-4: h=2.0 BAYES_00

x
"""


def parties(raw: str) -> dict[str, VerdictParty]:
    pm = parse(raw.encode())
    hops, _ = trace_hops(pm.headers)
    return {v.header: v.party for v in decode_verdicts(pm, hops) if v.filter != "Microsoft 365"}


def microsoft(raw: str) -> list[tuple[str, VerdictParty]]:
    pm = parse(raw.encode())
    hops, _ = trace_hops(pm.headers)
    return [(v.header, v.party) for v in decode_verdicts(pm, hops) if v.filter == "Microsoft 365"]


def test_exchange_online_recipient_and_sender_side() -> None:
    assert microsoft(EXCHANGE) == [
        ("x-forefront-antispam-report", SENDER),  # the sending tenant's outbound scan
        ("X-Forefront-Antispam-Report-Untrusted", INTERMEDIARY),  # an earlier tenant's
        ("X-Forefront-Antispam-Report", RECIPIENT),
        ("X-MS-Exchange-Organization-SCL", RECIPIENT),
    ]
    found = parties(EXCHANGE)
    # SpamAssassin names its host: the sender's own server, though the flag says spam
    assert found["X-Spam-Status"] is SENDER and found["X-Spam-Checker-Version"] is SENDER
    # appended after Exchange's own headers: the recipient's on-premises filter
    assert found["X-SPAM-FILTER-4"] is RECIPIENT


def test_microsofts_results_are_the_recipients_and_trusted() -> None:
    pm = parse(EXCHANGE.encode())
    hops, route = trace_hops(pm.headers)
    (ar,) = received_auth_results(pm, hops, route)
    assert ar.party is RECIPIENT and ar.trusted


GMAIL = f"""Received: by 2002:a05:6a10:8f0d::1 with SMTP id x13csp1pxi; {DATE}
Received: from mail.example.org (mail.example.org. [192.0.2.7]) by mx.google.com
 with ESMTPS id b2si1; {DATE}
Received-SPF: pass (google.com: domain of a@example.org designates 192.0.2.7 as permitted
 sender) client-ip=192.0.2.7;
Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=a@example.org
Received: from app.example.org (app.example.org [10.1.1.1]) by mail.example.org
 (Postfix) with ESMTPSA id 1A2B; {DATE}
X-Rspamd-Queue-Id: 1A2B
X-Spam-Status: No, score=-0.10
From: a@example.org
Authentication-Results: mx.google.com; dkim=pass; spf=pass; dmarc=pass
Subject: x

x
"""


def test_gmail_results_below_its_line_and_a_posing_copy() -> None:
    pm = parse(GMAIL.encode())
    hops, route = trace_hops(pm.headers)
    own, posing = received_auth_results(pm, hops, route)
    assert own.party is RECIPIENT and own.trusted
    assert posing.party is SENDER and not posing.trusted and not posing.writer_on_route


def test_rspamd_named_by_its_queue_id_and_told_from_spamassassin() -> None:
    pm = parse(GMAIL.encode())
    hops, _ = trace_hops(pm.headers)
    status = next(v for v in decode_verdicts(pm, hops) if v.header == "X-Spam-Status")
    assert status.filter == "rspamd" and status.party is SENDER
    assert "queue id" in status.party_reason
    assert parties(GMAIL)["Received-SPF"] is RECIPIENT


def test_list_host_headers_and_no_trace() -> None:
    raw = f"""Received: from mail.example.org (mail.example.org [192.0.2.7]) by mx.example.net
 (Postfix) with ESMTPS id 9; {DATE}
X-Spam-Checked-In-Group: list@example.org
X-Spam-Flag: YES
From: a@example.org

x
"""
    found = parties(raw)
    assert found["X-Spam-Checked-In-Group"] is INTERMEDIARY
    assert found["X-Spam-Flag"] is SENDER  # below every Received line: came with the message
    headers_only = parties("X-Spam-Flag: YES\nFrom: a@example.org\n\nx\n")
    assert headers_only["X-Spam-Flag"] is RECIPIENT  # nothing to credit against


def test_hops_traced_elsewhere_are_matched_to_their_lines_by_text() -> None:
    # hops written apart from the block (folded differently, newest line dropped) are placed
    # by their text just as the hops traced from the block's own lines are by position
    pm = parse(EXCHANGE.encode())
    hops, route = trace_hops(pm.headers)
    refolded = tuple(dataclasses.replace(h, raw=h.raw.replace(" ", "\n  ")) for h in hops)
    own = Writers(pm, hops, route.boundary_index)
    apart = Writers(pm, refolded, route.boundary_index)
    for header in pm.headers:
        assert own.party(header) == apart.party(header), header.name
    older = Writers(pm, hops[:2], route.boundary_index)
    spam = next(h for h in pm.headers if h.name == "X-Spam-Status")
    assert older.hop_below(spam) == hops[0] == own.hop_below(spam)
