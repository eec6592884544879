"""headers.* rules: each fires on its case and stays quiet on a well-formed message."""

from __future__ import annotations

from datetime import UTC, datetime

from inspector.intel.evidence import gather_evidence
from inspector.model.auth import AuthSummary
from inspector.model.codes import Severity
from inspector.model.findings import Finding
from inspector.model.intel import SenderIntel
from inspector.model.route import Hop, Route
from inspector.parse.message import parse_message
from inspector.rules.context import AnalysisContext
from inspector.rules.headers import dates, from_field, mailer, message_id, mime, required, wire

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

GOOD = (
    b"Received: from mx.example.com (mx.example.com [192.0.2.10])\r\n"
    b"\tby mx.example.net with ESMTPS; Fri, 1 Mar 2024 11:59:00 +0000\r\n"
    b"From: Alice <alice@example.com>\r\n"
    b"To: bob@example.net\r\n"
    b"Subject: Lunch\r\n"
    b"Date: Fri, 1 Mar 2024 11:58:00 +0000\r\n"
    b"Message-ID: <20240301115800.1234@mail.example.com>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"See you at noon.\r\n"
)

ALL = (
    required.required_fields,
    required.duplicate_headers,
    dates.date_checks,
    wire.line_and_byte_problems,
    wire.header_block_size,
    from_field.from_shape,
    mime.mime_structure,
    message_id.message_id_checks,
    mailer.forged_mailer,
)


def ctx(
    raw: bytes, *, received_at: datetime | None = None, hops: tuple[Hop, ...] = ()
) -> AnalysisContext:
    pm = parse_message(raw)
    route = Route(received_at=received_at)
    return AnalysisContext(
        message=pm,
        hops=hops,
        route=route,
        auth=AuthSummary(),
        sender=SenderIntel(),
        verdicts=(),
        bounce=None,
        dns=(),
        now=NOW,
        evidence=gather_evidence(pm, hops, route, (), None, None),
    )


def findings(raw: bytes, **kw: object) -> list[Finding]:
    c = ctx(raw, **kw)  # type: ignore[arg-type]
    return [f for fn in ALL for f in fn(c)]


def ids(raw: bytes, **kw: object) -> list[str]:
    return [f.id for f in findings(raw, **kw)]


def _without(raw: bytes, name: bytes) -> bytes:
    return b"".join(
        line + b"\r\n" for line in raw.split(b"\r\n")[:-1] if not line.startswith(name + b":")
    )


def test_good_message_is_quiet() -> None:
    assert ids(GOOD) == []


def test_every_finding_is_explained() -> None:
    bad = b"From: nobody\r\nFrom: x\r\nDate: whenever\r\nMessage-ID: foo\r\n\r\nbody\n\r\n"
    for f in findings(bad):
        assert f.explanation and f.remedy and f.references, f.id


def test_missing_from_date_message_id() -> None:
    assert "headers.missing_from" in ids(_without(GOOD, b"From"))
    assert "headers.missing_date" in ids(_without(GOOD, b"Date"))
    found = ids(_without(GOOD, b"Message-ID"))
    assert found == ["headers.missing_message_id"]


def test_duplicate_singletons() -> None:
    raw = GOOD.replace(b"Subject: Lunch\r\n", b"Subject: Lunch\r\nSubject: Dinner\r\n")
    (finding,) = findings(raw)
    assert finding.id == "headers.duplicate_header"
    assert finding.severity is Severity.HIGH
    assert "Subject: Dinner" in finding.evidence


def test_repeated_threading_fields_are_minor() -> None:
    # Google Groups writes In-Reply-To and References twice; nothing the reader sees changes
    raw = GOOD.replace(
        b"Subject: Lunch\r\n",
        b"Subject: Lunch\r\nIn-Reply-To: <a@example.com>\r\nIn-Reply-To: <a@example.com>\r\n",
    )
    (finding,) = findings(raw)
    assert finding.id == "headers.duplicate_header" and finding.severity is Severity.LOW


def test_single_label_message_id_on_personal_and_list_mail_is_valid() -> None:
    raw = _without(GOOD, b"Message-ID") + b""
    raw = raw.replace(
        b"Subject: Lunch\r\n", b"Subject: Lunch\r\nMessage-ID: <20220623.GE1@kadam>\r\n"
    )
    assert "headers.message_id_malformed" not in ids(raw)
    bulk = raw.replace(b"Subject: Lunch\r\n", b"Subject: Lunch\r\nPrecedence: bulk\r\n")
    assert "headers.message_id_malformed" in ids(bulk)


def test_unparsable_date() -> None:
    raw = GOOD.replace(b"Fri, 1 Mar 2024 11:58:00 +0000\r\nMessage", b"tomorrow\r\nMessage")
    assert ids(raw) == ["headers.date_unparsable"]


def test_future_date_against_receipt_and_now() -> None:
    future = GOOD.replace(b"11:58:00 +0000\r\nMessage", b"13:58:00 +0000\r\nMessage")
    received = datetime(2024, 3, 1, 11, 59, tzinfo=UTC)
    (f,) = findings(future, received_at=received)
    assert f.id == "headers.date_future" and "2.0 hours" in f.explanation
    assert ids(future) == ["headers.date_future"]  # against ctx.now (12:00)
    slightly = GOOD.replace(b"11:58:00 +0000\r\nMessage", b"12:10:00 +0000\r\nMessage")
    assert ids(slightly, received_at=received) == []


