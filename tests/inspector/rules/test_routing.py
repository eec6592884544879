"""routing.* findings, each from hops traced out of hand-written Received headers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector.model.codes import Severity
from inspector.model.findings import Finding
from inspector.model.message import Header
from inspector.route.hops import trace_hops
from inspector.rules import routing
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import Rule, all_specs
from tests.support.context import make_context, parsed_message

NOW = datetime(2020, 3, 2, 14, 0, 0, tzinfo=UTC)


def ctx_for(*received: str, now: datetime = NOW) -> AnalysisContext:
    """Context for a message whose Received headers are ``received``, newest first."""
    headers = [Header("Received", v, index=i) for i, v in enumerate(received)]
    hops, route = trace_hops(headers)
    return make_context(parsed_message(headers, headers_only=True), hops=hops, route=route, now=now)


def run(fn: Rule, ctx: AnalysisContext) -> list[Finding]:
    return list(fn(ctx))


MX_TLS = (
    "from mail.example.org (mail.example.org [198.51.100.7]) (using TLSv1.3 with cipher "
    "TLS_AES_256_GCM_SHA384 (256/256 bits)) by mx.example.com (Postfix) with ESMTPS id 1; "
    "Mon, 2 Mar 2020 13:{m:02d}:00 +0000"
)
SENDER_SIDE = (
    "from app.example.org (app.example.org [10.0.0.5]) by mail.example.org (Postfix) with "
    "ESMTP id 2; Mon, 2 Mar 2020 {h:02d}:{m:02d}:00 +0000"
)
LOCAL = (
    "from localhost (localhost [127.0.0.1]) by mx.example.com (Postfix) with ESMTP id 3; "
    "Mon, 2 Mar 2020 13:{m:02d}:00 +0000"
)


def ordinary() -> AnalysisContext:
    return ctx_for(LOCAL.format(m=1), MX_TLS.format(m=0), SENDER_SIDE.format(h=12, m=59))


@pytest.mark.parametrize(
    "fn",
    [
        routing.long_delay,
        routing.clock_skew,
        routing.slow_transit,
        routing.no_tls,
        routing.private_boundary,
        routing.too_many_hops,
        routing.unparsable,
        routing.future_timestamp,
    ],
)
def test_ordinary_mail_is_quiet(fn: Rule) -> None:
    assert run(fn, ordinary()) == []


def test_long_delay_at_the_boundary_names_the_hop() -> None:
    ctx = ctx_for(MX_TLS.format(m=30), SENDER_SIDE.format(h=12, m=40))
    [f] = run(routing.long_delay, ctx)
    assert f.id == "routing.long_delay"
    assert "mx.example.com" in f.title and "50 min" in f.title
    assert "greylisting" in f.explanation
    assert len(f.evidence) == 2 and f.evidence[1].startswith("Received: from mail.example.org")
    assert f.severity is Severity.LOW


def test_placeholder_server_names_are_not_used_as_names() -> None:
    # "by 0": some servers write a placeholder; the hop number says more
    zero = (
        MX_TLS.format(m=30)
        .replace("by mx.example.com", "by 0")
        .replace("from mail.example.org (mail.example.org", "from 0 (0")
    )
    [f] = run(routing.long_delay, ctx_for(zero, SENDER_SIDE.format(h=12, m=40)))
    assert "before hop 2 accepted it" in f.title


def test_very_long_delay_on_sender_side_is_medium() -> None:
    ctx = ctx_for(
        MX_TLS.format(m=0),
        "from app.example.org (app.example.org [10.0.0.5]) by mail.example.org with ESMTP; "
        "Mon, 2 Mar 2020 12:59:00 +0000",
        "from pc.example.org ([10.0.0.9]) by app.example.org with ESMTP; "
        "Mon, 2 Mar 2020 03:00:00 +0000",
    )
    [f] = run(routing.long_delay, ctx)
    assert f.severity is Severity.MEDIUM
    assert "sender's side" in f.explanation


def test_clock_skew_names_both_clocks() -> None:
    ctx = ctx_for(MX_TLS.format(m=0), SENDER_SIDE.format(h=13, m=10))
    [f] = run(routing.clock_skew, ctx)
    assert f.id == "routing.clock_skew"
    assert "mx.example.com" in f.explanation and "mail.example.org" in f.explanation
    assert "10 min" in f.explanation
    small = ctx_for(MX_TLS.format(m=0), SENDER_SIDE.format(h=13, m=0).replace(":00 +", ":30 +"))
    assert small.hops[1].clock_skew is True  # flagged on the hop, too small for a finding
    assert run(routing.clock_skew, small) == []


def test_slow_transit() -> None:
    ctx = ctx_for(MX_TLS.format(m=0), SENDER_SIDE.format(h=9, m=0))
    [f] = run(routing.slow_transit, ctx)
    assert f.id == "routing.slow_transit"
    assert "4 h" in f.explanation


def test_no_tls_on_the_boundary_hop() -> None:
    ctx = ctx_for(
        "from mail.example.org (mail.example.org [198.51.100.7]) by mx.example.com (Postfix) "
        "with ESMTP id 1; Mon, 2 Mar 2020 13:00:00 +0000"
    )
    [f] = run(routing.no_tls, ctx)
    assert f.id == "routing.no_tls"
    assert "ESMTP" in f.explanation
    # Microsoft records TLS in the with clause; protocol "SMTP" with a cipher is encrypted
    ms = ctx_for(
        "from mail.example.org (198.51.100.7) by BN8.mail.protection.outlook.com (10.1.1.1) "
        "with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)"
        " id 15.20.1.1; Mon, 2 Mar 2020 13:00:00 +0000"
    )
    assert run(routing.no_tls, ms) == []


def test_private_address_at_the_boundary() -> None:
    ctx = ctx_for(
        "from mail.sender.example.net (unknown [10.9.8.7]) by mx.example.com (Postfix) with "
        "ESMTPS id 1; Mon, 2 Mar 2020 13:00:09 +0000",
        "from [192.168.1.2] (cpe.example.org [203.0.113.77]) by mail.sender.example.net with "
        "ESMTPSA id 2; Mon, 2 Mar 2020 13:00:05 +0000",
    )
    [f] = run(routing.private_boundary, ctx)
    assert f.id == "routing.private_boundary"
    assert "10.9.8.7" in f.explanation and "private" in f.explanation


def test_too_many_hops_and_loop() -> None:
    chain = [
        f"from a{i}.example.org ([198.51.100.{i}]) by a{i + 1}.example.org with ESMTPS; "
        f"Mon, 2 Mar 2020 13:{i:02d}:00 +0000"
        for i in range(30, 0, -1)
    ]
    [f] = run(routing.too_many_hops, ctx_for(*chain))
    assert "30 Received headers" in f.explanation
    loop = [
        f"from {a}.example.org ([198.51.100.1]) by {b}.example.org with ESMTPS; "
        f"Mon, 2 Mar 2020 13:{i:02d}:00 +0000"
        for i, (a, b) in enumerate([("x", "y"), ("y", "x")] * 5)
    ]
    [f] = run(routing.too_many_hops, ctx_for(*reversed(loop)))
    assert "5 times" in f.explanation


def test_unparsable_received() -> None:
    ctx = ctx_for(MX_TLS.format(m=0), "garbage without any structure at all")
    [f] = run(routing.unparsable, ctx)
    assert f.id == "routing.unparsable_received"
    assert "hop 1 (no readable date)" in f.explanation
    qmail = ctx_for("(qmail 1234 invoked from network); 2 Mar 2020 13:00:00 -0000")
    assert run(routing.unparsable, qmail) == []


def test_future_timestamp() -> None:
    ctx = ctx_for(MX_TLS.format(m=0), now=datetime(2020, 3, 2, 12, 0, tzinfo=UTC))
    [f] = run(routing.future_timestamp, ctx)
    assert f.id == "routing.future_timestamp"
    assert "1 h" in f.explanation


def test_specs_are_complete() -> None:
    specs = [s for s in all_specs() if s.id.startswith("routing.")]
    assert len(specs) == 8
    for s in specs:
        assert s.remedy and s.references and s.title


def test_duration() -> None:
    assert routing.duration(45) == "45 s"
    assert routing.duration(-600) == "10 min"
    assert routing.duration(3 * 3600 + 300) == "3 h 5 min"
    assert routing.duration(2 * 86400 + 3600) == "2 d 1 h"
