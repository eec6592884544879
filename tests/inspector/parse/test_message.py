"""Parsing: headers, encoded words, addresses, dates, MIME tree, defects, hostile input."""

from __future__ import annotations

import base64
import hashlib
import io
import time
import zipfile
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.model.message import MimePart
from inspector.parse.charsets import decode_words, make_safe
from inspector.parse.header_block import split_message
from inspector.parse.message import MAX_HEADERS, parse_message, summarize


def _kinds(raw: bytes) -> set[str]:
    return {d.kind for d in parse_message(raw).defects}


BASIC = (
    b"Received: from a.example.net by b.example.net; Mon, 1 Jan 2024 10:00:02 +0000\r\n"
    b"Received: from c.example.org by a.example.net; Mon, 1 Jan 2024 10:00:01 +0000\r\n"
    b'From: "Alice, Sales" <alice@Example.COM>\r\n'
    b"To: bob@example.net, Carol <carol@example.org>\r\n"
    b"Subject: Hello\r\n"
    b"  there\r\n"
    b"Date: Mon, 1 Jan 2024 11:00:00 +0100\r\n"
    b"Message-ID: <abc.123@example.com>\r\n"
    b"Return-Path: <>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"\r\n"
    b"Body text\r\n"
)


def test_headers_in_order_with_raw_and_unfolded_values() -> None:
    pm = parse_message(BASIC)
    names = [h.name for h in pm.headers]
    assert names[:3] == ["Received", "Received", "From"]
    assert [h.index for h in pm.headers] == list(range(len(pm.headers)))
    subject = pm.get_all("subject")[0]
    assert subject.value == "Hello  there"
    assert subject.raw == b"Subject: Hello\r\n  there"
    assert pm.subject == "Hello  there"
    assert len(pm.get_all("Received")) == 2
    assert pm.defects == ()
    assert not pm.headers_only


def test_addresses_date_ids() -> None:
    pm = parse_message(BASIC)
    assert pm.from_[0].display_name == "Alice, Sales"
    assert pm.from_[0].address == "alice@Example.COM"
    assert pm.from_[0].domain == "example.com"
    assert [a.address for a in pm.to] == ["bob@example.net", "carol@example.org"]
    assert pm.return_path == ""
    assert pm.date == datetime(2024, 1, 1, 10, 0, tzinfo=UTC)
    assert pm.date_raw == "Mon, 1 Jan 2024 11:00:00 +0100"
    assert pm.message_id == "<abc.123@example.com>"
    assert pm.text_body == "Body text\r\n"
    assert pm.body_size == len(b"Body text\r\n")


def test_summarize() -> None:
    summary = summarize(parse_message(BASIC))
    assert summary.subject == "Hello  there"
    assert summary.from_ == "Alice, Sales <alice@Example.COM>"
    assert summary.to == "bob@example.net, Carol <carol@example.org>"
    assert summary.message_id == "<abc.123@example.com>"


# --------------------------------------------------------------------------- RFC 2047


@pytest.mark.parametrize(
    ("encoded", "decoded"),
    [
        (b"=?iso-2022-jp?B?GyRCJEskWyQzGyhC?=", "にほこ"),
        (b"=?koi8-r?Q?=F0=D2=C9=D7=C5=D4?=", "Привет"),
        (b"=?gb2312?B?1tDOxA==?=", "中文"),
        (b"=?windows-1252?Q?caf=E9_cr=E8me?=", "café crème"),
        (b"=?UTF-8*en?Q?hello?=", "hello"),
        # a multibyte character split across two adjacent words
        (b"=?utf-8?B?4pw=?= =?utf-8?B?kw==?=", "✓"),
        (b"=?utf-8?q?a?= b =?utf-8?q?c?=", "a b c"),
        (b"=?x-no-such-charset?Q?abc?=", "abc"),
        (b"=?utf-8?B?not*base64!!?=", "=?utf-8?B?not*base64!!?="),
        (b"=?zlib?B?YWJj?=", "abc"),  # a bytes codec is not a charset
        (b"=?utf-8?B?w6k?=", "é"),  # missing padding
    ],
)
def test_encoded_words_in_odd_charsets(encoded: bytes, decoded: str) -> None:
    pm = parse_message(b"From: a@example.com\r\nSubject: " + encoded + b"\r\n\r\nx")
    assert pm.subject == decoded


