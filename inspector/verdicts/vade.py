"""Vade Secure's headers, written by the mail services that run it: X-VADE-SPAMSTATE/-SCORE/
-CAUSE (seen at UOL Host), X-Vr-Spamstate/-Spamscore/-Spamcause (OVH's outbound filter) and
X-VRSPAM-STATE/-SCORE/-CAUSE (gateways).

The state word is the verdict; the score is Vade's own scale (undocumented); the cause is an
encoded trace we keep but do not decode.
"""

from __future__ import annotations

from inspector.model.codes import SpamDecision
from inspector.model.message import Header
from inspector.model.verdicts import Verdict
from inspector.verdicts._common import UNKNOWN, Decoder, as_int, make, unfold, vf

FILTER = "Vade"

_STATES = {
    "clean": SpamDecision.CLEAN,
    "legit": SpamDecision.CLEAN,
    "ok": SpamDecision.CLEAN,
    "notspam": SpamDecision.CLEAN,
    "spam": SpamDecision.SPAM,
    "bulk": SpamDecision.BULK,
    "phishing": SpamDecision.PHISH,
    "scam": SpamDecision.PHISH,
    "virus": SpamDecision.MALWARE,
    "suspect": SpamDecision.SPAM,
}


def decode_state(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    outcome = _STATES.get(raw.lower().split()[0] if raw.split() else "", SpamDecision.UNKNOWN)
    meaning = UNKNOWN if outcome is SpamDecision.UNKNOWN else f"judged {outcome.value}"
    return make(FILTER, header, [vf("state", raw[:80], meaning)], f"Vade {meaning}", outcome)


def decode_score(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    score = as_int(raw)
    meaning = "Vade's spam score (its own scale)" if score is not None else UNKNOWN
    return make(FILTER, header, [vf("score", raw[:40], meaning)], f"Vade scored it {raw[:20]}")


def decode_cause(header: Header) -> Verdict | None:
    raw = unfold(header.value)
    meaning = "Vade's encoded trace of the rules that fired (not documented)"
    return make(FILTER, header, [vf("cause", raw[:200], meaning)], "Vade left its rule trace")


def _family(state: str, score: str, cause: str) -> dict[str, Decoder]:
    return {state: decode_state, score: decode_score, cause: decode_cause}


DECODERS: dict[str, Decoder] = {
    **_family("x-vade-spamstate", "x-vade-spamscore", "x-vade-spamcause"),
    **_family("x-vr-spamstate", "x-vr-spamscore", "x-vr-spamcause"),
    **_family("x-vrspam-state", "x-vrspam-score", "x-vrspam-cause"),
}
