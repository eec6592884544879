"""The hostile set: inputs built to exhaust time or memory, each with a bound and a clear
expected result. Everything is generated here; nothing big is committed.

Network cases run against the loopback DNS and RDAP servers from tests/support only.
"""

from __future__ import annotations

import base64
import io
import time
import zipfile
from pathlib import Path

import pytest

from inspector.model.codes import AuthStatus
from inspector.model.report import Report
from inspector.net.resolver import Resolver
from inspector.options import AnalysisOptions
from inspector.report.client import render_html
from tests.robustness.support import analyze, internal_errors, traced_peak
from tests.support.dns_server import LoopbackDns
from tests.support.rdap_server import RdapServer, write_bootstrap

BASE = (
    b"Return-Path: <bounce@sender.test>\r\n"
    b"Received: from mail.sender.test (mail.sender.test [198.51.100.7])\r\n"
    b"\tby mx.receiver.test with ESMTPS id 4aBc; Mon, 3 Mar 2025 10:00:02 +0000\r\n"
    b"From: Alice <alice@sender.test>\r\nTo: bob@receiver.test\r\n"
    b"Date: Mon, 3 Mar 2025 10:00:00 +0000\r\nMessage-ID: <h@sender.test>\r\n"
)


def _clean(report: Report) -> None:
    assert internal_errors(report) == [], report.errors


