"""Building blocks shared by every HTML report section: escaping, colours, the style sheet,
time and delay formatting, result badges and the two table shapes. Kept apart from the document
assembler so the section renderers can use them without importing it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime

from inspector.model.codes import AuthStatus, Risk, Severity
from inspector.report.visible_text import visible

STATUS_COLOURS: dict[str, str] = {
    "pass": "#1a7f37",
    "fail": "#cf222e",
    "softfail": "#bc4c00",
    "neutral": "#6e7781",
    "none": "#6e7781",
    "temperror": "#9a6700",
    "permerror": "#cf222e",
    "policy": "#9a6700",
    "skipped": "#6e7781",
}
RISK_COLOURS: dict[Risk, str] = {
    Risk.LOW: "#1a7f37",
    Risk.MEDIUM: "#9a6700",
    Risk.HIGH: "#bc4c00",
    Risk.CRITICAL: "#cf222e",
}
SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.INFO: "#57606a",
    Severity.LOW: "#0969da",
    Severity.MEDIUM: "#9a6700",
    Severity.HIGH: "#bc4c00",
    Severity.CRITICAL: "#cf222e",
}

STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #1f2328; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 14pt; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 10pt; margin-top: 8pt; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid th { background-color: #f0f3f6; text-align: left; font-weight: bold; }
table.grid td, table.grid th { border: 1px solid #d0d7de; padding: 2px 4px; vertical-align: top; }
td.k { font-weight: bold; width: 22%; }
.muted { color: #57606a; }
.mono { font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; }
.badge { font-weight: bold; }
.verdict { font-size: 11pt; font-weight: bold; }
h1, h2, h3, h4 { page-break-after: avoid; }
div.part { page-break-before: always; }
p.caption { font-size: 8pt; color: #57606a; margin-top: 2pt; }
td.small, span.small { font-size: 7pt; }
"""


OFFLINE_NOTE = " (offline: network checks skipped)"


def _coloured(colour: str, text: object) -> str:
    return f'<span style="color:{colour}">{esc(text)}</span>'


def esc(value: object) -> str:
    """Escape message-derived text for HTML; None becomes an em dash."""
    if value is None or value == "":
        return "\u2014"
    text = visible(str(value))
    # Control characters are shown, not obeyed.
    text = "".join(ch if ch >= " " or ch in "\t\n" else f"\\x{ord(ch):02x}" for ch in text)
    return html.escape(text, quote=True)


def fmt_time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "\u2014"


def fmt_delay(seconds: float | None) -> str:
    if seconds is None:
        return "\u2014"
    sign = "\u2212" if seconds < 0 else ""
    s = abs(seconds)
    if s >= 86400:
        return f"{sign}{s / 86400:.1f} d"
    if s >= 3600:
        return f"{sign}{int(s // 3600)} h {int(s % 3600 // 60)} min"
    if s >= 60:
        return f"{sign}{int(s // 60)} min {int(s % 60)} s"
    return f"{sign}{s:.0f} s"


def badge(status: AuthStatus | str | None) -> str:
    value = status.value if isinstance(status, AuthStatus) else (status or "none")
    colour = STATUS_COLOURS.get(value, "#57606a")
    return f'<span class="badge" style="color:{colour}">{esc(value.upper())}</span>'


_GRID = '<table class="grid" width="100%" cellspacing="0" cellpadding="3" border="1">'


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[int] = ()) -> str:
    """A grid whose header row repeats on each PDF page. Cells are already-escaped HTML;
    ``widths`` (percent per column) keeps prose columns wide and figure columns narrow."""
    head = "".join(
        f'<th width="{widths[i]}%">{h}</th>' if i < len(widths) else f"<th>{h}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    if not body:
        body = f'<tr><td colspan="{len(headers)}" class="muted">none</td></tr>'
    return f"{_GRID}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def kv(rows: Iterable[tuple[str, str]]) -> str:
    body = "".join(f'<tr><td class="k">{k}</td><td>{v}</td></tr>' for k, v in rows)
    return f"{_GRID}{body}</table>"
