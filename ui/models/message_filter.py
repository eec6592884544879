"""Search and filters over the message list (risk, authentication result, platform, bounce)."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)

from inspector.model.codes import AuthMethod, AuthStatus
from ui.models.message_table import SORT_ROLE, MessageRow, MessageTableModel

ANY = ""

#: An authentication filter: the rows whose shown result for the method is this status.
AuthFilter = tuple[AuthMethod, AuthStatus]

#: The row's shown result for each method the list has a column for.
_SHOWN: dict[AuthMethod, Callable[[MessageRow], str]] = {
    AuthMethod.SPF: attrgetter("spf"),
    AuthMethod.DKIM: attrgetter("dkim"),
    AuthMethod.DMARC: attrgetter("dmarc"),
}


def auth_filter_value(method: AuthMethod, status: AuthStatus) -> str:
    """The filter as a combo's data and a dashboard link write it: ``dmarc:fail``."""
    return f"{method.value}:{status.value}"


def read_auth_filter(text: str) -> AuthFilter | None:
    """The filter ``method:result`` names; None for "any" or anything the list cannot show."""
    method, _, status = text.partition(":")
    try:
        pair = AuthMethod(method), AuthStatus(status)
    except ValueError:
        return None
    return pair if pair[0] in _SHOWN else None


class MessageFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)
        self._text = ""
        self.risk = ANY
        self.auth: AuthFilter | None = None
        self.platform = ANY
        self.sender_domain = ANY
        self.finding = ANY
        self.bounce_only = False
        self._refilter = QTimer(self)
        self._refilter.setSingleShot(True)
        self._refilter.setInterval(250)
        self._refilter.timeout.connect(self._apply_refilter)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        model.dataChanged.connect(self._source_rows_changed)

    def filtering(self) -> bool:
        return bool(
            self._text
            or self.risk
            or self.auth is not None
            or self.platform
            or self.sender_domain
            or self.finding
            or self.bounce_only
        )

    def _source_rows_changed(self, *_args: object) -> None:
        """Analysis results replace listed rows: with a filter on, they may now match (or
        stop matching). Re-filtering is batched to once per event-loop pass."""
        if self.filtering() and not self._refilter.isActive():
            self._refilter.start()

    def _apply_refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's job (fast, in Python); the proxy only filters and
        keeps the source order."""
        source = self.sourceModel()
        if isinstance(source, MessageTableModel):
            source.sort(column, order)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filters(
        self,
        *,
        risk: str | None = None,
        auth: str | None = None,  # as written: "dmarc:fail", "" for any
        platform: str | None = None,
        sender: str | None = None,
        finding: str | None = None,
        bounce_only: bool | None = None,
    ) -> None:
        self.beginFilterChange()
        if risk is not None:
            self.risk = risk
        if auth is not None:
            self.auth = read_auth_filter(auth)
        if platform is not None:
            self.platform = platform
        if sender is not None:
            self.sender_domain = sender
        if finding is not None:
            self.finding = finding
        if bounce_only is not None:
            self.bounce_only = bounce_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, row: MessageRow) -> bool:
        if self._text and self._text not in row.search_text:
            return False
        state = row.risk.value if row.risk else ("error" if row.error else "pending")
        if self.risk and state != self.risk:
            return False
        if self.auth is not None:
            method, status = self.auth
            if _SHOWN[method](row) != status.value:
                return False
        if self.platform and row.platform != self.platform:
            return False
        if self.sender_domain and row.sender_domain != self.sender_domain.lower():
            return False
        if self.finding and self.finding not in row.findings:
            return False
        return not (self.bounce_only and not row.has_bounce)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        assert isinstance(model, MessageTableModel)
        row = model.row_at(source_row)
        if row.duplicate_of is not None:
            return False  # a copy of a listed message: the listed row notes it
        if not self.filtering():
            return True  # the common case, asked once per row after every sort: keep it cheap
        return self.accepts(row)
