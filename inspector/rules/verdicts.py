"""Findings from the receivers' own verdicts: what the filters that handled this message
decided (spam, bulk, phishing or spoofing category, Junk folder, high SpamAssassin score) and
which allow or block lists shaped that decision.

The verdicts were decoded and credited by ``inspector.verdicts``; these rules only read them,
and only the recipient's own (``VerdictParty.RECIPIENT``): a sender's outbound scan, a list
host's filter or an earlier tenant's copy says nothing about what happened to this message.
The decision is read as a value (``Verdict.spam``), never from the decoders' wording, and
Microsoft's codes (category, filter verdict, IP and folder lists) as the enums its decoder
read (``Verdict.microsoft``).
Composite authentication (compauth) is reported by ``authres``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from inspector.model.codes import Category, Severity, SpamDecision
from inspector.model.findings import Finding
from inspector.model.verdicts import (
    MicrosoftCodes,
    MsCategory,
    MsFilterVerdict,
    MsFolderReason,
    MsIpVerdict,
    Verdict,
)
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec
from inspector.verdicts import microsoft, spamassassin
from inspector.verdicts._common import as_float
from inspector.verdicts.evidence import evidence_line, field
from inspector.verdicts.microsoft_decision import Decision

_MS_HEADERS = (
    "https://learn.microsoft.com/en-us/defender-office-365/message-headers-eop-mdo "
    "(Microsoft: anti-spam message headers)"
)
_MS_SCL = "https://learn.microsoft.com/en-us/defender-office-365/anti-spam-spam-confidence-level-scl-about"
_MS_BCL = (
    "https://learn.microsoft.com/en-us/defender-office-365/anti-spam-bulk-complaint-level-bcl-about"
)
_MS_PHISH = "https://learn.microsoft.com/en-us/defender-office-365/anti-phishing-policies-about"
_MS_SPOOF = (
    "https://learn.microsoft.com/en-us/defender-office-365/anti-phishing-protection-spoofing-about"
)
_SA = "https://spamassassin.apache.org/doc/ (Apache SpamAssassin documentation)"
_RSPAMD = "https://rspamd.com/doc/ (rspamd documentation)"
_GOOGLE = "https://support.google.com/a/answer/81126 (Google email sender guidelines)"
_YAHOO = "https://senders.yahooinc.com/best-practices/ (Yahoo sender best practices)"

MARKED_SPAM = spec(
    "verdicts.marked_spam",
    Severity.HIGH,
    Category.VERDICT,
    "A receiving filter marked this message as spam",
    "Find the reason in the filter's own fields (score rules, category, sender lists), fix the "
    "sender side it points at (authentication, reputation, content, list hygiene), and watch "
    "the receiver's postmaster tools after the change.",
    (_MS_SCL, _SA, _RSPAMD, _GOOGLE),
)
BULK = spec(
    "verdicts.bulk",
    Severity.MEDIUM,
    Category.BULK,
    "Microsoft classified the sender as bulk mail",
    "Send only to people who asked for the mail, make unsubscribing one click (RFC 8058 "
    "List-Unsubscribe-Post), drop inactive addresses, and keep complaint rates low; the bulk "
    "complaint level (BCL) follows recipients' complaints about the sender.",
    (_MS_BCL, _MS_HEADERS, "RFC 8058"),
)
PHISHING = spec(
    "verdicts.phishing",
    Severity.CRITICAL,
    Category.VERDICT,
    "Microsoft classified the message as phishing or malware",
    "If the message is legitimate, remove whatever looks like credential harvesting (login "
    "links to look-alike pages, urgent account warnings, attachments with macros), link only "
    "to your own authenticated domain, and report the false positive to Microsoft.",
    (_MS_HEADERS, _MS_PHISH),
)
SPOOF = spec(
    "verdicts.spoof",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "Microsoft classified the message as spoofed (CAT:SPOOF)",
    "Make SPF or DKIM pass aligned with the From domain and publish DMARC; Microsoft's spoof "
    "intelligence flags From domains that nothing authenticates.",
    (_MS_HEADERS, _MS_SPOOF, "RFC 7489"),
)
IMPERSONATION = spec(
    "verdicts.impersonation",
    Severity.HIGH,
    Category.IDENTITY,
    "Microsoft flagged the sender as impersonating a person or domain",
    "Do not use display names or domains that resemble the recipient's colleagues or "
    "partners; send from your own, consistently used domain and name.",
    (_MS_HEADERS, _MS_PHISH),
)
JUNK_FOLDER = spec(
    "verdicts.junk_folder",
    Severity.HIGH,
    Category.VERDICT,
    "Exchange Online delivered the message to the Junk Email folder",
    "Look at the spam and bulk verdicts next to it (SCL, BCL, CAT) for the cause; recipients "
    "can add the sender to Safe Senders, but the lasting fix is on the sender side.",
    (_MS_HEADERS, _MS_SCL),
)
SA_SCORE = spec(
    "verdicts.spamassassin_score",
    Severity.MEDIUM,
    Category.CONTENT,
    "SpamAssassin gave the message a high score",
    "Work down the listed rules with the most points: authentication rules (SPF, DKIM, "
    "DMARC) and block lists first, then content rules.",
    (_SA,),
)
IP_ALLOWED = spec(
    "verdicts.ip_allow_listed",
    Severity.INFO,
    Category.REPUTATION,
    "The receiver's administrator allow-listed the connecting IP (IPV:CAL)",
    "Nothing to fix here, but do not read this inbox placement as proof of good reputation: "
    "other receivers filter the same mail normally.",
    (_MS_HEADERS,),
)
SENDER_ALLOWED = spec(
    "verdicts.sender_allow_listed",
    Severity.INFO,
    Category.REPUTATION,
    "An allow list, not the spam filter, decided where the message went",
    "Nothing to fix for this recipient, but recipients without the allow entry filter the "
    "same mail normally; judge deliverability from messages to them.",
    (_MS_HEADERS,),
)
SENDER_BLOCKED = spec(
    "verdicts.sender_blocked",
    Severity.HIGH,
    Category.VERDICT,
    "The recipient or their administrator blocked this sender",
    "A block entry overrides every other signal. Ask the recipient to remove it, and find out "
    "why it was added (unwanted mail, a complaint) before mailing them again.",
    (_MS_HEADERS,),
)
DELIVERED = spec(
    "verdicts.delivered",
    Severity.INFO,
    Category.VERDICT,
    "The receiving filter let the message through",
    "Nothing to fix for this recipient. Other receivers judge the same mail their own way, so "
    "act on the other findings, and compare with copies sent to other mailbox providers.",
    (_MS_HEADERS, _MS_SCL),
)


def _spam_reason(v: Verdict, spam_hops: Collection[int | None] = ()) -> str | None:
    """Why this verdict counts as a spam marking, or None. Microsoft's bulk verdict counts
    where its decision at that hop was spam (SCL 5 and up)."""
    if v.spam.is_spam or (v.spam is SpamDecision.BULK and v.hop in spam_hops):
        return f"{v.filter}: {v.spam.value}"
    return None


# ---------------------------------------------------------------- Microsoft, one decision per hop
#
# Exchange Online spreads one placement decision over three headers (spam verdict, bulk level,
# folder). One finding tells the whole decision of a hop, under the id of its most decisive
# part: the Junk folder (what happened), else the spam verdict, else the bulk rating. The other
# parts add their evidence to it instead of repeating it as findings of their own.

_JUNK, _SPAM, _BULK = "verdicts.junk_folder", "verdicts.marked_spam", "verdicts.bulk"


def _decisions(ctx: AnalysisContext) -> list[Decision]:
    return [d for d in ctx.microsoft_decisions if d.filtered]


def _primary(d: Decision) -> str:
    return _JUNK if d.junk else _SPAM if d.spam else _BULK


def _server(ctx: AnalysisContext, index: int | None) -> str:
    """Where a decision was made: " at <server> (hop N)", or "" when unknown."""
    if index is None:
        return ""
    hop = next((h for h in ctx.hops if h.index == index), None)
    name = (hop.by or "").strip() if hop is not None else ""
    shown = index + 1  # hops are shown numbered from 1, oldest first
    return f" at {name[:80]} (hop {shown})" if name else f" (hop {shown})"


def decision_title(ctx: AnalysisContext, d: Decision) -> str:
    """The combined decision as a title: which filter decided what, where."""
    return d.sentence() + _server(ctx, d.hop)


def _decisionevidence_line(d: Decision) -> list[str]:
    return [evidence_line(v) for v in d.verdicts][:6]


def _decision_severity(d: Decision) -> Severity:
    if (d.scl or 0) >= 8:
        return Severity.CRITICAL
    if d.junk or d.spam or (d.bcl or 0) >= 7 or d.cat is MsCategory.BULK:
        return Severity.HIGH
    return Severity.MEDIUM


def _also(d: Decision) -> str:
    """The other parts of the decision, in words, for the explanation."""
    parts = []
    if d.scl is not None:
        parts.append(f"spam confidence level (SCL) {microsoft.scl_meaning(str(d.scl))}")
    if d.bcl is not None:
        parts.append(f"bulk complaint level (BCL) {microsoft.bcl_meaning(str(d.bcl))}")
    if not parts:
        return ""
    return " Exchange Online's ratings at the same server: " + "; ".join(parts) + "."


@rule
def marked_spam(ctx: AnalysisContext) -> Iterator[Finding]:
    ms = [d for d in _decisions(ctx) if _primary(d) == _SPAM]
    ms_hops = {d.hop for d in ms}
    hits = [
        (v, why)
        for v in ctx.receiver_verdicts
        if (why := _spam_reason(v, ms_hops)) and (v.filter != microsoft.FILTER or v.hop in ms_hops)
    ]
    if not hits:
        return
    filters = sorted({v.filter for v, _ in hits})
    high = any(v.spam is SpamDecision.HIGH_CONFIDENCE_SPAM for v, _ in hits)
    decisions = "; ".join(dict.fromkeys(v.decision for v, _ in hits))
    evidence = [evidence_line(v) for v, _ in hits]
    for d in ms:  # the bulk rating of the same hop belongs to this decision
        evidence += [e for e in _decisionevidence_line(d) if e not in evidence]
    names = [("a spam filter" if f == spamassassin.GENERIC else f) for f in filters]
    others = [n for n, f in zip(names, filters, strict=True) if f != microsoft.FILTER]
    if ms:
        title = decision_title(ctx, ms[0])
        if others:
            title += f"; {' and '.join(others)} also marked it as spam"
    else:  # which filter decided, and where
        title = f"{' and '.join(names)} marked it as spam" + _server(ctx, hits[0][0].hop)
        title = title[0].upper() + title[1:]
    yield MARKED_SPAM(
        f"{' and '.join(filters)} judged this message to be spam ({decisions}). Mail marked "
        "like this normally lands in the Junk or Spam folder, or is held in quarantine. A "
        "receiver's own verdict is the strongest evidence there is of where the message went."
        + (_also(ms[0]) if ms else ""),
        evidence[:8],
        title=title,
        severity=Severity.CRITICAL if high else None,
    )


@rule
def bulk(ctx: AnalysisContext) -> Iterator[Finding]:
    for d in _decisions(ctx):
        if _primary(d) != _BULK:
            continue  # told as part of the Junk or spam finding of the same hop
        level = f"bulk complaint level (BCL) {d.bcl}" if d.bcl is not None else "bulk category"
        yield BULK(
            f"Microsoft rates how often recipients complain about a bulk sender's mail on a "
            f"0-9 scale; this message got {level}. From 4 up, and by default from 7, Microsoft "
            "may file such mail as bulk in Junk.",
            [evidence_line(v, ("BCL", "SRV", "CAT")) for v in d.verdicts],
            title=decision_title(ctx, d),
            severity=_decision_severity(d),
        )
        return


def _compauth(ctx: AnalysisContext) -> Verdict | None:
    """Microsoft's failed composite authentication result, if recorded."""
    for v in ctx.receiver_verdicts:
        result = v.microsoft.compauth if v.microsoft else None
        if v.filter == microsoft.FILTER and result is not None and result.failed:
            return v
    return None


