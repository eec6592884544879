"""Commercial filtering gateways: Proofpoint, Mimecast, Barracuda, Cisco IronPort (Secure
Email), Sophos and Trend Micro.

These vendors document little of their headers. We decode the parts whose meaning is public
(scores, rule names, yes/no flags) and label the opaque encoded blobs as such instead of
guessing at them.
"""

from __future__ import annotations

import re

from inspector.model.codes import SpamDecision
from inspector.model.message import Header
from inspector.model.verdicts import Verdict, VerdictField
from inspector.verdicts._common import (
    UNKNOWN,
    Decoder,
    as_float,
    fmt,
    key_values,
    make,
    split_tags,
    unfold,
    vf,
)
from inspector.verdicts.spamassassin import report_hits

PROOFPOINT = "Proofpoint"
MIMECAST = "Mimecast"
BARRACUDA = "Barracuda"
IRONPORT = "Cisco IronPort"
SOPHOS = "Sophos"
TRENDMICRO = "Trend Micro"

_PP_TAGS = {
    "rule": "the Proofpoint rule that decided the message's fate",
    "policy": "the Proofpoint policy that applied",
    "score": "overall score of the deciding classifier (0-100)",
    "spamscore": "spam score (0-100; higher is more spam-like)",
    "phishscore": "phishing score (0-100)",
    "malwarescore": "malware score (0-100)",
    "adultscore": "adult-content score (0-100)",
    "bulkscore": "bulk-mail score (0-100)",
    "suspectscore": "suspicious-content score (0-100)",
    "impostorscore": "impostor (business e-mail compromise) score (0-100)",
    "lowpriorityscore": "low-priority mail score (0-100)",
    "priorityscore": "internal priority value",
    "mlxscore": "machine-learning classifier score (0-100)",
    "mlxlogscore": "machine-learning log score (internal scale, not a spam verdict)",
    "clxscore": "internal classifier value",
    "classifier": "the classifier that made the verdict",
    "adjust": "score adjustment applied by policy",
    "reason": "which engine produced the score (mlx = machine learning)",
    "scancount": "how many times it was scanned",
    "engine": "engine version",
    "definitions": "rule definitions version",
    "vendor": "antivirus engine vendor",
    "signatures": "antivirus signature count or version",
}


def _pp_decision(pairs: dict[str, str]) -> tuple[str, SpamDecision]:
    rule = pairs.get("rule", "")
    scores = {k: as_float(v) for k, v in pairs.items() if k.endswith("score")}
    flagged = [
        k.removesuffix("score")
        for k in ("spamscore", "phishscore", "malwarescore", "bulkscore", "impostorscore")
        if (scores.get(k) or 0) >= 50
    ]
    lowered = rule.lower()
    spam = ("spam" in lowered and "notspam" not in lowered) or "phish" in lowered
    verdict = "flagged" if spam or flagged else "not spam"
    detail = f", high {', '.join(flagged)} score" if flagged else ""
    rule_txt = f" (rule {rule})" if rule else ""
    if "phish" in lowered or "phish" in flagged:
        outcome = SpamDecision.PHISH
    elif "malware" in flagged:
        outcome = SpamDecision.MALWARE
    elif spam or flagged:
        outcome = SpamDecision.BULK if flagged == ["bulk"] else SpamDecision.SPAM
    else:
        outcome = SpamDecision.CLEAN
    return f"Proofpoint judged it {verdict}{rule_txt}{detail}", outcome


def decode_pp_spam(header: Header) -> Verdict | None:
    value = unfold(header.value)
    fields: list[VerdictField] = []
    pairs: dict[str, str] = {}
    for key, raw in key_values(value):
        fields.append(vf(key, raw, _PP_TAGS.get(key.lower(), UNKNOWN)))
        pairs.setdefault(key.lower(), raw)
    decision, outcome = _pp_decision(pairs)
    return make(PROOFPOINT, header, fields, decision, outcome)


def decode_pp_virus(header: Header) -> Verdict | None:
    fields = [
        vf(k, v, _PP_TAGS.get(k.lower(), UNKNOWN)) for k, v in key_values(unfold(header.value))
    ]
    return make(PROOFPOINT, header, fields, "Proofpoint scanned it for viruses")