def test_encoded_display_name_with_comma_stays_one_address() -> None:
    raw = b"From: =?utf-8?Q?Doe=2C_J=C3=BCrgen?= <j@example.com>\r\n\r\nx"
    pm = parse_message(raw)
    assert len(pm.from_) == 1
    assert pm.from_[0].display_name == "Doe, Jürgen"


def test_unquoted_display_name_with_at_sign_is_one_mailbox() -> None:
    pm = parse_message(b"From: billing@bank.example <x@attacker.test>\r\n\r\n")
    assert [(a.display_name, a.address) for a in pm.from_] == [
        ("billing@bank.example", "x@attacker.test")
    ]


def test_control_and_bidi_characters_made_visible() -> None:
    raw = b"From: =?utf-8?B?4oCuUGF5UGFs?= <x@example.com>\r\nSubject: a=?utf-8?Q?=00=07?=b\r\n\r\n"
    pm = parse_message(raw)
    assert pm.from_[0].display_name == "<U+202E>PayPal"
    assert pm.subject == "a\u2400\u2407b"


def test_raw_8bit_header_decoding() -> None:
    pm = parse_message("Subject: Grüße\r\nFrom: a@example.com\r\n\r\n".encode())
    assert pm.subject == "Grüße"
    assert "8bit_header" in {d.kind for d in pm.defects}
    latin = parse_message(b"Subject: Gr\xfc\xdfe\r\n\r\n")
    assert latin.subject == "Grüße"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 2 Jan 2024 03:04:05 -0800", datetime(2024, 1, 2, 11, 4, 5, tzinfo=UTC)),
        ("2 Jan 2024 03:04:05 -0000", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("Tue, 2 Jan 2024 03:04:05 GMT", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("yesterday, around noon", None),
        ("Tue, 99 Foo 2024 99:99:99 +9999", None),
        ("Mon, 1 Jan -1 00:00:00 +9999", None),  # the stdlib reads the year 9999
        ("Mon, 3 Mar -1 10:00:00 +0000", None),  # the stdlib reads the year 2000
        ("Mon, 3 Mar 2025 10:00:00 +2400", None),
        ("3 Mar 25 10:00 -0800 (PST)", datetime(2025, 3, 3, 18, 0, tzinfo=UTC)),
    ],
)
def test_dates(value: str, expected: datetime | None) -> None:
    pm = parse_message(f"From: a@example.com\r\nDate: {value}\r\n\r\nx".encode())
    assert pm.date == expected
    assert ("unparsable_date" in {d.kind for d in pm.defects}) == (expected is None)


# --------------------------------------------------------------------------- defects


def test_missing_and_duplicate_headers() -> None:
    kinds = _kinds(b"Subject: a\r\nSubject: b\r\nTo: x@example.com\r\n\r\nbody")
    assert {"missing_from", "missing_date", "missing_message_id", "duplicate_subject"} <= kinds
    assert "duplicate_from" in _kinds(b"From: a@example.com\r\nFrom: b@example.com\r\n\r\n")


def test_long_line_and_line_endings() -> None:
    long_header = b"From: a@example.com\r\nX-Long: " + b"a" * 1000 + b"\r\n\r\nbody\r\n"
    assert "line_too_long" in _kinds(long_header)
    long_body = b"From: a@example.com\r\n\r\n" + b"b" * 998 + b"\r\n"
    assert "line_too_long" not in _kinds(long_body)
    assert "line_too_long" in _kinds(long_body.replace(b"\r\n", b"x\r\n"))
    assert "bare_cr" in _kinds(b"From: a@example.com\r\nSubject: a\rb\r\n\r\nbody\r\n")
    assert "bare_lf" in _kinds(b"From: a@example.com\r\n\r\nline\nline\r\n")
    unix = _kinds(b"From: a@example.com\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nbody\n")
    assert "bare_lf" not in unix and "bare_cr" not in unix


