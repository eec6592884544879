"""Writing an export off the GUI thread: redact, render, write atomically.

The controller gathers the reports (re-analysing from the DNS cache where needed) and runs
``export_reports`` through its task runner; this module knows no widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspector.model.report import Report
from inspector.report.export import render, write_atomically
from inspector.report.redact import redact_reports
from ui.pdf_writer import write_pdf


@dataclass(frozen=True)
class ExportChoice:
    """What the export dialog asked for."""

    path: str
    mailbox: bool
    redact: bool
    redact_domains: tuple[str, ...]


def _ignore(_result: object) -> None:
    """Adapts writers that return a count to the atomic writer's None-returning callback."""


def export_reports(reports: list[Report], choice: ExportChoice) -> str:
    """Write ``reports`` as ``choice`` says; the sentence for the status bar."""
    if choice.redact:
        reports = redact_reports(reports, choice.redact_domains)
    target = Path(choice.path)
    fmt = target.suffix.lower().replace(".htm", ".html").replace(".htmll", ".html")
    document = render(reports, ".html" if fmt == ".pdf" else fmt, errors=[])
    if fmt == ".pdf":
        write_atomically(target, lambda tmp: _ignore(write_pdf(document, tmp)), force=True)
    else:
        write_atomically(
            target,
            lambda tmp: _ignore(Path(tmp).write_text(document, encoding="utf-8")),
            force=True,
        )
    return f"Exported {len(reports)} message{'s' if len(reports) != 1 else ''} to {target}"