def decode_mimecast_score(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    score = as_float(raw)
    meaning = "Mimecast spam score (higher is more spam-like)"
    decision = f"Mimecast gave it spam score {fmt(score)}" if score is not None else meaning
    return make(MIMECAST, header, [vf("score", raw, meaning)], decision)


def decode_mimecast_impersonation(header: Header) -> Verdict | None:
    fields: list[VerdictField] = []
    hits: list[str] = []
    for key, raw in split_tags(unfold(header.value), ";", "="):
        if key.lower() == "policy":
            meaning = "the Impersonation Protect policy that checked it"
        elif raw.lower() in ("true", "false"):
            meaning = "detector fired" if raw.lower() == "true" else "detector did not fire"
            if raw.lower() == "true":
                hits.append(key)
        else:
            meaning = UNKNOWN
        fields.append(vf(key, raw, meaning))
    decision = (
        f"Mimecast Impersonation Protect fired: {', '.join(hits)}"
        if hits
        else "Mimecast Impersonation Protect found nothing"
    )
    return make(MIMECAST, header, fields, decision)


def _opaque(filter_: str, tag: str, what: str) -> Decoder:
    def decode(header: Header) -> Verdict | None:
        raw = unfold(header.value)
        meaning = f"{what} (encoded; the vendor does not document its contents)"
        return make(filter_, header, [vf(tag, raw, meaning)], f"{filter_} left {what}")

    return decode


def decode_barracuda_score(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    score = as_float(raw)
    meaning = "Barracuda spam score (0-10; higher is more spam-like)"
    decision = f"Barracuda scored it {fmt(score)}" if score is not None else meaning
    return make(BARRACUDA, header, [vf("score", raw, meaning)], decision)


_BARRA_STATUS = re.compile(r"^\s*(yes|no)\b", re.I)


def decode_barracuda_status(header: Header) -> Verdict | None:
    value = unfold(header.value)
    fields: list[VerdictField] = []
    m = _BARRA_STATUS.match(value)
    if m:
        fields.append(
            vf("status", m.group(1), "spam" if m.group(1).lower() == "yes" else "not spam")
        )
    meanings = {
        "score": "spam score",
        "tag_level": "score at which it is tagged",
        "quarantine_level": "score at which it is quarantined",
        "kill_level": "score at which it is blocked",
        "tests": "rules that fired",
    }
    pairs: dict[str, str] = {}
    for key, raw in key_values(value):
        fields.append(vf(key, raw, meanings.get(key.lower(), UNKNOWN)))
        pairs.setdefault(key.lower(), raw)
    score, tag = as_float(pairs.get("score", "")), as_float(pairs.get("tag_level", ""))
    spam = bool(m and m.group(1).lower() == "yes")
    label = "spam" if spam else "not spam"
    if score is not None and tag is not None:
        decision = f"Barracuda scored it {fmt(score)} against a tag level of {fmt(tag)}: {label}"
    else:
        decision = f"Barracuda marked it {label}"
    outcome = SpamDecision.SPAM if spam else SpamDecision.CLEAN if m else SpamDecision.UNKNOWN
    return make(BARRACUDA, header, fields, decision, outcome)


def decode_barracuda_report(header: Header) -> Verdict | None:
    hits = report_hits(header.value)
    fields = [
        vf(
            "report",
            line,
            f"{h.name} ({h.points if h.points is not None else '?'}): {h.description}",
        )
        for line, h in hits
    ]
    return make(BARRACUDA, header, fields, f"Barracuda listed {len(hits)} rule(s)")


def decode_barracuda_brts(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    meaning = (
        "the Barracuda Real-Time System recognised the content or sender"
        if raw.strip() == "1"
        else "Barracuda Real-Time System status"
    )
    return make(BARRACUDA, header, [vf("BRTS", raw, meaning)], f"Barracuda BRTS: {meaning}")


def decode_ironport_filtered(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    scanned = raw.lower() == "true"
    meaning = (
        "the anti-spam engine scanned it" if scanned else "not scanned by the anti-spam engine"
    )
    return make(IRONPORT, header, [vf("filtered", raw, meaning)], f"Cisco IronPort: {meaning}")


_AV_TAGS = {
    "e": "the antivirus engine vendor",
    "i": "engine and definitions version",
    "d": "scan details",
    "a": "internal message counter",
}


def decode_ironport_av(header: Header) -> Verdict | None:
    fields = [
        vf(k, v.strip('"'), _AV_TAGS.get(k.lower(), UNKNOWN))
        for k, v in split_tags(unfold(header.value), ";", "=")
    ]
    engine = next((f.raw for f in fields if f.name.lower() == "e"), "")
    decision = "Cisco IronPort scanned it for viruses" + (f" with {engine}" if engine else "")
    return make(IRONPORT, header, fields, decision)


_SOPHOS_HISTORY = {
    "ip": "the sending IP",
    "fs": "first time this sender was seen (internal counter)",
    "da": "days since first seen",
    "mc": "messages counted from this sender",
    "sc": "spam counted from this sender",
    "hc": "clean messages counted from this sender",
    "sp": "spam percentage",
    "fso": "internal value",
    "re": "internal value",
    "sd": "internal value",
    "hd": "internal value",
}


def decode_sophos_history(header: Header) -> Verdict | None:
    fields = [
        vf(k, v, _SOPHOS_HISTORY.get(k.lower(), UNKNOWN))
        for k, v in split_tags(unfold(header.value), ",", "=")
    ]
    return make(SOPHOS, header, fields, "Sophos recorded the sender's history with it")


def decode_sophos_probability(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    p = as_float(raw)
    meaning = "spam probability Sophos (LASED) gave it"
    if p is not None:
        pct = p * 100 if p <= 1 else p
        decision = f"Sophos rated its spam probability at {pct:.0f}%"
    else:
        decision = "Sophos spam probability unreadable"
    return make(SOPHOS, header, [vf("probability", raw, meaning)], decision)


def decode_tm_result(header: Header) -> Verdict | None:
    """``No--16.524400-5.000000-31``: flag, score, threshold, then internal numbers."""
    raw = unfold(header.value)
    m = re.match(r"^\s*(yes|no|\d+)?-(-?[\d.]+)-(-?[\d.]+)", raw, re.I)
    fields = []
    if m and m.group(1) and not m.group(1).isdigit():
        spam = m.group(1).lower() == "yes"
        fields.append(vf("status", m.group(1), "spam" if spam else "not spam"))
    else:
        spam = None
    if m:
        fields.append(vf("score", m.group(2), "spam score"))
        fields.append(vf("threshold", m.group(3), "score at which it is spam"))
        score, th = as_float(m.group(2)), as_float(m.group(3))
        if spam is None and score is not None and th is not None:
            spam = score >= th
        label = "spam" if spam else "not spam"
        if score is not None and th is not None:
            return make(
                TRENDMICRO,
                header,
                fields,
                f"Trend Micro scored it {fmt(score)} against a threshold of {fmt(th)}: {label}",
                SpamDecision.SPAM if spam else SpamDecision.CLEAN,
            )
    fields.append(vf("result", raw, UNKNOWN))
    return make(TRENDMICRO, header, fields, "Trend Micro result we could not read")


def decode_tm_flag(tag: str, what: str) -> Decoder:
    def decode(header: Header) -> Verdict | None:
        raw = unfold(header.value)
        yes = raw.lower().startswith("yes")
        meaning = f"{what}: {'yes' if yes else 'no'}"
        return make(TRENDMICRO, header, [vf(tag, raw, meaning)], f"Trend Micro: {meaning}")

    return decode


DECODERS = {
    "x-proofpoint-spam-details": decode_pp_spam,
    "x-proofpoint-virus-version": decode_pp_virus,
    "x-mimecast-spam-score": decode_mimecast_score,
    "x-mimecast-impersonation-protect": decode_mimecast_impersonation,
    "x-mimecast-spam-signature": _opaque(MIMECAST, "signature", "a spam signature"),
    "x-barracuda-spam-score": decode_barracuda_score,
    "x-barracuda-spam-status": decode_barracuda_status,
    "x-barracuda-spam-report": decode_barracuda_report,
    "x-barracuda-brts-status": decode_barracuda_brts,
    "x-ironport-anti-spam-filtered": decode_ironport_filtered,
    "x-ironport-anti-spam-result": _opaque(IRONPORT, "result", "an anti-spam result"),
    "x-ironport-av": decode_ironport_av,
    "x-ipas-result": _opaque(IRONPORT, "IPAS", "a reputation result"),
    "x-sophos-senderhistory": decode_sophos_history,
    "x-lased-spamprobability": decode_sophos_probability,
    "x-sophos-email-scan-details": _opaque(SOPHOS, "details", "scan details"),
    "x-tm-as-result": decode_tm_result,
    "x-tmase-result": decode_tm_result,
    "x-tm-as-user-approved-sender": decode_tm_flag(
        "approved", "sender on the user's approved list"
    ),
    "x-tm-as-user-blocked-sender": decode_tm_flag("blocked", "sender on the user's blocked list"),
}