@pytest.mark.parametrize("line_end", [b"\n", b"\r\n"])
def test_long_line_found_on_any_line_and_measured_without_its_cr(line_end: bytes) -> None:
    head = b"From: a@example.com" + line_end + b"Subject: s" + line_end + line_end
    first = head + b"c" * 999 + line_end + b"short" + line_end
    later = head + b"short" + line_end * 3 + b"d" * 1200 + line_end
    exactly = head + b"e" * 998 + b"\r\r" + line_end  # 998 octets and CRs: allowed
    assert "line_too_long" in _kinds(first)
    assert "line_too_long" in _kinds(later)
    assert "line_too_long" not in _kinds(exactly)
    defect = next(d for d in parse_message(later).defects if d.kind == "line_too_long")
    assert defect.detail.startswith("a body line is 120")
    assert defect.evidence[0].startswith("ddd")


@pytest.mark.parametrize("shift", range(0, 999, 53))
def test_long_line_found_wherever_it_falls(shift: int) -> None:
    head = b"From: a@example.com\nSubject: s\n\n"
    short_lines = (b"s" * 497 + b"\n") * 3
    at_limit = head + b"p" * shift + b"\n" + short_lines + (b"q" * 998 + b"\n") * 3
    assert "line_too_long" not in _kinds(at_limit)
    assert "line_too_long" in _kinds(at_limit + b"r" * 999)
    assert "line_too_long" in _kinds(head + b"p" * shift + b"\n" + b"r" * 999 + short_lines)


def test_blank_line_of_either_ending_ends_the_header_block() -> None:
    """CRLF headers with an LF-only blank line, and the reverse, end where the first blank
    line is, whichever kind it is."""
    crlf_then_lf = b"From: a@example.com\r\nSubject: one\r\n\nX-Not: header\r\n\r\nbody"
    assert [h.name for h in parse_message(crlf_then_lf).headers] == ["From", "Subject"]
    lf_then_crlf = b"From: a@example.com\nSubject: two\n\r\nX-Not: header\n\nbody"
    assert [h.name for h in parse_message(lf_then_crlf).headers] == ["From", "Subject"]


def test_folded_values_unfold_with_either_line_end_and_keep_a_lone_cr() -> None:
    pm = parse_message(b"Subject: a\r\n b\n\tc\rd\r\nFrom: x@example.com\r\n\r\nbody")
    assert pm.subject == "a b\tc\u240dd"  # the lone CR kept, shown as a visible symbol


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "a@example.com, b.c@example.org ,d@example.net,",
            ["a@example.com", "b.c@example.org", "d@example.net"],
        ),
        ('"Sales, Team"  <sales@example.com>', ["sales@example.com"]),
        ('"  spaced  " <s@example.com>', ["s@example.com"]),
        ("a..b@example.com", ["a..b@example.com"]),
        ("x@example.com (Mail Delivery System)", ["x@example.com"]),
        ("a@example.com,,b@example.com", ["a@example.com", "b@example.com"]),
        (
            "Ann Lee <ann@example.com>,  Bo\t Ma\t<bo@example.org>, <c@example.net>",
            ["ann@example.com", "bo@example.org", "c@example.net"],
        ),
        (
            '"Lee, Ann" <ann@example.com>, J. R. Doe <j@example.com>, x@example.com',
            ["ann@example.com", "j@example.com", "x@example.com"],
        ),
        ('"" <e@example.com>,Name<n@example.com> ,"a" b <c@example.com>', None),
        ("Ann <a@example.com>, Bob", None),
        ("Ann <a@example.com> (work), b@example.com", None),
    ],
)
def test_address_lists_read_as_the_stdlib_reads_them(
    value: str, expected: list[str] | None
) -> None:
    """The plain shapes read without the stdlib's address parser give its answer."""
    from email.utils import getaddresses

    pm = parse_message(f"To: {value}\r\n\r\nbody".encode())
    if expected is not None:
        assert [a.address for a in pm.to] == expected
    stdlib = [(n, a) for n, a in getaddresses([value]) if n or a]
    assert [(a.display_name, a.address) for a in pm.to] == stdlib


def test_mime_defects_and_missing_mime_version() -> None:
    raw = (
        b"From: a@example.com\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n"
        b"--zz\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
    )
    kinds = _kinds(raw)
    assert "mime:CloseBoundaryNotFoundDefect" in kinds
    assert "missing_mime_version" in kinds
    no_boundary = b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nx"
    assert "mime:NoBoundaryInMultipartDefect" in _kinds(no_boundary)
    never = b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\nx\r\n"
    assert "mime:StartBoundaryNotFoundDefect" in _kinds(never)


