"""The frozen build and `python main.py` behave the same (runs only where dist/ exists:
`make dist` runs it after building)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
FROZEN = PROJECT / "dist" / "DeliverabilityInspector" / "DeliverabilityInspector"
SAMPLES = PROJECT / "resources" / "samples"

pytestmark = pytest.mark.skipif(
    not FROZEN.is_file() or not os.environ.get("CHECK_FROZEN"),
    reason="compares a fresh bundle: run by `make dist` (CHECK_FROZEN=1) after building it",
)

_VOLATILE = {"analyzed_at", "asked_at", "elapsed_ms"}


def _stable(value: object) -> object:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _run(command: list[str], args: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=PROJECT,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", "--json", "--replay-dns", str(SAMPLES / "dns.json"), str(SAMPLES)],
        ["analyze", "--offline", str(SAMPLES / "phishing-display-name.eml")],
        ["analyze", "--offline", str(PROJECT / "README.md")],
        ["catalogue"],
        ["analyze"],
    ],
)
def test_frozen_and_source_give_the_same_output(args: list[str]) -> None:
    source = _run([sys.executable, "main.py"], args)
    frozen = _run([str(FROZEN)], args)
    assert frozen.returncode == source.returncode, frozen.stderr
    if "--json" in args:
        parse = lambda out: [_stable(json.loads(line)) for line in out.splitlines()]  # noqa: E731
        assert parse(frozen.stdout) == parse(source.stdout)
    else:
        assert frozen.stdout == source.stdout
    assert frozen.stderr.replace(str(FROZEN), "main.py") == source.stderr


def test_frozen_report_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    done = _run(
        [str(FROZEN)], ["report", "--offline", str(SAMPLES / "personal-plain.eml"), "-o", str(out)]
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
