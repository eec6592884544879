"""A decoded verdict as evidence: its key fields in the header's own notation.

Findings quote the receiver's header the way it was written (``SCL:6;SFV:SPM`` for Microsoft,
``score=7.3 required=5.0`` elsewhere), so a reader can find it in the raw message.
"""

from __future__ import annotations

from collections.abc import Iterable

from inspector.model.verdicts import Verdict
from inspector.verdicts.microsoft import FILTER as MICROSOFT


def field(v: Verdict, *names: str) -> str | None:
    wanted = {n.upper() for n in names}
    return next((f.raw for f in v.fields if f.name.upper() in wanted), None)


def where(v: Verdict) -> str:
    return f" (added at hop {v.hop + 1})" if v.hop is not None else ""  # numbered as shown


_KEY_FIELDS = (
    "SCL",
    "SFV",
    "CAT",
    "SRV",
    "BCL",
    "IPV",
    "status",
    "flag",
    "score",
    "hits",
    "required",
    "action",
    "spam",
    "rule",
    "spamscore",
    "phishscore",
    "tests",
    "dest",
    "OFR",
    "RF",
)


def evidence_line(v: Verdict, names: Iterable[str] = _KEY_FIELDS) -> str:
    """The verdict's key fields in the header's own notation (TAG:value or key=value),
    with the hop that added it: the evidence line a finding quotes."""
    wanted = {n.upper() for n in names}
    ms = v.filter == MICROSOFT
    parts: list[str] = []
    tests: list[str] = []
    for f in v.fields:
        if wanted and f.name.upper() not in wanted:
            continue
        if f.name == "tests":
            tests.append(f.raw)
        elif f.name == "status":
            parts.append(f.raw)
        else:
            parts.append(f"{f.name}:{f.raw}" if ms else f"{f.name}={f.raw}")
    if tests:
        parts.append("tests=" + ",".join(tests))
    sep = ";" if ms else " "
    return f"{v.header}: {sep.join(parts)[:300]}{where(v)}"