def test_missing_separator() -> None:
    pm = parse_message(b"From: a@example.com\r\nthis is not a header\r\nmore\r\n")
    assert "missing_separator" in {d.kind for d in pm.defects}
    assert [h.name for h in pm.headers] == ["From"]


# --------------------------------------------------------------------------- MIME


def _zip(encrypted: bool) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("invoice.pdf.exe", b"MZ fake")
        zf.writestr("readme.txt", b"hi")
    data = bytearray(buf.getvalue())
    if encrypted:  # set the "encrypted" flag in each central directory entry
        pos = data.find(b"PK\x01\x02")
        while pos >= 0:
            data[pos + 8] |= 1
            pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def _multipart(zip_bytes: bytes) -> bytes:
    b64 = base64.encodebytes(zip_bytes).replace(b"\n", b"\r\n")
    return (
        b"From: a@example.com\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n'
        b"preamble\r\n--outer\r\n"
        b'Content-Type: multipart/alternative; boundary="inner"\r\n\r\n'
        b"--inner\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9\r\n"
        b"--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Caf\xc3\xa9</p>\r\n"
        b"--inner--\r\n"
        b"--outer\r\nContent-Type: application/zip\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.zip\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + b64 + b"--outer--\r\nepilogue\r\n"
    )


def test_mime_tree() -> None:
    zip_bytes = _zip(encrypted=False)
    pm = parse_message(_multipart(zip_bytes))
    root = pm.mime
    assert root is not None and root.content_type == "multipart/mixed"
    alt, attachment = root.children
    assert alt.path == "1" and [c.path for c in alt.children] == ["1.1", "1.2"]
    assert [c.content_type for c in alt.children] == ["text/plain", "text/html"]
    assert alt.children[0].charset == "iso-8859-1"
    assert attachment.filename == "résumé.zip"
    assert attachment.disposition == "attachment"
    assert attachment.size == len(zip_bytes)
    assert attachment.sha256 == hashlib.sha256(zip_bytes).hexdigest()
    assert attachment.archive_members == ("invoice.pdf.exe", "readme.txt")
    assert attachment.archive_encrypted is False
    assert pm.text_body == "Café"
    assert pm.html_body == "<p>Café</p>"
    assert {d.kind for d in pm.defects} == {"missing_date", "missing_message_id"}


def test_encrypted_zip_flag() -> None:
    pm = parse_message(_multipart(_zip(encrypted=True)))
    assert pm.mime is not None
    assert pm.mime.children[1].archive_encrypted is True


def test_forwarded_message_body_not_taken_as_main_text() -> None:
    raw = (
        b"From: a@example.com\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nouter text\r\n"
        b"--b\r\nContent-Type: message/rfc822\r\n\r\n"
        b"From: inner@example.org\r\nSubject: inner\r\n\r\ninner text\r\n--b--\r\n"
    )
    pm = parse_message(raw)
    assert pm.text_body == "outer text"
    assert pm.mime is not None
    rfc822 = pm.mime.children[1]
    assert rfc822.children[0].path == "2.1"


def test_headers_only_detection() -> None:
    pasted = b"From: a@example.com\r\nSubject: pasted\r\n"
    pm = parse_message(pasted)
    assert pm.headers_only and pm.mime is None and pm.text_body == ""
    assert parse_message(pasted + b"\r\n").headers_only
    assert not parse_message(pasted + b"\r\nbody").headers_only
    assert parse_message(pasted + b"\r\nbody", headers_only=True).headers_only


# --------------------------------------------------------------------------- hostile input


def _timed(raw: bytes, limit: float = 10.0) -> set[str]:
    start = time.perf_counter()
    pm = parse_message(raw)
    assert time.perf_counter() - start < limit
    return {d.kind for d in pm.defects}


def test_hostile_50mb_header() -> None:
    kinds = _timed(b"From: a@example.com\r\nX-Big: " + b"A" * 50_000_000 + b"\r\n\r\nbody")
    assert {"header_truncated", "line_too_long"} <= kinds


def test_hostile_many_headers_and_received() -> None:
    received = b"Received: from h by x; Mon, 1 Jan 2024 00:00:00 +0000\r\n" * 10_000
    start = time.perf_counter()
    pm = parse_message(received + b"From: a@example.com\r\n\r\nhi")
    assert time.perf_counter() - start < 5  # generous: CI machines are shared
    assert len(pm.get_all("Received")) == 10_000
    flood = b"".join(b"X-H%d: v\r\n" % i for i in range(300_000)) + b"\r\nbody"
    assert "too_many_headers" in _timed(flood)


