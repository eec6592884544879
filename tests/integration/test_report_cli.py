"""``main.py report`` end to end: PDF (through the real ``main.py`` process, Qt offscreen),
HTML and JSON, for one message and for a small mailbox, with authentication evaluated
against the loopback DNS server. The PDF is read back with pdftotext and must show what the
JSON says: subject, From domain, every DKIM/SPF/DMARC result, each hop IP, every finding."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.integration.runner import SCHEMA, run_cli, run_main
from tests.support.dns_server import LoopbackDns
from tests.support.signed import RECIPIENT, serve, signed_case, spoofed_case, tamper_body

HOSTILE = '<script>alert("x")</script> <b>bold</b> %PDF-1.7 endobj'
GOOD = signed_case("good", domain="bank.example", subject=HOSTILE)
SPOOF = spoofed_case("spoof", from_domain="bank.example")
PLAIN = signed_case("plain", domain="shop.example", key="ed25519", client_ip="198.51.100.7")
MAILBOX = (PLAIN.raw, SPOOF.raw, tamper_body(PLAIN.raw))

Json = dict[str, Any]


def _mbox(messages: tuple[bytes, ...]) -> bytes:
    out = b""
    for raw in messages:
        out += b"From MAILER-DAEMON Tue Mar  3 10:00:00 2026\n" + raw.replace(b"\r\n", b"\n")
        out += b"\n"
    return out


@pytest.fixture(scope="module")
def zone() -> Iterator[LoopbackDns]:
    with LoopbackDns() as server:
        serve(server, (GOOD, SPOOF, PLAIN))
        yield server


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    one = folder / "one.eml"
    one.write_bytes(GOOD.raw)
    box = folder / "box.mbox"
    box.write_bytes(_mbox(MAILBOX))
    return {"one": one, "box": box}


def _dns(zone: LoopbackDns) -> list[str]:
    # a generous per-query timeout: a loaded test machine must not turn answers into timeouts
    return ["--no-rdap", "--dns-server", zone.server_spec, "--dns-timeout", "5"]


def _replayed(snapshot: Path, path: Path) -> list[Json]:
    """The analysis a report was made from, reproduced from the DNS snapshot it saved."""
    run = run_cli("analyze", "--json", "--replay-dns", str(snapshot), str(path))
    assert run.status == 0, run.err
    return [json.loads(line) for line in run.out.splitlines()]


def _analyze(zone: LoopbackDns, path: Path, *extra: str) -> list[Json]:
    run = run_cli("analyze", "--json", *_dns(zone), *extra, str(path))
    assert run.status == 0, run.err
    return [json.loads(line) for line in run.out.splitlines()]


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    # pdftotext returns ligature glyphs (U+FB01 "fi") and breaks lines inside table cells
    text = unicodedata.normalize("NFKC", done.stdout.decode("utf-8"))
    return " ".join(text.split())


def _squash(text: str) -> str:
    """Letters and digits only: immune to line breaks and hyphenation inside table cells."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).lower()


def _assert_shows(text: str, report: Json) -> None:
    squashed = _squash(text)
    if report["message"]["subject"]:
        assert _squash(report["message"]["subject"]) in squashed
    from_domain = report["auth"]["dmarc"]["from_domain"]
    assert from_domain and from_domain in text
    auth = report["auth"]
    words = [d["result"] for d in auth["dkim"]] + [auth["spf"]["result"], auth["dmarc"]["result"]]
    for word in words:
        assert re.search(rf"\b{word}\b", text, re.IGNORECASE), word
    for hop in report["hops"]:
        if hop["ip"]:
            assert _squash(hop["ip"]) in squashed, hop["ip"]
    missing = [f["title"] for f in report["findings"] if _squash(f["title"]) not in squashed]
    assert missing == []


