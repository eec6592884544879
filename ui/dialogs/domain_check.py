"""Tools > Check a domain: a sender domain's posture (``main.py domain``) without a message.

The check runs through the controller (in the background, with the run's network settings);
the dialog only asks for the name and shows the answer as badges, and copies it for a ticket.
Offline, every row says "not checked (offline)": that is a state, not a failure.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.intel.domaincheck import DomainPosture
from inspector.report.html_base import esc
from ui.controller import Controller
from ui.dialogs.posture_rows import Mark, posture_as_markdown, posture_as_text, posture_rows
from ui.icons import Glyph, Tone, icon, icon_html
from ui.views.copy_menu import copy_to_clipboard, install_on_browser
from ui.views.safe_browser import PageBrowser

MARK_LOOK: dict[Mark, tuple[Glyph, Tone]] = {
    Mark.PASS: (Glyph.PASS, Tone.GOOD),
    Mark.WARN: (Glyph.WARNING, Tone.WARN),
    Mark.FAIL: (Glyph.FAIL, Tone.BAD),
    Mark.ABSENT: (Glyph.NONE, Tone.MUTED),
    Mark.NOT_CHECKED: (Glyph.NOT_CHECKED, Tone.MUTED),
}
#: Records longer than this are cut on screen (a DKIM key is one unbreakable word); the
#: copies carry them whole.
RECORD_SHOWN = 80


def _record_html(record: str) -> str:
    lines = [
        r if len(r) <= RECORD_SHOWN else r[: RECORD_SHOWN - 1] + "\u2026"
        for r in record.splitlines()
    ]
    return "<br/>".join(f'<span class="muted"><code>{esc(r)}</code></span>' for r in lines)


def posture_html(p: DomainPosture) -> str:
    """The posture as the dialog shows it: a badge per mechanism, then the notes."""
    rows = []
    for row in posture_rows(p):
        glyph, tone = MARK_LOOK[row.mark]
        word = f'<span style="color:{tone.value}">{esc(row.mark.value)}</span>'
        badge = f"{icon_html(glyph, tone)} {word}"
        detail = esc(row.summary) + (f"<br/>{_record_html(row.record)}" if row.record else "")
        rows.append(
            f'<tr><td width="18%"><b>{esc(row.name)}</b></td>'
            f'<td width="16%">{badge}</td><td>{detail}</td></tr>'
        )
    notes = "".join(
        f"<li><b>{esc(n.severity.value)}</b>: {esc(n.title)}"
        + (f" \u2014 {esc(n.detail)}" if n.detail else "")
        + "</li>"
        for n in p.notes
    )
    when = p.checked_at.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f'<h2>{esc(p.domain)}</h2><p class="muted">checked {esc(when)}</p>'
        '<table class="grid" width="100%" cellspacing="0" cellpadding="4" border="1">'
        + "".join(rows)
        + "</table>"
        + (f"<h3>Notes</h3><ul>{notes}</ul>" if notes else "")
    )


class DomainCheckDialog(QDialog):
    """Ask for a domain, check it through the controller, show and copy the posture."""

    def __init__(self, parent: QWidget | None, controller: Controller, domain: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Check a domain")
        self.resize(760, 560)
        self.controller = controller
        self.posture: DomainPosture | None = None
        self.domain = QLineEdit(domain)
        self.domain.setPlaceholderText("example.com")
        self.domain.returnPressed.connect(self.check)
        self.check_button = QPushButton(icon(Glyph.DOMAIN), "Check")
        self.check_button.clicked.connect(self.check)
        self.check_button.setDefault(True)
        ask = QHBoxLayout()
        ask.addWidget(QLabel("Domain"))
        ask.addWidget(self.domain, 1)
        ask.addWidget(self.check_button)
        self.state = QLabel("Type a sender domain and press Check.")
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = PageBrowser()
        install_on_browser(self.view, "domain check", self.snippet)
        self.copy_text = QPushButton(icon(Glyph.COPY), "Copy as text")
        self.copy_markdown = QPushButton(icon(Glyph.COPY), "Copy as Markdown")
        self.copy_text.clicked.connect(lambda: self._copy(0))
        self.copy_markdown.clicked.connect(lambda: self._copy(1))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.copy_text, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_markdown, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(ask)
        layout.addWidget(self.state)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self._set_copy_enabled(False)
        controller.domain_checked.connect(self.show_posture)
        self._listening = True
        self._asked = ""
        if domain:
            self.check()

    def check(self) -> None:
        name = self.domain.text().strip()
        if not name:
            self.state.setText("Type a domain first.")
            return
        self._asked = name
        self.check_button.setEnabled(False)
        self.state.setText(f"Checking {name}\u2026")
        self.controller.check_domain(name)

    def show_posture(self, posture: object) -> None:
        assert isinstance(posture, DomainPosture)
        self.check_button.setEnabled(True)
        self.posture = posture
        self.view.set_body(posture_html(posture))
        self._set_copy_enabled(True)
        if posture.offline:
            self.state.setText(f"{posture.domain}: not checked (offline)")
        elif not posture.mx_status:
            self.state.setText(f"{self._asked or posture.domain}: not a valid domain name")
        else:
            self.state.setText(f"{posture.domain}: checked")

    def snippet(self) -> tuple[str, str] | None:
        if self.posture is None:
            return None
        return posture_as_text(self.posture), posture_as_markdown(self.posture)

    def _copy(self, which: int) -> None:
        pair = self.snippet()
        if pair is not None:
            copy_to_clipboard(pair[which])

    def _set_copy_enabled(self, enabled: bool) -> None:
        self.copy_text.setEnabled(enabled)
        self.copy_markdown.setEnabled(enabled)

    def done(self, result: int) -> None:
        if self._listening:
            self._listening = False
            self.controller.domain_checked.disconnect(self.show_posture)
        super().done(result)
