"""rspamd headers: X-Spamd-Result, X-Rspamd-Score, X-Rspamd-Action, X-Spamd-Bar,
X-Rspamd-Server and X-Rspamd-Queue-Id.

X-Spamd-Result reads ``default: False [2.04 / 25.00]; SYMBOL(score)[options]; ...``. A short
table of common symbols is kept here (our own words); others are kept by name.
"""

from __future__ import annotations

import re

from inspector.model.codes import SpamDecision
from inspector.model.message import Header
from inspector.model.verdicts import Verdict, VerdictField
from inspector.verdicts._common import Decoder, as_float, fmt, make, unfold, vf

FILTER = "rspamd"

SYMBOLS = {
    "R_SPF_ALLOW": "SPF passed",
    "R_SPF_FAIL": "SPF failed",
    "R_SPF_SOFTFAIL": "SPF soft-failed",
    "R_SPF_NEUTRAL": "SPF neutral",
    "R_SPF_NA": "no SPF record",
    "R_DKIM_ALLOW": "a DKIM signature verified",
    "R_DKIM_REJECT": "a DKIM signature failed",
    "R_DKIM_NA": "no DKIM signature",
    "R_DKIM_TEMPFAIL": "DKIM could not be checked (temporary error)",
    "DMARC_POLICY_ALLOW": "DMARC passed",
    "DMARC_POLICY_REJECT": "DMARC failed; the domain asks for rejection",
    "DMARC_POLICY_QUARANTINE": "DMARC failed; the domain asks for quarantine",
    "DMARC_POLICY_SOFTFAIL": "DMARC failed; the domain's policy is none",
    "DMARC_NA": "no DMARC record",
    "ARC_ALLOW": "the ARC chain verified",
    "ARC_REJECT": "the ARC chain failed",
    "ARC_NA": "no ARC headers",
    "BAYES_SPAM": "the learned Bayes filter thinks it is spam",
    "BAYES_HAM": "the learned Bayes filter thinks it is not spam",
    "FUZZY_DENIED": "matches a fuzzy hash of known spam",
    "RBL_SPAMHAUS_SBL": "a relay IP is on the Spamhaus SBL",
    "RBL_SPAMHAUS_XBL": "a relay IP is on the Spamhaus XBL",
    "RBL_SPAMHAUS_PBL": "a relay IP is on the Spamhaus PBL",
    "RCVD_IN_DNSWL_NONE": "the sending IP is on DNSWL with no trust level",
    "RCVD_IN_DNSWL_LOW": "the sending IP is on DNSWL with low trust",
    "RWL_MAILSPIKE_GOOD": "the sending IP has good Mailspike reputation",
    "MIME_GOOD": "well-formed MIME structure",
    "FORGED_SENDER": "the envelope sender differs from the From address",
    "FROM_HAS_DN": "the From header has a display name",
    "HAS_REPLYTO": "the message has a Reply-To header",
    "SUBJ_EXCESS_BASE64": "the Subject is needlessly base64-encoded",
    "SUBJECT_HAS_CURRENCY": "the Subject mentions money",
    "URI_COUNT_ODD": "an odd number of links (often a sign of a tracking pixel)",
    "ASN": "the autonomous system of the sending IP",
    "MX_GOOD": "the sender's domain has working MX records",
    "PHISHING": "a link's text and target point to different sites",
    "ONCE_RECEIVED": "only one Received header",
    "RCVD_TLS_ALL": "every relay used TLS",
}

_HEAD = re.compile(r"^\s*([\w-]+)\s*:\s*(True|False)\s*\[\s*(-?[\d.]+)\s*/\s*(-?[\d.]+)\s*\]", re.I)
_SYMBOL = re.compile(r"([A-Z0-9_]+)\(\s*(-?[\d.]+)\s*\)(?:\[([^\]]*)\])?")


def decode_result(header: Header) -> Verdict | None:
    value = unfold(header.value)
    fields: list[VerdictField] = []
    m = _HEAD.match(value)
    score = required = None
    spam: bool | None = None
    if m:
        spam = m.group(2).lower() == "true"
        score, required = as_float(m.group(3)), as_float(m.group(4))
        fields.append(
            vf(
                m.group(1),
                m.group(2),
                "reject threshold reached" if spam else "below reject threshold",
            )
        )
        fields.append(vf("score", m.group(3), "total score (higher means more spam-like)"))
        fields.append(vf("required", m.group(4), "score at which rspamd rejects"))
        value = value[m.end() :]
    for s in _SYMBOL.finditer(value):
        name, pts, opts = s.group(1), s.group(2), s.group(3)
        desc = SYMBOLS.get(name, "rspamd symbol (not in our table)")
        extra = f" [{opts}]" if opts else ""
        fields.append(vf(name, f"{pts}{extra}", f"{name} ({pts}): {desc}"))
    outcome = SpamDecision.UNKNOWN
    if score is not None and required is not None:
        label = "rejected as spam" if spam else "not over the reject threshold"
        decision = f"rspamd scored it {fmt(score)} of {fmt(required)}: {label}"
        outcome = SpamDecision.SPAM if spam else SpamDecision.CLEAN
    else:
        decision = "rspamd result we could not fully read"
    return make(FILTER, header, fields, decision, outcome)


_ACTIONS = {
    "no action": "delivered normally",
    "greylist": "deferred once (greylisting)",
    "add header": "delivered with a spam header (usually filed as Junk)",
    "rewrite subject": "delivered with a spam tag in the Subject",
    "soft reject": "temporarily refused",
    "reject": "rejected as spam",
}


_ACTION_DECISION = {
    "no action": SpamDecision.CLEAN,
    "add header": SpamDecision.SPAM,
    "rewrite subject": SpamDecision.SPAM,
    "soft reject": SpamDecision.SPAM,
    "reject": SpamDecision.SPAM,
}


def decode_action(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    meaning = _ACTIONS.get(raw.lower(), "unknown action")
    outcome = _ACTION_DECISION.get(raw.lower(), SpamDecision.UNKNOWN)
    return make(
        FILTER, header, [vf("action", raw, meaning)], f"rspamd action '{raw}': {meaning}", outcome
    )


def decode_score(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    score = as_float(raw)
    meaning = "total score (higher means more spam-like)" if score is not None else "unreadable"
    decision = f"rspamd scored it {fmt(score)}" if score is not None else "rspamd score unreadable"
    return make(FILTER, header, [vf("score", raw, meaning)], decision)


def decode_bar(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    plus, minus = raw.count("+"), raw.count("-")
    if plus:
        meaning = f"score about +{plus} (one + per point)"
    elif minus:
        meaning = f"score about -{minus} (one - per point)"
    else:
        meaning = "score near zero"
    return make(FILTER, header, [vf("bar", raw, meaning)], f"rspamd bar: {meaning}")


def decode_info(tag: str, meaning: str) -> Decoder:
    def decode(header: Header) -> Verdict | None:
        raw = unfold(header.value)
        return make(FILTER, header, [vf(tag, raw, meaning)], f"rspamd {tag} {raw}")

    return decode


DECODERS = {
    "x-spamd-result": decode_result,
    "x-rspamd-action": decode_action,
    "x-rspamd-score": decode_score,
    "x-spamd-bar": decode_bar,
    "x-rspamd-server": decode_info("server", "the rspamd host that scanned it"),
    "x-rspamd-queue-id": decode_info("queue-id", "rspamd's id for this message"),
}
