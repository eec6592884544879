"""Turns the findings of one message into its summary: what happened (the outcome receivers
recorded), why (the sender-side causes, ranked by weight) and the score they add up to.

A receiver's verdict headers, its Authentication-Results and its bounce say what happened
("Exchange Online put it in Junk, SCL 9"). They head the summary as the outcome and are never
given as a reason: a reason is evidence about the sender that explains such an outcome, with
the sender's fix. Reasons are ranked by the points they add to the score
(``inspector.score``), then severity, then how directly the theme decides placement.

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
from inspector.score import (
    clamp_score,
    contributions,
    finding_points,
    is_outcome,
    is_sender_evidence,
    raw_score,
    risk_name,
)

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
    # Online, the looked-up reverse name says what the recorded names suggested.
    "entry.generic_name": ("infrastructure.generic_rdns",),
    "entry.hosting_server": ("infrastructure.hosting_network",),
}

#: Themes that describe how fast or by which path mail travelled, not where it lands: a long
#: queue at one hop never sends a message to spam by itself, so these do not count toward the
#: risk or the likely reasons (they are still reported at their own severity).
_NOT_PLACEMENT = frozenset({Category.ROUTING})

MAX_REASONS = 5
MAX_NAMED = 3  # reasons named in the one-sentence verdict


def rank_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings ordered most-likely-cause first: sender-side evidence by the points it adds,
    then severity and theme; receivers' outcomes after every cause."""
    return sorted(
        findings,
        key=lambda f: (
            is_outcome(f),
            -finding_points(f),
            -f.severity.rank,
            -_CATEGORY_WEIGHT.get(f.category, 0),
            f.id,
        ),
    )


def _risk_severity(f: Finding) -> Severity:
    return Severity.INFO if f.category in _NOT_PLACEMENT else f.severity


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

#: For a reader asking "should I trust this?": what the sender-side evidence means for them.
_TRUST_BY_RISK = {
    Risk.CRITICAL: "Do not trust it: the sender-side evidence is that of spam or phishing",
    Risk.HIGH: "Treat it with suspicion: verify the sender another way before acting on it",
    Risk.MEDIUM: "Some of the evidence is what spam looks like; check the reasons",
    Risk.LOW: "",
}

#: Evidence that the message claims an identity that is not the sender's. For a reader asking
#: "should I trust this?" any one of these decides, whatever the placement score says: phishing
#: sent through a reputable platform often reaches the Inbox, which is when the warning matters.
#: None of them fires on the legitimate mail of the dev corpus.
IMPERSONATION_IDS = frozenset(
    {
        "brand.domain_spoof",
        "brand.lookalike_letters",
        "identity.display_name_address",
        "identity.display_name_brand",
        "identity.freemail_impersonation",
        "identity.lookalike_from",
        "identity.lookalike_reply_to",
        "implausible.from_encoded_address",
        "implausible.from_quoted_address",
        "links.lookalike_domain",
        "sender.abused_platform",
        "sender.throwaway_tenant",
    }
)


#: Ordinary words that start titles (names such as Microsoft or Gmail keep their capital).
_PLAIN_STARTS = frozenset(
    {"The", "A", "An", "Links", "Bulk", "Replies", "Some", "Extra", "Important", "Only"}
    | {"Header", "None", "No", "Two", "This", "Mail", "One", "Nothing", "Sent", "Words"}
    | {"Posted", "X-Mailer"}
)


def _phrase(title: str, first: bool) -> str:
    """A title as part of the sentence: no final stop, and after the first reason a
    capital that only starts the sentence is lowered ("the message ...", but "DKIM ...")."""
    text = title.strip().rstrip(".")
    word = text.split(" ", 1)[0]
    if not first and word in _PLAIN_STARTS:
        text = text[0].lower() + text[1:]
    return text


#: For a bounce or complaint report the outcome is known; say it plainly.
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


def _what_came_back(findings: Sequence[Finding], present: set[str]) -> list[Finding]:
    """For a report that came back (bounce, feedback, automatic reply) only what it says
    counts: the report's own header hygiene (no DKIM, no List-Unsubscribe) says nothing about
    why the original message was refused, so it never becomes a top reason or the risk.
    Empty for any other message (most of them: nothing to rank)."""
    reported = [f for f in findings if is_bounce_finding(f)]
    return without_duplicates(rank_findings(reported), present) if reported else []


def _bounce_sentence(top: Sequence[Finding]) -> str:
    """What came back, and why: 'Not delivered: the message bounced. Main reason: A.'"""
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


