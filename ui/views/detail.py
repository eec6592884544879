"""The message view: one tab per aspect of the analysis of the selected message.

HTML tabs reuse the report renderer (``inspector.report.html``), so what the GUI shows and
what the PDF says are the same words. Every browser here is a SafeTextBrowser: nothing a
message references is ever loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.model import (
    Category,
    DomainIntel,
    Finding,
    MimePart,
    ParsedMessage,
    Report,
    Severity,
)
from inspector.report import html as rh
from ui.fonts import MONO_FAMILY
from ui.models.details import FindingFilterProxy, findings_model, headers_model, hops_model
from ui.models.tuple_table import OBJECT_ROLE, SORT_ROLE
from ui.views.safe_browser import SafeTextBrowser
from ui.views.timeline import DelayTimeline


@dataclass(frozen=True)
class MessageBundle:
    """What the message view needs: the report, plus the parsed message for content tabs."""

    report: Report
    parsed: ParsedMessage | None
    raw: bytes


def screen_style() -> str:
    """The report's style with the colours of the current palette, so the HTML tabs follow
    the light or dark theme (the PDF keeps the report's own print colours)."""
    palette = QGuiApplication.palette()
    text = palette.color(QPalette.ColorRole.Text).name()
    muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
    header = palette.color(QPalette.ColorRole.AlternateBase).name()
    line = palette.color(QPalette.ColorRole.Mid).name()
    return (
        rh.STYLE.replace("color: #1f2328", f"color: {text}")
        .replace("background-color: #f0f3f6", f"background-color: {header}")
        .replace("#d0d7de", line)
        .replace(".muted { color: #57606a; }", f".muted {{ color: {muted}; }}")
    )


def _page(body: str) -> str:
    return f"<html><head><style>{screen_style()}</style></head><body>{body}</body></html>"


def _table_view(model: object, *, stretch_last: bool = True) -> QTableView:
    view = QTableView()
    proxy = QSortFilterProxyModel(view)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSourceModel(model)  # type: ignore[arg-type]
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    return view


class FindingsTab(QWidget):
    """Findings filterable by severity and category; the selected one's details below."""

    evidence_selected = Signal(tuple)

    def __init__(self) -> None:
        super().__init__()
        self.model = findings_model(self)
        self.proxy = FindingFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.severity = QComboBox()
        self.severity.addItem("All severities", 0)
        for s in Severity:
            self.severity.addItem(f"{s.value} and above", s.rank)
        self.category = QComboBox()
        self.category.addItem("All categories", "")
        for c in Category:
            self.category.addItem(c.value, c.value)
        self.severity.currentIndexChanged.connect(self._refilter)
        self.category.currentIndexChanged.connect(self._refilter)
        self.detail = SafeTextBrowser()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show:"))
        bar.addWidget(self.severity)
        bar.addWidget(self.category)
        bar.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split)
        self.view.selectionModel().currentRowChanged.connect(self._show)

    def set_findings(self, findings: tuple[Finding, ...]) -> None:
        self.model.set_items(findings)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.detail.clear()
        if self.proxy.rowCount():
            self.view.selectRow(0)

    def _refilter(self) -> None:
        self.proxy.set_filter(
            min_rank=int(self.severity.currentData()), category=str(self.category.currentData())
        )

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        f = self.proxy.data(current, OBJECT_ROLE) if current.isValid() else None
        if not isinstance(f, Finding):
            self.detail.clear()
            return
        evidence = "".join(f'<li class="mono">{rh.esc(e)}</li>' for e in f.evidence)
        refs = ", ".join(rh.esc(r) for r in f.references)
        self.detail.setHtml(
            _page(
                f"<h3>{rh.esc(f.title)}</h3><p>{rh.esc(f.explanation)}</p>"
                + (f"<p><b>Evidence</b></p><ul>{evidence}</ul>" if evidence else "")
                + f"<p><b>Fix:</b> {rh.esc(f.remedy)}</p>"
                + (f'<p class="muted">References: {refs}</p>' if refs else "")
                + f'<p class="muted">{rh.esc(f.id)} \u00b7 {rh.esc(f.severity.value)} \u00b7 '
                f"{rh.esc(f.category.value)}</p>"
            )
        )
        self.evidence_selected.emit(f.evidence)


