"""The command line as a user meets it: bad inputs in a batch, usage errors, the ``domain``
command against the loopback DNS server, the text summary and the catalogue."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.cli.main import COMMANDS, build_parser, options_from_args
from inspector.rules.registry import all_specs
from tests.integration.runner import (
    PROJECT,
    network_attempts,  # noqa: F401  (fixture)
    run_cli,
    run_main,
)
from tests.support.dkim_keys import key_txt
from tests.support.dns_server import LoopbackDns
from tests.support.messages import make_message

RULES = PROJECT / "inspector" / "rules"


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.eml"
    path.write_bytes(make_message(1, subject="A perfectly normal message"))
    return path


def _batch(*paths: Path | str) -> tuple[int, list[dict[str, object]], list[str], str]:
    run = run_cli("analyze", "--json", "--offline", *map(str, paths))
    reports = [json.loads(line) for line in run.out.splitlines()]
    return run.status, reports, run.error_lines, run.err


# --------------------------------------------------------------------------- bad inputs


def test_png_is_one_error_and_the_batch_goes_on(tmp_path: Path, good: Path) -> None:
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    status, reports, errors, err = _batch(png, good)
    assert status == 1
    assert len(errors) == 1 and str(png) in errors[0] and "not a message" in errors[0]
    assert [r["source"]["path"] for r in reports] == [str(good)]  # type: ignore[index]
    assert "Traceback" not in err


def test_empty_file_is_one_error(tmp_path: Path, good: Path) -> None:
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    status, reports, errors, _ = _batch(good, empty)
    assert status == 1
    assert len(errors) == 1 and str(empty) in errors[0] and "empty" in errors[0]
    assert len(reports) == 1


def test_folder_without_messages_is_reported(tmp_path: Path, good: Path) -> None:
    folder = tmp_path / "nothing"
    folder.mkdir()
    status, reports, errors, _ = _batch(folder, good)
    assert status == 1
    assert errors == [f"error: {folder}: no messages found in folder"]
    assert len(reports) == 1


def test_folder_of_non_messages_names_each_and_the_folder(tmp_path: Path, good: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("buy milk\nwrite tests\n")
    status, reports, errors, _ = _batch(folder, good)
    assert status == 1
    assert any(str(folder / "todo.txt") in e and "not a message" in e for e in errors)
    assert any(e.endswith(f"{folder}: no messages found in folder") for e in errors)
    assert len(reports) == 1


def test_truncated_mbox_keeps_the_complete_messages(tmp_path: Path, good: Path) -> None:
    sep = b"From sender@brand.example Wed Mar  4 10:00:00 2026\n"
    mbox = tmp_path / "cut.mbox"
    mbox.write_bytes(sep + make_message(1) + b"\n" + sep + make_message(2)[:70])
    status, reports, errors, _ = _batch(mbox, good)
    assert status == 1
    assert len(errors) == 1 and f"{mbox}#1" in errors[0] and "truncated" in errors[0]
    assert [(r["source"]["path"], r["source"]["index"]) for r in reports] == [  # type: ignore[index]
        (str(mbox), 0),
        (str(good), 0),
    ]


def test_missing_file_is_one_error(tmp_path: Path, good: Path) -> None:
    status, reports, errors, _ = _batch(tmp_path / "gone.eml", good)
    assert status == 1
    assert len(errors) == 1 and "gone.eml" in errors[0]
    assert len(reports) == 1


def test_all_good_inputs_exit_zero(good: Path) -> None:
    status, reports, errors, err = _batch(good, good)
    assert (status, errors, err) == (0, [], "")
    assert len(reports) == 2


def test_bad_inputs_in_a_real_process(tmp_path: Path, good: Path) -> None:
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    run = run_main("analyze", "--json", "--offline", str(png), str(good), timeout=60)
    assert run.status == 1
    assert "Traceback" not in run.err
    assert [line for line in run.err.splitlines() if line.strip()] == run.error_lines
    assert len(run.error_lines) == 1
    assert json.loads(run.out)["message"]["subject"] == "A perfectly normal message"


def test_stdin_in_a_real_process() -> None:
    raw = make_message(3, subject="Read from standard input")
    run = run_main("analyze", "--json", "--offline", "-", stdin=raw, timeout=60)
    assert run.status == 0, run.err
    report = json.loads(run.out)
    assert report["source"]["kind"] == "stdin"
    assert report["message"]["subject"] == "Read from standard input"


def test_text_summary(good: Path) -> None:
    run = run_cli("analyze", "--offline", str(good))
    assert run.status == 0
    assert "A perfectly normal message" in run.out
    assert re.search(r"Risk:\s+(LOW|MEDIUM|HIGH|CRITICAL)", run.out)


def test_hostile_subject_cannot_drive_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "esc.eml"
    path.write_bytes(make_message(1, subject="ok\x1b[2J\x1b]0;pwned\x07 done\r"))
    run = run_cli("analyze", "--offline", str(path))
    assert run.status == 0
    assert "\x1b" not in run.out and "\x07" not in run.out and "\r" not in run.out


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["analyze"],
        ["analyze", "--offline"],
        ["analyze", "--bogus", "x.eml"],
        ["analyze", "--dns-server", "127.0.0.1:99999", "x.eml"],
        ["analyze", "--dns-server", "127.0.0.1:port", "x.eml"],
        ["analyze", "--dns-server", "", "x.eml"],
        ["analyze", "--workers", "many", "x.eml"],
        ["analyze", "--dns-timeout", "soon", "x.eml"],
        ["frobnicate"],
        ["report", "x.eml"],
        ["domain"],
    ],
    ids=lambda argv: " ".join(argv) or "(nothing)",
)
def test_usage_errors_exit_2_with_a_message(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(*argv)
    captured = capsys.readouterr()
    assert run.status == 2
    message = run.err + captured.err
    assert "error:" in message
    assert "Traceback" not in message
    assert run.out == ""


def test_usage_error_goes_to_the_given_err_stream(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli("analyze", "--bogus", "x.eml")
    assert run.status == 2
    assert "error:" in run.err


def test_dns_server_that_is_not_an_address_is_a_usage_error(good: Path) -> None:
    run = run_cli("analyze", "--dns-server", "dns.example", str(good))
    assert run.status == 2


def test_dns_server_that_is_not_an_address_is_an_error_not_a_traceback(good: Path) -> None:
    run = run_cli("analyze", "--dns-server", "dns.example", str(good))
    assert run.status == 2
    assert "error:" in run.err and "dns.example" in run.err and "Traceback" not in run.err


def test_usage_errors_in_a_real_process() -> None:
    for argv in (
        ["analyze"],
        ["analyze", "--dns-server", "127.0.0.1:0", "x.eml"],
        ["dmarc", "report.xml"],
    ):
        run = run_main(*argv, timeout=60)
        assert run.status == 2, argv
        assert "error:" in run.err and "Traceback" not in run.err
        assert "usage:" in run.err


@pytest.mark.parametrize("workers", ["0", "-1", "65", "100000"])
def test_workers_out_of_range_is_a_usage_error(workers: str, good: Path) -> None:
    run = run_cli("analyze", "--offline", "--workers", workers, str(good))
    assert run.status == 2
    assert "--workers" in run.err and "1 to 64" in run.err
    assert run.out == ""


def test_workers_within_range_are_used(good: Path) -> None:
    for workers in ("1", "64"):
        assert run_cli("analyze", "--offline", "--workers", workers, str(good)).status == 0


def test_workers_bound_is_in_the_help() -> None:
    run = run_cli("analyze", "--help")
    assert run.status == 0
    assert "1 to 64" in " ".join(run.out.split())


@pytest.mark.parametrize("location", ["/dev/zero", "/dev/null"])
def test_rdap_bootstrap_that_is_a_device_is_a_usage_error(location: str, good: Path) -> None:
    run = run_cli("analyze", "--offline", "--rdap-bootstrap", location, str(good))
    assert run.status == 2
    assert f"{location} is not a regular file or a folder" in run.err
    assert "Traceback" not in run.err


def test_rdap_bootstrap_too_large_is_a_usage_error(tmp_path: Path, good: Path) -> None:
    huge = tmp_path / "dns.json"
    with huge.open("wb") as f:
        f.truncate(5 * 1024 * 1024)  # sparse: costs no disk
    run = run_cli("analyze", "--offline", "--rdap-bootstrap", str(huge), str(good))
    assert run.status == 2
    assert str(huge) in run.err and "at most" in run.err


def test_rdap_bootstrap_missing_is_a_usage_error(tmp_path: Path, good: Path) -> None:
    run = run_cli("analyze", "--rdap-bootstrap", str(tmp_path / "none.json"), str(good))
    assert run.status == 2
    assert "none.json" in run.err


def test_save_dns_in_a_missing_folder_is_a_usage_error_and_creates_nothing(
    tmp_path: Path, good: Path
) -> None:
    target = tmp_path / "no" / "such" / "dir" / "x.json"
    run = run_cli("analyze", "--offline", "--save-dns", str(target), str(good))
    assert run.status == 2
    assert f"folder {tmp_path / 'no' / 'such' / 'dir'} does not exist" in run.err
    assert list(tmp_path.iterdir()) == [good]
    assert run.out == ""


def test_save_dns_in_an_existing_folder_writes_the_snapshot(tmp_path: Path, good: Path) -> None:
    target = tmp_path / "dns.json"
    assert run_cli("analyze", "--offline", "--save-dns", str(target), str(good)).status == 0
    assert json.loads(target.read_text("utf-8"))["answers"] == []


def test_options_from_args_clamps_and_maps() -> None:
    args = build_parser().parse_args(
        [
            "analyze",
            "--offline",
            "--dns-server",
            "192.0.2.53:5353",
            "--dns-server",
            "[2001:db8::53]:53",
            "--dns-timeout",
            "-3",
            "--dns-budget",
            "0",
            "--no-rdap",
            "--no-intel",
            "x.eml",
        ]
    )
    options = options_from_args(args)
    assert options.offline
    assert options.dns_servers == ("192.0.2.53:5353", "[2001:db8::53]:53")
    assert options.dns_timeout > 0 and options.dns_budget > 0
    assert (options.rdap, options.intel) == (False, False)


def test_commands_are_the_documented_ones() -> None:
    assert COMMANDS == ("analyze", "report", "domain", "catalogue", "case")


# --------------------------------------------------------------------------- domain


@pytest.fixture
def domain_zone() -> Iterator[LoopbackDns]:
    with LoopbackDns() as server:
        d = "posture.example"
        server.add(d, "MX", "10 mx1.posture.example.")
        server.add(d, "MX", "20 mx2.posture.example.")
        server.add(d, "TXT", "v=spf1 include:_spf.posture.example -all")
        server.add(f"_spf.{d}", "TXT", "v=spf1 ip4:192.0.2.0/24 ~all")
        server.add(f"_dmarc.{d}", "TXT", f"v=DMARC1; p=quarantine; rua=mailto:agg@{d}")
        server.add(f"selector1._domainkey.{d}", "TXT", key_txt("rsa2048"))
        server.add(f"_mta-sts.{d}", "TXT", "v=STSv1; id=20260301")
        server.add(f"_smtp._tls.{d}", "TXT", f"v=TLSRPTv1; rua=mailto:tls@{d}")
        yield server


def _domain(server: LoopbackDns, *extra: str) -> tuple[int, str, str]:
    run = run_cli(
        "domain",
        *extra,
        "--no-rdap",
        "--dns-server",
        server.server_spec,
        "--dns-timeout",
        "5",
        "posture.example",
    )
    return run.status, run.out, run.err


def test_domain_json_against_loopback_dns(
    domain_zone: LoopbackDns,
    network_attempts: list[object],  # noqa: F811
) -> None:
    status, out, err = _domain(domain_zone, "--json")
    assert status == 0, err
    p = json.loads(out)
    assert p["domain"] == "posture.example" and p["offline"] is False
    assert p["mx"] == ["10 mx1.posture.example.", "20 mx2.posture.example."]
    assert p["mx_status"] == "answer"
    assert p["spf_record"] == "v=spf1 include:_spf.posture.example -all"
    assert p["spf_lookups"] == 1
    assert [c["domain"] for c in p["spf_tree"]["children"]] == ["_spf.posture.example"]
    assert p["dmarc_policy"] == "quarantine" and p["dmarc_domain"] == "posture.example"
    assert [s for s, _ in p["dkim_selectors"]] == ["selector1"]
    assert p["dkim_selectors"][0][1] == key_txt("rsa2048")
    assert p["mta_sts"] == "v=STSv1; id=20260301"
    assert p["tls_rpt"].startswith("v=TLSRPTv1")
    assert p["bimi"] is None
    assert p["registration"] is None  # --no-rdap
    assert any(q["name"].rstrip(".") == "_mta-sts.posture.example" for q in p["dns"])
    assert ("posture.example", "MX") in domain_zone.queries
    assert network_attempts == []


def test_domain_text_against_loopback_dns(domain_zone: LoopbackDns) -> None:
    status, out, err = _domain(domain_zone)
    assert status == 0, err
    assert "Domain: posture.example" in out
    assert "10 mx1.posture.example." in out
    assert "SPF: v=spf1 include:_spf.posture.example -all" in out
    assert "lookups: 1 of 10" in out
    assert "DMARC: v=DMARC1; p=quarantine" in out
    assert "DKIM selectors found: selector1" in out
    assert "MTA-STS: v=STSv1; id=20260301" in out
    assert "TLS-RPT: v=TLSRPTv1" in out


def test_domain_without_records(dns_server: LoopbackDns) -> None:
    run = run_cli(
        "domain", "--json", "--no-rdap", "--dns-server", dns_server.server_spec, "empty.example"
    )
    assert run.status == 0, run.err
    p = json.loads(run.out)
    assert p["mx"] == [] and p["spf_record"] is None and p["dmarc_record"] is None
    assert p["notes"], "missing SPF/DMARC deserve notes"
    assert {n["severity"] for n in p["notes"]} & {"high", "critical", "medium"}


@pytest.mark.parametrize("fmt", [[], ["--json"]])
def test_domain_offline_says_not_checked(fmt: list[str]) -> None:
    run = run_cli("domain", "--offline", *fmt, "posture.example")
    assert run.status == 0
    assert "not checked (offline)" in run.out.lower()
    if fmt:
        assert json.loads(run.out)["offline"] is True


# --------------------------------------------------------------------------- catalogue


def test_catalogue_lists_every_finding_and_ids_name_their_module() -> None:
    run = run_cli("catalogue")
    assert run.status == 0
    listed = re.findall(r"^\| `([a-z_]+\.[a-z0-9_]+)` \|", run.out, re.MULTILINE)
    assert len(listed) >= 60
    assert len(listed) == len(set(listed))
    assert set(listed) == {s.id for s in all_specs()}
    undeclared = []
    for finding_id in listed:
        theme = finding_id.split(".")[0]
        module, package = RULES / f"{theme}.py", RULES / theme
        sources = [module] if module.is_file() else sorted(package.glob("*.py"))
        text = "".join(s.read_text(encoding="utf-8") for s in sources)
        if f'"{finding_id}"' not in text:
            undeclared.append(finding_id)
    assert undeclared == [], "a finding id must be declared in the module its prefix names"


def test_every_spec_is_documented() -> None:
    for s in all_specs():
        assert s.title.strip() and s.remedy.strip(), s.id
        assert s.references, f"{s.id} has no references"


def test_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """``main.py analyze ... | head -1``: the reader goes away; no traceback, no noise."""
    import os
    import subprocess

    from tests.integration.runner import PYTHON

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02d}.eml").write_bytes(make_message(i))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with subprocess.Popen(
        [str(PYTHON), str(PROJECT / "main.py"), "analyze", "--offline", "--json", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace")
        status = proc.wait(timeout=60)
    assert json.loads(first)["source"]["path"].endswith("00.eml")
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert status == 0


def test_analyze_and_report_accept_dmarc_reports(tmp_path: Path) -> None:
    """A folder of DMARC/TLS reports is summarised (text and JSON) and exported as HTML and
    JSON; a hostile XML file among them is an error line, never a traceback."""
    from tests.support.feedback_reports import XML_BOMB, dmarc_xml, gzipped, tls_report, zipped

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.xml.gz").write_bytes(gzipped(dmarc_xml(report_id="a")))
    (folder / "b.zip").write_bytes(zipped("b.xml", dmarc_xml(report_id="b", reporter="Other")))
    (folder / "tls.json.gz").write_bytes(gzipped(tls_report()))
    text = run_cli("analyze", "--offline", str(folder))
    assert text.status == 0, text.err
    assert "2 reports, 286 messages" in text.out
    assert "203.0.113.66" in text.out and "unknown" in text.out
    assert "certificate-expired 12" in text.out
    as_json = run_cli("analyze", "--offline", "--json", str(folder))
    data = json.loads(as_json.out)
    assert data["type"] == "feedback" and data["volume"] == 286
    assert {s["classification"] for s in data["sources"]} == {"authorised", "forwarding", "unknown"}
    html = tmp_path / "dmarc.html"
    exported = run_cli("report", "--offline", str(folder), "-o", str(html))
    assert exported.status == 0, exported.err
    assert "DMARC aggregate reports: shop.example" in html.read_text()
    (folder / "evil.xml").write_bytes(XML_BOMB)
    hostile = run_cli("analyze", "--offline", str(folder))
    assert hostile.status == 1
    assert "evil.xml: XML with a DOCTYPE is refused" in hostile.err
    assert "Traceback" not in hostile.err
