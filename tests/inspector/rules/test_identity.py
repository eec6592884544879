"""identity.* findings: one test per finding id, each failing without its rule."""

from __future__ import annotations

import base64
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.model.auth import (
    AuthMethodResult,
    AuthSummary,
    DkimResult,
    DmarcResult,
    ReceivedAuthResults,
    SpfResult,
)
from inspector.model.bounces import Bounce
from inspector.model.codes import AuthStatus, BounceKind
from inspector.model.findings import Finding
from inspector.model.intel import PlatformMatch
from inspector.rules import identity as rules
from inspector.rules.registry import all_specs
from tests.inspector.intel.msgs import build, context, ids

RULES = (
    rules.domains_unrelated,
    rules.display_name_address,
    rules.display_name_brand,
    rules.lookalike_from,
    rules.lookalike_reply_to,
    rules.freemail_reply_to,
    rules.freemail_impersonation,
    rules.sender_differs,
    rules.reply_to_elsewhere,
)
SES = PlatformMatch("Amazon SES", ("DKIM d=amazonses.com",), 0.9, "shop.example")


def run(headers: list[tuple[str, str]], **kw: Any) -> dict[str, Finding]:
    return ids(RULES, context(build(headers), **kw))


def test_clean_corporate_message_has_no_findings() -> None:
    found = run(
        [
            ("From", "Shop <news@shop.example>"),
            ("Return-Path", "<bounce@mail.shop.example>"),
            ("Reply-To", "help@shop.example"),
            ("DKIM-Signature", "v=1; d=shop.example; s=s1; b=x"),
        ]
    )
    assert found == {}


def test_domains_unrelated() -> None:
    headers = [
        ("From", "Bank <alerts@bank.example>"),
        ("Return-Path", "<x@random-host.example>"),
        ("DKIM-Signature", "v=1; d=other.example; s=s1; b=x"),
    ]
    found = run(headers)
    assert set(found) == {"identity.domains_unrelated"}
    assert "Return-Path: <x@random-host.example>" in found["identity.domains_unrelated"].evidence
    # a platform that owns the bounce domain explains it
    headers[1] = ("Return-Path", "<0100-abc@amazonses.com>")
    assert run(headers, platform=SES) == {}
    headers[1] = ("Return-Path", "<x@random-host.example>")
    # a bounce report comes from whichever server gave up
    assert run(headers, bounce=Bounce(kind=BounceKind.DSN)) == {}
    # a mailing list resends with its own bounce address
    listed = [*headers, ("List-Id", "<dev.random-host.example>")]
    assert run(listed) == {}
    # a signature from the From domain ties them together
    headers[2] = ("DKIM-Signature", "v=1; d=bank.example; s=s1; b=x")
    assert run(headers) == {}


def test_display_name_address() -> None:
    found = run([("From", '"service@paypal.com" <robot@evil.example>')])
    assert "identity.display_name_address" in found
    assert run([("From", '"news@shop.example" <news@mail.shop.example>')]) == {}
    # Google Groups style rewritten From on a list
    via = [("From", "\"'ann@corp.example' via dev\" <dev@groups.example>")]
    assert "identity.display_name_address" in run(via)
    assert run([*via, ("List-Id", "<dev.groups.example>")]) == {}


def test_display_name_brand() -> None:
    found = run([("From", "PayPal Security <alerts@account-check.example>")])
    assert found["identity.display_name_brand"].severity.value == "medium"
    free = run([("From", "Coinbase Support <coinbase.help@gmail.com>")])
    assert free["identity.display_name_brand"].severity.value == "high"
    assert run([("From", "PayPal <service@paypal.com>")]) == {}
    assert run([("From", "Target deals <d@shop.example>")]) == {}


def test_display_name_brand_with_failed_authentication_is_high() -> None:
    from_ = [("From", "PayPal Security <alerts@account-check.example>")]
    spf_failed = AuthSummary(spf=SpfResult(AuthStatus.SOFTFAIL, "not listed"))
    f = run(from_, auth=spf_failed)["identity.display_name_brand"]
    assert f.severity.value == "high"
    assert "authentication failed (spf=softfail)" in f.explanation
    receiver = ReceivedAuthResults(
        "mx.rcpt.example",
        (AuthMethodResult("dmarc", AuthStatus.FAIL),),
        True,
        "added above the trust boundary",
        "mx.rcpt.example; dmarc=fail",
    )
    f = run(from_, auth=AuthSummary(received=(receiver,)))["identity.display_name_brand"]
    assert f.severity.value == "high" and "dmarc=fail (receiver)" in f.explanation


def _encoded(name: str) -> str:
    """An RFC 2047 encoded-word, as real mail carries non-ASCII display names."""
    return "=?utf-8?b?" + base64.b64encode(name.encode()).decode() + "?="


def test_display_name_brand_sees_through_combining_marks() -> None:
    # a Syriac combining mark after two letters, as phishers write brand names
    found = run([("From", _encoded("Pa\u073fyPa\u073fl Service") + " <r@mailer.example>")])
    f = found["identity.display_name_brand"]
    assert f.severity.value == "high"
    assert "invisible or combining characters" in f.explanation
    zero_width = run([("From", _encoded("Pay\u200bPal Security") + " <a@check.example>")])
    assert zero_width["identity.display_name_brand"].severity.value == "high"


