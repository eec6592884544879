"""``main.py analyze`` on worker processes: the same output as one process, in input order
(report e-mails taken out by the workers as by one process), one recording of every worker's
answers, bounded ``--workers`` and ``--message-timeout``, and no progress bar off a
terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.integration.runner import PROJECT, run_cli
from tests.support.feedback_reports import dmarc_xml, gzipped, report_email
from tests.support.messages import write_folder

SAMPLES = PROJECT / "resources" / "samples"
TIMINGS = ("analyzed_at", "asked_at", "elapsed_ms")


def without_timings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if k not in TIMINGS}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


@pytest.mark.parametrize("count", ["0", "-1", "65", "many"])
def test_workers_out_of_bounds_is_a_usage_error(count: str) -> None:
    run = run_cli("analyze", "--offline", "--workers", count, "x.eml")
    assert run.status == 2
    assert "--workers" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("seconds", ["0", "-5", "nan", "inf", "soon"])
def test_message_timeout_out_of_bounds_is_a_usage_error(seconds: str) -> None:
    run = run_cli("analyze", "--offline", "--message-timeout", seconds, "x.eml")
    assert run.status == 2
    assert "--message-timeout" in run.err and "Traceback" not in run.err


def test_workers_take_report_e_mails_out_as_one_process_does(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "m", 6)
    carrier = report_email([("report.xml.gz", "application/gzip", gzipped(dmarc_xml()))])
    (folder / "00003b.eml").write_bytes(carrier)
    single = run_cli("analyze", "--offline", "--workers", "1", str(folder))
    several = run_cli("analyze", "--offline", "--workers", "2", str(folder))
    assert several.status == single.status == 0
    assert several.out == single.out
    assert "DMARC aggregate" in several.out and several.out.count("Message number") >= 6


def test_worker_processes_give_the_one_process_output_in_input_order(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "m", 16)
    (folder / "00007b.eml").write_bytes(b"")
    single = run_cli("analyze", "--json", "--offline", "--workers", "1", str(folder))
    several = run_cli("analyze", "--json", "--offline", "--workers", "2", str(folder))
    assert single.status == several.status == 1  # the empty file
    assert several.error_lines == single.error_lines and "empty" in several.error_lines[0]
    one = [without_timings(json.loads(line)) for line in single.out.splitlines()]
    two = [without_timings(json.loads(line)) for line in several.out.splitlines()]
    assert two == one
    assert [r["message"]["subject"] for r in two] == [f"Message number {i}" for i in range(16)]
    assert "\r" not in several.err  # standard error is not a terminal: no progress bar


def test_text_output_is_the_same_on_workers(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "m", 4)
    single = run_cli("analyze", "--offline", "--workers", "1", str(folder))
    several = run_cli("analyze", "--offline", "--workers", "2", str(folder))
    assert several.status == single.status == 0
    assert several.out == single.out and several.out.count("Message number") >= 4


def test_one_recording_holds_every_worker_s_answers(tmp_path: Path) -> None:
    if not (SAMPLES / "dns.json").is_file():
        pytest.skip("the bundled samples and their DNS recording are not in this checkout")
    emls = sorted(str(p) for p in SAMPLES.glob("*.eml"))
    saved: list[dict[str, Any]] = []
    for workers in ("1", "2"):
        target = tmp_path / f"dns-{workers}.json"
        run = run_cli(
            "analyze",
            "--json",
            "--replay-dns",
            str(SAMPLES / "dns.json"),
            "--save-dns",
            str(target),
            "--workers",
            workers,
            *emls,
        )
        assert run.status == 0, run.err
        saved.append(json.loads(target.read_text(encoding="utf-8")))
    one, two = saved
    assert one["answers"] and two["answers"] == one["answers"]
    assert two.get("rdap") == one.get("rdap")
