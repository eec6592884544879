"""Verdict headers of mailbox services beyond Microsoft 365 and Gmail: Proton (X-Pm-*),
Outlook.com consumer mailboxes (X-Message-Delivery), GMX and Web.de (X-UI-Filterresults,
X-GMX-Antispam, UI-OutboundReport), Zoho (X-ZohoMail) and AOL (X-AOL-VSS-*).

Little of this is documented. We read the parts whose meaning shows in the values themselves
(a spam score, an action word, ``notjunk:1``) and label the rest as opaque rather than guess.
Proton's X-Pm-Message-Id/-RCPT/-IP are Postmark's, not Proton's, and are not read here.
"""

from __future__ import annotations

import base64
import binascii
import re

from inspector.model.codes import SpamDecision
from inspector.model.message import Header
from inspector.model.verdicts import Verdict, VerdictField
from inspector.verdicts._common import (
    UNKNOWN,
    Decoder,
    as_int,
    make,
    scl_decision,
    split_tags,
    unfold,
    vf,
)
from inspector.verdicts.microsoft import scl_meaning

PROTON = "Proton"
OUTLOOK_COM = "Outlook.com"
GMX = "GMX / Web.de"
ZOHO = "Zoho"
AOL = "AOL"

_PM_ACTIONS = {
    "inbox": ("delivered to the Inbox", SpamDecision.CLEAN),
    "spam": ("filed as spam", SpamDecision.SPAM),
    "phishing": ("flagged as phishing", SpamDecision.PHISH),
    "reject": ("rejected", SpamDecision.SPAM),
}


def decode_pm_action(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    meaning, outcome = _PM_ACTIONS.get(raw.lower(), ("an action Proton does not document", None))
    decision = f"Proton {meaning}" if outcome else f"Proton spam action '{raw[:40]}'"
    return make(
        PROTON, header, [vf("action", raw, meaning)], decision, outcome or SpamDecision.UNKNOWN
    )


def decode_pm_score(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    score = as_int(raw)
    meaning = "Proton's spam score (higher is more spam-like)" if score is not None else UNKNOWN
    decision = f"Proton scored it {score}" if score is not None else "Proton spam score unreadable"
    return make(PROTON, header, [vf("score", raw, meaning)], decision)


def decode_pm_origin(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    meaning = {
        "external": "came from outside Proton",
        "internal": "sent between Proton users",
    }.get(raw.lower(), UNKNOWN)
    return make(PROTON, header, [vf("origin", raw, meaning)], f"Proton: the message {meaning}")


def _opaque(filter_: str, tag: str, what: str) -> Decoder:
    def decode(header: Header) -> Verdict | None:
        raw = unfold(header.value)
        meaning = f"{what} (encoded; not documented)"
        return make(filter_, header, [vf(tag, raw[:200], meaning)], f"{filter_} left {what}")

    return decode


_DELIVERY_TAGS = {
    "V": "format version",
    "SCL": "spam confidence level",
    "D": "undocumented delivery value",
    "GD": "undocumented delivery value",
    "l": "undocumented flag",
    "us": "undocumented flag",
    "a": "undocumented flag",
}


def decode_message_delivery(header: Header) -> Verdict | None:
    """Outlook.com's base64 ``V=1.1;D=0;GD=0;SCL=9;...``: the consumer mailbox's SCL."""
    raw = unfold(header.value)
    try:
        text = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return make(OUTLOOK_COM, header, [vf("value", raw[:200], UNKNOWN)], "unreadable")
    fields: list[VerdictField] = []
    scl: int | None = None
    for tag, value in split_tags(text, ";", "="):
        if tag.upper() == "SCL":
            scl = as_int(value)
            fields.append(vf("SCL", value, scl_meaning(value)))
        else:
            fields.append(vf(tag, value, _DELIVERY_TAGS.get(tag, UNKNOWN)))
    decision = (
        f"Outlook.com rated it SCL {scl_meaning(str(scl))}"
        if scl is not None
        else "Outlook.com delivery details"
    )
    return make(OUTLOOK_COM, header, fields, decision, scl_decision(scl))


_NOTJUNK = re.compile(r"^\s*(notjunk|junk):(\d)", re.IGNORECASE)


def decode_ui_filterresults(header: Header) -> Verdict | None:
    """``notjunk:1;V01:K0:...``: GMX/Web.de's (United Internet's) filter result."""
    raw = unfold(header.value)
    m = _NOTJUNK.match(raw)
    if not m:
        return make(GMX, header, [vf("result", raw[:200], UNKNOWN)], "GMX filter result")
    junk = (m.group(1).lower() == "junk") == (m.group(2) == "1")
    meaning = "judged spam" if junk else "judged not spam"
    fields = [vf(m.group(1), m.group(2), meaning), vf("details", raw[m.end() :][:200], UNKNOWN)]
    outcome = SpamDecision.SPAM if junk else SpamDecision.CLEAN
    return make(GMX, header, fields, f"GMX / Web.de {meaning}", outcome)


def decode_gmx_antispam(header: Header) -> Verdict | None:
    """``0 (Mail was not recognized as spam); Detail=V3;``."""
    raw = unfold(header.value)
    level = as_int(raw.split(" ", 1)[0].rstrip(";"))
    if level is None:
        return make(GMX, header, [vf("level", raw[:200], UNKNOWN)], "GMX anti-spam result")
    outcome = SpamDecision.CLEAN if level == 0 else SpamDecision.SPAM
    meaning = "not spam" if level == 0 else f"spam level {level}"
    return make(
        GMX, header, [vf("level", str(level), meaning)], f"GMX judged it {meaning}", outcome
    )


def decode_zohomail(header: Header) -> Verdict | None:
    """``Si CHF_MF_NL SS_10 ...``: Zoho's internal rule tokens (undocumented)."""
    raw = unfold(header.value)
    fields = [vf("rule", token, "Zoho rule token (undocumented)") for token in raw.split()[:40]]
    return make(ZOHO, header, fields, "Zoho Mail left its filter tokens")


def decode_aol_vss(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    if header.name.lower() == "x-aol-vss-code":
        clean = raw.lower() == "clean"
        outcome = SpamDecision.CLEAN if clean else SpamDecision.UNKNOWN
        meaning = "virus scan: clean" if clean else f"virus scan code {raw[:40]}"
        return make(AOL, header, [vf("code", raw, meaning)], f"AOL {meaning}", outcome)
    return make(AOL, header, [vf("info", raw[:200], "virus scanner version")], "AOL scanned it")


DECODERS: dict[str, Decoder] = {
    "x-pm-spam-action": decode_pm_action,
    "x-pm-spamscore": decode_pm_score,
    "x-pm-origin": decode_pm_origin,
    "x-pm-spam": _opaque(PROTON, "spam", "a spam-filter token"),
    "x-message-delivery": decode_message_delivery,
    "x-message-info": _opaque(OUTLOOK_COM, "info", "a delivery token"),
    "x-ui-filterresults": decode_ui_filterresults,
    "ui-outboundreport": decode_ui_filterresults,
    "x-gmx-antispam": decode_gmx_antispam,
    "x-zohomail": decode_zohomail,
    "x-aol-vss-code": decode_aol_vss,
    "x-aol-vss-info": decode_aol_vss,
    "x-aol-scoll-eil": _opaque(AOL, "EIL", "an internal scoring value"),
}
