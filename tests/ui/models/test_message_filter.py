"""The message list's authentication filter: read once from its written form into enums."""

from __future__ import annotations

from dataclasses import replace

import pytest

from inspector.model.codes import AuthMethod, AuthStatus, Risk
from inspector.model.message import SourceRef
from ui.models.message_filter import MessageFilter, auth_filter_value, read_auth_filter
from ui.models.message_row import MessageRow


def test_auth_filter_round_trip() -> None:
    for method in (AuthMethod.SPF, AuthMethod.DKIM, AuthMethod.DMARC):
        for status in (AuthStatus.PASS, AuthStatus.FAIL, AuthStatus.NONE):
            assert read_auth_filter(auth_filter_value(method, status)) == (method, status)
    assert auth_filter_value(AuthMethod.DMARC, AuthStatus.FAIL) == "dmarc:fail"


@pytest.mark.parametrize(
    "text", ["", "dmarc", "dmarc:bogus", "arc:pass", "__class__:x", "DMARC:fail"]
)
def test_auth_filters_the_list_cannot_show_are_no_filter(text: str) -> None:
    assert read_auth_filter(text) is None


def test_filter_reads_the_auth_filter_when_it_is_set() -> None:
    chosen = MessageFilter()
    chosen.update(auth="spf:softfail")
    assert chosen.auth == (AuthMethod.SPF, AuthStatus.SOFTFAIL) and chosen.filtering()
    chosen.update(auth="")
    assert chosen.auth is None and not chosen.filtering()


def _row(**fields: object) -> MessageRow:
    base = MessageRow(
        ref=SourceRef("/m.mbox", 0),
        date=None,
        sender="News <news@brand.example>",
        subject="Spring sale",
        platform="Mailchimp",
        spf="pass",
        dkim="fail",
        dmarc="fail",
        risk=Risk.HIGH,
        reason="DMARC fails",
        has_bounce=False,
        findings=frozenset({"auth.dmarc_fail"}),
        sender_domain="brand.example",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def test_every_filter_narrows_and_any_lets_through() -> None:
    row = _row()
    chosen = MessageFilter()
    assert chosen.shows(row)
    for change, other in (
        ({"risk": "high"}, {"risk": "low"}),
        ({"auth": "dmarc:fail"}, {"auth": "dkim:pass"}),
        ({"platform": "Mailchimp"}, {"platform": "SendGrid"}),
        ({"sender": "Brand.Example"}, {"sender": "other.example"}),
        ({"finding": "auth.dmarc_fail"}, {"finding": "auth.spf_fail"}),
    ):
        chosen = MessageFilter()
        chosen.update(**change)  # type: ignore[arg-type]
        assert chosen.shows(row), change
        chosen = MessageFilter()
        chosen.update(**other)  # type: ignore[arg-type]
        assert not chosen.shows(row), other
    chosen = MessageFilter()
    chosen.update(bounce_only=True)
    assert not chosen.shows(row) and chosen.shows(_row(has_bounce=True))


def test_search_ignores_case_and_reads_sender_subject_platform_reason_and_path() -> None:
    chosen = MessageFilter()
    for text in ("  SPRING ", "brand.example", "mailchimp", "dmarc fails", "/m.mbox"):
        chosen.set_search(text)
        assert chosen.shows(_row()), text
    chosen.set_search("winter")
    assert not chosen.shows(_row())


def test_pending_and_unreadable_rows_have_a_risk_filter_of_their_own() -> None:
    chosen = MessageFilter()
    chosen.update(risk="pending")
    assert chosen.shows(_row(risk=None)) and not chosen.shows(_row())
    chosen.update(risk="error")
    assert chosen.shows(_row(risk=None, error="unreadable")) and not chosen.shows(_row(risk=None))


def test_a_copy_of_a_listed_message_is_never_shown() -> None:
    copy = _row(duplicate_of=("/first.eml", 0))
    assert not MessageFilter().shows(copy)
    chosen = MessageFilter()
    chosen.set_search("spring")
    assert not chosen.shows(copy)