def test_lookalike_from_and_reply_to() -> None:
    found = run([("From", "Support <help@paypa1.com>")])
    assert found["identity.lookalike_from"].severity.value == "high"
    assert "imitates: paypal.com" in found["identity.lookalike_from"].evidence
    swapped = run([("From", "help@paypal.co")])
    assert swapped["identity.lookalike_from"].severity.value == "medium"
    reply = run([("From", "a@shop.example"), ("Reply-To", "billing@rnicrosoft.com")])
    assert set(reply) == {"identity.lookalike_reply_to"}


def test_freemail_reply_to() -> None:
    found = run([("From", "CEO <ceo@corp.example>"), ("Reply-To", "ceo.private@gmail.com")])
    assert set(found) == {"identity.freemail_reply_to"}
    # free mail to free mail is not the corporate pattern, just another domain
    assert set(run([("From", "a@gmail.com"), ("Reply-To", "b@yahoo.com")])) == {
        "identity.reply_to_elsewhere"
    }


def test_freemail_impersonation() -> None:
    sendgrid = PlatformMatch("SendGrid", ("header X-SG-EID present",), 0.9, "gmail.com")
    found = run(
        [("From", "Ann <ann.smith@gmail.com>"), ("DKIM-Signature", "v=1; d=sendgrid.net; b=x")],
        platform=sendgrid,
    )
    assert "identity.freemail_impersonation" in found
    assert (
        "sending platform identified: SendGrid" in found["identity.freemail_impersonation"].evidence
    )
    # DMARC failure alone is enough evidence
    dmarc = AuthSummary(dmarc=DmarcResult(AuthStatus.FAIL, "no aligned pass"))
    assert "identity.freemail_impersonation" in run([("From", "x@yahoo.com")], auth=dmarc)
    # sent and signed by Gmail itself: fine
    ok = AuthSummary(dkim=(DkimResult(AuthStatus.PASS, domain="gmail.com"),))
    assert run([("From", "Ann <ann@gmail.com>")], auth=ok) == {}


def test_sender_differs() -> None:
    found = run([("From", "boss@corp.example"), ("Sender", "assistant@agency.example")])
    assert set(found) == {"identity.sender_differs"}
    assert run([("From", "boss@corp.example"), ("Sender", "pa@mail.corp.example")]) == {}


def test_reply_to_elsewhere() -> None:
    found = run([("From", "news@shop.example"), ("Reply-To", "support@helpdesk.example")])
    assert set(found) == {"identity.reply_to_elsewhere"}
    assert found["identity.reply_to_elsewhere"].severity.value == "low"


LIST = [
    ("List-Id", "<dev.googlegroups.example>"),
    ("List-Post", "<mailto:dev@googlegroups.example>"),
]


def test_a_list_post_is_judged_as_list_mail() -> None:
    # the list names itself as Sender and takes replies: what list software does
    relayed = run(
        [
            ("From", "ann@corp.example"),
            ("Sender", "dev@googlegroups.example"),
            ("Reply-To", "dev@googlegroups.example"),
            *LIST,
        ]
    )
    assert "identity.sender_differs" not in relayed
    assert "identity.reply_to_elsewhere" not in relayed
    # the list rewrote From for DMARC and points Reply-To at the author, a free-mail user
    rewritten = run(
        [
            ("From", "'Ann' via dev <dev@googlegroups.example>"),
            ("Reply-To", "ann@gmail.com"),
            *LIST,
        ]
    )
    assert not {"identity.freemail_reply_to", "identity.reply_to_elsewhere"} & set(rewritten)
    # without the list, the same Reply-To is still reported
    assert "identity.freemail_reply_to" in run(
        [("From", "news@corp.example"), ("Reply-To", "ann@gmail.com")]
    )


def test_ids_belong_to_this_module() -> None:
    mine = [s for s in all_specs() if s.id.startswith("identity.")]
    assert len(mine) == len(RULES)
    for s in mine:
        assert s.remedy and s.references and s.title


NAMES = ["From", "Reply-To", "Sender", "Return-Path", "List-Id", "DKIM-Signature", "Precedence"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.text(max_size=150)), max_size=8))
def test_identity_bulk_and_link_rules_never_raise(headers: list[tuple[str, str]]) -> None:
    from inspector.intel.links import extract_links
    from inspector.rules.registry import all_rules

    clean = [(n, v.replace("\r", " ").replace("\n", " ")) for n, v in headers]
    pm = build(clean, html="".join(v for _, v in clean))
    ctx = context(pm, links=extract_links(pm))
    mine = ("inspector.rules.identity", "inspector.rules.bulk", "inspector.rules.links")
    for fn in all_rules():
        if fn.__module__ in mine:
            list(fn(ctx))


def test_display_name_brand_accepts_a_product_name_of_the_domains_owner() -> None:
    """ "Prime" is an Amazon token, but "Bradesco Prime" from bradesco.com.br is Bradesco's."""
    assert run([("From", "Bradesco Prime <naoresponder@bradesco.com.br>")]) == {}


def test_display_name_brand_matches_ordinary_word_brands_as_the_whole_name() -> None:
    found = run([("From", "Ledger Support <jennifer@shop.example>")])
    assert "Ledger" in found["identity.display_name_brand"].explanation
    assert "identity.display_name_brand" not in run([("From", "Apple Core <a@news.example>")])
