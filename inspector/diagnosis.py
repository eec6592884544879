"""Turns the findings of one message into its summary: overall risk, one-sentence verdict,
and the ranked likely reasons it was (or would be) filtered to spam.

Ranking: a receiver's own decision (its spam verdict, its Junk folder, its bounce) is what
happened rather than what might happen, so a strong one ranks first. After that, severity,
then how directly the theme decides placement at the big receivers (authentication outranks
content), then id so the order is stable.

Some findings restate another from a different angle (a bulk-sender checklist next to the
missing one-click unsubscribe it lists). Both stay in the full findings list; only the
stronger one is named among the top reasons, so the summary does not say the same thing
twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspector.model.codes import Category, Risk, Severity
from inspector.model.findings import Finding
from inspector.model.report import Summary

#: How directly each theme decides placement; higher ranks first among equal severities.
_CATEGORY_WEIGHT: dict[Category, int] = {
    Category.VERDICT: 9,
    Category.BOUNCE: 9,
    Category.AUTHENTICATION: 8,
    Category.REPUTATION: 7,
    Category.IDENTITY: 6,
    Category.INFRASTRUCTURE: 5,
    Category.BULK: 4,
    Category.REPLAY: 3,
    Category.CONTENT: 3,
    Category.HYGIENE: 2,
    Category.STRUCTURE: 2,
    Category.ROUTING: 1,
}

#: Weaker finding -> findings that already say the same thing better. When one of those is
#: present, the weaker one is left out of the top reasons (it stays in the findings list).
SAID_BETTER_BY: dict[str, tuple[str, ...]] = {
    # DMARC's alignment finding names the third-party signer and what it costs.
    "dkim.third_party": ("dmarc.dkim_unaligned",),
    # The mailing-list finding already says whether an ARC seal vouches for the original.
    "arc.forwarding_rescue": ("dmarc.mailing_list",),
    # Microsoft's spoof category comes with the compauth result in its evidence.
    "authres.compauth_fail": ("verdicts.spoof",),
    # The checklist restates the individual requirements that have findings of their own.
    "bulk.sender_requirements": (
        "bulk.no_list_unsubscribe",
        "bulk.mailto_only",
        "bulk.no_one_click",
        "bulk.one_click_unsigned",
        "bulk.no_tls",
        "dkim.no_signature",
        "dkim.body_changed",
        "dkim.header_mismatch",
        "dkim.permerror",
        "spf.fail",
        "spf.softfail",
        "spf.none",
        "dmarc.no_record",
        "dmarc.fail_reject",
        "dmarc.fail_quarantine",
        "dmarc.policy_none",
        "dmarc.dkim_unaligned",
        "dmarc.spf_unaligned",
        "infrastructure.no_ptr",
        "infrastructure.ptr_not_confirmed",
        "identity.freemail_impersonation",
    ),
    # The spam-flag finding quotes SpamAssassin's score and verdict already.
    "verdicts.spamassassin_score": ("verdicts.marked_spam",),
    # TLS on the last hop is reported by routing for all mail and by bulk for bulk mail.
    "routing.no_tls": ("bulk.no_tls",),
}

#: Themes that describe how fast or by which path mail travelled, not where it lands: a long
#: queue at one hop never sends a message to spam by itself, so these do not count toward the
#: risk or the likely reasons (they are still reported at their own severity).
_NOT_PLACEMENT = frozenset({Category.ROUTING})

MAX_REASONS = 5
MAX_NAMED = 3  # reasons named in the one-sentence verdict


def is_receiver_decision(f: Finding) -> bool:
    """A receiving system's own recorded decision (spam verdict, Junk folder, bounce)."""
    return f.category in (Category.VERDICT, Category.BOUNCE) or f.id.startswith(
        ("verdicts.", "bounce.")
    )