class HeadersTab(QWidget):
    """Every header in order, decoded; the raw form and an explanation for the selected one."""

    def __init__(self) -> None:
        super().__init__()
        self.model = headers_model(self)
        self.view = _table_view(self.model)
        self.raw = QCheckBox("Show raw form")
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setFont(QFont(MONO_FAMILY))
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.raw.toggled.connect(lambda _on: self._show(self.view.currentIndex(), QModelIndex()))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.help)
        bl.addWidget(self.detail)
        split.addWidget(bottom)
        split.setSizes([350, 150])
        layout = QVBoxLayout(self)
        layout.addWidget(self.raw)
        layout.addWidget(split)
        self.view.selectionModel().currentRowChanged.connect(self._show)
        self._highlight: tuple[str, ...] = ()

    def set_headers(self, report: Report) -> None:
        self.model.set_items(report.headers)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.resizeColumnToContents(1)
        self.detail.clear()
        self.help.clear()

    def highlight(self, evidence: tuple[str, ...]) -> None:
        """Select the first header whose text appears in a finding's evidence."""
        proxy = self.view.model()
        for row in range(proxy.rowCount()):
            h = proxy.data(proxy.index(row, 0), OBJECT_ROLE)
            if h is None:
                continue
            needle = f"{h.name}:".lower()
            if any(
                e.lower().startswith(needle) or (h.value and h.value[:60] in e) for e in evidence
            ):
                self.view.selectRow(row)
                self.view.scrollTo(proxy.index(row, 0))
                return

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        h = self.view.model().data(current, OBJECT_ROLE) if current.isValid() else None
        if h is None:
            return
        from inspector.header_help import explain_header

        self.help.setText(explain_header(h.name) or "")
        if self.raw.isChecked():
            self.detail.setPlainText(h.raw.decode("utf-8", "replace"))
        else:
            self.detail.setPlainText(f"{h.name}: {h.value}")


class RouteTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.model = hops_model(self)
        self.view = _table_view(self.model)
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
        self.view.resizeColumnsToContents()
        self.timeline.set_hops(report.hops, report.verdicts)
        route = report.route
        parts = [f"{len(report.hops)} hops, oldest first."]
        if route.total_transit_seconds is not None:
            parts.append(f"Total transit {rh.fmt_delay(route.total_transit_seconds)}.")
        if route.client_ip:
            parts.append(
                f"Entered the recipient's servers from {route.client_ip}"
                f" ({route.client_helo or 'no HELO'}) \u2605: SPF and blocklists"
                " are checked for this IP."
            )
        if any(h.clock_skew for h in report.hops):
            parts.append("A negative delay means a server's clock is wrong (shown in red).")
        self.summary.setText(" ".join(parts))


