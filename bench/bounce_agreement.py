"""Agreement of the bounce reasons and DSN statuses with Sisimai's own expectations for the
dev corpus (../shared/suites/bounces-sisimai/expected.json).

Every file is read the way the app reads it (an mbox file holds several messages), each
decoded recipient is compared with Sisimai's by position, and a missing or extra recipient
counts against both figures. The status compared is the server's code, or the pseudo code
when no server wrote one (Sisimai's convention).

    .venv/bin/python -m bench.bounce_agreement [--mismatches]
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from inspector.bounces.decode import decode_bounce
from inspector.model.bounces import BounceRecipient
from inspector.parse.message import parse_message
from inspector.parse.sources import iter_messages

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("INSPECTOR_SHARED", ROOT.parent / "shared"))
SUITE = "suites/bounces-sisimai/expected.json"
CORPUS = "corpus/dev/bounces_sisimai_upto2023"


@dataclass(frozen=True)
class Row:
    """One expected or observed recipient."""

    file: str
    index: int
    expected: dict[str, object] | None
    got: BounceRecipient | None

    @property
    def got_status(self) -> str:
        if self.got is None:
            return ""
        return self.got.status or self.got.pseudo_status or ""

    @property
    def reason_ok(self) -> bool:
        return (
            self.expected is not None
            and self.got is not None
            and (self.got.reason.value == self.expected["reason"])
        )

    @property
    def status_ok(self) -> bool:
        return (
            self.expected is not None
            and self.got is not None
            and self.got_status == self.expected["status"]
        )


def recipients_of(path: Path) -> list[BounceRecipient]:
    """Every decoded recipient of every message in one corpus file."""
    out: list[BounceRecipient] = []
    for item in iter_messages([str(path)]):
        if isinstance(item, tuple):
            bounce = decode_bounce(parse_message(item[1]))
            if bounce is not None:
                out.extend(bounce.recipients)
    return out


def rows(shared: Path = SHARED) -> list[Row]:
    expected: dict[str, list[dict[str, object]]] = json.loads((shared / SUITE).read_text())
    out: list[Row] = []
    for name, wanted in expected.items():
        got = recipients_of(shared / CORPUS / name)
        for i in range(max(len(wanted), len(got))):
            out.append(
                Row(
                    name,
                    i,
                    wanted[i] if i < len(wanted) else None,
                    got[i] if i < len(got) else None,
                )
            )
    return out


def measure(shared: Path = SHARED) -> dict[str, object]:
    """The agreement figures: recipients, files, reason and status agreement (percent),
    and the mismatches. Raises FileNotFoundError when the suite is absent."""
    found = rows(shared)
    total = sum(1 for r in found if r.expected is not None)
    reason_ok = sum(r.reason_ok for r in found)
    status_ok = sum(r.status_ok for r in found)
    confusion: Counter[str] = Counter()
    mismatches: list[str] = []
    for r in found:
        if r.reason_ok and r.status_ok:
            continue
        want = f"{r.expected['reason']} {r.expected['status']}" if r.expected else "(extra)"
        got = f"{r.got.reason.value} {r.got_status}" if r.got else "(missing)"
        mismatches.append(f"{r.file}#{r.index}: Sisimai {want}; ours {got}")
        if not r.reason_ok:
            confusion[f"{want.split(maxsplit=1)[0]} -> {got.split(maxsplit=1)[0]}"] += 1
    return {
        "recipients": total,
        "files": len({r.file for r in found}),
        "reason_agreement": 100 * reason_ok / total if total else 0.0,
        "status_agreement": 100 * status_ok / total if total else 0.0,
        "reason_matches": reason_ok,
        "status_matches": status_ok,
        "mismatches": mismatches,
        "confusion": dict(confusion.most_common()),
    }


def summary(figures: dict[str, object]) -> str:
    """One line for ``make eval``."""
    return (
        f"bounces vs Sisimai: reason {figures['reason_matches']}/{figures['recipients']} = "
        f"{figures['reason_agreement']:.1f}%, DSN status {figures['status_matches']}/"
        f"{figures['recipients']} = {figures['status_agreement']:.1f}% "
        f"({figures['files']} files)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Bounce agreement with Sisimai")
    parser.add_argument("--mismatches", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    if not (SHARED / SUITE).is_file():
        print(f"not measured: {SHARED / SUITE} is absent")
        return 0
    figures = measure()
    print(summary(figures))
    mismatches = figures["mismatches"]
    if args.mismatches and isinstance(mismatches, list):
        for line in mismatches:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
