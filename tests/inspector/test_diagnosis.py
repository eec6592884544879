from __future__ import annotations

from inspector.diagnosis import SAID_BETTER_BY, overall_risk, rank_findings, summarize_findings
from inspector.model.codes import Category, Risk, Severity
from inspector.model.findings import Finding
from inspector.rules.registry import all_specs


def _f(fid: str, sev: Severity, cat: Category = Category.CONTENT, title: str = "") -> Finding:
    return Finding(fid, sev, cat, title or f"title {fid}", "why")


def test_ranking_puts_severity_then_decisive_theme_first() -> None:
    ranked = rank_findings(
        [
            _f("content.a", Severity.HIGH),
            _f("dmarc.b", Severity.HIGH, Category.AUTHENTICATION),
            _f("headers.c", Severity.CRITICAL, Category.HYGIENE),
        ]
    )
    assert [f.id for f in ranked] == ["headers.c", "dmarc.b", "content.a"]


def test_a_receivers_own_spam_verdict_ranks_first() -> None:
    ranked = rank_findings(
        [
            _f("dmarc.fail_reject", Severity.CRITICAL, Category.AUTHENTICATION),
            _f("verdicts.marked_spam", Severity.HIGH, Category.VERDICT),
            _f("verdicts.bulk", Severity.MEDIUM, Category.BULK),
        ]
    )
    # what the receiver did outranks what we predict; a weak receiver signal does not
    assert [f.id for f in ranked] == ["verdicts.marked_spam", "dmarc.fail_reject", "verdicts.bulk"]


def test_risk_levels() -> None:
    assert overall_risk([]) is Risk.LOW
    assert overall_risk([_f("a.b", Severity.LOW), _f("a.c", Severity.LOW)]) is Risk.LOW
    three = [_f("a.b", Severity.LOW), _f("a.c", Severity.LOW), _f("a.d", Severity.LOW)]
    assert overall_risk(three) is Risk.MEDIUM
    assert overall_risk([_f("a.b", Severity.HIGH)]) is Risk.HIGH
    assert overall_risk([_f("a.b", Severity.CRITICAL)]) is Risk.CRITICAL


def test_repeats_and_restatements_do_not_add_up() -> None:
    # one observation made at three hops is one problem, not three
    assert overall_risk([_f("authres.forged", Severity.LOW)] * 3) is Risk.LOW
    # the checklist restates the missing one-click unsubscribe: still two problems, not three
    said_twice = [
        _f("bulk.no_one_click", Severity.LOW, Category.BULK),
        _f("bulk.sender_requirements", Severity.LOW, Category.BULK),
        _f("identity.reply_to_elsewhere", Severity.LOW, Category.IDENTITY),
    ]
    assert overall_risk(said_twice) is Risk.LOW
    # ... but a restatement that is more severe than what it restates still counts
    louder = [_f("bulk.sender_requirements", Severity.MEDIUM, Category.BULK), said_twice[0]]
    assert overall_risk(louder) is Risk.MEDIUM


def test_delivery_delays_do_not_make_a_message_spam() -> None:
    slow = _f("routing.long_delay", Severity.MEDIUM, Category.ROUTING)
    assert overall_risk([slow]) is Risk.LOW
    lows = [_f("a.one", Severity.LOW), _f("b.two", Severity.LOW)]
    assert overall_risk([*lows, _f("routing.no_tls", Severity.LOW, Category.ROUTING)]) is Risk.LOW
    assert summarize_findings([slow]).top_reasons == ()
    summary = summarize_findings([slow, _f("dkim.no_signature", Severity.MEDIUM)])
    assert summary.top_reasons[0] == "dkim.no_signature"
    assert "waited" not in summary.verdict and "routing" not in summary.verdict


def test_summary_names_the_main_reason_and_skips_info() -> None:
    s = summarize_findings([_f("x.info", Severity.INFO), _f("spf.fail", Severity.HIGH)])
    assert s.top_reasons == ("spf.fail",)
    assert "title spf.fail" in s.verdict
    assert summarize_findings([_f("x.info", Severity.INFO)]).top_reasons == ()


def test_summary_names_up_to_three_reasons_in_one_sentence() -> None:
    s = summarize_findings(
        [
            _f(
                "dmarc.fail_quarantine",
                Severity.HIGH,
                Category.AUTHENTICATION,
                "DMARC failed and the domain's policy says quarantine (spam folder)",
            ),
            _f(
                "verdicts.junk_folder",
                Severity.HIGH,
                Category.VERDICT,
                "Exchange Online filtered it as bulk (BCL 7) and moved it to Junk at "
                "mbx.outlook.com (hop 4)",
            ),
            _f("links.shortener", Severity.MEDIUM, title="Links go through a URL shortener"),
            _f("headers.other", Severity.MEDIUM, Category.HYGIENE),
            _f("content.minor", Severity.LOW),
        ]
    )
    assert s.risk is Risk.HIGH
    assert s.verdict == (
        "Likely to land in spam. Main reasons: Exchange Online filtered it as bulk (BCL 7) and "
        "moved it to Junk at mbx.outlook.com (hop 4); DMARC failed and the domain's policy "
        "says quarantine (spam folder); links go through a URL shortener."
    )
    assert s.top_reasons[:2] == ("verdicts.junk_folder", "dmarc.fail_quarantine")
    assert "content.minor" not in s.top_reasons


def test_reasons_far_below_the_first_are_not_named() -> None:
    s = summarize_findings(
        [
            _f("verdicts.marked_spam", Severity.CRITICAL, Category.VERDICT, "Spam (SCL 9)"),
            _f("links.shortener", Severity.MEDIUM, title="Links go through a URL shortener"),
        ]
    )
    assert s.verdict == "Very likely rejected or sent to spam. Main reason: Spam (SCL 9)."
    assert s.top_reasons == ("verdicts.marked_spam", "links.shortener")


