"""Settings: DNS servers and time limits, offline mode, blocklists, RDAP, replay file, theme,
and the client report's cover fields."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from inspector.mailbox.process_pool import MAX_WORKERS
from inspector.report.options import ReportOptions
from ui.dialogs.cover_fields import CoverFields
from ui.settings import AppSettings


def _lines(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.replace(",", "\n").splitlines() if x.strip())


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, settings: AppSettings) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._initial = settings
        self.servers = QLineEdit(", ".join(settings.dns_servers))
        self.servers.setPlaceholderText("system resolver (e.g. 127.0.0.1:53, 9.9.9.9)")
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.1, 30.0)
        self.timeout.setSuffix(" s per query")
        self.timeout.setValue(settings.dns_timeout)
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0.5, 120.0)
        self.budget.setSuffix(" s per message")
        self.budget.setValue(settings.dns_budget)
        self.offline = QCheckBox(
            "Offline: never touch the network (checks say \u201cnot checked (offline)\u201d)"
        )
        self.offline.setChecked(settings.offline)
        self.intel = QCheckBox("Look up sending IPs: reverse DNS, owner, blocklists")
        self.intel.setChecked(settings.intel)
        self.rdap = QCheckBox("Look up domain registration (RDAP/whois)")
        self.rdap.setChecked(settings.rdap)
        self.replay = QLineEdit(settings.replay_dns)
        self.replay.setPlaceholderText("answer DNS only from a saved snapshot (optional)")
        browse = QPushButton("Browse\u2026")
        browse.clicked.connect(self._browse)
        replay_row = QHBoxLayout()
        replay_row.addWidget(self.replay)
        replay_row.addWidget(browse)
        self.ip_lists = QPlainTextEdit("\n".join(settings.blocklists_ip))
        self.ip_lists.setMaximumHeight(90)
        self.domain_lists = QPlainTextEdit("\n".join(settings.blocklists_domain))
        self.domain_lists.setMaximumHeight(70)
        self.workers = QSpinBox()
        self.workers.setRange(0, MAX_WORKERS)
        self.workers.setSpecialValueText("one per core")
        self.workers.setSuffix(" processes")
        self.workers.setValue(settings.workers)
        self.theme = QComboBox()
        self.theme.addItems(["system", "light", "dark"])
        self.theme.setCurrentText(settings.theme)
        form = QFormLayout(self)
        form.addRow("DNS servers", self.servers)
        form.addRow("DNS timeout", self.timeout)
        form.addRow("DNS budget", self.budget)
        form.addRow("", self.offline)
        form.addRow("", self.intel)
        form.addRow("", self.rdap)
        form.addRow("DNS replay file", replay_row)
        form.addRow("IP blocklists", self.ip_lists)
        form.addRow("Domain blocklists", self.domain_lists)
        form.addRow("Analysis workers", self.workers)
        form.addRow("Theme", self.theme)
        self._add_report_fields(form, settings)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _add_report_fields(self, form: QFormLayout, settings: AppSettings) -> None:
        """The client report's cover, kept here so every export starts from it."""
        self.cover = CoverFields(self, settings.report_options())
        self.cover.add_rows(form, label_prefix="Report ")

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "DNS snapshot", "", "DNS snapshot (*.json)")
        if path:
            self.replay.setText(path)

    def settings(self) -> AppSettings:
        return replace(
            self._initial,
            dns_servers=_lines(self.servers.text()),
            dns_timeout=self.timeout.value(),
            dns_budget=self.budget.value(),
            offline=self.offline.isChecked(),
            intel=self.intel.isChecked(),
            rdap=self.rdap.isChecked(),
            replay_dns=self.replay.text().strip(),
            blocklists_ip=_lines(self.ip_lists.toPlainText()),
            blocklists_domain=_lines(self.domain_lists.toPlainText()),
            theme=self.theme.currentText(),
            workers=self.workers.value(),
        ).with_report(self.cover.applied_to(ReportOptions()))
