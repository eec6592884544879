"""Content sniffing: what the first bytes of a file say it holds, whatever its name."""

from __future__ import annotations

import pytest

from inspector.parse.sniff import sniff

MSG_A = b"From: Alice <alice@example.com>\nTo: bob@example.net\nSubject: A\n\nHello A\n"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n...", "not a message: looks like a PDF file"),
        (b"\x89PNG\r\n\x1a\n", "not a message: looks like a PNG image"),
        (b"PK\x03\x04rest", "not a message: looks like a zip archive (or an Office document)"),
        (b"", "empty file"),
        (b"\n\n  \n", "empty file"),
        (b"\x00\x01\x02garbage\xff", "not a message: binary data"),
        (b"From: a@example.com\nSubject: x\x00y\n\nbody", "message"),
        (b"Note: one line\x00\n", "not a message: binary data"),
        (b"# A markdown file\n\ntext", "not a message: does not start with header fields"),
        (b"From someone@example.com Mon Jan  1 10:00:00 2024\nFrom: x\n", "mbox"),
        (MSG_A, "message"),
        (b"Received: from x by y; Mon, 1 Jan 2024 10:00:00 +0000\n", "message"),
        (b"Note: just one line of text\n", "not a message: does not start with mail header fields"),
    ],
)
def test_sniff(head: bytes, expected: str) -> None:
    assert sniff(head) == expected