def outcome_text(findings: Sequence[Finding]) -> str:
    """What receivers recorded, strongest first ("" when no receiver left a decision)."""
    # rank_findings would order outcomes (none adds points) by severity, theme and id: the
    # order this one sort gives them, without ranking every other finding first.
    outcomes = [f for f in findings if is_outcome(f)]
    outcomes.sort(key=lambda f: (-f.severity.rank, -_CATEGORY_WEIGHT.get(f.category, 0), f.id))
    bounce = next((f for f in outcomes if f.id.startswith("bounce.")), None)
    if bounce is not None:
        head = _BOUNCE_HEADS.get(bounce.id, _BOUNCED)
        return f"{head} ({_phrase(bounce.title, False)})"
    named: list[str] = []
    for f in outcomes:
        if f.severity.rank < Severity.LOW.rank and f.id != RECEIVER_OUTCOME:
            continue
        phrase = _phrase(f.title, not named)
        if phrase not in named:
            named.append(phrase)
        if len(named) == 2:
            break
    return "; ".join(named)


def trust_advice(risk: Risk, causes: Sequence[Finding]) -> str:
    """What the evidence means for a reader deciding whether to trust the message: an
    impersonation says so by itself (the strongest one is named); otherwise the placement risk
    speaks. Never advice to add the sender to a safe list."""
    claim = next((f for f in causes if f.id in IMPERSONATION_IDS), None)
    if claim is not None:
        return f"Do not trust it: {_phrase(claim.title, False)}"
    return _TRUST_BY_RISK[risk]


def _sentence(score: float, risk: Risk, top: Sequence[Finding], outcome: str, trust: str) -> str:
    """'Outcome: X. Score 7.4/10, likely to land in spam. Main reasons: A; B.'"""
    parts = [f"Outcome: {outcome}." if outcome else ""]
    head = _VERDICT_BY_RISK[risk]
    judged = f"Score {score:.1f}/10: " + (head[0].lower() + head[1:])
    if risk is Risk.LOW or not top:
        parts.append(judged + ".")
    else:
        named = list(top[:MAX_NAMED])
        label = "Main reason" if len(named) == 1 else "Main reasons"
        parts.append(
            f"{judged}. {label}: "
            + "; ".join(_phrase(f.title, i == 0) for i, f in enumerate(named))
            + "."
        )
    if trust:
        parts.append(trust + ".")
    return " ".join(p for p in parts if p)


#: A receiver's recorded decision that did not go against the message (Inbox, not spam).
RECEIVER_OUTCOME = "verdicts.delivered"


def summarize_findings(findings: Sequence[Finding], *, offline: bool = False) -> Summary:
    """The outcome receivers recorded, the score with its contributions, the risk that follows
    from it, and the ranked sender-side causes. A report that came back (bounce, feedback,
    automatic reply) leads with what it says about the original message: its own header
    hygiene (no DKIM, no List-Unsubscribe) never becomes a reason."""
    present = {f.id for f in findings}
    reported = _what_came_back(findings, present)
    came_back = bool(reported)
    # A report that came back forecasts nothing: what it reports is the outcome of the
    # original message, and its own hygiene says nothing about why that was refused.
    parts = () if came_back else contributions(findings, offline=offline)
    score = clamp_score(raw_score(parts))
    risk = Risk(risk_name(score))
    outcome = outcome_text(findings)
    if came_back:
        strong = [f for f in reported if _risk_severity(f).rank >= Severity.MEDIUM.rank]
        top = (strong or reported)[:MAX_REASONS]
        verdict = _bounce_sentence(top)
    else:
        causes = [f for f in findings if is_sender_evidence(f) and f.category not in _NOT_PLACEMENT]
        ranked = without_duplicates(rank_findings(causes), present)
        top = [
            f
            for f in ranked
            if f.severity is not Severity.INFO
            and (finding_points(f) > 0 or _risk_severity(f).rank >= Severity.MEDIUM.rank)
        ][:MAX_REASONS]
        verdict = _sentence(score, risk, top, outcome, trust_advice(risk, ranked))
    return Summary(
        risk=risk,
        verdict=verdict,
        top_reasons=tuple(f.id for f in top),
        score=score,
        contributions=parts,
        outcome=outcome,
    )


def top_findings(ranked: Sequence[Finding], top_reasons: Sequence[str]) -> list[Finding]:
    """The findings a summary's ``top_reasons`` name, in that order, from a report's findings
    (already in ``rank_findings`` order). An id can fire more than once; the first in rank
    order is the one the summary chose."""
    chosen: list[Finding] = []
    for fid in top_reasons:
        match = next((f for f in ranked if f.id == fid and f not in chosen), None)
        if match is not None:
            chosen.append(match)
    return chosen
