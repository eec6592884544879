"""The text of a delivery-status recipient block is exactly what the stdlib's generator
writes for it, whatever the folding, blank continuation lines or trailing spaces."""

from __future__ import annotations

import email
import email.message
import email.policy

import pytest

from inspector.bounces.mime import TypeReadOnceMessage, header_block_text

_REPORT = (
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
    b"--B\r\nContent-Type: text/plain\r\n\r\nnot delivered\r\n"
    b"--B\r\nContent-Type: message/delivery-status\r\n\r\n"
    b"%s\r\n--B--\r\n"
)


def _blocks(status_part: bytes) -> list[email.message.Message]:
    msg = email.message_from_bytes(_REPORT % status_part, policy=email.policy.compat32)
    parts = msg.get_payload()
    assert isinstance(parts, list) and isinstance(parts[1], email.message.Message)
    blocks = parts[1].get_payload()
    assert isinstance(blocks, list)
    return [b for b in blocks if isinstance(b, email.message.Message)]


@pytest.mark.parametrize(
    "fields",
    [
        b"Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; a@example.com\r\n"
        b"Action: failed\r\nStatus: 5.1.1",
        # folded values: a trailing single space is dropped, a double one kept
        b"Final-Recipient: rfc822; a@example.com\r\nDiagnostic-Code: smtp; 550 \r\n"
        b"    user unknown  \r\n\tsee below \r\n",
        # blank continuation lines: a lone space vanishes, a tab joins the line above
        b"Final-Recipient: rfc822; b@example.com\r\nDiagnostic-Code:\r\n \r\n\t\r\n  x \r\n",
        # an empty value, a value of spaces, a name with a space
        b"Final-Recipient:\r\nStatus:   \r\nX Odd: 1\r\n",
    ],
)
def test_block_text_is_what_the_generator_writes(fields: bytes) -> None:
    blocks = _blocks(fields)
    assert blocks
    for block in blocks:
        assert header_block_text(block) == str(block)


def test_blocks_the_fast_reading_does_not_cover_still_read_the_same() -> None:
    # 8-bit text, a vertical tab and a block with a Content-Type go through the generator
    fields = b"Final-Recipient: rfc822; \xc3\xa9@example.com\r\nStatus: 5.0.0\x0b\r\n\r\n"
    fields += b"Content-Type: text/plain\r\nAction: failed\r\n"
    blocks = _blocks(fields)
    assert len(blocks) == 2
    assert [header_block_text(b) for b in blocks] == [str(b) for b in blocks]
    assert "=?unknown-8bit?" in header_block_text(blocks[0])


_DIGEST = (
    b'Content-Type: multipart/digest; boundary="D"\r\n\r\n'
    b"--D\r\n\r\nFrom: a@example.com\r\n\r\nfirst\r\n"
    b"--D\r\nContent-Type: Text/HTML; charset=utf-8\r\n\r\n<p>second</p>\r\n"
    b"--D\r\nContent-Type: nonsense\r\n\r\nthird\r\n--D--\r\n"
)


@pytest.mark.parametrize("raw", [_REPORT % b"Final-Recipient: rfc822; a@example.com", _DIGEST])
def test_content_types_read_once_are_the_stdlib_ones(raw: bytes) -> None:
    compat = email.policy.compat32
    plain = [p.get_content_type() for p in email.message_from_bytes(raw, policy=compat).walk()]
    once = email.message_from_bytes(raw, _class=TypeReadOnceMessage, policy=compat)
    assert [p.get_content_type() for p in once.walk()] == plain
    assert [p.get_content_type() for p in once.walk()] == plain  # asked again: same answers


def test_content_type_read_again_when_the_fields_change() -> None:
    msg = TypeReadOnceMessage()
    assert msg.get_content_type() == "text/plain"
    msg.set_default_type("message/rfc822")
    assert msg.get_content_type() == "message/rfc822"
    msg["Content-Type"] = "image/png"
    assert msg.get_content_type() == "image/png"
