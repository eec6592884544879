"""The boundary from the receivers' structure, confirmed by their record of the client, and
the list host's intake below it (hand-written traces, reserved names and addresses)."""

from __future__ import annotations

from inspector.model.codes import HopRole
from inspector.model.message import Header
from inspector.route.hops import trace_hops


def block(*lines: tuple[str, str]) -> list[Header]:
    return [Header(name, value, index=i) for i, (name, value) in enumerate(lines)]


def R(value: str) -> tuple[str, str]:  # noqa: N802 - reads like the header it builds
    return ("Received", value + "; Mon, 2 Mar 2020 13:00:00 +0000")


EXCHANGELABS_ENTRY = [
    R("from AM0PR01MB1.eurprd01.prod.exchangelabs.com (2603:10a6:208::1) by "
      "AM0PR01MB2.eurprd01.prod.exchangelabs.com with HTTPS"),
    R("from DU2PR01CA0001.eurprd01.prod.exchangelabs.com (2603:10a6:10:2b4::20) by "
      "AM0PR01MB1.eurprd01.prod.exchangelabs.com (2603:10a6:208::1) with Microsoft SMTP Server"),
    R("from DB3EUR01FT001.eop-eur01.prod.protection.outlook.com (2603:10a6:10:2b4:cafe::bc) "
      "by DU2PR01CA0001.outlook.office365.com (2603:10a6:10:2b4::20) with Microsoft SMTP Server"),
    ("Authentication-Results", "spf=pass (sender IP is 192.0.2.25) smtp.mailfrom=example.org"),
    R("from mail.example.org (192.0.2.25) by DB3EUR01FT001.mail.protection.outlook.com "
      "(10.152.25.39) with Microsoft SMTP Server via Frontend Transport"),
    R("from app.example.org (app.example.org [10.1.1.1]) by mail.example.org (Postfix) "
      "with ESMTPSA id 1A2B"),
]  # fmt: skip


def test_exchangelabs_hops_are_the_recipients_own() -> None:
    hops, route = trace_hops(block(*EXCHANGELABS_ENTRY))
    assert route.boundary_index == 1 and route.client_ip == "192.0.2.25"
    assert route.receiver == "Microsoft 365" and route.recorded_client_ip == "192.0.2.25"
    assert [h.role for h in reversed(hops)] == [
        HopRole.RECIPIENT_INTERNAL,
        HopRole.RECIPIENT_INTERNAL,
        HopRole.RECIPIENT_INTERNAL,
        HopRole.RECIPIENT_ENTRY,
        HopRole.SUBMISSION,
    ]
    assert route.origin_ip == "192.0.2.25" and route.intermediary_index is None


HYBRID = [
    R("from mx1.example.com (mx1.example.com [198.51.100.10]) by mbox.example.com (Postfix) "
      "with ESMTP id 99"),
    R("from EUR01-DB5-obe.outbound.protection.outlook.com "
      "(mail-db5eur01lp2050.outbound.protection.outlook.com [104.47.2.50]) by mx1.example.com "
      "(Postfix) with ESMTPS id 98"),
    R("from DB5EUR01FT002.eop-eur01.prod.protection.outlook.com (2603:10a6:10:1::2) by "
      "DB5PR01CA0002.outlook.office365.com (2603:10a6:10:1::1) with Microsoft SMTP Server"),
    R("from mail.example.net (203.0.113.9) by DB5EUR01FT002.mail.protection.outlook.com "
      "(10.152.25.40) with Microsoft SMTP Server via Frontend Transport"),
]  # fmt: skip


def test_hybrid_tenant_needs_the_receivers_record() -> None:
    confirmed = [*HYBRID, ("X-MS-Exchange-CrossPremises-OriginalClientIPAddress", "203.0.113.9")]
    _, route = trace_hops(block(*confirmed))
    assert route.boundary_index == 0 and route.client_ip == "203.0.113.9"
    # without the receiver's record the organisation's own MX is where it came in
    _, unconfirmed = trace_hops(block(*HYBRID))
    assert unconfirmed.client_ip == "104.47.2.50"


def test_gateway_in_front_of_gmail_owns_the_boundary_when_gmail_recorded_it() -> None:
    trace = [
        R("by 2002:a05:6a10:8f0d::1 with SMTP id x13csp1pxi"),
        R("from mx0a-000001.pphosted.com (mx0a-000001.pphosted.com. [198.51.100.50]) by "
          "mx.google.com with ESMTPS id b2si1"),
        ("Received-SPF", "pass (google.com: domain of a@example.org designates 192.0.2.60 as "
         "permitted sender) client-ip=192.0.2.60;"),
        R("from pps.filterd (m0001.ppops.net [127.0.0.1]) by mx0a-000001.pphosted.com (PPS) "
          "with SMTP id 1"),
        R("from mail.example.org (mail.example.org [192.0.2.60]) by mx0a-000001.pphosted.com "
          "(PPS) with ESMTPS id 2"),
    ]  # fmt: skip
    hops, route = trace_hops(block(*trace))
    assert route.client_ip == "192.0.2.60"
    assert hops[route.boundary_index or 0].by == "mx0a-000001.pphosted.com"


def test_list_host_intake_and_the_authors_server() -> None:
    trace = [
        R("from edge.kernel.org (edge.kernel.org [198.51.100.3]) by "
          "mail.example.net (Postfix) with ESMTPS id 7"),
        R("from smtp.subspace.kernel.org (smtp.subspace.kernel.org [198.51.100.2]) by "
          "edge.kernel.org (Postfix) with ESMTPS id 6"),
        R("from localhost.localdomain (localhost.localdomain [127.0.0.1]) by "
          "smtp.subspace.kernel.org (Postfix) with ESMTP id 5"),
        R("from mail.example.com (mail.example.com [192.0.2.80]) by smtp.subspace.kernel.org "
          "(Postfix) with ESMTPS id 4"),
    ]  # fmt: skip
    hops, route = trace_hops(block(*trace))
    assert route.client_ip == "198.51.100.3"  # the subscriber's server took it from the list
    assert route.intermediary_index == 0 and route.origin_ip == "192.0.2.80"
    assert route.intermediary == "lists.linux.dev (subspace.kernel.org)"
    assert hops[0].role is HopRole.INTERMEDIARY_ENTRY and hops[1].role is HopRole.INTERMEDIARY
