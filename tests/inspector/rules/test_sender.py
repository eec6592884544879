"""sender.who_sent: the sender kind worded for the recipient."""

from __future__ import annotations

from inspector.model.codes import SenderKind
from inspector.model.intel import PlatformMatch, SenderIntel, SenderKindFact
from inspector.rules.sender import who_sent
from tests.support.context import findings_by_id, make_context

SENDGRID = PlatformMatch("SendGrid", ("rDNS of sending host o1.sendgrid.net",), 0.9)


def test_abused_platform_is_said_in_plain_words() -> None:
    fact = SenderKindFact(
        SenderKind.ABUSED_PLATFORM,
        ("display name names PayPal but the address is at shop.example",),
        0.7,
        "an account on SendGrid, a legitimate platform, used to impersonate",
    )
    ctx = make_context(sender=SenderIntel(platform=SENDGRID, sender_kind=fact))
    found = findings_by_id([who_sent], ctx)["sender.who_sent"]
    assert found.title == "Sent by abusing a legitimate platform"
    assert "account on SendGrid" in found.explanation
    assert "platform evidence: rDNS of sending host o1.sendgrid.net" in found.evidence


def test_unknown_or_missing_kind_says_nothing() -> None:
    unknown = SenderKindFact(SenderKind.UNKNOWN, (), 0.0)
    assert findings_by_id([who_sent], make_context(sender=SenderIntel(sender_kind=unknown))) == {}
    assert findings_by_id([who_sent], make_context()) == {}
