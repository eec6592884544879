"""sender.*: the sender kind worded for the recipient, one finding id per kind."""

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
    found = findings_by_id([who_sent], ctx)["sender.abused_platform"]
    assert found.title == "Sent by abusing a legitimate platform"
    assert "account on SendGrid" in found.explanation
    assert "platform evidence: rDNS of sending host o1.sendgrid.net" in found.evidence


def test_unknown_or_missing_kind_says_nothing() -> None:
    unknown = SenderKindFact(SenderKind.UNKNOWN, (), 0.0)
    assert findings_by_id([who_sent], make_context(sender=SenderIntel(sender_kind=unknown))) == {}
    assert findings_by_id([who_sent], make_context()) == {}


def test_each_kind_has_its_own_id() -> None:
    ids = {}
    for kind in SenderKind:
        if kind is SenderKind.UNKNOWN:
            continue
        fact = SenderKindFact(kind, ("evidence",), 0.8, "a reading")
        found = findings_by_id([who_sent], make_context(sender=SenderIntel(sender_kind=fact)))
        assert len(found) == 1
        ids[kind] = next(iter(found))
    assert len(set(ids.values())) == len(ids)
    assert ids[SenderKind.THROWAWAY_TENANT] == "sender.throwaway_tenant"
    assert ids[SenderKind.SELF_HOSTED_VPS] == "sender.own_server"
