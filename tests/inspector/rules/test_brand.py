"""brand.* findings: one test per finding id, each failing without its rule."""

from __future__ import annotations

from typing import Any

from inspector.model.auth import (
    AuthMethodResult,
    AuthSummary,
    DkimResult,
    DmarcResult,
    ReceivedAuthResults,
    RecordedResult,
    SpfResult,
)
from inspector.model.codes import AuthMethod, AuthStatus
from inspector.model.findings import Finding
from inspector.parse.message import parse_message
from inspector.rules import brand as rules
from tests.inspector.intel.msgs import context, ids

RULES = (rules.lookalike_letters, rules.domain_spoof)
DMARC_FAIL = AuthSummary(dmarc=DmarcResult(AuthStatus.FAIL, "no aligned pass"))


def run(headers: list[tuple[str, str]], **kw: Any) -> dict[str, Finding]:
    """Through the project's parser: raw UTF-8 header text, as phishers send it."""
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return ids(RULES, context(parse_message(f"{head}\r\nbody\r\n".encode()), **kw))


def test_brand_in_look_alike_letters_in_display_name() -> None:
    found = run([("From", "Ꮇicrosoft <alerts@notices.example>")])
    finding = found["brand.lookalike_letters"]
    assert "Microsoft" in finding.explanation and "CHEROKEE" in finding.explanation


def test_brand_in_look_alike_letters_in_subject() -> None:
    found = run([("From", "a@shop.example"), ("Subject", "Υour Ϲoіոbаѕе wallet is paused")])
    assert "Coinbase" in found["brand.lookalike_letters"].explanation


def test_capital_i_for_small_l() -> None:
    found = run([("From", "Iedger <jennifer@shop.example>")])
    assert "I for l" in found["brand.lookalike_letters"].explanation


def test_ordinary_spelling_and_the_brands_own_domain_are_not_disguise() -> None:
    assert run([("From", "Microsoft <alerts@notices.example>")]) == {}
    assert run([("From", "Ꮇicrosoft <news@microsoft.com>")]) == {}


def test_exact_domain_spoof_when_dmarc_fails() -> None:
    found = run([("From", "PayPal <service@paypal.com>")], auth=DMARC_FAIL)
    finding = found["brand.domain_spoof"]
    assert "spoof of PayPal" in finding.explanation and "lookalike" in finding.explanation


def test_exact_domain_spoof_from_the_receivers_record_offline() -> None:
    recorded = (RecordedResult(AuthMethod.DMARC, AuthStatus.FAIL, "", "header.from=paypal.com"),)
    found = run([("From", "service@paypal.com")], auth=AuthSummary(recorded=recorded))
    assert "receiver at receipt" in found["brand.domain_spoof"].explanation


def test_no_spoof_when_authenticated_or_unchecked() -> None:
    assert run([("From", "service@paypal.com")]) == {}  # nothing checked: no conclusion
    passed = AuthSummary(
        dkim=(DkimResult(AuthStatus.PASS, domain="paypal.com"),),
        spf=SpfResult(AuthStatus.FAIL, domain="bounce.example"),
    )
    assert run([("From", "service@paypal.com")], auth=passed) == {}


def test_no_spoof_when_an_earlier_server_recorded_a_pass() -> None:
    """Relayed inside the recipient's organisation: SPF breaks, the first server saw a pass."""
    earlier = ReceivedAuthResults(
        "gw.example",
        (
            AuthMethodResult(
                "spf", AuthStatus.PASS, properties=(("smtp.mailfrom", "x@paypal.com"),)
            ),
        ),
        False,
        "",
        "",
        "Authentication-Results-Original",
    )
    auth = AuthSummary(dmarc=DmarcResult(AuthStatus.FAIL), received=(earlier,))
    assert run([("From", "service@paypal.com")], auth=auth) == {}


def test_free_mail_domains_are_left_to_freemail_impersonation() -> None:
    assert run([("From", "someone@gmail.com")], auth=DMARC_FAIL) == {}