@rule
def category(ctx: AnalysisContext) -> Iterator[Finding]:
    done: set[str] = set()
    for v in ctx.receiver_verdicts:
        cat = v.microsoft.cat if v.microsoft else None
        if v.filter != microsoft.FILTER or cat is None:
            continue
        meaning = next((f.meaning for f in v.fields if f.name.upper() == "CAT"), cat)
        evidence = [evidence_line(v, ("CAT", "SCL", "SFV", "PCL", "SFTY"))]
        if cat.is_threat and "phish" not in done:
            done.add("phish")
            yield PHISHING(
                f"Microsoft put the message in category {cat} ({meaning}). Mail in this "
                "category is quarantined or sent to Junk, and recipients may be warned.",
                evidence,
            )
        elif cat is MsCategory.SPOOF and "spoof" not in done:
            done.add("spoof")
            comp = _compauth(ctx)
            yield SPOOF(
                "Microsoft put the message in category SPOOF: the From address was not "
                "authenticated by SPF, DKIM or DMARC in a way Microsoft accepts, so it treats "
                "the sender as possibly forged."
                + (f" Its composite authentication agrees: {comp.decision}." if comp else ""),
                evidence + ([evidence_line(comp, ("compauth", "reason"))] if comp else []),
            )
        elif cat.is_impersonation and "imp" not in done:
            done.add("imp")
            yield IMPERSONATION(
                f"Microsoft put the message in category {cat} ({meaning}). Its anti-phishing "
                "policy thinks the sender is pretending to be someone the recipient trusts.",
                evidence,
            )


