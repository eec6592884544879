"""The rule context: readings several rules share are made once per message."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from inspector.parse.message import parse_message
from inspector.rules.context import AnalysisContext, per_message
from tests.support.context import make_context

RAW = (
    b"From: Ann <ann@shop.example>\r\nTo: bob@example.net\r\nSubject: Hello\r\n"
    b"Date: Fri, 1 Mar 2024 11:58:00 +0000\r\nMessage-ID: <1@shop.example>\r\n\r\nHi\r\n"
)


def _context() -> AnalysisContext:
    return make_context(parse_message(RAW), now=datetime(2024, 3, 1, 12, tzinfo=UTC))


def test_a_per_message_reading_is_made_once_for_a_context_and_again_for_another() -> None:
    asked: list[AnalysisContext] = []

    @per_message
    def subject_words(ctx: AnalysisContext) -> list[str]:
        asked.append(ctx)
        return (ctx.message.subject or "").split()

    first = _context()
    assert subject_words(first) == ["Hello"]
    assert subject_words(first) is subject_words(first)  # the first answer, shared
    assert asked == [first]
    second = replace(first)  # a copy starts with no readings of its own
    assert subject_words(second) == ["Hello"]
    assert len(asked) == 2


def test_two_readings_of_one_context_are_kept_apart() -> None:
    @per_message
    def subject(ctx: AnalysisContext) -> str | None:
        return ctx.message.subject

    @per_message
    def sender(ctx: AnalysisContext) -> str:
        return ctx.message.from_[0].address

    c = _context()
    assert (subject(c), sender(c), subject(c)) == ("Hello", "ann@shop.example", "Hello")


def test_the_recipients_own_verdicts_and_decisions_are_empty_without_verdicts() -> None:
    c = _context()
    assert c.receiver_verdicts == ()
    assert c.microsoft_decisions == ()
    assert c == replace(c)  # readings made do not count in comparisons
