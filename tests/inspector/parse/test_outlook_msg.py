"""Outlook .msg files, built in the test as MS-OXMSG lays them out (tests/support/outlook.py),
are read into the same analysis as .eml files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from inspector.errors import SourceError
from inspector.model.message import MimePart, ReadError
from inspector.options import AnalysisOptions
from inspector.parse.message import parse_message
from inspector.parse.outlook_msg import NO_TRANSPORT_HEADERS, MsgError, msg_to_message
from inspector.parse.sources import iter_messages, read_message
from inspector.pipeline import Analyzer
from tests.support.compressed_rtf import compressed, uncompressed
from tests.support.outlook import MsgAttachment, build_msg

HEADERS = (
    "Received: from mta7.sender.example (mta7.sender.example [198.51.100.7])\r\n"
    "\tby mx.recipient.example with ESMTPS id 4Xq; Tue, 3 Nov 2026 09:15:02 +0000\r\n"
    "Authentication-Results: mx.recipient.example; spf=pass smtp.mailfrom=sender.example\r\n"
    "From: Sender <news@sender.example>\r\n"
    "To: client@recipient.example\r\n"
    "Subject: =?utf-8?q?Caf=C3=A9_offers?=\r\n"
    "Date: Tue, 3 Nov 2026 09:15:00 +0000\r\n"
    "Message-ID: <abc123@sender.example>\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: multipart/alternative;\r\n\tboundary="old"\r\n'
    "\r\n"
)


def _leaves(part: MimePart) -> list[MimePart]:
    return [leaf for child in part.children for leaf in _leaves(child)] or [part]


def _msg(**kwargs: object) -> bytes:
    defaults: dict[str, object] = {
        "transport_headers": HEADERS,
        "subject": "Café offers",
        "body": "Plain text body, naïve café.\r\n",
        "html": b'<html><meta charset="utf-8"><body><a href="https://shop.example/x">Shop</a></body></html>',
        "attachments": (MsgAttachment("price list.pdf", "application/pdf", b"%PDF-1.4\n" * 600),),
    }
    defaults.update(kwargs)
    return build_msg(**defaults)  # type: ignore[arg-type]


def test_transport_headers_body_and_attachments_become_one_message() -> None:
    raw = msg_to_message(_msg())
    pm = parse_message(raw)
    assert len(pm.get_all("Received")) == 1
    assert (
        pm.get(
            "Authentication-Results",
        )
        is not None
    )
    assert pm.from_[0].domain == "sender.example"
    assert pm.message_id == "<abc123@sender.example>"
    assert b'boundary="old"' not in raw  # the old MIME fields described a tree that is gone
    assert raw.count(b"MIME-Version:") == 1
    assert "naïve café" in pm.text_body
    assert 'href="https://shop.example/x"' in pm.html_body
    assert pm.mime is not None
    attachment = _leaves(pm.mime)[-1]
    assert (attachment.content_type, attachment.filename) == ("application/pdf", "price list.pdf")
    assert attachment.size == len(b"%PDF-1.4\n" * 600)


def test_a_msg_file_is_analysed_like_an_eml(tmp_path: Path) -> None:
    path = tmp_path / "forwarded by client.msg"
    path.write_bytes(_msg())
    items = list(iter_messages([str(tmp_path)]))
    assert len(items) == 1 and not isinstance(items[0], ReadError), items
    ref, raw = items[0]
    assert ref.kind == "msg"
    assert read_message(ref) == raw
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        report = analyzer.analyze(raw, ref)
    assert report.errors == ()
    assert report.message.subject == "Café offers"
    assert report.route.client_ip == "198.51.100.7"
    assert report.mime is not None
    assert [p.filename for p in _leaves(report.mime) if p.filename] == ["price list.pdf"]


def test_a_msg_on_standard_input_is_read_and_never_reread() -> None:
    data = _msg()
    (item,) = iter_messages(["-"], stdin=io.BytesIO(data))
    assert not isinstance(item, ReadError), item
    ref, raw = item
    assert ref.kind == "stdin" and ref.path == "<stdin>"
    assert raw == msg_to_message(data)
    with pytest.raises(SourceError):
        read_message(ref)


def test_a_draft_without_transport_headers_says_so(tmp_path: Path) -> None:
    path = tmp_path / "draft.msg"
    path.write_bytes(_msg(transport_headers=None))
    (item,) = iter_messages([str(path)])
    assert isinstance(item, ReadError)
    assert item.message == NO_TRANSPORT_HEADERS
    assert "draft" in item.message and "Sent Items" in item.message


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[:600],
        lambda d: d[:512] + b"\xff" * (len(d) - 512),
        lambda d: d.replace(b"_\x00_\x00p\x00r\x00o\x00p", b"_\x00_\x00x\x00r\x00o\x00p"),
    ],
)
def test_damaged_msg_files_are_refused_with_a_reason(damage: object) -> None:
    data = damage(_msg())  # type: ignore[operator]
    with pytest.raises(MsgError):
        msg_to_message(data)


ENCAPSULATED_HTML = (
    b"{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl {\\f0\\fswiss Arial;}}\r\n"
    b"{\\*\\htmltag19 <html>}{\\*\\htmltag34 <body>}"
    b'{\\*\\htmltag84 <a href="https://shop.example/rtf">}\\htmlrtf {\\ul\\htmlrtf0 '
    b"Caf\\'e9 offers\\htmlrtf }\\htmlrtf0 {\\*\\htmltag92 </a>}\\htmlrtf \\par\\htmlrtf0 \r\n"
    b"{\\*\\htmltag35 </body>}{\\*\\htmltag27 </html>}}"
)


def _content_types(raw: bytes) -> list[str]:
    pm = parse_message(raw)
    assert pm.mime is not None
    return [leaf.content_type for leaf in _leaves(pm.mime)]


def test_html_kept_only_as_compressed_rtf_becomes_the_html_part() -> None:
    raw = msg_to_message(_msg(body=None, html=None, rtf_compressed=compressed(ENCAPSULATED_HTML)))
    pm = parse_message(raw)
    assert pm.html_body.startswith("<html><body>")
    assert '<a href="https://shop.example/rtf">Café offers</a>' in pm.html_body
    assert "Arial" not in pm.html_body and "htmlrtf" not in pm.html_body
    assert _content_types(raw) == ["text/html", "application/pdf"]  # no invented text part


def test_the_text_body_stays_beside_html_recovered_from_rtf() -> None:
    raw = msg_to_message(_msg(html=None, rtf_compressed=uncompressed(ENCAPSULATED_HTML)))
    pm = parse_message(raw)
    assert "naïve café" in pm.text_body
    assert 'href="https://shop.example/rtf"' in pm.html_body
    assert _content_types(raw) == ["text/plain", "text/html", "application/pdf"]


def test_kept_html_wins_over_the_rtf_copy() -> None:
    pm = parse_message(msg_to_message(_msg(rtf_compressed=compressed(ENCAPSULATED_HTML))))
    assert 'href="https://shop.example/x"' in pm.html_body
    assert "shop.example/rtf" not in pm.html_body


def test_rtf_without_html_gives_the_text_when_no_text_was_kept() -> None:
    rtf = b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard Visit https://shop.example/now\\par}"
    raw = msg_to_message(_msg(body=None, html=None, rtf_compressed=compressed(rtf)))
    assert parse_message(raw).text_body.strip() == "Visit https://shop.example/now"
    assert _content_types(raw) == ["text/plain", "application/pdf"]


def test_a_damaged_rtf_body_is_refused_with_its_reason(tmp_path: Path) -> None:
    damaged = bytearray(compressed(ENCAPSULATED_HTML))
    damaged[40] ^= 0x55
    path = tmp_path / "damaged body.msg"
    path.write_bytes(_msg(body=None, html=None, rtf_compressed=bytes(damaged)))
    (item,) = iter_messages([str(path)])
    assert isinstance(item, ReadError)
    assert "RTF body is unreadable" in item.message and "CRC" in item.message


def test_a_damaged_rtf_body_gives_way_to_the_text_body_outlook_kept() -> None:
    damaged = bytearray(compressed(ENCAPSULATED_HTML))
    damaged[40] ^= 0x55
    raw = msg_to_message(
        _msg(body="Plain words Outlook kept.", html=None, rtf_compressed=bytes(damaged))
    )
    assert parse_message(raw).text_body.strip() == "Plain words Outlook kept."
    assert "text/html" not in _content_types(raw)
