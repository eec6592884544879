from __future__ import annotations

from inspector.verdicts import decode_verdicts
from tests.inspector.verdicts._msg import parse


def test_gmail_flags() -> None:
    raw = b"X-Gm-Spam: 1\nX-Gm-Phishy: 0\nFrom: a@example.org\n\nx\n"
    spam, phishy = decode_verdicts(parse(raw))
    assert spam.filter == "Gmail"
    assert spam.decision == "Gmail marked it as spam"
    assert phishy.decision == "Gmail did not mark it as suspected phishing"


def test_yahoo_traces() -> None:
    raw = b"X-Yahoo-Newman-Property: bmbounce\nX-YMailISG: V1bR9HMWLDtjQ6jD\n\nx\n"
    newman, isg = decode_verdicts(parse(raw))
    assert newman.filter == "Yahoo"
    assert "bounce" in newman.fields[0].meaning
    assert "does not document" in isg.fields[0].meaning
