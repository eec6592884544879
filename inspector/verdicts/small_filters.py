"""Smaller filters whose headers turn up on real mail: bogofilter (X-Bogosity), Mail.ru
(X-Mras), WatchGuard (X-WatchGuard-Spam-*), cPanel (X-AntiAbuse), Cloudmark as run by
hosting companies (X-Authority-Analysis, X-CMAE-Envelope), Google Groups (X-Spam-Checked-In-
Group), postgrey (X-Greylist) and SpamAssassin rule lists under a site's own name
(X-SPAM-FILTER-<n>: ``h=<score> RULE,RULE``).

Each is decoded only so far as its value says something plain; who wrote it (often the
sender's host) is decided by ``inspector.route.writers``.
"""

from __future__ import annotations

import re

from inspector.model.codes import SpamDecision
from inspector.model.message import Header
from inspector.model.verdicts import Verdict
from inspector.verdicts._common import UNKNOWN, Decoder, as_float, fmt, make, unfold, vf
from inspector.verdicts.spamassassin import rule_description

_BOGOSITY = re.compile(r"^\s*(spam|ham|unsure)\b", re.IGNORECASE)


def decode_bogosity(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    m = _BOGOSITY.match(raw)
    word = m.group(1).lower() if m else ""
    outcome = {"spam": SpamDecision.SPAM, "ham": SpamDecision.CLEAN}.get(word, SpamDecision.UNKNOWN)
    meaning = {"spam": "spam", "ham": "not spam", "unsure": "unsure"}.get(word, UNKNOWN)
    return make(
        "bogofilter",
        header,
        [vf("bogosity", raw[:120], meaning)],
        f"bogofilter: {meaning}",
        outcome,
    )


def decode_mras(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    ok = raw.lower() == "ok"
    meaning = "Mail.ru's anti-spam passed it" if ok else f"Mail.ru anti-spam: {raw[:40]}"
    outcome = SpamDecision.CLEAN if ok else SpamDecision.UNKNOWN
    return make("Mail.ru", header, [vf("mras", raw[:40], meaning)], meaning, outcome)


def decode_watchguard(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    word = raw.split(",")[0].strip().lower()
    outcome = {"clean": SpamDecision.CLEAN, "spam": SpamDecision.SPAM, "bulk": SpamDecision.BULK}
    found = outcome.get(word, SpamDecision.UNKNOWN)
    meaning = f"judged {found.value}" if found is not SpamDecision.UNKNOWN else UNKNOWN
    name = header.name[len("X-WatchGuard-Spam-") :] or "value"
    return make(
        "WatchGuard", header, [vf(name, raw[:120], meaning)], f"WatchGuard: {raw[:60]}", found
    )


def _note(filter_: str, tag: str, meaning: str) -> Decoder:
    def decode(header: Header) -> Verdict | None:
        raw = unfold(header.value)
        return make(filter_, header, [vf(tag, raw[:200], meaning)], f"{filter_}: {meaning}")

    return decode


_SITE_RULES = re.compile(r"^\s*h=(-?[\d.]+)\s*(.*)$", re.IGNORECASE)


def decode_site_rules(header: Header) -> Verdict | None:
    """``X-SPAM-FILTER-4: h=0.4 BAYES_00,DKIM_SIGNED,...``: a site's SpamAssassin run."""
    raw = unfold(header.value)
    m = _SITE_RULES.match(raw)
    if not m:
        return None
    score = as_float(m.group(1))
    fields = [vf("score", m.group(1), "spam score (higher is more spam-like)")]
    for rule in [r for r in m.group(2).split(",") if r.strip()][:60]:
        fields.append(
            vf("tests", rule.strip(), f"{rule.strip()}: {rule_description(rule.strip())}")
        )
    shown = fmt(score) if score is not None else m.group(1)
    return make("Spam filter (site rules)", header, fields, f"A site filter scored it {shown}")


DECODERS: dict[str, Decoder] = {
    "x-bogosity": decode_bogosity,
    "x-mras": decode_mras,
    "x-watchguard-spam-score": decode_watchguard,
    "x-watchguard-spam-id": _note("WatchGuard", "id", "the scan's id"),
    "x-antiabuse": _note("cPanel", "antiabuse", "the hosting server's abuse-tracking note"),
    "x-authority-analysis": _note("Cloudmark", "analysis", "the outbound filter's scan token"),
    "x-cmae-envelope": _note("Cloudmark", "envelope", "the outbound filter's envelope token"),
    "x-spam-checked-in-group": _note(
        "Google Groups", "group", "the group whose spam check the message passed"
    ),
    "x-greylist": _note("postgrey", "greylist", "the message was deferred once (greylisting)"),
}

#: Header names decoded by prefix (any number after the dash).
PREFIXED: tuple[tuple[str, Decoder], ...] = (("x-spam-filter-", decode_site_rules),)
