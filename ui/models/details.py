"""Column declarations of the detail tables: findings, headers and hops."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from inspector.model.findings import Finding
from inspector.model.message import Header
from inspector.model.route import Hop
from inspector.parse.header_help import explain_header
from inspector.report.html_base import SEVERITY_COLOURS, fmt_delay
from ui.models.tuple_table import OBJECT_ROLE, SORT_ROLE, ColumnSpec, TupleTableModel


def _one_line(text: str, limit: int = 400) -> str:
    return " ".join(text.split())[:limit]


FINDING_COLUMNS: tuple[ColumnSpec[Finding], ...] = (
    ColumnSpec(
        "Severity",
        lambda f: f.severity.value,
        sort=lambda f: f.severity.rank,
        colour=lambda f: SEVERITY_COLOURS[f.severity],
    ),
    ColumnSpec("Category", lambda f: f.category.value),
    ColumnSpec("Finding", lambda f: f.title, tooltip=lambda f: f"{f.explanation}\n\n[{f.id}]"),
)

HEADER_COLUMNS: tuple[ColumnSpec[Header], ...] = (
    ColumnSpec("#", lambda h: str(h.index + 1), sort=lambda h: h.index),
    ColumnSpec("Header", lambda h: h.name, tooltip=lambda h: explain_header(h.name)),
    ColumnSpec("Value", lambda h: _one_line(h.value), tooltip=lambda h: h.value[:2000]),
)

_TLS_VERSION = re.compile(r"\b(TLS\s?v?1(?:\.[0-3])?|SSLv[23])\b", re.IGNORECASE)


def tls_version(tls: str | None) -> str:
    """The protocol version a reader scans for ("TLSv1.3"); the cipher is in the tooltip."""
    if not tls:
        return ""
    found = _TLS_VERSION.search(tls)
    if found is None:
        return tls if len(tls) <= 14 else tls[:13] + "\u2026"
    return found.group(1).replace(" ", "").replace("tls", "TLS")


HOP_COLUMNS: tuple[ColumnSpec[Hop], ...] = (
    ColumnSpec(
        "#",
        lambda h: str(h.index + 1) + (" \u2605" if h.boundary else ""),
        sort=lambda h: h.index,
        tooltip=lambda h: (
            "trust boundary: the recipient's servers took the message in here"
            if h.boundary
            else ("inside the recipient's infrastructure" if h.internal else None)
        ),
    ),
    ColumnSpec("HELO", lambda h: h.helo or "", tooltip=lambda h: h.helo),
    ColumnSpec("rDNS", lambda h: h.rdns or "", tooltip=lambda h: h.rdns),
    ColumnSpec("IP", lambda h: h.ip or "", tooltip=lambda h: h.ip_scope),
    ColumnSpec("By", lambda h: h.by or "", tooltip=lambda h: h.by),
    ColumnSpec("Protocol", lambda h: h.protocol or ""),
    ColumnSpec("TLS", lambda h: tls_version(h.tls), tooltip=lambda h: h.tls),
    ColumnSpec(
        "Time (UTC)",
        lambda h: h.timestamp.strftime("%Y-%m-%d %H:%M:%S") if h.timestamp else "",
        sort=lambda h: h.timestamp.timestamp() if h.timestamp else 0.0,
    ),
    ColumnSpec(
        "Delay",
        lambda h: fmt_delay(h.delay_seconds) if h.delay_seconds is not None else "",
        sort=lambda h: h.delay_seconds or 0.0,
        colour=lambda h: "#cf222e" if h.clock_skew else None,
        tooltip=lambda h: (
            "negative delay: this server's clock or the previous one is wrong"
            if h.clock_skew
            else None
        ),
    ),
)


def findings_model(parent: Any = None) -> TupleTableModel[Finding]:
    return TupleTableModel(FINDING_COLUMNS, parent)


def headers_model(parent: Any = None) -> TupleTableModel[Header]:
    return TupleTableModel(HEADER_COLUMNS, parent)


def hops_model(parent: Any = None) -> TupleTableModel[Hop]:
    return TupleTableModel(HOP_COLUMNS, parent)


class FindingFilterProxy(QSortFilterProxyModel):
    """Findings filtered by minimum severity and category."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.min_rank = 0
        self.category = ""

    def set_filter(self, *, min_rank: int, category: str) -> None:
        self.beginFilterChange()
        self.min_rank = min_rank
        self.category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        f = model.data(model.index(source_row, 0, source_parent), OBJECT_ROLE)
        if not isinstance(f, Finding):
            return False
        return f.severity.rank >= self.min_rank and (
            not self.category or f.category.value == self.category
        )
