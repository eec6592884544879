from __future__ import annotations

import pytest

from inspector.model.message import DefectKind
from inspector.parse.header_block import RawField, split_message

_BLOCK = (
    "Subject: =?utf-8?q?caf=C3=A9?= café\r\n"
    "Received: from a.example\r\n\tby b.example;\r\n Mon, 1 Jan 2024 00:00:00 +0000\r\n"
    "X-Empty:\r\n"
    "Name-With-Space \t: value \r\r\n"
    "To: <a@example.com>,\n  <b@example.com>\r\n"
).encode()


@pytest.mark.parametrize("line_end", [b"\r\n", b"\n"])
def test_a_clean_block_reads_as_the_general_loop_reads_it(line_end: bytes) -> None:
    """A block of nothing but fields takes the whole-block path; a line that is not a field
    sends the same fields through the loop that stops at it."""
    block = _BLOCK.replace(b"\r\n", line_end)
    clean = split_message(block + line_end + b"body")
    odd = split_message(block + b"not a field" + line_end + line_end + b"body")
    assert clean.fields == odd.fields
    assert clean.body == b"body" and not clean.defects
    assert [d.kind for d in odd.defects] == [DefectKind.MISSING_SEPARATOR]
    assert clean.fields[0] == RawField(
        "Subject", "Subject: =?utf-8?q?caf=C3=A9?= café".encode(), "=?utf-8?q?caf=C3=A9?= café"
    )
    received = clean.fields[1]
    assert received.unfolded == "from a.example\tby b.example; Mon, 1 Jan 2024 00:00:00 +0000"
    assert received.raw.count(b"\n") == 2 and not received.raw.endswith(b"\r")
    assert clean.fields[2] == RawField("X-Empty", b"X-Empty:", "")
    assert clean.fields[3][0::2] == ("Name-With-Space", "value")
    assert clean.fields[4].unfolded == "<a@example.com>,  <b@example.com>"


def test_a_block_that_is_not_utf8_is_read_field_by_field() -> None:
    raw = b"Subject: caf\xe9\nFrom: \xc3\xa9 <a@example.com>\n\nbody"
    fields = split_message(raw).fields
    assert [f.unfolded for f in fields] == ["café", "é <a@example.com>"]
