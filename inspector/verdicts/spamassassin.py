"""SpamAssassin (and amavis, which wraps it) headers: X-Spam-Status, -Flag, -Level, -Score,
-Report.

Written by hand rather than with a library: no maintained PyPI package decodes these headers,
and the format is a handful of ``key=value`` pairs plus a rule list. Rule descriptions come
from ``data/spamassassin_rules.json`` (our own short wording).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspector.model.codes import SpamDecision
from inspector.model.message import Header
from inspector.model.verdicts import Verdict, VerdictField
from inspector.verdicts._common import as_float, fmt, load_table, make, unfold, vf
from inspector.verdicts.rspamd import FILTER as RSPAMD

FILTER = "SpamAssassin"
HEADERS = ("x-spam-status", "x-spam-flag", "x-spam-level", "x-spam-score", "x-spam-report")

_STATUS = re.compile(r"^\s*(yes|no)\b\s*,?\s*(.*)$", re.I | re.S)
_TESTS_BRACKET = re.compile(r"\btests=\[([^\]]*)\]?", re.I)
_RULE_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:=-?[\d.]+)?"
_TESTS_LIST = re.compile(rf"\btests=({_RULE_PATTERN}(?:\s*,\s*{_RULE_PATTERN})*)", re.I)
_PAIR = re.compile(r"\b([A-Za-z_]+)=(\S+)")
_REPORT_LINE = re.compile(r"^\s*\*?\s*(-?\d+(?:\.\d+)?)\s+([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*(.*)$")

_PAIR_MEANING = {
    "score": "total score this message earned (higher means more spam-like)",
    "hits": "total score this message earned (older name for score)",
    "required": "the threshold at or above which this server calls a message spam",
    "tagged_above": "score above which amavis adds these headers",
    "autolearn": "whether the Bayes filter learned from this message automatically",
    "autolearn_force": "whether automatic learning was forced by a rule",
    "version": "SpamAssassin version that checked it",
    "shortcircuit": "whether a rule ended the scan early",
}


@dataclass(frozen=True)
class RuleHit:
    """One rule that fired, with its points when the header gives them."""

    name: str
    points: float | None
    description: str


def rule_description(name: str) -> str:
    found = load_table("spamassassin_rules.json").get(name.upper())
    if isinstance(found, str):
        return found
    if name.upper().startswith("T_"):
        return "a rule under test (T_ prefix; usually scores 0.01)"
    return "SpamAssassin rule (not in our description table)"


def _rule_field(tag: str, token: str) -> tuple[VerdictField, RuleHit]:
    name, _, pts = token.partition("=")
    points = as_float(pts) if pts else None
    desc = rule_description(name)
    shown = f"{name} ({points:+g}): {desc}" if points is not None else f"{name}: {desc}"
    return vf(tag, token, shown), RuleHit(name, points, desc)


def _tests(value: str) -> tuple[list[str], str]:
    """Rule tokens of ``tests=`` and the value with the list removed."""
    m = _TESTS_BRACKET.search(value) or _TESTS_LIST.search(value)
    if not m:
        return [], value
    tokens = [t.strip() for t in re.split(r"[,\s]+", m.group(1)) if t.strip()]
    tokens = [t for t in tokens if t.lower() != "none"]
    return tokens, value[: m.start()] + " " + value[m.end() :]


def decode_status(header: Header) -> Verdict | None:
    value = unfold(header.value)
    m = _STATUS.match(value)
    fields: list[VerdictField] = []
    flag: bool | None = None
    rest = value
    if m:
        flag = m.group(1).lower() == "yes"
        fields.append(vf("status", m.group(1), "spam" if flag else "not spam"))
        rest = m.group(2)
    tokens, rest = _tests(rest)
    pairs = {k.lower(): v for k, v in _PAIR.findall(rest)}
    for key, raw in _PAIR.findall(rest):
        fields.append(vf(key, raw, _PAIR_MEANING.get(key.lower(), "unknown tag")))
    for token in tokens:
        fields.append(_rule_field("tests", token)[0])
    score = as_float(pairs.get("score", pairs.get("hits", "")))
    required = as_float(pairs.get("required", ""))
    if flag is not None and score is not None and not tokens and set(pairs) == {"score"}:
        # rspamd's milter (and OpenSMTPD's filter-rspamd) writes "Yes|No, score=x" with no
        # threshold and no rule list; SpamAssassin always writes required= and tests=
        label = "spam" if flag else "not spam"
        return make(
            RSPAMD,
            header,
            fields,
            f"rspamd scored it {fmt(score)}: {label}",
            SpamDecision.SPAM if flag else SpamDecision.CLEAN,
        )
    if flag is None and score is not None and required is not None:
        flag = score >= required
    spam = (
        SpamDecision.UNKNOWN if flag is None else SpamDecision.SPAM if flag else SpamDecision.CLEAN
    )
    return make(FILTER, header, fields, _decision(flag, score, required), spam)


def _decision(flag: bool | None, score: float | None, required: float | None) -> str:
    if flag is None and score is None:
        return "SpamAssassin left a status we could not read"
    label = "spam" if flag else "not spam"
    if flag is None and score is not None and required is not None:
        label = "spam" if score >= required else "not spam"
    if score is not None and required is not None:
        return (
            f"SpamAssassin scored it {fmt(score)} against a threshold of {fmt(required)}: {label}"
        )
    if score is not None:
        return f"SpamAssassin scored it {fmt(score)}: {label}"
    return f"SpamAssassin marked it {label}"


def decode_flag(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    spam = raw.upper().startswith("YES")
    meaning = "marked as spam" if spam else "not marked as spam"
    decision = "SpamAssassin flagged it as spam" if spam else "SpamAssassin did not flag it"
    outcome = SpamDecision.SPAM if spam else SpamDecision.CLEAN
    return make(FILTER, header, [vf("flag", raw, meaning)], decision, outcome)


def decode_level(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    stars = max(raw.count("*"), raw.count("+"))
    meaning = f"{stars} star(s): the score rounded down, one star per point"
    return make(FILTER, header, [vf("level", raw, meaning)], f"SpamAssassin score about {stars}")


def decode_score(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    score = as_float(raw)
    if score is None:
        return make(FILTER, header, [vf("score", raw, "unreadable score")], "unreadable score")
    meaning = "spam score (higher means more spam-like)"
    return make(FILTER, header, [vf("score", raw, meaning)], f"SpamAssassin scored it {fmt(score)}")


def report_hits(value: str) -> list[tuple[str, RuleHit]]:
    """(line as written, hit) for each rule line of an X-Spam-Report body."""
    lines = re.split(r"\r?\n|(?:^|\s)(?=\*\s)", value[:65536])
    out: list[tuple[str, RuleHit]] = []
    for line in lines:
        m = _REPORT_LINE.match(line)
        if not m:
            continue
        points = as_float(m.group(1))
        name = m.group(2)
        text = m.group(3).strip()
        desc = rule_description(name)
        if desc.startswith("SpamAssassin rule (not") and text:
            desc = text
        out.append((line.strip(), RuleHit(name, points, desc)))
    return out


def decode_report(header: Header) -> Verdict | None:
    hits = report_hits(header.value)
    fields = []
    for line, hit in hits:
        pts = f"{hit.points:+g}" if hit.points is not None else "?"
        fields.append(vf("report", line, f"{hit.name} ({pts}): {hit.description}"))
    total = sum(h.points or 0.0 for _, h in hits)
    decision = (
        f"SpamAssassin listed {len(hits)} rule(s) adding up to {fmt(total)} points"
        if hits
        else "SpamAssassin report without rule lines"
    )
    return make(FILTER, header, fields, decision)


def rule_hits(verdict: Verdict) -> tuple[RuleHit, ...]:
    """The rules a decoded SpamAssassin verdict lists, strongest first when points are known."""
    hits: list[RuleHit] = []
    for f in verdict.fields:
        if f.name == "tests":
            hits.append(_rule_field("tests", f.raw)[1])
        elif f.name == "report":
            hits.extend(h for _, h in report_hits(f.raw))
    return tuple(sorted(hits, key=lambda h: -(h.points if h.points is not None else 0.0)))


def decode_checker(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    m = re.match(r"^\s*(\S+)\s+([\d.]+)?.*?(?:\bon\s+(\S+))?\s*$", raw)
    host = m.group(3) if m and m.group(3) else None
    decision = "Checked by " + raw.split("(")[0].strip() + (f" on {host}" if host else "")
    return make(
        FILTER, header, [vf("version", raw, "the filter and version that checked it")], decision
    )


GENERIC = "Spam filter (unnamed)"


def decode_generic(header: Header) -> Verdict | None:
    """``X-Spam: Yes`` and friends, written by several hosting filters."""
    raw = unfold(header.value)
    word = raw.split()[0].lower().rstrip(",;") if raw.split() else ""
    outcome = SpamDecision.UNKNOWN
    if word in ("yes", "spam", "true", "1"):
        meaning, decision = "spam", "A spam filter marked it as spam (X-Spam)"
        outcome = SpamDecision.SPAM
    elif word in ("no", "ham", "false", "0", "clean"):
        meaning, decision = "not spam", "A spam filter marked it as not spam (X-Spam)"
        outcome = SpamDecision.CLEAN
    else:
        meaning, decision = "unknown value", f"A spam filter left X-Spam: {raw[:40]}"
    return make(GENERIC, header, [vf("spam", raw, meaning)], decision, outcome)


DECODERS = {
    "x-spam": decode_generic,
    "x-spam-checker-version": decode_checker,
    "x-spam-status": decode_status,
    "x-spam-flag": decode_flag,
    "x-spam-level": decode_level,
    "x-spam-score": decode_score,
    "x-spam-report": decode_report,
}
