"""The message-list panel of the main window: search box, filter combos, the button that removes
a filter set from the dashboard, and the sortable table of messages.

It owns the table model, which also filters; the window reacts to the table's selection and
feeds rows in. Kept apart from the window so the list's filtering can be read on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.model.codes import AuthMethod, AuthStatus, Risk
from inspector.model.message import SourceRef
from inspector.report.mailbox import FilterKey
from ui.models.message_cells import Column
from ui.models.message_filter import auth_filter_value
from ui.models.message_row import MessageRow
from ui.models.message_table import MessageTableModel

#: Widths of the columns that do not stretch, in pixels: enough for their usual content (a
#: risk word and its icon, a date, an authentication word and its icon). Top reason and
#: Subject share what is left, so every column stays in view without horizontal scrolling.
COLUMN_WIDTHS = (
    (Column.RISK, 92),
    (Column.SCORE, 56),
    (Column.FROM, 170),
    (Column.DATE, 118),
    (Column.SPF, 92),
    (Column.DKIM, 92),
    (Column.DMARC, 92),
    (Column.PLATFORM, 84),
)
STRETCHED = (Column.REASON, Column.SUBJECT)


class MessageListPanel(QWidget):
    """Search, filters and the table of messages."""

    #: A sentence for the status bar after a link changed the filters.
    filters_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MessageTableModel(self)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search from, subject, platform, reason (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.model.set_search)
        self.risk_filter = QComboBox()
        self.risk_filter.addItem("Any risk", "")
        for risk in (Risk.CRITICAL, Risk.HIGH, Risk.MEDIUM, Risk.LOW):
            self.risk_filter.addItem(risk.value, risk.value)
        self.risk_filter.addItem("unreadable", "error")
        self.auth_filter = QComboBox()
        self.auth_filter.addItem("Any authentication", "")
        for method in (AuthMethod.DMARC, AuthMethod.SPF, AuthMethod.DKIM):
            for status in (AuthStatus.PASS, AuthStatus.FAIL, AuthStatus.NONE):
                self.auth_filter.addItem(
                    f"{method.value.upper()} {status.value}", auth_filter_value(method, status)
                )
        self.platform_filter = QComboBox()
        self.platform_filter.addItem("Any platform", "")
        self.bounce_filter = QCheckBox("Bounces only")
        self.risk_filter.currentIndexChanged.connect(self.apply_filters)
        self.auth_filter.currentIndexChanged.connect(self.apply_filters)
        self.platform_filter.currentIndexChanged.connect(self.apply_filters)
        self.bounce_filter.toggled.connect(self.apply_filters)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in COLUMN_WIDTHS:
            self.table.setColumnWidth(col, width)
        for col in STRETCHED:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        filters = QHBoxLayout()
        filters.addWidget(self.risk_filter)
        filters.addWidget(self.auth_filter)
        filters.addWidget(self.platform_filter)
        filters.addWidget(self.bounce_filter)
        self.extra_filter = QPushButton()
        self.extra_filter.setFlat(True)
        self.extra_filter.setToolTip("Remove this filter")
        self.extra_filter.setVisible(False)
        self.extra_filter.clicked.connect(self.clear_extra_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.extra_filter)
        layout.addWidget(self.table)

    # ------------------------------------------------------------------ filters

    def apply_filters(self) -> None:
        """Hand the combos' and the check box's choices to the model."""
        self.model.set_filters(
            risk=str(self.risk_filter.currentData()),
            auth=str(self.auth_filter.currentData()),
            platform=str(self.platform_filter.currentData()),
            bounce_only=self.bounce_filter.isChecked(),
        )

    def clear_filters(self) -> None:
        self.search.clear()
        self.risk_filter.setCurrentIndex(0)
        self.auth_filter.setCurrentIndex(0)
        self.platform_filter.setCurrentIndex(0)
        self.bounce_filter.setChecked(False)
        self.model.set_filters(sender="", finding="")
        self.extra_filter.setVisible(False)

    def clear_extra_filter(self) -> None:
        self.model.set_filters(sender="", finding="")
        self.extra_filter.setVisible(False)

    def choose(self, key: FilterKey, value: str) -> None:
        """Select ``value`` in the risk, auth or platform combo (a platform the list has not
        seen yet is added, so a dashboard link always filters)."""
        combo = {
            FilterKey.RISK: self.risk_filter,
            FilterKey.AUTH: self.auth_filter,
            FilterKey.PLATFORM: self.platform_filter,
        }.get(key)
        if combo is None:
            return
        i = combo.findData(value)
        if i < 0 and key is FilterKey.PLATFORM:
            combo.addItem(value, value)
            i = combo.findData(value)
        if i >= 0:
            combo.setCurrentIndex(i)

    def show_only(self, key: FilterKey, value: str) -> None:
        """Filter on a sender domain or a finding id, which have no combo: the flat button
        says which filter is on and removes it when clicked."""
        if key is FilterKey.SENDER:
            self.model.set_filters(sender=value)
        else:
            self.model.set_filters(finding=value)
        self.extra_filter.setText(f"Only {key.value} {value}  \u2715")
        self.extra_filter.setVisible(True)

    def update_platforms(self, rows: Sequence[object]) -> None:
        """Offer every platform seen so far in the platform combo."""
        known = {self.platform_filter.itemData(i) for i in range(self.platform_filter.count())}
        for row in rows:
            if isinstance(row, MessageRow) and row.platform and row.platform not in known:
                self.platform_filter.addItem(row.platform, row.platform)
                known.add(row.platform)

    def apply_link(self, key: FilterKey, value: str) -> None:
        """Apply a filter asked for by a dashboard link."""
        if key is FilterKey.CLEAR:
            self.clear_filters()
        elif key is FilterKey.BOUNCE:
            self.bounce_filter.setChecked(True)
        elif key in (FilterKey.RISK, FilterKey.AUTH, FilterKey.PLATFORM):
            self.choose(key, value)
        else:
            self.show_only(key, value)
        self.filters_changed.emit(
            f"{self.model.rowCount():,} of {self.model.total():,} messages shown"
        )
        self.table.setFocus()

    # ------------------------------------------------------------------ rows

    def add_rows(self, items: Sequence[object]) -> None:
        """Add the message rows among ``items`` (other markers are ignored)."""
        rows = [r for r in items if isinstance(r, MessageRow)]
        self.model.append_rows(rows)
        self.update_platforms(rows)

    def visible_refs(self) -> list[SourceRef]:
        """The messages the list shows (as filtered), unreadable ones left out."""
        return [row.ref for row in self.model.shown_rows() if not row.error]

    # ------------------------------------------------------------------ navigation

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def step(self, delta: int) -> None:
        """Select the row ``delta`` rows below (or above) the current one, if there is one."""
        current = self.table.currentIndex()
        row = (current.row() if current.isValid() else -1) + delta
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
