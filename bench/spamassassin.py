"""SpamAssassin beside our score in ``make eval``: local tests only (-L: no DNS, no network;
Bayes, auto-learn and the auto-welcome list off, so message order cannot matter), through a
private spamd when spamd/spamc are installed, else the spamassassin script. An evaluation aid
only: the project never needs SpamAssassin, and CI never installs it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

_SA_RULE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]{2,})\b", re.M)
_SA_STATUS = re.compile(r"score=(-?\d+(?:\.\d+)?)\s+required=\S+\s+tests=([A-Za-z0-9_,\s]*)")
_SA_PREFS = "use_bayes 0\nbayes_auto_learn 0\nuse_auto_whitelist 0\nuse_txrep 0\n"


class SpamAssassin:
    """Local-tests-only scoring through a private spamd (or the spamassassin script)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.tmp = Path(tempfile.mkdtemp(prefix="di-eval-sa-"))
        os.chmod(self.tmp, 0o755)
        site = self.tmp / "site"
        if Path("/etc/spamassassin").is_dir():
            shutil.copytree("/etc/spamassassin", site)
        else:
            site.mkdir()
        (site / "zz_eval.cf").write_text(_SA_PREFS)
        self.site = site
        self.prefs = self.tmp / "user_prefs"
        self.prefs.write_text(_SA_PREFS)
        self.sock = self.tmp / "spamd.sock"
        self.spamd: subprocess.Popen[bytes] | None = None
        self.version = sa_version()
        if shutil.which("spamd") and shutil.which("spamc"):
            self._start_spamd()

    def _start_spamd(self) -> None:
        cmd = [
            "spamd", "-L", "-x", "--siteconfigpath", str(self.site), "--socketpath",
            str(self.sock), "--max-children", str(self.workers), "--min-children",
            str(self.workers), "--syslog", "stderr", "--pidfile", str(self.tmp / "pid"),
        ]  # fmt: skip
        if os.geteuid() == 0:
            cmd += ["-u", "nobody"]
        log = (self.tmp / "spamd.log").open("wb")
        self.spamd = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.spamd.poll() is not None:
                break
            if self.sock.exists():
                ping = subprocess.run(
                    ["spamc", "-U", str(self.sock), "-K"], capture_output=True, check=False
                )
                if ping.returncode == 0:
                    return
            time.sleep(0.3)
        self._stop_spamd()  # fall back to the spamassassin script

    def _stop_spamd(self) -> None:
        if self.spamd is not None:
            self.spamd.terminate()
            try:
                self.spamd.wait(10)
            except subprocess.TimeoutExpired:
                self.spamd.kill()
            self.spamd = None

    def score(self, data: bytes) -> tuple[float | None, list[str]]:
        if self.spamd is not None:
            run = subprocess.run(
                ["spamc", "-U", str(self.sock), "-R", "-x", "-s", str(64 << 20), "-t", "300"],
                input=data,
                capture_output=True,
                check=False,
            )
            text = run.stdout.decode("utf-8", "replace")
            first, _, rest = text.partition("\n")
            m = re.match(r"\s*(-?\d+(?:\.\d+)?)/", first)
            if m:
                return float(m.group(1)), [r for _, r in _SA_RULE.findall(rest)]
            return None, []
        run = subprocess.run(
            ["spamassassin", "-L", "-x", "--siteconfigpath", str(self.site), "-p",
             str(self.prefs)],
            input=data, capture_output=True, check=False,
        )  # fmt: skip
        block = run.stdout.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
        head = re.sub(rb"\r?\n[ \t]+", b" ", block).decode("utf-8", "replace")
        m2 = _SA_STATUS.search(head)
        if not m2:
            return None, []
        tokens = re.split(r"[,\s]+", m2.group(2))
        rules = [t for t in tokens if t and t not in ("none", "autolearn")]
        return float(m2.group(1)), rules

    def close(self) -> None:
        self._stop_spamd()
        shutil.rmtree(self.tmp, ignore_errors=True)


def sa_version() -> str:
    exe = shutil.which("spamassassin") or shutil.which("spamd")
    if not exe:
        return ""
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    m = re.search(r"version (\S+)", out.stdout)
    return f"SpamAssassin {m.group(1)}" if m else "SpamAssassin"


def sa_available() -> bool:
    return bool(shutil.which("spamassassin") or (shutil.which("spamd") and shutil.which("spamc")))


def sa_cache(path: Path) -> tuple[dict[str, tuple[float | None, list[str]]], str]:
    """SpamAssassin results of an earlier run, by stripped-message hash, and its version."""
    cached: dict[str, tuple[float | None, list[str]]] = {}
    if not path.is_file():
        return cached, ""
    try:
        old = json.loads(path.read_text())
        for r in old.get("messages", []):
            if r.get("sa_score") is not None:
                cached[r["sha256"]] = (r["sa_score"], r.get("sa_rules", []))
        return cached, str(old.get("spamassassin") or "")
    except (ValueError, KeyError, AttributeError):
        return {}, ""