@rule
def delivered(ctx: AnalysisContext) -> Iterator[Finding]:
    """What the receiver decided when it did not filter the message: the benchmark the other
    findings are read against (a "high risk" message this receiver put in the Inbox)."""
    for d in ctx.microsoft_decisions:
        if d.filtered or (d.scl is None and not d.dest and d.sfv is not MsFilterVerdict.NSPM):
            continue
        yield DELIVERED(
            "Exchange Online recorded its decision in the message: "
            + d.sentence()[len("Exchange Online ") :]
            + "."
            + _also(d)
            + " This is what happened at this receiver; the other findings say what other "
            "receivers, or this one on another day, may hold against the message.",
            _decisionevidence_line(d),
            title=decision_title(ctx, d),
        )
        return


@rule
def junk_folder(ctx: AnalysisContext) -> Iterator[Finding]:
    for d in _decisions(ctx):
        if not d.junk:
            continue
        box = next(
            (v for v in d.verdicts if v.header.lower() == "x-microsoft-antispam-mailbox-delivery"),
            None,
        )
        why = next((f.meaning for f in box.fields if f.name == "OFR"), "") if box else ""
        yield JUNK_FOLDER(
            "The recipient's mailbox recorded that the message was put in the Junk Email "
            "folder" + (f": {why}." if why else ".") + _also(d),
            _decisionevidence_line(d),
            title=decision_title(ctx, d),
            severity=_decision_severity(d),
        )
        return


