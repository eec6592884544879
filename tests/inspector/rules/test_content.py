"""content.* rules: each fires on its case and stays quiet on an ordinary message."""

from __future__ import annotations

import base64
import io
import zipfile
from dataclasses import replace
from datetime import UTC, datetime

from inspector.model.codes import Severity
from inspector.model.findings import Finding
from inspector.parse.message import parse_message
from inspector.rules.content import attachments, body, remote
from inspector.rules.context import AnalysisContext
from tests.support.context import make_context

ALL = (
    body.html_only,
    body.image_heavy,
    body.hidden_text,
    body.huge_message,
    attachments.risky_attachments,
    attachments.encrypted_archive,
    remote.remote_content,
)

HEAD = (
    b"From: Shop <news@shop.example>\r\nTo: bob@example.net\r\nSubject: Offers\r\n"
    b"Date: Fri, 1 Mar 2024 11:58:00 +0000\r\nMessage-ID: <1@shop.example>\r\n"
    b"MIME-Version: 1.0\r\n"
)
TEXT = "Our spring offers are here. " * 20
PARAGRAPHS = "<p>" + "Our spring offers are here, with details for every product. " * 10 + "</p>"


def ctx(raw: bytes) -> AnalysisContext:
    return make_context(parse_message(raw), now=datetime(2024, 3, 1, 12, tzinfo=UTC))


def findings(raw: bytes) -> list[Finding]:
    c = ctx(raw)
    return [f for fn in ALL for f in fn(c)]


def ids(raw: bytes) -> list[str]:
    return [f.id for f in findings(raw)]


def alternative(html: str, text: str | None = TEXT) -> bytes:
    parts = b""
    if text is not None:
        parts += b"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text.encode()
        parts += b"\r\n"
    parts += b"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    return (
        HEAD
        + b'Content-Type: multipart/alternative; boundary="alt"\r\n\r\n'
        + parts
        + b"\r\n--alt--\r\n"
    )


def with_attachment(filename: str, payload: bytes, text: str = TEXT) -> bytes:
    b64 = base64.encodebytes(payload).replace(b"\n", b"\r\n")
    return (
        HEAD
        + b'Content-Type: multipart/mixed; boundary="mix"\r\n\r\n'
        + b"--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + text.encode()
        + b"\r\n--mix\r\nContent-Type: application/octet-stream\r\n"
        + f'Content-Disposition: attachment; filename="{filename}"\r\n'.encode()
        + b"Content-Transfer-Encoding: base64\r\n\r\n"
        + b64
        + b"--mix--\r\n"
    )


def test_ordinary_message_is_quiet() -> None:
    assert ids(alternative(PARAGRAPHS + '<img src="cid:logo" alt="logo">')) == []
    assert ids(HEAD + b"Content-Type: text/plain\r\n\r\nhello\r\n") == []


def test_html_only() -> None:
    (f,) = findings(alternative(PARAGRAPHS, text=None))
    assert f.id == "content.html_only"
    assert f.explanation and f.remedy and f.references


def test_image_heavy() -> None:
    html = '<p>Sale!</p><img src="cid:a"><img src="cid:b"><img src="cid:c">'
    assert ids(alternative(html)) == ["content.image_heavy"]
    assert ids(alternative(PARAGRAPHS + '<img src="cid:a">')) == []


def test_content_rules_judge_the_body_facts_they_are_given() -> None:
    """The rules read the facts the pipeline scanned; they never scan the body again."""
    html = '<p>Sale!</p><img src="cid:a"><img src="cid:b"><img src="cid:c">'
    c = ctx(alternative(html, text=TEXT))
    assert [f.id for fn in ALL for f in fn(c)] == ["content.image_heavy"]
    unscanned = replace(c, html=None)
    assert [f.id for fn in ALL for f in fn(unscanned)] == []


def test_hidden_text_preheader_vs_stuffing() -> None:
    preheader = '<div style="display:none;max-height:0">Spring offers inside</div>' + PARAGRAPHS
    (f,) = findings(alternative(preheader))
    assert f.id == "content.hidden_preheader" and f.severity is Severity.INFO
    stuffing = (
        PARAGRAPHS
        + '<span style="font-size:0px">'
        + "grandmother recipe weather football garden " * 10
        + "</span>"
        + '<p style="color:#ffffff;background-color:#FFFFFF">invisible words here</p>'
    )
    (f,) = findings(alternative(stuffing))
    assert f.severity is Severity.MEDIUM
    assert "white text on white background" in f.explanation
    white_button = PARAGRAPHS + '<td bgcolor="#0057b8"><a style="color:#ffffff">Shop now</a></td>'
    assert ids(alternative(white_button)) == []


