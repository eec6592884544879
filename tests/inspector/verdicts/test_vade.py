"""Vade Secure headers in their three spellings (hand-written values)."""

from __future__ import annotations

from inspector.model.codes import SpamDecision
from inspector.model.message import Header
from inspector.verdicts.vade import DECODERS


def spam_of(name: str, value: str) -> SpamDecision:
    verdict = DECODERS[name.lower()](Header(name, value))
    assert verdict is not None and verdict.filter == "Vade"
    return verdict.spam


def test_state_words() -> None:
    assert spam_of("X-VADE-SPAMSTATE", "clean") is SpamDecision.CLEAN
    assert spam_of("X-Vr-Spamstate", "OK") is SpamDecision.CLEAN
    assert spam_of("X-VRSPAM-STATE", "legit") is SpamDecision.CLEAN
    assert spam_of("X-VADE-SPAMSTATE", "spam") is SpamDecision.SPAM
    assert spam_of("X-VADE-SPAMSTATE", "") is SpamDecision.UNKNOWN


def test_score_and_cause_carry_no_decision() -> None:
    assert spam_of("X-VADE-SPAMSCORE", "49") is SpamDecision.UNKNOWN
    assert spam_of("X-Vr-Spamcause", "gggruggvucftvghtrhho") is SpamDecision.UNKNOWN
