"""Received-SPF decoded: result, the client judged, the server that judged."""

from __future__ import annotations

from inspector.model.message import Header
from inspector.verdicts.received_spf import decode_received_spf


def test_fields_of_a_gmail_style_record() -> None:
    v = decode_received_spf(
        Header(
            "Received-SPF",
            "pass (mx.example.net: domain of a@example.org designates 192.0.2.7 as permitted "
            "sender) client-ip=192.0.2.7; envelope-from=a@example.org; helo=mail.example.org;",
        )
    )
    assert v is not None
    fields = {f.name: f.raw for f in v.fields}
    assert fields["result"] == "pass" and fields["client-ip"] == "192.0.2.7"
    assert fields["checked-by"] == "mx.example.net" and fields["helo"] == "mail.example.org"


def test_unreadable_value_is_no_verdict() -> None:
    assert decode_received_spf(Header("Received-SPF", "  ")) is None