def test_low_risk_sentence_names_nothing() -> None:
    s = summarize_findings([_f("content.minor", Severity.LOW)])
    assert s.verdict == "Nothing found that would send this message to spam."
    assert s.top_reasons == ("content.minor",)


def test_the_weaker_duplicate_leaves_the_top_reasons_but_not_the_findings() -> None:
    pairs = [
        ("dkim.third_party", "dmarc.dkim_unaligned"),
        ("arc.forwarding_rescue", "dmarc.mailing_list"),
        ("authres.compauth_fail", "verdicts.spoof"),
        ("bulk.sender_requirements", "bulk.no_one_click"),
    ]
    for weaker, stronger in pairs:
        findings = [
            _f(weaker, Severity.HIGH, Category.AUTHENTICATION),
            _f(stronger, Severity.MEDIUM, Category.AUTHENTICATION),
        ]
        s = summarize_findings(findings)
        assert s.top_reasons == (stronger,), weaker
        assert weaker not in s.verdict
        # on its own the weaker finding still counts
        assert summarize_findings(findings[:1]).top_reasons == (weaker,)


def test_duplicate_map_names_real_findings() -> None:
    ids = {s.id for s in all_specs()}
    for weaker, stronger in SAID_BETTER_BY.items():
        assert weaker in ids
        assert set(stronger) <= ids, weaker


def test_small_problems_that_add_up_are_called_that() -> None:
    s = summarize_findings(
        [
            _f("a.one", Severity.LOW, title="The first small thing"),
            _f("b.two", Severity.LOW, title="Links go nowhere useful"),
            _f("c.three", Severity.LOW, title="DKIM is old-fashioned"),
        ]
    )
    assert s.risk is Risk.MEDIUM
    assert s.verdict == (
        "At risk of landing in spam. Several small problems add up: The first small thing; "
        "links go nowhere useful; DKIM is old-fashioned."
    )


def test_a_bounce_says_what_happened_instead_of_a_forecast() -> None:
    unknown = _f("bounce.userunknown", Severity.MEDIUM, Category.BOUNCE, "The address is unknown")
    s = summarize_findings([unknown, _f("dkim.no_signature", Severity.LOW)])
    assert s.verdict == "Not delivered: the message bounced. Main reason: The address is unknown."
    arf = _f("bounce.arf_complaint", Severity.HIGH, Category.BOUNCE, "A complaint")
    assert summarize_findings([arf]).verdict == (
        "A receiver sent back a feedback report about this message. Main reason: A complaint."
    )


def test_a_bounces_own_hygiene_is_never_a_top_reason_or_the_risk() -> None:
    full = _f("bounce.mailboxfull", Severity.LOW, Category.BOUNCE, "The mailbox is full")
    hygiene = [
        _f("bulk.no_list_unsubscribe", Severity.HIGH, Category.BULK),
        _f("dkim.no_signature", Severity.MEDIUM, Category.AUTHENTICATION),
        _f("headers.no_date", Severity.CRITICAL, Category.HYGIENE),
    ]
    s = summarize_findings([*hygiene, full])
    assert s.top_reasons == ("bounce.mailboxfull",)
    assert s.risk is Risk.LOW
    assert s.verdict == "Not delivered: the message bounced. Main reason: The mailbox is full."


def test_a_bounce_is_never_nothing_found() -> None:
    reply = _f("bounce.vacation", Severity.INFO, Category.BOUNCE, "An automatic reply")
    s = summarize_findings([reply, _f("bulk.no_list_unsubscribe", Severity.HIGH, Category.BULK)])
    assert s.verdict == "Delivered: this is an automatic reply. Main reason: An automatic reply."
    assert s.top_reasons == ("bounce.vacation",)
    delayed = _f(
        "bounce.expired", Severity.LOW, Category.BOUNCE, "Delivery delayed, still retrying: x"
    )
    assert summarize_findings([delayed]).verdict.startswith(
        "Not delivered yet: the sending server is still retrying."
    )
    loop = _f("bounce.networkerror", Severity.MEDIUM, Category.BOUNCE, "A loop stopped it")
    assert "Nothing found" not in summarize_findings([loop]).verdict


def test_the_receivers_own_inbox_decision_is_reported_after_the_reasons() -> None:
    inbox = _f(
        "verdicts.delivered",
        Severity.INFO,
        Category.VERDICT,
        "Exchange Online judged it not spam (SCL 1) and delivered it to the Inbox at mbx (hop 5)",
    )
    s = summarize_findings([inbox])
    assert s.verdict == (
        "Nothing found that would send this message to spam. Exchange Online judged it not "
        "spam (SCL 1) and delivered it to the Inbox at mbx (hop 5)."
    )
    assert s.top_reasons == ()
    s = summarize_findings([inbox, _f("dkim.no_signature", Severity.MEDIUM, title="No DKIM")])
    assert s.verdict.startswith("At risk of landing in spam. Main reason: No DKIM. Exchange")


def test_top_findings_picks_the_ranked_occurrence_of_a_repeated_id() -> None:
    from inspector.diagnosis import top_findings

    weak = Finding("authres.receiver_fail", Severity.LOW, Category.AUTHENTICATION, "dkim=fail", "x")
    strong = Finding(
        "authres.receiver_fail", Severity.HIGH, Category.AUTHENTICATION, "dmarc=fail", "y"
    )
    other = Finding("spf.fail", Severity.MEDIUM, Category.AUTHENTICATION, "SPF failed", "z")
    assert top_findings([weak, other, strong], ["authres.receiver_fail", "spf.fail"]) == [
        strong,
        other,
    ]
