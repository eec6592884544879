"""GUI export: gathers the reports off the GUI thread (re-analysing from the DNS cache where
needed), redacts, renders and writes the file atomically, with progress in the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from inspector.model.report import Report
from inspector.report.export import render, write_atomically
from inspector.report.redact import redact_reports
from ui.dialogs.export_dialog import ExportChoice
from ui.export import write_pdf
from ui.tasks import CancelToken

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _ignore(_result: object) -> None:
    """Adapts writers that return a count to the atomic writer's None-returning callback."""


def export_reports(reports: list[Report], choice: ExportChoice) -> str:
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


def start_export(window: MainWindow, choice: ExportChoice) -> CancelToken:
    current = window.current_report()
    refs = window.visible_refs() if choice.mailbox else []
    session = window.session

    def work(token: CancelToken) -> str:
        if choice.mailbox:
            reports = list(session.reports_for(refs, token))
        else:
            assert current is not None
            reports = [current]
        if token.cancelled:
            return "Export cancelled"
        return export_reports(reports, choice)

    window.status_label.setText(f"Exporting {len(refs) if choice.mailbox else 1} message(s)\u2026")
    window.progress.setVisible(True)
    window.progress.setRange(0, 0)

    def done(message: object) -> None:
        window.progress.setVisible(False)
        window.status_label.setText(str(message))

    def failed(exc: BaseException) -> None:
        window.progress.setVisible(False)
        window.status_label.setText(f"Export failed: {exc}")

    return window.tasks.run(work, on_done=done, on_error=failed)
