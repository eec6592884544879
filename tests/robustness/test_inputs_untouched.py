"""Inputs are never modified: every byte, every mtime and every name (a Maildir message must not
move from new/ to cur/ or gain flags) is the same after a full CLI run as before it."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.robustness.support import OWN_SEEDS, PROJECT

Snapshot = dict[str, tuple[str, int, int, int]]


def snapshot(root: Path) -> Snapshot:
    """Relative path -> (sha256, size, mtime_ns, mode) for every file and folder under root."""
    out: Snapshot = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
            out[str(path.relative_to(root))] = (digest, st.st_size, st.st_mtime_ns, st.st_mode)
    return out


def run_cli(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, str(PROJECT / "main.py"), *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _write_maildir(root: Path) -> None:
    for sub in ("new", "cur", "tmp"):
        (root / sub).mkdir(parents=True)
    for n, raw in enumerate(OWN_SEEDS):
        (root / "new" / f"17000000{n}.M{n}P1.host").write_bytes(raw)
        (root / "cur" / f"17000001{n}.M{n}P1.host:2,").write_bytes(raw)  # unseen, no flags


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_cli_run_over_dev_corpus_changes_nothing(corpus_dir: Path, tmp_path: Path) -> None:
    before = snapshot(corpus_dir)
    out = run_cli("analyze", str(corpus_dir), "--json", "--offline")
    assert out.returncode in (0, 1), out.stderr[-2000:]  # 1: some files are not messages
    assert out.stdout.count("\n") > 500, "the run should have analysed the corpus"
    assert snapshot(corpus_dir) == before


@pytest.mark.timeout(300)
def test_cli_runs_over_a_maildir_copy_change_nothing(tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    _write_maildir(maildir / "own")
    corpus_maildir = PROJECT.parent / "shared" / "corpus" / "dev" / "maildir"
    if corpus_maildir.is_dir():  # a copy in tmp only, never into the project
        shutil.copytree(corpus_maildir, maildir / "corpus", symlinks=False)
    before = snapshot(maildir)
    new_before = sorted(p.name for p in maildir.rglob("new/*"))
    analyzed = run_cli("analyze", str(maildir), "--json", "--offline")
    assert analyzed.returncode == 0, analyzed.stderr[-2000:]
    assert analyzed.stdout.count("\n") >= 2 * len(OWN_SEEDS)
    report = run_cli("report", str(maildir), "-o", str(tmp_path / "out.html"), "--offline")
    assert report.returncode == 0, report.stderr[-2000:]
    assert (tmp_path / "out.html").stat().st_size > 0
    assert sorted(p.name for p in maildir.rglob("new/*")) == new_before, "moved out of new/"
    assert snapshot(maildir) == before