def test_a_preheader_padded_with_zero_width_characters_stays_a_preheader() -> None:
    """Newsletters pad the preview line with hundreds of joiners so the inbox preview stops
    there; the padding hides no words (real case: a bank newsletter in the dev corpus)."""
    padding = "&zwnj;&nbsp;&#847;" * 150
    preheader = f'<div style="display:none">Start saving with us today. {padding}</div>'
    (f,) = findings(alternative(preheader + PARAGRAPHS))
    assert f.id == "content.hidden_preheader"
    assert "23 characters of words" in f.explanation  # spaces and padding not counted


def test_huge_message() -> None:
    big = HEAD + b"Content-Type: text/plain\r\n\r\n" + (b"a" * 76 + b"\r\n") * 140_000
    (f,) = findings(big)
    assert f.id == "content.huge_message" and f.severity is Severity.MEDIUM
    assert ids(HEAD + b"Content-Type: text/plain\r\n\r\nsmall\r\n") == []


def test_risky_attachment_and_disguise() -> None:
    (f,) = findings(with_attachment("setup.exe", b"MZ\x90\x00"))
    assert f.id == "content.risky_attachment" and f.severity is Severity.HIGH
    assert "sha256" in f.evidence[0]
    (f,) = findings(with_attachment("invoice.pdf.js", b"var a;"))
    assert f.severity is Severity.CRITICAL
    assert ids(with_attachment("invoice.pdf", b"%PDF-1.4")) == []
    assert ids(with_attachment("statement.html", b"<html>")) == ["content.risky_attachment"]


def _zip(names: list[str], encrypted: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in names:
            zf.writestr(name, b"data")
    data = bytearray(buf.getvalue())
    if encrypted:
        pos = data.find(b"PK\x01\x02")
        while pos >= 0:
            data[pos + 8] |= 1
            pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def test_archive_with_executable() -> None:
    (f,) = findings(with_attachment("docs.zip", _zip(["readme.txt", "Invoice.scr"])))
    assert f.id == "content.archive_with_executable"
    assert "docs.zip contains Invoice.scr" in f.evidence
    assert ids(with_attachment("docs.zip", _zip(["readme.txt", "photo.jpg"]))) == []


def test_encrypted_archive_flag_and_password_hint() -> None:
    (f,) = findings(with_attachment("scan.zip", _zip(["scan.pdf"], encrypted=True)))
    assert f.id == "content.encrypted_archive"
    hinted = with_attachment("scan.rar", b"Rar!\x1a\x07\x00", text="The password is: 4411")
    (f,) = findings(hinted)
    assert f.id == "content.encrypted_archive"
    assert any("password" in e for e in f.evidence)


def test_remote_images_and_tracking_pixel() -> None:
    html = (
        PARAGRAPHS
        + '<img src="https://img.shop.example/banner.png" width="600">'
        + '<img src="https://t.tracker.example/o.gif?u=1" width="1" height="1" alt="">'
    )
    found = findings(alternative(html))
    assert [f.id for f in found] == ["content.remote_images", "content.tracking_pixel"]
    assert "img.shop.example" in found[0].explanation
    assert found[1].evidence == ("https://t.tracker.example/o.gif?u=1",)
    assert all(f.severity is Severity.INFO for f in found)


def test_hostile_html_is_bounded() -> None:
    import time

    html = "<div style='display:none'>" * 20_000 + "<img src=x " * 20_000
    start = time.perf_counter()
    findings(alternative(html))
    assert time.perf_counter() - start < 5


def test_white_on_white_is_medium_even_when_short() -> None:
    html = PARAGRAPHS + '<p style="color:white;background:white">cheap pills</p>'
    (f,) = findings(alternative(html))
    assert f.id == "content.hidden_text" and f.severity is Severity.MEDIUM


def test_hostile_html_with_archive_is_bounded() -> None:
    import time

    raw = with_attachment("a.zip", _zip(["x.txt"])).replace(
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n",
        b"Content-Type: text/html; charset=utf-8\r\n\r\n" + b"<" * 300_000,
    )
    start = time.perf_counter()
    findings(raw)
    assert time.perf_counter() - start < 5