def _online(server: LoopbackDns, **extra: object) -> AnalysisOptions:
    return AnalysisOptions(
        offline=False,
        dns_servers=(server.server_spec,),
        dns_timeout=0.5,
        dns_budget=3.0,
        rdap=False,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_fifty_megabyte_header() -> None:
    raw = BASE + b"Subject: big\r\nX-Huge: " + b"A" * (50 * 1024 * 1024) + b"\r\n\r\nbody\r\n"
    (report, seconds), peak_mb = traced_peak(lambda: analyze(raw))
    _clean(report)
    assert seconds < 60, seconds
    assert peak_mb < 600, peak_mb  # a handful of copies of the input at most, not quadratic
    assert report.message.subject == "big"
    huge = [h for h in report.headers if h.name.lower() == "x-huge"]
    assert huge and len(huge[0].value) <= 1_000_000, "decoded value should be capped"


@pytest.mark.timeout(90)
def test_ten_thousand_received_headers() -> None:
    hop = (
        b"Received: from relay%d.test (relay%d.test [198.51.100.%d]) by relay%d.test"
        b" with ESMTP id %d; Mon, 3 Mar 2025 10:00:00 +0000\r\n"
    )
    received = b"".join(hop % (n, n, n % 250 + 1, n + 1, n) for n in range(10_000))
    raw = received + BASE + b"Subject: loop\r\n\r\nbody\r\n"
    (report, seconds), peak_mb = traced_peak(lambda: analyze(raw))
    _clean(report)
    assert seconds < 30, seconds
    assert peak_mb < 300, peak_mb
    # Clear result: every hop is listed, only the newest ones are parsed, the rest say why.
    parsed = [h for h in report.hops if not h.unparsed.startswith("not parsed")]
    assert 0 < len(parsed) <= 1000, len(parsed)
    assert len(report.hops) == 10_001
    newest = max(report.hops, key=lambda h: h.index)
    assert "too many" not in newest.unparsed, "the newest hops are the ones parsed"


@pytest.mark.timeout(90)
def test_mime_nested_a_thousand_deep() -> None:
    depth = 1000
    head = b"".join(
        b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (n, n + 1)
        for n in range(depth)
    )
    tail = b"".join(b"\r\n--b%d--\r\n" % n for n in reversed(range(depth + 1)))
    raw = (
        BASE + b"Subject: deep\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=b0\r\n\r\n"
        + head
        + b"--b1000\r\nContent-Type: text/plain\r\n\r\nbottom"
        + tail
    )
    (report, seconds), peak_mb = traced_peak(lambda: analyze(raw))
    _clean(report)
    assert seconds < 30
    assert peak_mb < 200

    def depth_of(part: object, level: int = 0) -> int:
        children = getattr(part, "children", ())
        return max((depth_of(c, level + 1) for c in children), default=level)

    assert report.mime is not None
    assert depth_of(report.mime) <= 64, "the MIME walk must stop at its depth cap"
    render_html([report])  # the report writer must cope with the tree too


def _zip_of_zeros(megabytes: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("zeros.bin", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
        zf.writestr("readme.txt", "nothing here")
    return buf.getvalue()


@pytest.mark.slow
@pytest.mark.timeout(90)
def test_zip_bomb_attachment_is_not_expanded() -> None:
    bomb = _zip_of_zeros(256)  # 256 MiB of zeros in about 1.2 MB
    assert len(bomb) < 2_000_000
    encoded = base64.encodebytes(bomb)
    raw = (
        BASE + b"Subject: invoice\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\n"
        b"Content-Type: text/plain\r\n\r\nsee attached\r\n--z\r\n"
        b'Content-Type: application/zip; name="invoice.zip"\r\n'
        b'Content-Disposition: attachment; filename="invoice.zip"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"--z--\r\n"
    )
    (report, seconds), peak_mb = traced_peak(lambda: analyze(raw))
    _clean(report)
    assert seconds < 20, seconds
    assert peak_mb < 150, f"{peak_mb:.0f} MB: the archive was expanded"
    assert report.mime is not None
    parts = [report.mime, *report.mime.children]
    zips = [p for p in parts if p.filename == "invoice.zip"]
    assert zips, [p.content_type for p in parts]
    assert "zeros.bin" in zips[0].archive_members
    assert zips[0].size < 2_000_000  # the attachment's own size, not the expanded size


@pytest.mark.timeout(60)
def test_every_charset_name_wrong() -> None:
    raw = (
        BASE + b"Subject: =?x-no-such-charset?B?SGVsbG8=?= =?utf-99?Q?caf=E9?=\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=c;"
        b' charset="klingon"\r\n\r\n--c\r\nContent-Type: text/plain; charset="x-\xff\xfe"\r\n'
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\ncaf=E9 =C3=A9\r\n--c\r\n"
        b"Content-Type: text/html; charset=unicode-1-1-utf-7000\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nPGI+aGk8L2I+\r\n--c--\r\n"
    )
    (report, seconds), peak_mb = traced_peak(lambda: analyze(raw))
    _clean(report)
    assert seconds < 10
    assert peak_mb < 100
    assert report.message.subject is not None and "Hello" in report.message.subject


@pytest.mark.timeout(60)
def test_encoded_words_decoding_to_control_characters_and_html() -> None:
    evil = "\x00\x07\x1b[2J\u202egnp.exe <script>alert(1)</script><img src=x onerror=alert(2)>"
    word = base64.b64encode(evil.encode()).decode()
    raw = BASE + f"Subject: =?utf-8?B?{word}?=\r\n\r\nbody\r\n".encode()
    (report, seconds), peak_mb = traced_peak(lambda: analyze(raw))
    _clean(report)
    assert seconds < 10 and peak_mb < 100
    subject = report.message.subject or ""
    assert "<script>" in subject, "the text itself is kept (escaped later, not dropped)"
    for bad in ("\x00", "\x07", "\x1b", "\u202e"):
        assert bad not in subject, f"control character {bad!r} reached the summary"
    html = render_html([report])
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.timeout(60)
def test_spf_records_that_include_each_other() -> None:
    from inspector.auth.spf import check_spf

    with LoopbackDns(delay=0.0) as server:
        server.add("sender.test", "TXT", "v=spf1 include:loop-a.test -all")
        server.add("loop-a.test", "TXT", "v=spf1 include:loop-b.test -all")
        server.add("loop-b.test", "TXT", "v=spf1 include:loop-a.test include:sender.test -all")
        resolver = Resolver(_online(server))
        try:
            started = time.perf_counter()
            result = check_spf(
                resolver.session(),
                client_ip="198.51.100.7",
                helo="mail.sender.test",
                mail_from="bounce@sender.test",
            )
            seconds = time.perf_counter() - started
        finally:
            resolver.close()
        assert result.result == AuthStatus.PERMERROR, result
        assert seconds < 10
        assert len(server.queries) < 40, "the 10-lookup limit must stop the loop"
        options = _online(server)
        (report, seconds), peak_mb = traced_peak(
            lambda: analyze(BASE + b"Subject: spf loop\r\n\r\nx\r\n", options)
        )
        _clean(report)
        assert seconds < 20 and peak_mb < 100
        assert report.auth.spf.result == AuthStatus.PERMERROR, report.auth.spf


@pytest.mark.timeout(60)
def test_dns_answers_with_huge_txt_records() -> None:
    with LoopbackDns() as server:
        big = "v=spf1 " + "ip4:192.0.2.1 " * 4600  # about 65,000 bytes of TXT
        assert len(big) > 64_000
        for name in ("sender.test", "_dmarc.sender.test", "sel._domainkey.sender.test"):
            server.add(name, "TXT", big[:64_500])
        options = _online(server)
        (report, seconds), peak_mb = traced_peak(
            lambda: analyze(BASE + b"Subject: big txt\r\n\r\nx\r\n", options)
        )
        _clean(report)
        assert seconds < 20
        assert peak_mb < 150
        assert "tcp" in server.transports, "the answer is too big for UDP: TCP must be used"
        # A record of 4,600 ip4 mechanisms and no 'all' that does not list the client: neutral
        # (or permerror if the truncated last term is judged); the SPF text is no DMARC record.
        assert report.auth.spf.result in (AuthStatus.NEUTRAL, AuthStatus.PERMERROR), report.auth
        assert report.auth.dmarc.result == AuthStatus.NONE, report.auth.dmarc


@pytest.mark.timeout(60)
def test_dns_server_answering_garbage() -> None:
    with LoopbackDns(mode="garbage") as server:
        options = _online(server)
        (report, seconds), peak_mb = traced_peak(
            lambda: analyze(BASE + b"Subject: garbage\r\n\r\nx\r\n", options)
        )
    _clean(report)
    assert peak_mb < 100
    assert seconds < 3.0 + 10, "the per-message DNS budget bounds the analysis"
    assert report.auth.spf.result in (AuthStatus.TEMPERROR, AuthStatus.NONE, AuthStatus.SKIPPED)


@pytest.mark.timeout(90)
def test_rdap_server_that_never_ends_its_response(tmp_path: Path) -> None:
    rdap = RdapServer().start()
    rdap.mode = "hang"
    try:
        bootstrap = write_bootstrap(tmp_path / "bootstrap", rdap.base_url)
        with LoopbackDns() as server:
            server.add("sender.test", "A", "198.51.100.7")
            server.add("sender.test", "MX", "10 mail.sender.test.")
            options = AnalysisOptions(
                offline=False,
                dns_servers=(server.server_spec,),
                dns_timeout=0.5,
                dns_budget=3.0,
                rdap=True,
                rdap_bootstrap=str(bootstrap),
                rdap_timeout=1.0,
                rdap_max_requests=3,
            )
            (report, seconds), peak_mb = traced_peak(
                lambda: analyze(BASE + b"Subject: rdap\r\n\r\nx\r\n", options)
            )
    finally:
        rdap.stop()
    _clean(report)
    assert peak_mb < 100
    assert rdap.requests, "the RDAP server should have been asked"
    assert seconds < 3 * 1.0 + 10, seconds
    evidence = [e for d in report.sender.domains for e in d.evidence]
    assert any("timeout" in e.lower() for e in evidence), evidence  # said, not hidden
