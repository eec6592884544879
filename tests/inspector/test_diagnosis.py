from __future__ import annotations

from inspector.diagnosis import (
    IMPERSONATION_IDS,
    SAID_BETTER_BY,
    outcome_text,
    rank_findings,
    summarize_findings,
    top_findings,
)
from inspector.model.codes import Category, Evidence, Risk, Severity
from inspector.model.findings import Finding
from inspector.rules.registry import all_specs
from inspector.score import BASE_ID, score_weights


def _f(fid: str, sev: Severity, cat: Category = Category.CONTENT, title: str = "") -> Finding:
    return Finding(fid, sev, cat, title or f"title {fid}", "why")


def _weight(fid: str) -> float:
    return score_weights().weights[fid]


def test_causes_rank_by_their_points_and_outcomes_come_last() -> None:
    heavy, light = sorted(("content.image_heavy", "links.ip_address"), key=lambda i: -_weight(i))
    ranked = rank_findings(
        [
            _f("verdicts.marked_spam", Severity.CRITICAL, Category.VERDICT),
            _f(light, Severity.HIGH),
            _f(heavy, Severity.MEDIUM),
        ]
    )
    assert [f.id for f in ranked] == [heavy, light, "verdicts.marked_spam"]


def test_a_receivers_verdict_is_the_outcome_never_a_reason() -> None:
    spam = _f(
        "verdicts.junk_folder",
        Severity.HIGH,
        Category.VERDICT,
        "Exchange Online filtered it as spam (SCL 9) and moved it to Junk",
    )
    compauth = _f("authres.compauth_fail", Severity.HIGH, Category.AUTHENTICATION, "compauth")
    # the heaviest fitted cause, so that alone it lifts the score out of "low"
    heaviest = max(score_weights().weights, key=_weight)
    hidden = _f(heaviest, Severity.MEDIUM, title="Hidden text")
    s = summarize_findings([spam, compauth, hidden])
    assert s.top_reasons == (heaviest,)
    assert s.outcome.startswith("Exchange Online filtered it as spam (SCL 9)")
    assert s.verdict.startswith("Outcome: Exchange Online filtered it as spam (SCL 9)")
    assert "Main reason: Hidden text." in s.verdict
    points = {c.finding: c.points for c in s.contributions}
    assert "verdicts.junk_folder" not in points and "authres.compauth_fail" not in points


def test_verdicts_alone_leave_the_score_at_its_base() -> None:
    alone = summarize_findings([_f("verdicts.marked_spam", Severity.CRITICAL, Category.VERDICT)])
    assert alone.score == round(score_weights().base, 1)
    assert alone.top_reasons == ()


def test_contributions_add_up_to_the_score_before_clamping() -> None:
    findings = [
        _f("content.image_heavy", Severity.MEDIUM),
        _f("links.unrelated_domains", Severity.LOW),
        _f("kind.list_post", Severity.INFO, Category.IDENTITY),
        _f("verdicts.junk_folder", Severity.HIGH, Category.VERDICT),
    ]
    s = summarize_findings(findings)
    total = sum(c.points for c in s.contributions if c.status is Evidence.COUNTED)
    assert s.score == round(min(10.0, max(0.0, total)), 1)
    assert s.contributions[0].finding == BASE_ID
    points = {c.finding: c.points for c in s.contributions}
    assert points["kind.list_post"] < 0 < points["content.image_heavy"]


def test_offline_lists_network_evidence_as_not_checked_with_no_points() -> None:
    s = summarize_findings([], offline=True)
    unchecked = [c for c in s.contributions if c.status is Evidence.NOT_CHECKED]
    assert {c.finding for c in unchecked} >= {"spf", "dkim", "dmarc", "reputation"}
    assert all(c.points == 0 for c in unchecked)
    assert summarize_findings([], offline=False).score == s.score


def test_risk_follows_from_the_score_bands() -> None:
    bands = dict(score_weights().risk_bands)
    heavy = [
        _f(fid, Severity.MEDIUM)
        for fid, w in score_weights().weights.items()
        if w > 0 and not fid.startswith("kind.")
    ]
    s = summarize_findings(heavy)
    assert s.score == 10.0 and s.risk is Risk.CRITICAL
    low = summarize_findings([_f("kind.list_post", Severity.INFO, Category.IDENTITY)])
    assert low.score is not None and low.score < bands["medium"] and low.risk is Risk.LOW
    assert low.verdict.startswith(f"Score {low.score:.1f}/10: nothing found")


