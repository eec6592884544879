"""Messages built to burn processor time: adversarial HTML and DKIM signatures that make the
verifier scan every header field for thousands of names. Each runs the real command line in
a child process with a time bound the old code exceeded many times over."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from tests.robustness.measured import run_measured
from tests.support.dkim_keys import key_txt
from tests.support.dns_server import LoopbackDns

HEAD = (
    b"From: Alice <alice@sender.example>\r\nTo: bob@receiver.example\r\n"
    b"Subject: hostile\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\n"
    b"Message-ID: <cpu@sender.example>\r\n"
)


def _json_reports(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_html_that_is_quadratic_for_html_parser_is_analysed_quickly(tmp_path: Path) -> None:
    """300 KB of "<s" took html.parser about a minute (26 s at 200 KB)."""
    html = b'<a href="https://shop.example/x">shop</a>' + b"<s" * 150_000
    raw = HEAD + b"MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n" + html + b"\r\n"
    path = tmp_path / "html.eml"
    path.write_bytes(raw)
    run = run_measured("analyze", "--json", "--offline", str(path), timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.seconds < 20, run.seconds
    (report,) = _json_reports(run.stdout)
    links = report["sender"]["links"]  # type: ignore[index]
    assert [link["url"] for link in links] == ["https://shop.example/x"]


def _signature_naming_absent_headers(names: int, body: bytes) -> bytes:
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    absent = ":".join(f"x{i}" for i in range(names))  # short: under the 64 KB cap
    return (
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=sender.example;\r\n"
        f" s=rsa2048; h=from:{absent};\r\n bh={digest}; b=AAAA\r\n"
    ).encode()


def test_dkim_signatures_naming_thousands_of_absent_headers(tmp_path: Path) -> None:
    """Ten signatures naming 8,000 absent header fields each, a valid body hash and a
    published key, above 3,000 filler fields: dkimpy alone needed minutes for this."""
    body = b"body\r\n"
    signatures = _signature_naming_absent_headers(8000, body) * 10
    filler = b"".join(b"X-Filler: %d\r\n" % i for i in range(3000))
    path = tmp_path / "dkim.eml"
    path.write_bytes(signatures + filler + HEAD + b"\r\n" + body)
    zone = {("rsa2048._domainkey.sender.example", "TXT"): key_txt("rsa2048")}
    with LoopbackDns(zone) as dns:
        run = run_measured(
            "analyze", "--json", "--no-rdap", "--no-intel", "--dns-server", dns.server_spec,
            "--dns-timeout", "0.5", "--dns-budget", "3", str(path), timeout=120,
        )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.seconds < 30, run.seconds
    (report,) = _json_reports(run.stdout)
    dkim = report["auth"]["dkim"]  # type: ignore[index]
    assert len(dkim) == 10
    assert all(r["result"] == "skipped" and r["failure"] == "capped" for r in dkim)
    findings = {f["id"]: f for f in report["findings"]}  # type: ignore[attr-defined]
    assert "h= names 8,001 header fields" in " ".join(
        findings["dkim.not_verified_limit"]["evidence"]
    )
