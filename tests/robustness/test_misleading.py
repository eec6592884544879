"""Results that must not mislead: a DNS server that never answers is "not checked", not "no
record"; a NUL byte does not make a message binary; filler fields cannot hide From and
Subject; a malformed Date is a defect, not a date in the year 9999. Run through the real
command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.robustness.measured import run_measured
from tests.support.dns_server import LoopbackDns

HEAD = (
    b"From: Alice <alice@sender.example>\r\nTo: bob@receiver.example\r\n"
    b"Subject: hello\r\nMessage-ID: <m@sender.example>\r\n"
)
DATE = b"Date: Mon, 3 Mar 2025 10:00:00 +0000\r\n"


def test_domain_check_against_a_silent_server_says_not_checked() -> None:
    with LoopbackDns(mode="silent") as dns:
        run = run_measured(
            "domain", "sender.example", "--no-rdap", "--dns-server", dns.server_spec,
            "--dns-timeout", "0.5", "--dns-budget", "2", timeout=60,
        )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert "SPF: not checked (timeout)" in run.stdout
    assert "DMARC: not checked (timeout)" in run.stdout
    assert "No SPF record" not in run.stdout and "No DMARC record" not in run.stdout
    assert "[high]" not in run.stdout and "DMARC: none" not in run.stdout


def test_nul_filler_fields_and_bad_date_are_analysed_and_reported(tmp_path: Path) -> None:
    nul = tmp_path / "nul.eml"
    nul.write_bytes(HEAD + DATE + b"\r\nClick here\x00 to win\r\n")
    filler = tmp_path / "filler.eml"
    fields = b"".join(b"X-Filler-%d: v\r\n" % i for i in range(20_001))
    filler.write_bytes(fields + HEAD + DATE + b"\r\nbody\r\n")
    bad_date = tmp_path / "date.eml"
    bad_date.write_bytes(HEAD + b"Date: Mon, 1 Jan -1 00:00:00 +9999\r\n\r\nbody\r\n")
    run = run_measured("analyze", "--json", "--offline", str(nul), str(filler), str(bad_date))
    assert run.returncode == 0, run.stderr[-2000:]
    reports = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert [r["source"]["path"] for r in reports] == [str(nul), str(filler), str(bad_date)]
    ids = [{f["id"] for f in r["findings"]} for r in reports]

    assert reports[0]["message"]["subject"] == "hello"
    assert "structure.nul_bytes" in ids[0]

    assert reports[1]["message"]["from"] == "Alice <alice@sender.example>"
    assert reports[1]["message"]["subject"] == "hello"
    assert "headers.missing_from" not in ids[1] and "headers.missing_date" not in ids[1]
    large = next(f for f in reports[1]["findings"] if f["id"] == "headers.header_block_large")
    assert any("except 5 that identify the message" in e for e in large["evidence"])

    assert reports[2]["message"]["date"] is None
    assert "headers.date_unparsable" in ids[2]
