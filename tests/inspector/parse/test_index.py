"""The quick first pass reads date, sender and subject, decoded, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

from inspector.model.message import SourceRef
from inspector.parse.index import index_entry


def test_reads_folded_encoded_fields_from_the_header_block_only() -> None:
    raw = (
        b"Received: from a by b; Tue, 03 Mar 2026 10:00:01 +0000\r\n"
        b"Subject: =?utf-8?q?Caf=C3=A9?=\r\n =?utf-8?q?_menu?=\r\n"
        b"From: =?utf-8?b?w4lsaXNl?= <elise@bistro.example>\r\n"
        b"Date: Tue, 03 Mar 2026 11:00:00 +0100\r\n"
        b"\r\n"
        b"Subject: not a header, the body\r\n"
    )
    entry = index_entry(SourceRef("m.eml"), raw)
    assert entry.subject == "Café menu"
    assert entry.sender == "Élise <elise@bistro.example>"
    assert entry.date == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def test_missing_and_hostile_fields_are_empty_not_errors() -> None:
    entry = index_entry(SourceRef("x"), b"\x00\xff garbage without headers")
    assert (entry.subject, entry.sender, entry.date) == ("", "", None)
    huge = b"Subject: " + b"A" * 5_000_000 + b"\r\n\r\n"
    assert len(index_entry(SourceRef("y"), huge).subject) <= 300