@pytest.fixture(scope="module")
def one_pdf(
    zone: LoopbackDns, inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The PDF of one message; its DNS answers are saved beside it (``.dns.json``)."""
    out = tmp_path_factory.mktemp("pdf") / "one.pdf"
    snapshot = out.with_suffix(".dns.json")
    run = run_main(
        "report",
        str(inputs["one"]),
        "-o",
        str(out),
        "--save-dns",
        str(snapshot),
        *_dns(zone),
        timeout=90,
    )
    assert run.status == 0, run.err
    assert "Traceback" not in run.err
    assert "wrote" in run.out
    return out


def test_pdf_of_one_message_shows_the_analysis(one_pdf: Path, inputs: dict[str, Path]) -> None:
    assert one_pdf.read_bytes().startswith(b"%PDF-")
    (report,) = _replayed(one_pdf.with_suffix(".dns.json"), inputs["one"])
    assert report["auth"]["dmarc"]["result"] == "pass"
    text = _pdf_text(one_pdf)
    _assert_shows(text, report)


def test_pdf_never_breaks_an_ip_address(one_pdf: Path, inputs: dict[str, Path]) -> None:
    """The PDF is made from the HTML report: each IP occurs as often, whole, in both."""
    from inspector.model.message import SourceRef
    from inspector.options import AnalysisOptions
    from inspector.pipeline import Analyzer
    from inspector.report.client import render_html

    options = AnalysisOptions(replay_dns=str(one_pdf.with_suffix(".dns.json")))
    with Analyzer(options) as analyzer:
        report = analyzer.analyze(inputs["one"].read_bytes(), SourceRef(str(inputs["one"])))
    visible = html.unescape(re.sub(r"<[^>]+>", " ", render_html([report])))
    text = _pdf_text(one_pdf)
    for hop in report.hops:
        assert hop.ip is not None
        if hop.ip == "127.0.0.1":
            continue  # also the DNS server's address in the live run's evidence
        assert text.count(hop.ip) == visible.count(hop.ip), hop.ip


def test_hostile_subject_appears_literally_in_pdf(one_pdf: Path) -> None:
    text = _pdf_text(one_pdf)
    assert HOSTILE in text
    # the subject did not end the document early: later sections are there
    assert "Appendix" in text


def test_pdf_of_a_mailbox_shows_every_message(
    zone: LoopbackDns, inputs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "box.pdf"
    snapshot = tmp_path / "box.dns.json"
    run = run_main(
        "report",
        str(inputs["box"]),
        "-o",
        str(out),
        "--save-dns",
        str(snapshot),
        *_dns(zone),
        timeout=90,
    )
    assert run.status == 0, run.err
    assert "(3 messages)" in run.out
    reports = _replayed(snapshot, inputs["box"])
    assert [r["source"]["index"] for r in reports] == [0, 1, 2]
    assert [r["auth"]["dmarc"]["result"] for r in reports] == ["pass", "fail", "pass"]
    assert reports[2]["auth"]["dkim"][0]["result"] == "fail"
    text = _pdf_text(out)
    assert "executive summary" in text.lower() and "fix plan" in text.lower()
    for report in reports:
        _assert_shows(text, report)


def test_redacted_pdf_has_no_recipient_address(
    zone: LoopbackDns, inputs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "redacted.pdf"
    run = run_main(
        "report", str(inputs["one"]), "-o", str(out), "--redact", *_dns(zone), timeout=90
    )
    assert run.status == 0, run.err
    text = _pdf_text(out)
    assert RECIPIENT not in text
    assert _squash(RECIPIENT) not in _squash(text)
    assert "bank.example" in text  # the sender is kept
    assert HOSTILE in text


@pytest.mark.parametrize("fmt", [".html", ".json"])
def test_redacted_html_and_json_have_no_recipient_address(
    zone: LoopbackDns, inputs: dict[str, Path], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"redacted{fmt}"
    run = run_cli("report", str(inputs["box"]), "-o", str(out), "--redact", *_dns(zone))
    assert run.status == 0, run.err
    body = out.read_text(encoding="utf-8")
    assert RECIPIENT not in body.lower()
    assert "alice@" not in body.lower()


def test_html_report_escapes_the_subject(
    zone: LoopbackDns, inputs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "one.html"
    run = run_cli("report", str(inputs["one"]), "-o", str(out), *_dns(zone))
    assert run.status == 0, run.err
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert "<b>bold</b>" not in html
    (report,) = _analyze(zone, inputs["one"])
    for finding in report["findings"]:
        assert finding["id"] in html


def test_json_report_of_one_message_validates(
    zone: LoopbackDns, inputs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "one.json"
    run = run_cli("report", str(inputs["one"]), "-o", str(out), *_dns(zone))
    assert run.status == 0, run.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    Draft202012Validator(json.loads(SCHEMA.read_text())).validate(data)
    assert data["message"]["subject"] == HOSTILE
    assert data["auth"]["dkim"][0]["result"] == "pass"


def test_json_report_of_a_mailbox_is_a_list_that_validates(
    zone: LoopbackDns, inputs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "box.json"
    run = run_cli("report", str(inputs["box"]), "-o", str(out), *_dns(zone))
    assert run.status == 0, run.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 3
    validator = Draft202012Validator(json.loads(SCHEMA.read_text()))
    for item in data:
        validator.validate(item)
    assert [d["source"]["index"] for d in data] == [0, 1, 2]
    assert "dmarc.fail_reject" in {f["id"] for f in data[1]["findings"]}


def test_existing_output_is_left_untouched_without_force(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "existing.pdf"
    out.write_bytes(b"precious")
    run = run_main("report", str(inputs["one"]), "-o", str(out), "--offline", timeout=60)
    assert run.status == 2
    assert "error:" in run.err and "--force" in run.err
    assert "Traceback" not in run.err
    assert out.read_bytes() == b"precious"
    forced = run_cli("report", str(inputs["one"]), "-o", str(tmp_path / "x.json"), "--offline")
    assert forced.status == 0
    again = tmp_path / "existing.json"
    again.write_text("precious")
    assert (
        run_cli("report", str(inputs["one"]), "-o", str(again), "--offline", "--force").status == 0
    )
    assert json.loads(again.read_text())["message"]["subject"] == HOSTILE
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left behind"


@pytest.mark.parametrize("name", ["out.txt", "out", "out.PDFX"])
def test_bad_format_suffix_exits_2(inputs: dict[str, Path], tmp_path: Path, name: str) -> None:
    run = run_cli("report", str(inputs["one"]), "-o", str(tmp_path / name), "--offline")
    assert run.status == 2
    assert run.err.startswith("error:") and "format" in run.err
    assert not (tmp_path / name).exists()


def test_report_with_only_unreadable_inputs_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "image.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path / "r.json"
    run = run_cli("report", str(bad), "-o", str(out), "--offline")
    assert run.status == 1
    assert "error:" in run.err
    assert not out.exists()


def test_report_with_some_unreadable_inputs_exits_1_and_lists_them(
    zone: LoopbackDns, inputs: dict[str, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "image.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path / "mixed.json"
    run = run_cli("report", str(inputs["one"]), str(bad), "-o", str(out), *_dns(zone))
    assert run.status == 1
    assert run.error_lines == [f"error: {bad}: not a message: looks like a PNG image"]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 1
    html_out = tmp_path / "mixed.html"
    assert (
        run_cli("report", str(inputs["box"]), str(bad), "-o", str(html_out), "--offline").status
        == 1
    )
    assert "image.png" in html_out.read_text(encoding="utf-8")


_NONE_REFCOUNT_PROBE = """
import sys
from ui.pdf_writer import write_pdf
html = "<h1>Probe</h1>" + "<p>line of text for a long report</p>" * 400
write_pdf(html, sys.argv[1])  # warm up: fonts, the application object
before = sys.getrefcount(None)
for _ in range(3):
    write_pdf(html, sys.argv[1])
print(sys.getrefcount(None) - before)
"""


def test_pdf_writer_does_not_leak_references_to_none(tmp_path: Path) -> None:
    """A C-extension refcount error on None kills the process once ~5,000 calls add up."""
    import os
    import sys

    from tests.integration.runner import PROJECT, PYTHON

    done = subprocess.run(
        [
            str(PYTHON if PYTHON.exists() else sys.executable),
            "-c",
            _NONE_REFCOUNT_PROBE,
            str(tmp_path / "probe.pdf"),
        ],
        cwd=PROJECT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-500:]
    assert int(done.stdout.decode().strip().splitlines()[-1]) > -20


def test_report_file_is_readable_by_others_like_any_document(tmp_path: Path) -> None:
    from inspector.report.export import write_atomically

    target = tmp_path / "r.html"

    def write(tmp: str) -> None:
        Path(tmp).write_text("x")

    write_atomically(target, write, force=False)
    assert target.stat().st_mode & 0o777 == 0o644