def test_field_cap_keeps_the_fields_that_identify_the_message() -> None:
    filler = b"".join(b"X-Filler-%d: v\r\n" % i for i in range(MAX_HEADERS + 1))
    tail = (
        b"From: Alice <alice@sender.example>\r\nX-After: dropped\r\nSubject: hidden\r\n"
        b" below\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\nMessage-ID: <id@sender.example>\r\n"
    )
    pm = parse_message(filler + tail + b"\r\nbody\r\n")
    assert pm.from_[0].address == "alice@sender.example"
    assert pm.subject == "hidden below" and pm.message_id == "<id@sender.example>"
    assert pm.date == datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
    assert not pm.get_all("X-After") and len(pm.headers) == MAX_HEADERS + 4
    (cap,) = [d for d in pm.defects if d.kind == "too_many_headers"]
    assert "except 4 that identify the message (From, Subject, Date, Message-ID)" in cap.detail
    assert "missing_from" not in {d.kind for d in pm.defects}
    assert pm.text_body.strip() == "body"


def test_nul_bytes_are_a_defect_and_the_message_is_read() -> None:
    pm = parse_message(b"From: a@example.com\r\nSubject: x\x00y\r\n\r\nbo\x00dy\r\n")
    (nul,) = [d for d in pm.defects if d.kind == "nul_byte"]
    assert nul.detail == "2 NUL byte(s); the first in the header block at byte 31"
    assert pm.subject == "x\u2400y"  # shown, not acted on
    assert pm.text_body.startswith("bo\u2400dy")


def test_hostile_deep_mime() -> None:
    depth = 1000
    raw = b"From: a@example.com\r\nMIME-Version: 1.0\r\n"
    raw += b"Content-Type: multipart/mixed; boundary=b0\r\n\r\n"
    for i in range(1, depth):
        raw += b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (i - 1, i)
    raw += b"--b%d\r\nContent-Type: text/plain\r\n\r\nleaf\r\n" % (depth - 1)
    for i in reversed(range(depth)):
        raw += b"--b%d--\r\n" % i
    assert "mime_too_deep" in _timed(raw)
    nested_rfc822 = b"From: a@example.com\r\nContent-Type: message/rfc822\r\n\r\n" * 2000
    assert "mime_too_deep" in _timed(nested_rfc822)


def test_hostile_many_parts_and_folding() -> None:
    part = b"--z\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    raw = b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
    assert "too_many_parts" in _timed(raw + part * 100_000 + b"--z--\r\n")
    folded = b"From: a@example.com\r\nSubject: x" + b"\r\n " * 2_000_000 + b"\r\n\r\nbody"
    _timed(folded)
    words = b"From: a@example.com\r\nSubject: " + b"=?utf-8?q?a?= " * 100_000 + b"\r\n\r\n"
    _timed(words)


def _walk(part: MimePart) -> int:
    return 1 + sum(_walk(c) for c in part.children)


def test_garbage_never_raises() -> None:
    samples = [
        b"",
        b"\r\n\r\n",
        b"\x00\xff" * 1000,
        b":\r\n:\r\n\r\n",
        b'Content-Type: multipart/mixed; boundary="' + b"x" * 5000 + b'"\r\n\r\n',
        b'Content-Type: text/plain; charset="=?"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!',
        b"Content-Disposition: attachment; filename*0*=bogus''%ZZ; filename*1=x\r\n\r\nabc",
        b'From: <@>, "unterminated\r\nTo: ;;;,,,<<>>\r\nDate: \x00\r\n\r\n',
    ]
    for raw in samples:
        pm = parse_message(raw)
        if pm.mime is not None:
            assert _walk(pm.mime) >= 1


