"""The NUL-byte finding: made from the parse's defect, with where the first NUL is."""

from __future__ import annotations

from datetime import UTC, datetime

import inspector.rules.structure as rules
from inspector.model.codes import Severity
from inspector.parse.message import parse_message
from inspector.rules.context import AnalysisContext
from tests.support.context import make_context


def _ctx(raw: bytes) -> AnalysisContext:
    return make_context(parse_message(raw), now=datetime(2026, 11, 22, tzinfo=UTC))


def test_nul_in_the_body_is_reported_with_its_place() -> None:
    (f,) = rules.nul_bytes(_ctx(b"From: a@example.com\r\nSubject: s\r\n\r\nhello\x00world\r\n"))
    assert f.id == "structure.nul_bytes" and f.severity is Severity.MEDIUM
    assert f.evidence[0] == "1 NUL byte(s); the first in the body at byte 40"
    assert "hello\u2400world" in f.evidence[1]
    assert "skip the whole message" in f.explanation


def test_clean_message_has_no_finding() -> None:
    assert list(rules.nul_bytes(_ctx(b"From: a@example.com\r\n\r\nhello\r\n"))) == []
