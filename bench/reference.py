"""Reference throughput of SpamAssassin (spamc -> spamd) or rspamd (rspamc), when installed.

Only a reference row: neither is a dependency and neither is expected on a developer machine.
Each message goes through the client once; a client that cannot reach its daemon is reported.
"""

from __future__ import annotations

import subprocess
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Bench

MESSAGES = 100


def _rate(cmd: list[str], raws: list[bytes]) -> float | str:
    started = time.perf_counter()
    for raw in raws:
        try:
            proc = subprocess.run(cmd, input=raw, capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"failed: {exc}"
        if proc.returncode not in (0, 1) or not proc.stdout:
            return f"daemon not answering ({proc.returncode}: {proc.stderr[:200]!r})"
    return len(raws) / (time.perf_counter() - started)


def measure_reference(b: Bench, found: dict[str, str | None]) -> None:
    from bench.measure import load_folder

    raws = load_folder(b.corpus.folder, MESSAGES)
    rows: dict[str, float | str] = {}
    if found.get("spamc"):
        rows["spamassassin (spamc -c)"] = _rate([str(found["spamc"]), "-c"], raws)
    if found.get("rspamc"):
        rows["rspamd (rspamc)"] = _rate([str(found["rspamc"])], raws)
    b.figures["reference_rates"] = rows
    for name, rate in rows.items():
        shown = f"{rate:.1f} msg/s" if isinstance(rate, float) else rate
        b.say(f"  {name}: {shown}")
    if not found.get("spamc"):
        b.say("  SpamAssassin (spamc/spamd): not installed")
    if not found.get("rspamc"):
        b.say("  rspamd (rspamc): not installed")
