"""trace_hops: order, delays (negative kept), scopes and the trust boundary on chains modelled
on real mail (Gmail, Office 365, Exchange on-premise, a list server, a filtering gateway).
Headers are written for this project; lists are newest first, as in a message."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.model.codes import IpScope
from inspector.model.message import Header
from inspector.route.heuristic import find_boundary, registrable_domain
from inspector.route.hops import trace_hops, trace_message
from inspector.route.ipinfo import ip_scope, is_external_scope
from tests.support.context import parsed_message


def rcv(*values: str) -> list[Header]:
    return [Header("Received", v, index=i) for i, v in enumerate(values)]


GMAIL_INBOUND = rcv(
    "by 2002:a05:6a10:8f0d:b0:4a1:1234:5678 with SMTP id x13csp1pxi; "
    "Mon, 2 Mar 2020 05:00:09 -0800 (PST)",
    "from mail.example.org (mail.example.org. [198.51.100.7]) by mx.google.com with ESMTPS "
    "id b2si1.2020.03.02.05.00.05 for <bob@gmail.com> (version=TLS1_3 "
    "cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Mon, 02 Mar 2020 05:00:05 -0800 (PST)",
    "from app1.internal.example.org (app1.internal.example.org [10.0.0.12]) by "
    "mail.example.org (Postfix) with ESMTP id 48AB; Mon, 2 Mar 2020 13:00:01 +0000 (UTC)",
)

O365_INBOUND = rcv(
    "from BN6PR1101MB2290.namprd11.prod.outlook.com (2603:10b6:404:6b::21) by "
    "SN6PR11MB3293.namprd11.prod.outlook.com with HTTPS; Mon, 2 Mar 2020 13:00:08 +0000",
    "from BN6PR13CA0044.namprd13.prod.outlook.com (2603:10b6:404:13e::30) by "
    "BN6PR1101MB2290.namprd11.prod.outlook.com (2603:10b6:404:6b::21) with Microsoft SMTP "
    "Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.2772.15; "
    "Mon, 2 Mar 2020 13:00:07 +0000",
    "from BN8NAM11FT025.eop-nam11.prod.protection.outlook.com (2603:10b6:404:13e:cafe::9a) by "
    "BN6PR13CA0044.outlook.office365.com (2603:10b6:404:13e::30) with Microsoft SMTP Server "
    "(version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.2772.15 via "
    "Frontend Transport; Mon, 2 Mar 2020 13:00:06 +0000",
    "from mail.example.org (198.51.100.7) by BN8NAM11FT025.mail.protection.outlook.com "
    "(10.13.177.136) with Microsoft SMTP Server (version=TLS1_2, "
    "cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.2772.15 via Frontend Transport; "
    "Mon, 2 Mar 2020 13:00:05 +0000",
    "from app1.example.org (app1.example.org [192.168.5.5]) by mail.example.org (Postfix) "
    "with ESMTP id 48AB; Mon, 2 Mar 2020 13:00:01 +0000 (UTC)",
)


def test_order_oldest_first_and_indexes() -> None:
    hops, _ = trace_hops(GMAIL_INBOUND)
    assert [h.index for h in hops] == [0, 1, 2]
    assert hops[0].by == "mail.example.org"
    assert hops[2].by == "2002:a05:6a10:8f0d:b0:4a1:1234:5678"
    assert hops[0].raw == GMAIL_INBOUND[2].value


def test_delays_and_transit() -> None:
    hops, route = trace_hops(GMAIL_INBOUND)
    assert hops[0].delay_seconds is None
    assert hops[1].delay_seconds == 4.0
    assert hops[2].delay_seconds == 4.0
    assert route.total_transit_seconds == 8.0
    assert not any(h.clock_skew for h in hops)


def test_negative_delay_kept_as_clock_skew() -> None:
    hops, route = trace_hops(
        rcv(
            "from a.example.org (a.example.org [198.51.100.1]) by mx.example.com with ESMTPS; "
            "Mon, 2 Mar 2020 12:59:00 +0000",
            "from pc (pc [10.0.0.2]) by a.example.org with ESMTP; Mon, 2 Mar 2020 13:00:00 +0000",
        )
    )
    assert hops[1].delay_seconds == -60.0  # never clamped to 0 nor wrapped to ~24 h
    assert hops[1].clock_skew is True
    assert route.total_transit_seconds == -60.0


def test_delay_skips_hops_without_time() -> None:
    hops, _ = trace_hops(
        rcv(
            "from b.example.org ([198.51.100.2]) by c.example.com; Mon, 2 Mar 2020 13:10:00 +0000",
            "from a.example.org ([198.51.100.1]) by b.example.org",
            "from pc ([10.0.0.2]) by a.example.org; Mon, 2 Mar 2020 13:00:00 +0000",
        )
    )
    assert hops[1].delay_seconds is None
    assert hops[2].delay_seconds == 600.0


def test_gmail_boundary() -> None:
    hops, route = trace_hops(GMAIL_INBOUND)
    assert route.boundary_index == 1
    assert route.client_ip == "198.51.100.7"
    assert route.client_helo == "mail.example.org"
    assert route.received_at == datetime(2020, 3, 2, 13, 0, 5, tzinfo=UTC)
    assert [h.internal for h in hops] == [False, False, True]
    assert [h.boundary for h in hops] == [False, True, False]
    assert hops[1].ip_scope == "documentation"
    assert hops[0].ip_scope == "private"


def test_office365_boundary_through_internal_hops() -> None:
    hops, route = trace_hops(O365_INBOUND)
    assert route.boundary_index == 1
    assert route.client_ip == "198.51.100.7"
    assert hops[1].by == "BN8NAM11FT025.mail.protection.outlook.com"
    assert all(h.internal for h in hops[2:])
    assert hops[4].protocol == "HTTPS"


def test_exchange_on_premise_private_hops() -> None:
    hops, route = trace_hops(
        rcv(
            "from EXCH02.corp.example.com (10.1.0.6) by EXCH01.corp.example.com (10.1.0.5) "
            "with Microsoft SMTP Server id 15.1.2044.4; Mon, 2 Mar 2020 13:00:09 +0000",
            "from gw.example.com (10.1.0.2) by EXCH02.corp.example.com (10.1.0.6) with "
            "Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)"
            " id 15.1.2044.4; Mon, 2 Mar 2020 13:00:08 +0000",
            "from sender.example.net (sender.example.net [203.0.113.50]) by gw.example.com "
            "(Postfix) with ESMTPS id 99; Mon, 2 Mar 2020 13:00:07 +0000",
        ),
        recipient_domains=["example.com"],
    )
    assert route.boundary_index == 0
    assert route.client_ip == "203.0.113.50"
    assert hops[1].internal and hops[2].internal


def test_mailing_list_boundary_is_the_list_server() -> None:
    _, route = trace_hops(
        rcv(
            "from lists.example.org (lists.example.org [198.51.100.80]) by mx.example.com "
            "(Postfix) with ESMTPS id 1; Mon, 2 Mar 2020 13:01:00 +0000",
            "from author.example.net (author.example.net [203.0.113.9]) by lists.example.org "
            "(Postfix) with ESMTPS id 2; Mon, 2 Mar 2020 13:00:00 +0000",
        )
    )
    assert route.client_ip == "198.51.100.80"
    assert route.boundary_index == 1


def test_gmail_to_gmail_submission_is_not_the_boundary() -> None:
    _, route = trace_hops(
        rcv(
            "by 2002:a05:6a10:8f0d:b0:4a1:1234:5678 with SMTP id x1; Mon, 2 Mar 2020 "
            "05:00:09 -0800 (PST)",
            "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by "
            "mx.google.com with SMTPS id a1 for <bob@gmail.com> (Google Transport Security); "
            "Mon, 02 Mar 2020 05:00:05 -0800 (PST)",
            "by mail-sor-f41.google.com with SMTP id a1sor; Mon, 02 Mar 2020 05:00:04 -0800",
            "from [192.168.1.20] ([203.0.113.9]) by smtp.gmail.com with ESMTPSA id c3 "
            "(version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128); "
            "Mon, 02 Mar 2020 05:00:03 -0800 (PST)",
        )
    )
    assert route.client_ip == "209.85.220.41"


def test_filtering_gateway_is_looked_behind() -> None:
    hops, route = trace_hops(
        rcv(
            "from us-smtp-delivery-1.mimecast.com (us-smtp-delivery-1.mimecast.com "
            "[198.51.100.200]) by mail.example.com (Postfix) with ESMTPS id 7; "
            "Mon, 2 Mar 2020 13:00:09 +0000",
            "from sender.example.net (sender.example.net [203.0.113.50]) by "
            "us-smtp-inbound-1.mimecast.com with ESMTP id abc; Mon, 2 Mar 2020 13:00:05 +0000",
        )
    )
    assert route.client_ip == "203.0.113.50"
    assert hops[1].internal


def test_private_client_with_foreign_name_is_a_misconfigured_boundary() -> None:
    hops, route = trace_hops(
        rcv(
            "from mail.sender.example.net (unknown [10.9.8.7]) by mx.example.com (Postfix) with "
            "ESMTP id 1; Mon, 2 Mar 2020 13:00:09 +0000",
            "from [192.168.1.2] (cpe.isp.example.org [203.0.113.77]) by "
            "mail.sender.example.net with ESMTPSA id 2; Mon, 2 Mar 2020 13:00:05 +0000",
        )
    )
    assert route.boundary_index == 1
    assert route.client_ip == "10.9.8.7"
    assert hops[1].ip_scope == "private"


def test_loopback_filter_hops_are_internal() -> None:
    _, route = trace_hops(
        rcv(
            "from localhost (localhost [127.0.0.1]) by mx.example.com (Postfix) with ESMTP id 3;"
            " Mon, 2 Mar 2020 13:00:09 +0000",
            "from mail.example.org (mail.example.org [198.51.100.7]) by mx.example.com "
            "(Postfix) with ESMTP id 2; Mon, 2 Mar 2020 13:00:08 +0000",
        )
    )
    assert route.client_ip == "198.51.100.7"


def test_no_received_headers_and_other_names_ignored() -> None:
    assert trace_hops([]) == ((), trace_hops([])[1])
    hops, route = trace_hops([Header("Subject", "hi"), *GMAIL_INBOUND])
    assert len(hops) == 3
    assert route.boundary_index == 1


def test_all_internal_has_no_boundary() -> None:
    hops, route = trace_hops(
        rcv("from app (app [10.0.0.3]) by mx.example.com with ESMTP; Mon, 2 Mar 2020 13:00 +0000")
    )
    assert route.boundary_index is None
    assert route.client_ip is None
    assert route.received_at == datetime(2020, 3, 2, 13, 0, tzinfo=UTC)
    assert not hops[0].internal and not hops[0].boundary


def test_trace_message_uses_parsed_message() -> None:
    pm = parsed_message((Header("From", "a@example.org"), *GMAIL_INBOUND), headers_only=True)
    hops, route = trace_message(pm)
    assert len(hops) == 3 and route.client_ip == "198.51.100.7"


def test_scopes() -> None:
    assert ip_scope("8.8.8.8") == "public"
    assert ip_scope("192.0.2.1") == "documentation"
    assert ip_scope("2001:db8::1") == "documentation"
    assert ip_scope("10.1.2.3") == "private"
    assert ip_scope("fd00::1") == "private"
    assert ip_scope("100.64.1.1") == "shared"
    assert ip_scope("127.0.0.1") == "loopback"
    assert ip_scope("::ffff:127.0.0.1") == "loopback"
    assert ip_scope("fe80::1") == "link-local"
    assert ip_scope("224.0.0.1") == "multicast"
    assert ip_scope("240.0.0.1") == "reserved"
    assert ip_scope("not an ip") is None
    assert is_external_scope(IpScope.DOCUMENTATION) and is_external_scope(IpScope.PUBLIC)
    assert not is_external_scope(IpScope.PRIVATE)


def test_registrable_domain() -> None:
    assert registrable_domain("BN6PR.namprd11.prod.outlook.com") == "outlook.com"
    assert registrable_domain("mx.example.co.uk.") == "example.co.uk"
    assert registrable_domain("exch.corp.local") is None
    assert registrable_domain("[192.0.2.1]") is None
    assert registrable_domain(None) is None
    assert find_boundary(()) is None


def test_dev_corpus(corpus_dir: Path) -> None:
    """Every message of ../shared/corpus/dev: never raises, one hop per Received header."""
    files = sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix != ".csv")
    messages = hops_total = with_ip = with_by = with_ts = boundaries = 0
    for path in files:
        data = path.read_bytes()
        if b"Received:" not in data[:200_000] and b"received:" not in data[:200_000]:
            continue
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
        headers = [Header("Received", str(v)) for v in msg.get_all("Received") or []]
        hops, route = trace_hops(headers)
        assert len(hops) == len(headers), path
        messages += 1
        hops_total += len(hops)
        with_ip += sum(h.ip is not None for h in hops)
        with_by += sum(h.by is not None for h in hops)
        with_ts += sum(h.timestamp is not None for h in hops)
        boundaries += route.boundary_index is not None
    print(
        f"\ndev corpus: {messages} messages, {hops_total} hops; ip {with_ip / hops_total:.1%}, "
        f"by {with_by / hops_total:.1%}, timestamp {with_ts / hops_total:.1%}; "
        f"boundary found in {boundaries / messages:.1%} of messages"
    )
    assert messages > 100
    assert with_by / hops_total > 0.9
    assert with_ts / hops_total > 0.9


_PIECES = [
    "from ",
    "by ",
    "with ESMTP ",
    "with ESMTPS ",
    "id x ",
    "for <a@b.example> ",
    "; ",
    "mail.example.org ",
    "mx.example.com ",
    "(a.example.org [198.51.100.7]) ",
    "[10.0.0.1] ",
    "(127.0.0.1) ",
    "[IPv6:2001:db8::1] ",
    "Mon, 2 Mar 2020 13:00:00 +0000",
    "2 Mar 2020 12:00 EST",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    '"',
    "helo=",
    "(HELO x) ",
    "\r\n\t",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), max_size=8))
def test_trace_never_raises(values: list[str]) -> None:
    hops, route = trace_hops(rcv(*values))
    assert len(hops) == len(values)
    assert [h.index for h in hops] == list(range(len(values)))
    if route.boundary_index is not None:
        assert hops[route.boundary_index].boundary
        assert route.client_ip == hops[route.boundary_index].ip


def test_forged_helo_of_the_recipient_is_not_trusted() -> None:
    _, route = trace_hops(
        rcv(
            "by 2002:a05:6a10:8f0d:b0:4a1:1234:5678 with SMTP id x1; Mon, 2 Mar 2020 "
            "05:00:09 -0800 (PST)",
            "from mx.google.com (unknown [203.0.113.66]) by mx.google.com with ESMTP id y; "
            "Mon, 02 Mar 2020 05:00:05 -0800 (PST)",
            "from trusted.example.org (trusted.example.org [198.51.100.9]) by mx.google.com "
            "with ESMTPS id z; Mon, 02 Mar 2020 05:00:01 -0800 (PST)",
        )
    )
    assert route.client_ip == "203.0.113.66"  # the older line is the spammer's invention


def test_mailbox_fetch_is_never_the_boundary() -> None:
    _, route = trace_hops(
        rcv(
            "from imap.mail.example.net [198.51.100.30] by localhost with IMAP (fetchmail-6.4) "
            "for <bob@localhost> (single-drop); Mon, 02 Mar 2020 13:05:00 +0000",
            "from sender.example.org (sender.example.org [203.0.113.5]) by "
            "mx.mail.example.net (Postfix) with ESMTPS id 1; Mon, 02 Mar 2020 13:00:00 +0000",
        )
    )
    assert route.client_ip == "203.0.113.5"


def test_office365_tenant_to_tenant_uses_the_inbound_front_end() -> None:
    hops, route = trace_hops(
        rcv(
            "from SN6PR11MB3293.namprd11.prod.outlook.com (::1) by "
            "SN6PR11MB3293.namprd11.prod.outlook.com with HTTPS; Mon, 2 Mar 2020 13:00:09 +0000",
            "from BN8NAM12FT050.eop-nam12.prod.protection.outlook.com (2603:10b6:408:e6:cafe::5) "
            "by BN9PR03CA0638.outlook.office365.com (2603:10b6:408:13b::13) with Microsoft SMTP "
            "Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.1.1 "
            "via Frontend Transport; Mon, 2 Mar 2020 13:00:08 +0000",
            "from NAM12-BN8-obe.outbound.protection.outlook.com (40.107.237.58) by "
            "BN8NAM12FT050.mail.protection.outlook.com (10.13.182.177) with Microsoft SMTP Server "
            "(version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.1.1 via "
            "Frontend Transport; Mon, 2 Mar 2020 13:00:07 +0000",
            "from MW4PR19MB5566.namprd19.prod.outlook.com (2603:10b6:303:186::19) by "
            "MW4PR19MB5566.namprd19.prod.outlook.com (2603:10b6:303:186::19) with Microsoft SMTP "
            "Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.1.1; "
            "Mon, 2 Mar 2020 13:00:06 +0000",
            "from MW4PR19MB5566.namprd19.prod.outlook.com ([fe80::1]) by "
            "MW4PR19MB5566.namprd19.prod.outlook.com ([fe80::1%5]) with mapi id 15.20.1.1; "
            "Mon, 2 Mar 2020 13:00:05 +0000",
        )
    )
    assert route.client_ip == "40.107.237.58"
    assert hops[route.boundary_index or 0].by == "BN8NAM12FT050.mail.protection.outlook.com"


def test_huge_chain_is_bounded() -> None:
    values = ["from a.example.org ([198.51.100.1]) by b.example.com; 2 Mar 2020 13:00 +0000"]
    values = values * 2000
    hops, _ = trace_hops(rcv(*values))
    assert len(hops) == 2000
    assert hops[0].unparsed.startswith("not parsed")
    assert hops[-1].by == "b.example.com"
