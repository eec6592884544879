"""Sending-platform fingerprints: scoring, sender-side evidence only, customer, data checks."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from importlib import resources
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.intel.platform_catalogue import all_platforms, domain_matches, is_platform_domain
from inspector.intel.platform_clues import read_trace
from inspector.intel.platform_docs import render_platforms_markdown
from inspector.intel.platforms import identify_platform
from inspector.model.auth import DkimResult
from inspector.model.codes import AuthStatus
from inspector.model.route import Hop
from tests.inspector.intel.msgs import build

HEADER_NAMES = [
    "From",
    "Return-Path",
    "Message-ID",
    "DKIM-Signature",
    "List-Unsubscribe",
    "Feedback-ID",
    "X-Mailer",
    "List-Id",
    "Received",
    "X-SG-EID",
]
DOCS = Path(__file__).resolve().parents[3] / "docs" / "platforms.md"


def _sendgrid() -> list[tuple[str, str]]:
    return [
        ("Received", "from o1.sendgrid.net (o1.sendgrid.net [192.0.2.10]) by mx.example.net"),
        ("DKIM-Signature", "v=1; a=rsa-sha256; d=sendgrid.net; s=smtpapi; h=from; b=x; bh=y"),
        ("X-SG-EID", "abc"),
        ("From", "Shop <news@shop.example>"),
        ("Return-Path", "<bounces+123-abcd-user=example.net@em123.shop.example>"),
        ("Message-ID", "<aBcD@geopod-ismtpd-3>"),
        ("Subject", "hello"),
    ]


def test_sendgrid_from_headers_and_dkim() -> None:
    match = identify_platform(build(_sendgrid()))
    assert match is not None
    assert match.name == "SendGrid"
    assert match.kind == "esp"
    assert "header X-SG-EID present" in match.evidence
    assert "DKIM d=sendgrid.net (unverified)" in match.evidence
    assert match.customer == "shop.example"
    assert 0.9 < match.confidence <= 1.0


def test_verified_dkim_results_replace_header_parsing() -> None:
    pm = build([("From", "a@shop.example"), ("Subject", "x")])
    dkim = [
        DkimResult(AuthStatus.PASS, domain="amazonses.com"),
        DkimResult(AuthStatus.PASS, domain="shop.example"),
    ]
    match = identify_platform(pm, dkim)
    assert match is not None and match.name == "Amazon SES"
    assert match.evidence == ("DKIM d=amazonses.com (pass)",)
    assert match.customer == "shop.example"
    # a failed signature counts for less, and alone falls under the threshold
    failed = identify_platform(pm, [DkimResult(AuthStatus.FAIL, domain="mcsv.net")])
    assert failed is None or failed.confidence < 0.8


def test_single_forgeable_header_is_not_enough() -> None:
    pm = build(
        [
            ("From", "a@spam.example"),
            ("X-SFMC-Stack", "11"),
            ("X-CSA-Complaints", "csa-complaints@eco.de"),
            ("X-MSFBL", "xyz"),
        ]
    )
    assert identify_platform(pm) is None


def test_platform_running_on_another_wins() -> None:
    headers = [
        *_sendgrid()[2:],
        ("DKIM-Signature", "v=1; d=ksd2.klaviyomail.com; s=k; b=x"),
    ]
    headers = [h for h in headers if h[0] != "Return-Path"]
    headers.append(("Return-Path", "<bounces+1-ab12-x=y.z@send.ksd2.klaviyomail.com>"))
    match = identify_platform(build(headers))
    assert match is not None and match.name == "Klaviyo"


def test_recipient_side_hops_are_ignored() -> None:
    pm = build([("From", "a@corp.example"), ("Subject", "x")])
    internal = Hop(index=1, raw="", rdns="mail-ed1-f41.google.com", internal=True)
    assert identify_platform(pm, hops=[internal]) is None
    external = Hop(index=0, raw="", rdns="o22.sendgrid.net", helo="o22.sendgrid.net")
    match = identify_platform(pm, hops=[external, internal])
    assert match is not None and match.name == "SendGrid"
    assert "rDNS of sending host o22.sendgrid.net" in match.evidence


def test_headers_added_above_the_trust_boundary_are_ignored() -> None:
    headers = [
        ("X-SES-Outgoing", "2024.01.01-1.2.3.4"),  # added by the recipient side
        ("Received", "from mx1.recipient.example by inbox.recipient.example"),
        ("Received", "from out.sender.example by mx1.recipient.example"),
        ("From", "a@sender.example"),
        ("Subject", "x"),
    ]
    pm = build(headers)
    hops = [
        Hop(index=0, raw="", rdns="out.sender.example", boundary=True),
        Hop(index=1, raw="", rdns="mx1.recipient.example", internal=True),
    ]
    assert identify_platform(pm, hops=hops) is None
    # without a hop chain every header counts, but headers any script can write (an
    # X-SES-Outgoing, a Message-ID shape) are never enough alone: the trace decides
    shaped = build([*headers, ("Message-ID", "<0100-abc-000000@email.amazonses.com>")])
    assert identify_platform(shaped) is None
    signed = [DkimResult(AuthStatus.PASS, domain="amazonses.com")]
    no_hops = identify_platform(shaped, signed)
    assert no_hops is not None and no_hops.name == "Amazon SES"


def test_gmail_versus_workspace() -> None:
    gmail = build(
        [
            ("From", "Ann <ann@gmail.com>"),
            ("DKIM-Signature", "v=1; d=gmail.com; s=20230601; b=x"),
            ("X-Google-Smtp-Source", "AGHT+abc"),
            ("Message-ID", "<CAKx=abc@mail.gmail.com>"),
        ]
    )
    match = identify_platform(gmail)
    assert match is not None and match.name == "Gmail" and match.customer is None
    workspace = build(
        [
            ("From", "Bob <bob@corp.example>"),
            ("DKIM-Signature", "v=1; d=corp-example.20230601.gappssmtp.com; s=2023; b=x"),
            ("X-Google-Smtp-Source", "AGHT+abc"),
            ("Message-ID", "<CAKx=abc@mail.gmail.com>"),
        ]
    )
    match = identify_platform(workspace)
    assert match is not None and match.name == "Google Workspace"
    assert match.customer == "corp.example"


def test_feedback_id_and_list_unsubscribe_hosts() -> None:
    pm = build(
        [
            ("From", "a@brand.example"),
            ("Feedback-ID", "123:123.456:us6:mc"),
            ("List-Unsubscribe", "<https://brand.us6.list-manage.com/unsubscribe?u=1>"),
        ]
    )
    match = identify_platform(pm)
    assert match is not None and match.name == "Mailchimp"
    assert "List-Unsubscribe host brand.us6.list-manage.com" in match.evidence


def test_hostile_input_does_not_break() -> None:
    pm = build(
        [
            ("From", "<@@@>"),
            ("Return-Path", "<" + "a" * 50_000 + "@" + "b." * 3000 + ">"),
            ("Message-ID", "<" + "x." * 20_000 + "@sparkpost>"),
            ("List-Unsubscribe", "<" * 5000),
            ("DKIM-Signature", "d=" + "z" * 100_000),
            ("Feedback-ID", ":" * 100_000),
        ]
    )
    identify_platform(pm, hops=[Hop(index=0, raw="", rdns="", helo="\x00" * 10)])


def test_catalogue_is_consistent() -> None:
    names = all_platforms()
    assert len(names) >= 40
    assert len(set(names)) == len(names)
    data = json.loads(
        resources.files("inspector.data").joinpath("platforms.json").read_text("utf-8")
    )
    types = {
        "header_present",
        "header_regex",
        "dkim_domain",
        "return_path_domain",
        "rdns",
        "message_id",
        "list_unsubscribe_host",
        "feedback_id",
        "from_domain",
        "ip",
        "by_host",
    }
    for p in data["platforms"]:
        assert p["kind"]
        for other in p.get("over", ()):
            assert other in names, (p["name"], other)
        for s in p["signals"]:
            assert s["type"] in types
            assert 0 < s["weight"] < 1
            if s["type"] in ("header_regex", "message_id", "feedback_id"):
                re.compile(s["pattern"])
            if s["type"] == "header_regex":
                assert s["header"]


def test_domain_matching_and_ownership() -> None:
    assert domain_matches("o1.sendgrid.net", "sendgrid.net")
    assert not domain_matches("notsendgrid.net", "sendgrid.net")
    assert domain_matches("mail-ed1-f41.google.com", "mail-*.google.com")
    ses = Hop(index=0, raw="", rdns="a27-7.smtp-out.us-west-2.amazonses.com", boundary=True)
    match = identify_platform(build([("From", "a@shop.example")]), hops=[ses])
    assert match is not None and match.name == "Amazon SES"
    assert is_platform_domain("Amazon SES", "eu-west-1.amazonses.com")
    assert not is_platform_domain("Amazon SES", "shop.example")
    assert not is_platform_domain(None, "amazonses.com")


def test_docs_page_is_generated_from_the_catalogue() -> None:
    rendered = render_platforms_markdown()
    for name in all_platforms():
        assert f"| {name} |" in rendered
    assert DOCS.read_text(encoding="utf-8") == rendered, "regenerate docs/platforms.md"


def test_upstream_hops_count_less_and_list_resends_ignore_them() -> None:
    pm = build([("From", "a@corp.example"), ("Return-Path", "<a@corp.example>")])
    upstream = Hop(index=0, raw="", rdns="mail-ed1-f41.google.com")
    boundary = Hop(index=1, raw="", rdns="mx.isp.example", boundary=True)
    alone = identify_platform(pm, hops=[replace(upstream, boundary=True)])
    assert alone is not None and "rDNS of sending host mail-ed1-f41.google.com" in alone.evidence
    # one step before the boundary, the same clue is weaker (0.5 * 0.7) and not enough alone
    assert identify_platform(pm, hops=[upstream, boundary]) is None
    listed = build(
        [
            ("From", "a@corp.example"),
            ("List-Id", "<dev.lists.example.org>"),
            ("Return-Path", "<dev-bounces@lists.example.org>"),
            ("X-Google-Smtp-Source", "AGHT+abc"),
        ]
    )
    author = Hop(index=0, raw="", rdns="mail-ed1-f41.google.com")
    with_author = identify_platform(listed, hops=[author, boundary])
    assert with_author is None or "upstream" not in " ".join(with_author.evidence)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(HEADER_NAMES), st.text(max_size=200)), max_size=12))
def test_identify_never_raises(headers: list[tuple[str, str]]) -> None:
    pm = build([(n, v.replace("\r", " ").replace("\n", " ")) for n, v in headers])
    identify_platform(pm, hops=[Hop(index=0, raw="", rdns="x", helo="y", boundary=True)])


def test_a_trace_view_read_by_the_caller_is_the_one_judged() -> None:
    pm = build([("From", "a@shop.example")])
    ses = Hop(index=0, raw="", rdns="a27-7.smtp-out.us-west-2.amazonses.com", boundary=True)
    view = read_trace(pm, [ses])
    assert identify_platform(pm, hops=[ses], view=view) == identify_platform(pm, hops=[ses])
    # the view alone carries the entry host: the hops are not read a second time
    match = identify_platform(pm, view=view)
    assert match is not None and match.name == "Amazon SES"