def test_a_finding_lowered_to_info_adds_nothing_and_is_no_reason() -> None:
    lowered = _f("bulk.no_list_unsubscribe", Severity.INFO, Category.BULK)
    s = summarize_findings([lowered])
    assert s.top_reasons == ()
    assert all(c.finding != "bulk.no_list_unsubscribe" for c in s.contributions)


def test_routing_findings_are_not_reasons() -> None:
    slow = _f("routing.long_delay", Severity.MEDIUM, Category.ROUTING)
    assert summarize_findings([slow]).top_reasons == ()


def test_the_weaker_duplicate_leaves_the_top_reasons_but_not_the_findings() -> None:
    findings = [
        _f("bulk.sender_requirements", Severity.HIGH, Category.BULK),
        _f("bulk.no_one_click", Severity.MEDIUM, Category.BULK),
    ]
    s = summarize_findings(findings)
    assert "bulk.sender_requirements" not in s.top_reasons
    assert summarize_findings(findings[:1]).top_reasons == ("bulk.sender_requirements",)


def test_duplicate_map_names_real_findings() -> None:
    ids = {s.id for s in all_specs()}
    for weaker, stronger in SAID_BETTER_BY.items():
        assert weaker in ids
        assert set(stronger) <= ids, weaker


def test_a_bounce_says_what_happened_instead_of_a_forecast() -> None:
    unknown = _f("bounce.userunknown", Severity.MEDIUM, Category.BOUNCE, "The address is unknown")
    s = summarize_findings([unknown, _f("dkim.no_signature", Severity.LOW)])
    assert s.verdict == "Not delivered: the message bounced. Main reason: The address is unknown."


def test_a_bounce_is_the_outcome() -> None:
    unknown = _f("bounce.userunknown", Severity.MEDIUM, Category.BOUNCE, "The address is unknown")
    assert outcome_text([unknown]) == "Not delivered: the message bounced (the address is unknown)"
    arf = _f("bounce.arf_complaint", Severity.HIGH, Category.BOUNCE, "A complaint")
    s = summarize_findings([arf])
    assert s.verdict.startswith("A receiver sent back a feedback report")
    assert s.outcome.startswith("A receiver sent back a feedback report")
    assert s.top_reasons == ("bounce.arf_complaint",)


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


def test_the_receivers_inbox_decision_is_the_outcome() -> None:
    inbox = _f(
        "verdicts.delivered",
        Severity.INFO,
        Category.VERDICT,
        "Exchange Online judged it not spam (SCL 1) and delivered it to the Inbox",
    )
    s = summarize_findings([inbox])
    assert s.outcome == "Exchange Online judged it not spam (SCL 1) and delivered it to the Inbox"
    assert s.top_reasons == ()


def test_a_suspicious_message_tells_the_reader_how_far_to_trust_it() -> None:
    heavy = [
        _f(fid, Severity.MEDIUM)
        for fid, w in score_weights().weights.items()
        if w > 0 and not fid.startswith("kind.")
    ]
    verdict = summarize_findings(heavy).verdict
    assert "Do not trust it" in verdict
    assert "Safe Senders" not in verdict


def test_an_impersonation_warns_the_reader_whatever_the_placement_score() -> None:
    brand = _f(
        "identity.display_name_brand",
        Severity.MEDIUM,
        Category.IDENTITY,
        "The display name claims a well-known brand that does not own the From domain",
    )
    summary = summarize_findings([brand])
    assert summary.risk is not Risk.CRITICAL
    assert summary.verdict.endswith(
        "Do not trust it: the display name claims a well-known brand that does not own the"
        " From domain."
    )


def test_without_an_impersonation_the_placement_risk_speaks_for_trust() -> None:
    plain = _f("content.html_only", Severity.LOW, Category.CONTENT, "Only an HTML part")
    assert "trust" not in summarize_findings([plain]).verdict


def test_every_impersonation_id_is_a_finding_the_rules_can_raise() -> None:
    assert {spec.id for spec in all_specs()} >= IMPERSONATION_IDS


def test_top_findings_picks_the_ranked_occurrence_of_a_repeated_id() -> None:
    weak = Finding("links.ip_address", Severity.LOW, Category.CONTENT, "one", "x")
    strong = Finding("links.ip_address", Severity.HIGH, Category.CONTENT, "two", "y")
    other = Finding("spf.fail", Severity.MEDIUM, Category.AUTHENTICATION, "SPF failed", "z")
    ranked = rank_findings([weak, other, strong])
    assert top_findings(ranked, ["links.ip_address", "spf.fail"]) == [strong, other]
