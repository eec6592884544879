"""A verdict belongs to the hop whose Received header is the nearest one below it."""

from __future__ import annotations

from inspector.model.codes import VerdictParty
from inspector.model.message import Header
from inspector.model.route import Hop
from inspector.route.writers import Writers
from inspector.verdicts import decode_verdicts
from tests.inspector.verdicts._msg import parse

MSG = b"""X-Spam-Flag: NO
Received: from relay.example.net (relay.example.net [192.0.2.2])
 by mx.example.com; Mon, 2 Jan 2023 10:00:02 +0000
X-Spam-Flag: YES
X-Spam-Score: 9
Received: from out.example.org (out.example.org [192.0.2.1])
 by relay.example.net; Mon, 2 Jan 2023 10:00:01 +0000
X-Spam-Score: 0.1
Received: from [10.0.0.5] by out.example.org; Mon, 2 Jan 2023 10:00:00 +0000
X-Spam-Status: No, score=-5 required=5
From: a@example.org

x
"""


def _hops(received: list[str]) -> list[Hop]:
    return [Hop(index=i, raw=r) for i, r in enumerate(reversed(received))]


def test_each_verdict_goes_to_the_hop_that_added_it() -> None:
    pm = parse(MSG)
    received = [h.value for h in pm.headers if h.name.lower() == "received"]
    got = [(v.header, v.fields[0].raw, v.hop) for v in decode_verdicts(pm, _hops(received))]
    assert got == [
        ("X-Spam-Flag", "NO", 2),  # above the newest Received: the last hop (index 2)
        ("X-Spam-Flag", "YES", 1),
        ("X-Spam-Score", "9", 1),
        ("X-Spam-Score", "0.1", 0),
        ("X-Spam-Status", "No", None),  # below every Received: written before any hop
    ]


def test_without_hops_no_placement() -> None:
    assert all(v.hop is None for v in decode_verdicts(parse(MSG)))


def test_hop_text_mismatch_falls_back_to_position() -> None:
    pm = parse(MSG)
    hops = [Hop(index=i, raw=f"rewritten {i}") for i in range(3)]
    placed = [v.hop for v in decode_verdicts(pm, hops)]
    assert placed == [2, 1, 1, 0, None]


def test_exchange_bottom_headers_go_to_the_newest_microsoft_hop() -> None:
    raw = b"""Received: from AM0PR01MB1.eurprd01.prod.exchangelabs.com (::1) by
 AM0PR01MB2.eurprd01.prod.exchangelabs.com; Mon, 2 Jan 2023 10:00:02 +0000
Received: from mail.example.org (192.0.2.5) by
 AM1PEPF0001.eurprd01.prod.outlook.com; Mon, 2 Jan 2023 10:00:01 +0000
Received: from [10.0.0.5] by mail.example.org; Mon, 2 Jan 2023 10:00:00 +0000
From: a@example.org
X-Forefront-Antispam-Report-Untrusted: SCL:1;SFV:NSPM;
X-MS-Exchange-Organization-SCL: 5
X-Spam-Flag: YES

x
"""
    pm = parse(raw)
    hops = [
        Hop(index=0, raw="from [10.0.0.5] by mail.example.org", by="mail.example.org"),
        Hop(index=1, raw="r1", by="AM1PEPF0001.eurprd01.prod.outlook.com"),
        Hop(index=2, raw="r2", by="AM0PR01MB2.eurprd01.prod.exchangelabs.com"),
    ]
    placed = {v.header: v.hop for v in decode_verdicts(pm, hops)}
    assert placed == {
        "X-Forefront-Antispam-Report-Untrusted": None,  # the sender's own tenant
        "X-MS-Exchange-Organization-SCL": 2,
        "X-Spam-Flag": None,  # below every Received and not Exchange: written before relaying
    }


def test_writers_given_by_the_caller_credit_the_verdicts() -> None:
    pm = parse(MSG)
    received = [h.value for h in pm.headers if h.name.lower() == "received"]
    hops = _hops(received)
    own = decode_verdicts(pm, hops)
    assert decode_verdicts(pm, hops, Writers(pm, hops)) == own

    class EverythingAnIntermediarys(Writers):
        def party(self, header: Header, authserv_id: str = "") -> tuple[VerdictParty, str]:
            return VerdictParty.INTERMEDIARY, "test writers"

    given = decode_verdicts(pm, hops, EverythingAnIntermediarys(pm, hops))
    assert {v.party for v in given} == {VerdictParty.INTERMEDIARY}


def test_verdicts_follow_header_order_whatever_the_names_case() -> None:
    long_name = "X-" + "Unknown-" * 20
    pm = parse(
        b"X-SPAM-FLAG: YES\n"
        + long_name.encode()
        + b": 1\nx-spam-score: 9\nSubject: s\nX-Spam-Flag: NO\nX-Spam-Score: 0.1\n\nx\n"
    )
    got = [(v.header, v.fields[0].raw, v.position) for v in decode_verdicts(pm)]
    assert got == [
        ("X-SPAM-FLAG", "YES", 0),
        ("x-spam-score", "9", 2),
        ("X-Spam-Flag", "NO", 4),
        ("X-Spam-Score", "0.1", 5),
    ]