def test_bom_and_leading_blank_lines_are_skipped() -> None:
    pm = parse_message(b"\xef\xbb\xbfFrom: a@example.com\r\nSubject: x\r\n\r\nb")
    assert [h.name for h in pm.headers] == ["From", "Subject"]
    assert "8bit_header" not in {d.kind for d in pm.defects}
    pm = parse_message(b"\r\n\r\nFrom: a@example.com\r\nSubject: x\r\n\r\nb")
    assert [h.name for h in pm.headers] == ["From", "Subject"]
    assert "leading_blank_lines" in {d.kind for d in pm.defects}
    assert parse_message(b"\r\nonly a body").headers == ()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"From: a@example.com\r\n",
                b"Content-Type: multipart/mixed; boundary=b\r\n",
                b"Content-Type: message/rfc822\r\n",
                b"Content-Transfer-Encoding: base64\r\n",
                b"Subject: =?utf-8?B?w6k?= =?bogus?Q?=FF?=\r\n",
                b" folded\r\n",
                b"\r\n",
                b"\n",
                b"\r",
                b"--b\r\n",
                b"--b--\r\n",
                b"\xff\xfe\x00",
                b"Date: Mon, 99 Jan 2024\r\n",
                b"no colon here\r\n",
                b"QUJD\r\n",
            ]
        ),
        max_size=40,
    )
)
def test_parse_never_raises(chunks: list[bytes]) -> None:
    raw = b"".join(chunks)
    pm = parse_message(raw)
    assert pm.raw == raw
    summarize(pm)


@pytest.mark.parametrize(
    "value", [b"a" + b" " * 16000 + b"x", b"a " * 8000 + b"<x", b"[" * 16000, b"(" * 16000]
)
def test_hostile_address_headers_are_fast(value: bytes) -> None:
    raw = b"From: " + value + b"\r\nTo: " + value + b"\r\nCc: " + value + b"\r\n\r\n"
    start = time.perf_counter()
    parse_message(raw)
    assert time.perf_counter() - start < 3


def test_long_recipient_list_cut_at_whole_address() -> None:
    to = b", ".join(b"user%d@example.com" % i for i in range(1000))
    pm = parse_message(b"From: a@example.com\r\nTo: " + to + b"\r\n\r\n")
    assert 300 < len(pm.to) < 1000
    assert all(a.address.endswith("@example.com") for a in pm.to)


def test_hostile_mime_parameters_are_bounded() -> None:
    semis = b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; " + b";" * 60_000
    assert "mime:NoBoundaryInMultipartDefect" in _timed(semis + b"boundary=x\r\n\r\nbody", 2)
    part = b"--z\r\nContent-Type: text/plain; " + b"a=b; " * 800 + b"\r\n\r\nx\r\n"
    raw = b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
    assert "too_many_parts" in _timed(raw + part * 1500 + b"--z--\r\n", 10)


def test_rfc2231_filename_continuations() -> None:
    raw = (
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
        b"--z\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment;\r\n filename*0*=utf-8''Rechnung%20M%C3%A4rz;\r\n"
        b" filename*1*=%202024.pdf\r\n\r\n%PDF\r\n--z--\r\n"
    )
    pm = parse_message(raw)
    assert pm.mime is not None
    assert pm.mime.children[0].filename == "Rechnung März 2024.pdf"


def test_only_whole_delimiter_lines_split_a_multipart() -> None:
    raw = (
        b'From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="ab"'
        b"\r\n\r\npreamble\r\n--ab\r\nContent-Type: text/plain\r\n\r\none --ab inside a line\r\n"
        b"--abc is a longer boundary, not ours\r\n--ab \t\r\nContent-Type: text/html\r\n\r\n"
        b"<p>two</p>\r\n--ab-- \r\nepilogue\r\n"
    )
    pm = parse_message(raw)
    assert pm.mime is not None
    assert [c.content_type for c in pm.mime.children] == ["text/plain", "text/html"]
    assert "longer boundary" in pm.text_body and pm.html_body == "<p>two</p>"
    assert not [d for d in pm.defects if "Boundary" in d.kind]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab =?Qq_\x7f\x1b\u202e\xe9\t"), max_size=30))
def test_header_values_are_decoded_and_made_safe_whatever_their_shape(value: str) -> None:
    """Printable ASCII values are taken as written; any other is decoded and made safe."""
    raw = b"Subject: " + value.encode("utf-8") + b"\r\nFrom: a@example.com\r\n\r\nb\r\n"
    subject = parse_message(raw).headers[0]
    expected = make_safe(decode_words(split_message(raw).fields[0].unfolded))
    assert subject.value == expected
    assert not any(c in subject.value for c in "\x7f\x1b\u202e")
