"""The Route tab: the Received hops as a table and as a delay timeline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from inspector.model.report import Report
from inspector.report.html_base import fmt_delay
from ui.models.details import hops_model
from ui.views.table_view import table_view
from ui.views.timeline import DelayTimeline

#: HELO, rDNS and By share the room the short columns leave, elided in the middle with the
#: whole name in a tooltip, so IP, protocol, TLS, time and delay are always in view.
ELIDED = (1, 2, 4)


class RouteTab(QWidget):
    """Hops oldest first, a one-line summary of the route, and the delay timeline."""

    def __init__(self) -> None:
        super().__init__()
        self.model = hops_model(self)
        self.view = table_view(self.model, stretch_last=False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(30)
        for col in range(self.model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if col in ELIDED
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(col, mode)
        self.timeline = DelayTimeline()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.timeline)
        split.addWidget(scroller)
        split.setSizes([220, 300])
        layout.addWidget(split)

    def set_report(self, report: Report) -> None:
        self.model.set_items(report.hops)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.timeline.set_hops(report.hops, report.verdicts)
        route = report.route
        parts = [f"{len(report.hops)} hops, oldest first."]
        if route.total_transit_seconds is not None:
            parts.append(f"Total transit {fmt_delay(route.total_transit_seconds)}.")
        if route.client_ip:
            parts.append(
                f"Entered the recipient's servers from {route.client_ip}"
                f" ({route.client_helo or 'no HELO'}) \u2605: SPF and blocklists"
                " are checked for this IP."
            )
        if any(h.clock_skew for h in report.hops):
            parts.append("A negative delay means a server's clock is wrong (shown in red).")
        self.summary.setText(" ".join(parts))
