"""bulk.* findings: one test per finding id, each failing without its rule."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from inspector.model.auth import AuthSummary, DkimResult, DmarcResult, SpfResult
from inspector.model.bounces import Bounce
from inspector.model.codes import AuthStatus, BounceKind
from inspector.model.findings import Finding
from inspector.model.intel import HopIntel, PlatformMatch
from inspector.model.route import Hop, Route
from inspector.rules.bulk import precedence, requirements, unsubscribe
from inspector.rules.registry import all_specs
from tests.inspector.intel.msgs import build, context, ids

RULES = (
    unsubscribe.no_list_unsubscribe,
    unsubscribe.mailto_only,
    unsubscribe.no_one_click,
    unsubscribe.unsubscribe_http,
    unsubscribe.one_click_unsigned,
    requirements.sender_requirements,
    requirements.no_tls,
    precedence.precedence_nonstandard,
    precedence.auto_submitted_invalid,
)
MAILCHIMP = PlatformMatch("Mailchimp", ("header X-MC-User present",), 0.99, "shop.example")
UNSUB = ("List-Unsubscribe", "<https://u.shop.example/u?x=1>, <mailto:u@shop.example>")
POST = ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
SIGNED = ("from", "to", "subject", "list-unsubscribe", "list-unsubscribe-post")
GOOD_AUTH = AuthSummary(
    dkim=(DkimResult(AuthStatus.PASS, domain="shop.example", signed_headers=SIGNED),),
    spf=SpfResult(AuthStatus.PASS, client_ip="192.0.2.10", domain="shop.example"),
    dmarc=DmarcResult(AuthStatus.PASS, record="v=DMARC1; p=reject", from_domain="shop.example"),
)
TLS_HOP = Hop(index=0, raw="from out.shop.example", protocol="ESMTPS", tls_version="TLSv1.3")
PLAIN_HOP = Hop(index=0, raw="from out.shop.example by mx", protocol="ESMTP", boundary=True)
GOOD_INTEL = (HopIntel(ip="192.0.2.10", ptr="out.shop.example", fcrdns=True),)
ROUTE = Route(boundary_index=0, client_ip="192.0.2.10")


def run(headers: list[tuple[str, str]], **kw: Any) -> dict[str, Finding]:
    return ids(RULES, context(build([("From", "Shop <news@shop.example>"), *headers]), **kw))


def good(**overrides: Any) -> dict[str, Any]:
    kw: dict[str, Any] = {
        "auth": GOOD_AUTH,
        "platform": MAILCHIMP,
        "hops": (replace(TLS_HOP, boundary=True),),
        "hops_intel": GOOD_INTEL,
        "route": ROUTE,
    }
    kw.update(overrides)
    return kw


def test_compliant_bulk_mail_only_gets_the_passing_checklist() -> None:
    found = run([UNSUB, POST], **good())
    assert set(found) == {"bulk.sender_requirements"}
    checklist = found["bulk.sender_requirements"]
    assert checklist.severity.value == "info"
    assert checklist.title.endswith("8 of 8 met")
    assert all(line.startswith("[pass]") for line in checklist.evidence)


def test_personal_mail_has_no_bulk_findings() -> None:
    assert run([]) == {}


def test_no_list_unsubscribe() -> None:
    found = run([("List-Id", "<news.shop.example>")])
    assert found["bulk.no_list_unsubscribe"].severity.value == "medium"
    only_esp = run([], platform=MAILCHIMP)
    assert only_esp["bulk.no_list_unsubscribe"].severity.value == "low"


def test_mailto_only() -> None:
    found = run([("List-Unsubscribe", "<mailto:leave@shop.example>")])
    assert "bulk.mailto_only" in found and "bulk.no_one_click" not in found
    assert found["bulk.mailto_only"].severity.value == "medium"


def test_discussion_lists_are_judged_as_list_mail() -> None:
    # a post by someone at shop.example through a list host, as Mailman or mlmmj deliver it
    member = [
        ("List-Id", "<dev.lists.example.org>"),
        ("Precedence", "bulk"),
        ("X-Mailman-Version", "2.1.39"),
    ]
    mailto = run([*member, ("List-Unsubscribe", "<mailto:dev-leave@lists.example.org>")])
    assert mailto["bulk.mailto_only"].severity.value == "info"
    assert "discussion list" in mailto["bulk.mailto_only"].explanation
    assert run(member)["bulk.no_list_unsubscribe"].severity.value == "info"
    https = run([*member, UNSUB])
    assert https["bulk.no_one_click"].severity.value == "info"
    # the bulk-sender checklist is about bulk senders, not a member's post
    assert "bulk.sender_requirements" not in https
    # List-Id and Precedence alone do not make a discussion list: newsletters write them too
    assert run(member[:2])["bulk.no_list_unsubscribe"].severity.value == "medium"
    # List-Post marks a discussion list even when the author is at the list's own domain
    posted = run([("List-Id", "<news.shop.example>"), ("List-Post", "<mailto:l@shop.example>")])
    assert posted["bulk.no_list_unsubscribe"].severity.value == "info"
    # list software's own headers (Yahoo Groups, Mailman) or Precedence: list say the same
    for marker in (("Mailing-List", "list dev@groups.example"), ("Precedence", "list")):
        found = run(
            [marker, ("List-Id", "<dev.groups.example>"), ("List-Unsubscribe", "<mailto:l@x>")]
        )
        assert found["bulk.mailto_only"].severity.value == "info", marker
    # a newsletter sent through a marketing platform is not a discussion list
    esp = run([*member, ("List-Unsubscribe", "<mailto:x@shop.example>")], platform=MAILCHIMP)
    assert esp["bulk.mailto_only"].severity.value == "medium"


def test_no_one_click() -> None:
    found = run([UNSUB])
    assert "bulk.no_one_click" in found
    wrong = run([UNSUB, ("List-Unsubscribe-Post", "One-Click")])
    assert "is not the exact text" in wrong["bulk.no_one_click"].explanation


def test_unsubscribe_http() -> None:
    found = run([("List-Unsubscribe", "<http://u.shop.example/x>"), POST])
    assert "bulk.unsubscribe_http" in found
    assert "bulk.no_one_click" not in found  # no https link at all: nothing to make one-click


def test_one_click_unsigned() -> None:
    unsigned = AuthSummary(
        dkim=(DkimResult(AuthStatus.PASS, domain="shop.example", signed_headers=("from",)),)
    )
    found = run([UNSUB, POST], auth=unsigned)
    assert "do not include both headers" in found["bulk.one_click_unsigned"].explanation
    failing = AuthSummary(dkim=(DkimResult(AuthStatus.FAIL, domain="shop.example"),))
    assert "bulk.one_click_unsigned" in run([UNSUB, POST], auth=failing)
    # DKIM not evaluated: cannot tell, no finding
    assert "bulk.one_click_unsigned" not in run([UNSUB, POST])


def test_sender_requirements_lists_failures() -> None:
    bad_auth = AuthSummary(
        spf=SpfResult(AuthStatus.SOFTFAIL),
        dmarc=DmarcResult(AuthStatus.NONE, "no record"),
    )
    found = run(
        [UNSUB],
        auth=bad_auth,
        platform=MAILCHIMP,
        hops=(PLAIN_HOP,),
        hops_intel=(HopIntel(ip="192.0.2.10", ptr=None, fcrdns=False),),
        route=ROUTE,
    )
    checklist = found["bulk.sender_requirements"]
    assert checklist.severity.value == "medium"
    failed = [line for line in checklist.evidence if line.startswith("[FAIL]")]
    assert len(failed) == 7  # all but the From check
    assert any("SPF passes" in line for line in failed)
    assert checklist.title.endswith("1 of 8 met")
    # bulk mail that only a List-Id marks is held to the same list, less severely
    listed = run([("List-Id", "<news.shop.example>"), UNSUB], auth=bad_auth)
    assert listed["bulk.sender_requirements"].severity.value == "low"
    offline = run([UNSUB, POST], platform=MAILCHIMP, offline=True)
    lines = offline["bulk.sender_requirements"].evidence
    unchecked = sum(line.startswith("[not checked]") for line in lines)
    assert unchecked >= 5
    assert offline["bulk.sender_requirements"].title.endswith(f", {unchecked} not checked")
    # no DKIM-Signature at all needs no DNS to judge: it fails offline too
    assert "[FAIL] DKIM passes (no signature)" in lines


def test_no_tls() -> None:
    found = run([UNSUB, POST], **good(hops=(PLAIN_HOP,)))
    assert found["bulk.no_tls"].severity.value == "low"
    assert "[FAIL] delivered over TLS (ESMTP)" in found["bulk.sender_requirements"].evidence
    # a bounce is not bulk mail, whoever sent it
    assert run(
        [UNSUB, POST], bounce=Bounce(kind=BounceKind.DSN), **good(hops=(PLAIN_HOP,))
    ).keys() <= {"bulk.one_click_unsigned"}
    assert "bulk.no_tls" not in run([UNSUB, POST], **good())


def test_precedence_nonstandard() -> None:
    assert set(run([("Precedence", "first-class")])) == {"bulk.precedence_nonstandard"}
    assert "bulk.precedence_nonstandard" not in run([("Precedence", "junk")])


def test_auto_submitted_invalid() -> None:
    assert set(run([("Auto-Submitted", "yes")])) == {"bulk.auto_submitted_invalid"}
    assert run([("Auto-Submitted", "auto-generated; owner-email=x@y.example")]) == {}
    assert run([("Auto-Submitted", "auto-generated (failure)")]) == {}


def test_ids_belong_to_this_module() -> None:
    mine = [s for s in all_specs() if s.id.startswith("bulk.")]
    assert len(mine) == len(RULES)
