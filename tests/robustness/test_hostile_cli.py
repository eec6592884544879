"""The command line against a hostile user or system, measured from outside the process:
file names that are not UTF-8 under a strict UTF-8 terminal, a report killed with SIGKILL while
it writes, arguments that would read a device or start 100,000 threads, and a mistyped command
(which used to open the window and, headless, never return)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from inspector.cli.main import COMMANDS
from tests.robustness.measured import run_measured
from tests.robustness.support import OWN_SEEDS, PROJECT

#: A terminal that refuses what it cannot encode, as PYTHONIOENCODING and C.UTF-8 make it.
STRICT_UTF8 = {"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
BAD_NAME = b"bad\xff\xfe-name.eml"
SHOWN = "bad\\xff\\xfe-name.eml"


@pytest.fixture
def named_inputs(tmp_path: Path) -> tuple[bytes, Path]:
    """A message whose file name is not UTF-8, and an ordinary one analysed after it."""
    bad = os.fsencode(tmp_path) + b"/" + BAD_NAME
    with open(bad, "wb") as f:
        f.write(OWN_SEEDS[0])
    good = tmp_path / "good.eml"
    good.write_bytes(OWN_SEEDS[2])
    return bad, good


# --------------------------------------------------------------------------- item 5: names


def test_analyze_on_a_strict_terminal_shows_the_name_and_goes_on(
    named_inputs: tuple[bytes, Path],
) -> None:
    bad, good = named_inputs
    for fmt in ([], ["--json"]):
        run = run_measured(
            "analyze", "--offline", *fmt, os.fsdecode(bad), str(good), env=STRICT_UTF8
        )
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
        text = run.raw_stdout.decode("utf-8")  # strict: the output is valid UTF-8
        if fmt:
            paths = [json.loads(line)["source"]["path"] for line in text.splitlines()]
            assert paths == [os.fsdecode(os.fsencode(good.parent)) + "/" + SHOWN, str(good)]
        else:
            assert f"/{SHOWN} #0" in text
            assert f"== {good} #0" in text  # the later message was not dropped


@pytest.mark.parametrize("suffix", [".json", ".html", ".pdf"])
def test_report_of_a_badly_named_file_is_written_with_the_name_escaped(
    named_inputs: tuple[bytes, Path], tmp_path: Path, suffix: str
) -> None:
    bad, good = named_inputs
    out_name = os.fsencode(tmp_path) + b"/report\xe9" + suffix.encode()
    out = os.fsdecode(out_name)
    run = run_measured(
        "report", "--offline", os.fsdecode(bad), str(good), "-o", out, env=STRICT_UTF8
    )
    assert run.returncode == 0, run.stderr
    assert f"wrote {os.fsdecode(os.fsencode(tmp_path))}/report\\xe9{suffix}" in run.stdout
    if suffix == ".pdf":
        text = subprocess.run(
            ["pdftotext", "-layout", out, "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        assert SHOWN in unicodedata.normalize("NFKC", text)  # pdftotext writes "ff" as a ligature
    else:
        with open(out_name, "rb") as f:
            document = f.read().decode("utf-8")  # strict: never a lone surrogate
        if suffix == ".json":
            paths = [r["source"]["path"] for r in json.loads(document)]
            assert any(p.endswith("/" + SHOWN) for p in paths)
        else:
            assert SHOWN in document


# --------------------------------------------------------------------------- item 8: files


def test_a_report_killed_while_it_writes_leaves_nothing_that_looks_like_output(
    tmp_path: Path,
) -> None:
    """Watch the output folder and kill the run the moment any name appears in it: the only
    name that may ever appear is the finished report."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, seed in enumerate(OWN_SEEDS):
        (inputs / f"m{i}.eml").write_bytes(seed)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.pdf"
    process = subprocess.Popen(
        [
            sys.executable,
            str(PROJECT / "main.py"),
            "report",
            "--offline",
            str(inputs),
            "-o",
            target,
        ],
        cwd=PROJECT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    seen: list[str] = []
    while process.poll() is None and time.monotonic() < deadline and not seen:
        seen = os.listdir(folder)
        time.sleep(0.001)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)
    left = os.listdir(folder)
    assert left in ([], ["report.pdf"]), f"left beside the report: {left}"
    if left:
        assert target.read_bytes().startswith(b"%PDF") and target.read_bytes().rstrip().endswith(
            b"%%EOF"
        )


# --------------------------------------------------------------------------- item 10: bounds


def test_rdap_bootstrap_on_a_device_is_refused_at_once_in_bounded_memory(tmp_path: Path) -> None:
    message = tmp_path / "m.eml"
    message.write_bytes(OWN_SEEDS[0])
    run = run_measured("analyze", "--rdap-bootstrap", "/dev/zero", str(message), timeout=60)
    assert run.returncode == 2
    assert "/dev/zero is not a regular file or a folder" in run.stderr
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr
    assert run.peak_mb < 500, f"{run.peak_mb:.0f} MB to refuse an argument"


def test_workers_beyond_the_bound_is_a_usage_error_at_once(tmp_path: Path) -> None:
    message = tmp_path / "m.eml"
    message.write_bytes(OWN_SEEDS[0])
    run = run_measured("analyze", "--offline", "--workers", "100000", str(message), timeout=60)
    assert run.returncode == 2
    assert "1 to 64" in run.stderr and run.stdout == ""


# --------------------------------------------------------------------------- item 11: commands


def test_a_mistyped_command_is_a_usage_error_not_a_window(tmp_path: Path) -> None:
    run = run_measured("dmarc", "report.xml", timeout=60)
    assert run.returncode == 2
    assert f"'dmarc' is neither a command ({', '.join(COMMANDS)})" in run.stderr
    assert run.stdout == ""