class ContentTab(QWidget):
    """MIME tree, text part, HTML part (as text, or rendered with every resource blocked),
    attachments with sizes and hashes. Attachments are never opened."""

    def __init__(self) -> None:
        super().__init__()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Part", "Type", "Charset", "Size", "File name", "SHA-256"])
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.html_mode = QComboBox()
        self.html_mode.addItems(
            ["HTML part as plain text", "HTML rendered (remote content blocked)"]
        )
        self.html_text = QPlainTextEdit()
        self.html_text.setReadOnly(True)
        self.html_view = SafeTextBrowser()
        self.blocked = QLabel()
        self.parts = QTabWidget()
        self.parts.addTab(self.text, "Text part")
        html_box = QWidget()
        hl = QVBoxLayout(html_box)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(self.html_mode)
        hl.addWidget(self.html_text)
        hl.addWidget(self.html_view)
        hl.addWidget(self.blocked)
        self.parts.addTab(html_box, "HTML part")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.parts)
        split.setSizes([160, 340])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.html_mode.currentIndexChanged.connect(self._switch_html)
        self._html = ""
        self._switch_html()

    def set_bundle(self, bundle: MessageBundle) -> None:
        self.tree.clear()
        if bundle.report.mime is not None:
            self.tree.addTopLevelItem(self._item(bundle.report.mime))
            self.tree.expandAll()
            for col in range(5):
                self.tree.resizeColumnToContents(col)
        parsed = bundle.parsed
        self.text.setPlainText(parsed.text_body if parsed else "")
        self._html = parsed.html_body if parsed else ""
        self.html_text.setPlainText(_html_to_text(self._html))
        self._switch_html()

    def _item(self, part: MimePart) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [
                part.path,
                part.content_type,
                part.charset or "",
                f"{part.size:,}",
                part.filename or "",
                part.sha256 or "",
            ]
        )
        for child in part.children:
            item.addChild(self._item(child))
        return item

    def _switch_html(self) -> None:
        rendered = self.html_mode.currentIndex() == 1
        self.html_text.setVisible(not rendered)
        self.html_view.setVisible(rendered)
        self.blocked.setVisible(rendered)
        if rendered:
            self.html_view.blocked.clear()
            self.html_view.setHtml(self._html)
            n = len(self.html_view.blocked)
            self.blocked.setText(
                f"{n} remote or local resource(s) blocked: nothing was downloaded."
                if n
                else "No resources referenced."
            )


