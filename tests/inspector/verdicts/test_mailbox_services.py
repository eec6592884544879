"""Proton, Outlook.com consumer, GMX/Web.de, Zoho and AOL verdict headers (hand-written)."""

from __future__ import annotations

import base64

from inspector.model.codes import SpamDecision
from inspector.model.message import Header
from inspector.verdicts.mailbox_services import DECODERS


def decode(name: str, value: str) -> tuple[str, SpamDecision, dict[str, str]]:
    verdict = DECODERS[name.lower()](Header(name, value))
    assert verdict is not None
    return verdict.decision, verdict.spam, {f.name: f.raw for f in verdict.fields}


def test_proton_action_and_score() -> None:
    decision, spam, _ = decode("X-Pm-Spam-Action", "phishing")
    assert spam is SpamDecision.PHISH and "phishing" in decision
    assert decode("X-Pm-Spam-Action", "inbox")[1] is SpamDecision.CLEAN
    assert decode("X-Pm-Spam-Action", "something-new")[1] is SpamDecision.UNKNOWN
    decision, spam, fields = decode("X-Pm-Spamscore", "3")
    assert fields == {"score": "3"} and spam is SpamDecision.UNKNOWN and "3" in decision
    assert "outside Proton" in decode("X-Pm-Origin", "external")[0]


def test_outlook_com_message_delivery_scl() -> None:
    value = base64.b64encode(b"V=1.1;D=0;GD=0;SCL=9;l=1;us=1").decode()
    decision, spam, fields = decode("X-Message-Delivery", value)
    assert spam is SpamDecision.HIGH_CONFIDENCE_SPAM and fields["SCL"] == "9"
    assert "SCL 9" in decision
    skipped = base64.b64encode(b"V=1.1;us=0;l=0;a=0;D=1;GD=1;SCL=-1").decode()
    assert decode("X-Message-Delivery", skipped)[1] is SpamDecision.SKIPPED
    assert decode("X-Message-Delivery", "not base64 !!")[1] is SpamDecision.UNKNOWN


def test_gmx_filter_results() -> None:
    assert decode("X-UI-Filterresults", "notjunk:1;V01:K0:abc=")[1] is SpamDecision.CLEAN
    assert decode("X-UI-Filterresults", "junk:1;V01:K0:abc=")[1] is SpamDecision.SPAM
    assert decode("UI-OutboundReport", "notjunk:1;M01:P0:xyz=")[1] is SpamDecision.CLEAN
    clean = "0 (Mail was not recognized as spam); Detail=V3;"
    assert decode("X-GMX-Antispam", clean)[1] is SpamDecision.CLEAN
    assert decode("X-GMX-Antispam", "5 (spam); Detail=V3;")[1] is SpamDecision.SPAM


def test_zoho_and_aol() -> None:
    _, spam, fields = decode("X-ZohoMail", "Si CHF_MF_NL SS_10")
    assert spam is SpamDecision.UNKNOWN and "rule" in fields
    assert decode("X-AOL-VSS-CODE", "clean")[1] is SpamDecision.CLEAN
    assert "scanned" in decode("X-AOL-VSS-INFO", "5600.1067/98281")[0]