def test_ancient_date_uses_receipt_or_newest_hop() -> None:
    old = GOOD.replace(b"Fri, 1 Mar 2024 11:58", b"Mon, 1 Jan 2024 11:58")
    assert ids(old) == []  # no receipt time: an old message analysed today is fine
    (f,) = findings(old, received_at=datetime(2024, 3, 1, tzinfo=UTC))
    assert f.id == "headers.date_ancient" and f.severity is Severity.MEDIUM
    hop = Hop(0, "from x by y", timestamp=datetime(2024, 1, 8, tzinfo=UTC))
    (f,) = findings(old, hops=(hop,))
    assert f.id == "headers.date_ancient" and f.severity is Severity.LOW


def test_long_line() -> None:
    raw = GOOD.replace(b"See you", b"x" * 1200 + b" See you")
    (f,) = findings(raw)
    assert f.id == "headers.line_too_long" and "body line" in f.explanation


def test_eight_bit_headers() -> None:
    raw = GOOD.replace(b"Subject: Lunch", "Subject: Mittagessen für alle".encode())
    (f,) = findings(raw)
    assert f.id == "headers.eight_bit_header" and f.severity is Severity.LOW
    latin = GOOD.replace(b"Subject: Lunch", b"Subject: f\xfcr alle")
    (f,) = findings(latin)
    assert f.severity is Severity.MEDIUM


def test_bare_line_endings() -> None:
    raw = GOOD.replace(b"See you at noon.\r\n", b"See you\nat noon.\r\n")
    (f,) = findings(raw)
    assert f.id == "headers.bare_line_ending" and "LF" in f.explanation


def test_huge_header_block() -> None:
    pad = b"".join(b"X-Pad-%d: " % i + b"p" * 200 + b"\r\n" for i in range(600))
    raw = GOOD.replace(b"MIME-Version", pad + b"MIME-Version")
    (f,) = findings(raw)
    assert f.id == "headers.header_block_large" and f.severity is Severity.MEDIUM


def test_malformed_from() -> None:
    no_addr = GOOD.replace(b"From: Alice <alice@example.com>", b"From: Alice")
    assert ids(no_addr) == ["headers.malformed_from"]
    several = GOOD.replace(b"<alice@example.com>", b"<alice@example.com>, carol@example.org")
    (f,) = findings(several)
    assert f.id == "headers.malformed_from" and f.severity is Severity.MEDIUM
    with_sender = several.replace(b"To:", b"Sender: alice@example.com\r\nTo:")
    assert ids(with_sender) == []
    daemon = GOOD.replace(b"From: Alice <alice@example.com>", b"From: Mail System <MAILER-DAEMON>")
    (f,) = findings(daemon)
    assert f.id == "headers.malformed_from" and f.severity is Severity.LOW
    spoof = GOOD.replace(b"From: Alice <alice@example.com>", b"From: ceo@bank.example <x@e.test>")
    assert "headers.malformed_from" not in ids(spoof)  # one mailbox, name looks like an address


def test_mime_defects_and_mime_version() -> None:
    raw = GOOD.replace(
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Type: multipart/alternative; boundary=xyz",
    )
    (f,) = findings(raw)
    assert f.id == "headers.mime_defect" and f.severity is Severity.MEDIUM
    assert any("StartBoundaryNotFound" in e for e in f.evidence)
    no_version = _without(GOOD, b"MIME-Version").replace(
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Type: text/html; charset=utf-8",
    )
    assert ids(no_version) == ["headers.missing_mime_version"]


def test_message_id_malformed_and_local() -> None:
    raw = GOOD.replace(b"<20240301115800.1234@mail.example.com>", b"20240301.1234")
    assert ids(raw) == ["headers.message_id_malformed"]
    local = GOOD.replace(b"@mail.example.com>", b"@DESKTOP-4F2.localdomain>")
    (f,) = findings(local)
    assert f.id == "headers.message_id_malformed" and "localdomain" in f.explanation
    assert f.severity is Severity.INFO


def test_message_id_domain_unrelated_is_info() -> None:
    raw = GOOD.replace(b"@mail.example.com>", b"@mta.esp.example.net>")
    (f,) = findings(raw)
    assert f.id == "headers.message_id_domain" and f.severity is Severity.INFO
    signed = raw.replace(
        b"From:", b"DKIM-Signature: v=1; a=rsa-sha256; d=esp.example.net; s=s1; b=x\r\nFrom:"
    )
    assert ids(signed) == []


def test_forged_outlook_mailer() -> None:
    forged = GOOD.replace(b"MIME-Version", b"X-Mailer: Microsoft Outlook 16.0\r\nMIME-Version")
    (f,) = findings(forged)
    assert f.id == "headers.forged_mailer"
    assert any("Thread-Index" in e for e in f.evidence)
    genuine = forged.replace(
        b"<20240301115800.1234@mail.example.com>", b"<000001da6b9e$1f2e3d40$5d6c7b80$@example.com>"
    )
    assert ids(genuine) == []
    exchange = forged.replace(
        b"<20240301115800.1234@mail.example.com>",
        b"<AM0PR01MB1234ABCD5678EF90@AM0PR01MB1234.eurprd01.prod.outlook.com>",
    )
    assert ids(exchange) == ["headers.message_id_domain"]  # info only, no forgery
    exchange_2013 = forged.replace(
        b"<20240301115800.1234@mail.example.com>",
        b"<d078dfd9-712d-4f32-8a55-a6849812603c@EXCH01.example.com>",
    )
    assert ids(exchange_2013) == []
    express = forged.replace(b"Microsoft Outlook 16.0", b"Microsoft Outlook Express 6.00.2900")
    assert ids(express) == []  # old clients wrote irregular IDs; not judged