def _html_to_text(markup: str) -> str:
    """Visible text of an HTML part, without fetching or rendering anything."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self._skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style", "head"):
                self._skip += 1
            elif tag in ("br", "p", "div", "tr", "li", "h1", "h2", "h3"):
                self.out.append("\n")
            elif tag == "a":
                href = dict(attrs).get("href")
                if href:
                    self.out.append(f" [link: {href}] ")
            elif tag == "img":
                src = dict(attrs).get("src")
                self.out.append(f" [image not loaded: {src}] ")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "head") and self._skip:
                self._skip -= 1

        def handle_data(self, data: str) -> None:
            if not self._skip:
                self.out.append(data)

    parser = _Text()
    try:
        parser.feed(markup[:2_000_000])
        parser.close()
    except Exception:  # hostile markup: show what was read so far
        parser.out.append("\n[the rest of the HTML could not be read]")
    lines = (" ".join(line.split()) for line in "".join(parser.out).splitlines())
    return "\n".join(line for line in lines if line)


class SourceTab(QWidget):
    """The raw message, searchable."""

    def __init__(self) -> None:
        super().__init__()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFont(MONO_FAMILY))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find in source (Enter for next)")
        self.find_box.returnPressed.connect(self.find_next)
        self.status = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.find_box)
        nxt = QPushButton("Next")
        nxt.clicked.connect(self.find_next)
        bar.addWidget(nxt)
        bar.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.text)

    MAX_SHOWN = 8_000_000

    def set_raw(self, raw: bytes) -> None:
        shown = raw[: self.MAX_SHOWN].decode("utf-8", "replace")
        if len(raw) > self.MAX_SHOWN:
            shown += f"\n\n[... {len(raw) - self.MAX_SHOWN:,} more bytes not shown]"
        self.text.setPlainText(shown)

    def find_next(self) -> bool:
        needle = self.find_box.text()
        if not needle:
            return False
        found = self.text.find(needle)
        if not found:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
            found = self.text.find(needle)
        self.status.setText("" if found else "not found")
        return found


class MessageView(QTabWidget):
    """All tabs for one message."""

    TABS = (
        "Overview",
        "Findings",
        "Headers",
        "Route",
        "Authentication",
        "Sender",
        "Verdicts && bounce",
        "Content",
        "Source",
    )

    def __init__(self) -> None:
        super().__init__()
        self.overview = SafeTextBrowser()
        self.findings = FindingsTab()
        self.headers = HeadersTab()
        self.route = RouteTab()
        self.auth = SafeTextBrowser()
        self.sender_tab = SafeTextBrowser()
        self.verdicts = SafeTextBrowser()
        self.content = ContentTab()
        self.source = SourceTab()
        for widget, title in zip(
            (
                self.overview,
                self.findings,
                self.headers,
                self.route,
                self.auth,
                self.sender_tab,
                self.verdicts,
                self.content,
                self.source,
            ),
            self.TABS,
            strict=True,
        ):
            self.addTab(widget, title)
        self.findings.evidence_selected.connect(self.headers.highlight)
        self.bundle: MessageBundle | None = None
        self.show_placeholder(
            "Open a message, a folder or a mailbox, or paste headers (Ctrl+Shift+V)."
        )

    def show_placeholder(self, text: str) -> None:
        self.bundle = None
        self.overview.setHtml(_page(f'<p class="muted">{rh.esc(text)}</p>'))

    def set_bundle(self, bundle: MessageBundle) -> None:
        self.bundle = bundle
        r = bundle.report
        self.overview.setHtml(_page(overview_html(r)))
        self.findings.set_findings(r.findings)
        self.headers.set_headers(r)
        self.route.set_report(r)
        self.auth.setHtml(_page(rh.auth_summary_section(r) + rh.auth_details_section(r)))
        self.sender_tab.setHtml(_page(rh.sender_section(r)))
        verdicts = rh.verdicts_section(r)
        if r.bounce is not None:
            verdicts += "<h2>Bounce</h2>" + rh.bounce_section(r)
        self.verdicts.setHtml(_page(verdicts))
        self.content.set_bundle(bundle)
        self.source.set_raw(bundle.raw)


_NOT_LOOKED_UP = {
    "skipped": "registration not looked up (RDAP off, or replaying recorded DNS)",
    "offline": "registration not checked (offline)",
}


def _domain_line(d: DomainIntel) -> str:
    """One domain of the identity card: age and registrant data, or why they are unknown."""
    head = f"{d.role.replace('_', '-')} {d.domain}: "
    if d.status in _NOT_LOOKED_UP:
        return head + _NOT_LOOKED_UP[d.status]
    if d.status != "ok":
        return head + f"registration lookup {d.status}"
    age = f"{d.age_days} days old" if d.age_days is not None else "age unknown"
    return head + f"{age}, registrant data {d.masking.value}"


def overview_html(r: Report) -> str:
    """Verdict, ranked reasons, authentication badges and the sender identity card."""
    a = r.auth
    badges = " &nbsp; ".join(
        [
            "SPF " + rh.badge(a.spf.result),
            "DKIM " + (" ".join(rh.badge(d.result) for d in a.dkim) or rh.badge("none")),
            "DMARC " + rh.badge(a.dmarc.result),
            "ARC " + rh.badge(a.arc.result),
        ]
    )
    s = r.sender
    signers = (
        ", ".join(sorted({d.domain for d in a.dkim if d.domain and d.result.value == "pass"}))
        or "nobody (no valid DKIM signature)"
    )
    ages = "; ".join(
        _domain_line(d) for d in s.domains if d.role in ("from", "return_path", "reply_to")
    )
    client = r.route.client_ip
    origin = ""
    if client:
        intel = next((h for h in s.hops_intel if h.ip == client), None)
        origin = client
        if intel is not None:
            origin += " " + " ".join(x for x in (intel.ptr, intel.country, intel.as_name) if x)
    card = rh._kv(
        [
            ("From", rh.esc(r.message.from_)),
            ("Signed by", rh.esc(signers)),
            (
                "Platform",
                rh.esc(
                    f"{s.platform.name} ({s.platform.confidence:.0%})"
                    if s.platform
                    else "not recognised"
                ),
            ),
            ("Domains", rh.esc(ages or ("not looked up" if s.status != "ok" else None))),
            ("Came from", rh.esc(origin or None)),
        ]
    )
    return (
        f"<h2>{rh.esc(r.message.subject or '(no subject)')}</h2>"
        + rh.verdict_section(r)
        + f"<p>{badges}</p>"
        + "<h3>Who sent it</h3>"
        + card
        + (f'<p class="muted">{rh.esc("; ".join(r.errors))}</p>' if r.errors else "")
    )


__all__ = ["MessageBundle", "MessageView"]