def rank_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings ordered most-likely-cause first."""
    return sorted(
        findings,
        key=lambda f: (
            not (is_receiver_decision(f) and f.severity.rank >= Severity.HIGH.rank),
            -f.severity.rank,
            -_CATEGORY_WEIGHT.get(f.category, 0),
            f.id,
        ),
    )


def _risk_severity(f: Finding) -> Severity:
    return Severity.INFO if f.category in _NOT_PLACEMENT else f.severity


def overall_risk(findings: Sequence[Finding]) -> Risk:
    """The worst severity decides; three separate minor problems add up to MEDIUM. A finding
    that repeats another (same id again, or one said better by another at least as severe)
    is not counted twice."""
    best: dict[str, int] = {}
    for f in findings:
        best[f.id] = max(best.get(f.id, -1), f.severity.rank)
    counts = {s: 0 for s in Severity}
    for f in without_duplicates(rank_findings(findings), set()):
        covered = max((best.get(i, -1) for i in SAID_BETTER_BY.get(f.id, ())), default=-1)
        if covered < f.severity.rank:
            counts[_risk_severity(f)] += 1
    if counts[Severity.CRITICAL]:
        return Risk.CRITICAL
    if counts[Severity.HIGH]:
        return Risk.HIGH
    if counts[Severity.MEDIUM] or counts[Severity.LOW] >= 3:
        return Risk.MEDIUM
    return Risk.LOW


def without_duplicates(ranked: Sequence[Finding], present: set[str]) -> list[Finding]:
    """``ranked`` minus findings another present finding already says better, and minus
    repeats of an id (the first, strongest one stands for them)."""
    out: list[Finding] = []
    seen: set[str] = set()
    for f in ranked:
        if f.id in seen or present.intersection(SAID_BETTER_BY.get(f.id, ())):
            continue
        seen.add(f.id)
        out.append(f)
    return out


_VERDICT_BY_RISK = {
    Risk.CRITICAL: "Very likely rejected or sent to spam",
    Risk.HIGH: "Likely to land in spam",
    Risk.MEDIUM: "At risk of landing in spam",
    Risk.LOW: "Nothing found that would send this message to spam",
}


#: Ordinary words that start titles (names such as Microsoft or Gmail keep their capital).
_PLAIN_STARTS = frozenset(
    {"The", "A", "An", "Links", "Bulk", "Replies", "Some", "Extra", "Important", "Only"}
    | {"Header", "None", "No", "Two", "This", "Mail", "One", "Nothing"}
)


def _phrase(title: str, first: bool) -> str:
    """A title as part of the sentence: no final stop, and after the first reason a
    capital that only starts the sentence is lowered ("the message ...", but "DKIM ...")."""
    text = title.strip().rstrip(".")
    word = text.split(" ", 1)[0]
    if not first and word in _PLAIN_STARTS:
        text = text[0].lower() + text[1:]
    return text


#: For a bounce or complaint report the outcome is known; say it instead of a forecast.
_BOUNCE_HEADS = {
    "bounce.arf_complaint": "A receiver sent back a feedback report about this message",
    "bounce.unsubscribe_request": "A recipient asked to be unsubscribed",
    "bounce.speeding": "Delivery was held up by the receiver",
    "bounce.delivered": "Delivered: this is a delivery notice",
    "bounce.vacation": "Delivered: this is an automatic reply",
}
_BOUNCED = "Not delivered: the message bounced"
_DELAYED = "Not delivered yet: the sending server is still retrying"
_DELAYED_TITLE = "Delivery delayed"


def is_bounce_finding(f: Finding) -> bool:
    """A finding about the bounce, complaint or automatic reply this message is."""
    return f.id.startswith("bounce.")


def _bounce_only(findings: Sequence[Finding]) -> Sequence[Finding]:
    """For a report that came back (bounce, feedback, automatic reply) only what it says
    counts: the report's own header hygiene (no DKIM, no List-Unsubscribe) says nothing about
    why the original message was refused, so it never becomes a top reason or the risk."""
    reported = [f for f in findings if is_bounce_finding(f)]
    return reported or findings


def _sentence(risk: Risk, top: Sequence[Finding]) -> str:
    """'Likely to land in spam. Main reasons: A; B.' naming the reasons that carry the risk
    (those at most one severity step below the first)."""
    if top and is_bounce_finding(top[0]):
        head = _BOUNCE_HEADS.get(top[0].id, _BOUNCED)
        if top[0].title.startswith(_DELAYED_TITLE):
            head = _DELAYED
        named = [top[0], *(f for f in top[1:] if f.severity.rank >= Severity.HIGH.rank)]
        label = "Main reason" if len(named) == 1 else "Main reasons"
        return (
            f"{head}. {label}: "
            + "; ".join(_phrase(f.title, i == 0) for i, f in enumerate(named[:MAX_NAMED]))
            + "."
        )
    head = _VERDICT_BY_RISK[risk]
    if risk is Risk.LOW or not top:
        return f"{head}."
    if _risk_severity(top[0]).rank < Severity.MEDIUM.rank:
        # no single serious problem: several small ones add up
        named = list(top[:MAX_NAMED])
        return (
            f"{head}. Several small problems add up: "
            + "; ".join(_phrase(f.title, i == 0) for i, f in enumerate(named))
            + "."
        )
    floor = max(Severity.MEDIUM.rank, _risk_severity(top[0]).rank - 1)
    named = [f for f in top if _risk_severity(f).rank >= floor][:MAX_NAMED]
    label = "Main reason" if len(named) == 1 else "Main reasons"
    return (
        f"{head}. {label}: "
        + "; ".join(_phrase(f.title, i == 0) for i, f in enumerate(named))
        + "."
    )


#: A receiver's recorded decision that did not go against the message (Inbox, not spam): not a
#: reason, but what actually happened, so the sentence reports it after the reasons.
RECEIVER_OUTCOME = "verdicts.delivered"


def summarize_findings(findings: Sequence[Finding]) -> Summary:
    findings = _bounce_only(findings)
    present = {f.id for f in findings}
    ranked = without_duplicates(rank_findings(findings), present)
    strong = [f for f in ranked if _risk_severity(f).rank >= Severity.MEDIUM.rank]
    weak = [f for f in ranked if _risk_severity(f) is Severity.LOW]
    top = (strong or weak)[:MAX_REASONS]
    if not top and ranked and is_bounce_finding(ranked[0]):
        top = ranked[:MAX_REASONS]  # a delivered notice or an automatic reply still leads
    risk = overall_risk(findings)
    verdict = _sentence(risk, top)
    outcome = next((f for f in ranked if f.id == RECEIVER_OUTCOME), None)
    if outcome is not None and not (top and is_bounce_finding(top[0])):
        verdict += f" {_phrase(outcome.title, True)}."
    return Summary(risk=risk, verdict=verdict, top_reasons=tuple(f.id for f in top))


def top_findings(findings: Sequence[Finding], top_reasons: Sequence[str]) -> list[Finding]:
    """The findings a summary's ``top_reasons`` name, in that order. An id can fire more than
    once (dkim=fail and dmarc=fail reported by a receiver); the first in rank order is the one
    the summary chose."""
    ranked = rank_findings(findings)
    chosen: list[Finding] = []
    for fid in top_reasons:
        match = next((f for f in ranked if f.id == fid and f not in chosen), None)
        if match is not None:
            chosen.append(match)
    return chosen
