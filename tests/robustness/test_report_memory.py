"""Mailbox reports in bounded memory: the peak of ``main.py report`` (a real process, measured
from outside) must not grow with the number of messages, in any format.

A report used to hold every analysed message and the whole document: the PDF took about
230 MB per 1,000 messages. Now four times the messages may cost a few MB more (counters,
the PDF writer's page index), never four times the memory. The bound is generous: a machine
under load must not fail it, a report that holds messages again must."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.integration.runner import PROJECT, PYTHON
from tests.support.messages import write_mbox
from tests.support.peak_rss import run_measured

SMALL, LARGE = 300, 1200
#: Allowed growth from SMALL to LARGE messages, per format; holding reports costs far more
#: (~70 MB for the 900 extra messages of a PDF at the old 230 MB per 1,000, 20 MB and more for
#: HTML). Measured alone on 2026-12-07: PDF 14 MB (the PDF writer's page index and the
#: analysis caches, which are bounded), HTML 2-6 MB, JSON 5-6 MB; a loaded machine adds a
#: little, so the PDF bound is not the others'.
GROWTH_MB = {"pdf": 25.0, "html": 15.0, "json": 15.0}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mailboxes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("memory")
    return {n: write_mbox(folder / f"m{n}.mbox", n) for n in (SMALL, LARGE)}


def _peak(mbox: Path, out: Path) -> float:
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    run = run_measured(
        [python, str(PROJECT / "main.py"), "report", "--offline", str(mbox), "-o", str(out)],
        env=env,
        timeout=280,
    )
    assert run.status == 0, run.err
    return run.peak_mb


@pytest.mark.parametrize("fmt", ["pdf", "html", "json"])
def test_peak_memory_does_not_grow_with_the_mailbox(
    fmt: str, mailboxes: dict[int, Path], tmp_path: Path
) -> None:
    small = _peak(mailboxes[SMALL], tmp_path / f"small.{fmt}")
    large = _peak(mailboxes[LARGE], tmp_path / f"large.{fmt}")
    assert large - small < GROWTH_MB[fmt], f"{SMALL}: {small:.0f} MB, {LARGE}: {large:.0f} MB"