@rule
def spamassassin_score(ctx: AnalysisContext) -> Iterator[Finding]:
    best: tuple[float, float | None, Verdict] | None = None
    for v in ctx.receiver_verdicts:
        if v.filter != spamassassin.FILTER or v.header.lower() != "x-spam-status":
            continue
        score = as_float(field(v, "score", "hits") or "")
        required = as_float(field(v, "required") or "")
        if score is not None and (best is None or score > best[0]):
            best = (score, required, v)
    if best is None:
        return
    score, required, v = best
    threshold = required if required is not None else 5.0
    if score < min(3.0, threshold):
        return
    hits = list(spamassassin.rule_hits(v))
    for other in ctx.verdicts:  # X-Spam-Report gives points for the same rules
        if other.header.lower() == "x-spam-report" and other.hop == v.hop:
            hits = list(spamassassin.rule_hits(other)) or hits
    top = [h for h in hits if h.points is None or h.points > 0][:5]
    listed = "; ".join(
        f"{h.name} ({h.points:+g}): {h.description}"
        if h.points is not None
        else f"{h.name}: {h.description}"
        for h in top
    )
    over = score >= threshold
    yield SA_SCORE(
        f"SpamAssassin scored the message {score:g} against a spam threshold of "
        f"{threshold:g}"
        + (", so it was treated as spam" if over else ", close to the line")
        + (f". Main rules: {listed}." if listed else "."),
        [evidence_line(v, ("status", "score", "hits", "required", "tests"))],
        severity=Severity.HIGH if over else Severity.MEDIUM,
    )


#: Decisions an allow or block list made; the SFV code is shown as their evidence.
_LISTED = frozenset({SpamDecision.ALLOWED.value, SpamDecision.BLOCKED.value})


@rule
def allow_block_lists(ctx: AnalysisContext) -> Iterator[Finding]:
    allowed = blocked = ip_allowed = False
    for v in ctx.receiver_verdicts:
        if v.filter != microsoft.FILTER:
            continue
        codes = v.microsoft or MicrosoftCodes()
        ofr = field(v, "OFR") or ""
        sfv = (field(v, "SFV") or "").upper() if v.spam.value in _LISTED else ""
        if codes.ipv is MsIpVerdict.CAL and not ip_allowed:
            ip_allowed = True
            yield IP_ALLOWED(
                "The connection filter found the sending IP on the organisation's IP Allow "
                "List (IPV:CAL), so Microsoft skipped spam filtering for it. Where this message "
                "landed says nothing about how other receivers judge the IP.",
                [evidence_line(v, ("IPV", "SFV", "SCL"))],
            )
        trusted = codes.folder_reason is MsFolderReason.TRUSTED_SENDER_LIST
        if (v.spam is SpamDecision.ALLOWED or trusted) and not allowed:
            allowed = True
            yield SENDER_ALLOWED(
                "The sender is on an allow list (the recipient's Safe Senders or the "
                f"organisation's allowed senders: {sfv or ofr}), so spam filtering did not "
                "decide the folder.",
                [evidence_line(v, ("SFV", "OFR", "SCL", "dest"))],
            )
        blocked_sender = codes.folder_reason is MsFolderReason.BLOCKED_SENDER_LIST
        if (v.spam is SpamDecision.BLOCKED or blocked_sender) and not blocked:
            blocked = True
            yield SENDER_BLOCKED(
                f"Microsoft recorded {sfv or ofr}: the sender is on a blocked senders list of "
                "the recipient or their organisation, so the message was treated as spam "
                "whatever its content.",
                [evidence_line(v, ("SFV", "OFR", "SCL"))],
            )
