"""The Content tab: MIME tree, text part, HTML part and attachments.

The HTML part is shown as it would look, rebuilt by ``inspector.report.safe_html``: every
resource a labelled placeholder, hidden text shown on yellow, link destinations written out;
or as plain text from the same rebuild.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.model.message import MimePart
from inspector.report.safe_html import SafeHtml, make_safe
from ui.bundle import MessageBundle
from ui.views.safe_browser import SafeTextBrowser


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
            ["HTML as it would look (nothing loaded, hidden text shown)", "HTML part as plain text"]
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
        rendered = self.html_mode.currentIndex() == 0
        self.html_text.setVisible(not rendered)
        self.html_view.setVisible(rendered)
        self.blocked.setVisible(rendered)
        if rendered:
            safe = make_safe(self._html)
            self.html_view.blocked.clear()
            self.html_view.setHtml(safe.html)
            self.blocked.setText(describe_safe_view(safe, has_html=bool(self._html.strip())))


def describe_safe_view(safe: SafeHtml, *, has_html: bool) -> str:
    """The note under the rendered HTML: what was replaced and what was hidden."""
    if not has_html:
        return "This message has no HTML part."
    n = len(safe.blocked)
    parts = [
        f"{n} resource{'s' if n != 1 else ''} replaced by a labelled placeholder "
        "(nothing was downloaded)"
        if n
        else "No resources referenced"
    ]
    if safe.hidden:
        parts.append(
            f"{safe.hidden} passage{'s' if safe.hidden != 1 else ''} the sender hid from view "
            "shown on yellow"
        )
    if safe.truncated:
        parts.append("only the first 2 MB is shown")
    return "; ".join(parts) + "."


def _html_to_text(markup: str) -> str:
    """Visible text of an HTML part, with link targets and placeholders written out: the
    safe rebuild's text, so nothing is fetched and hostile markup costs linear time."""
    text = QTextDocumentFragment.fromHtml(make_safe(markup).html).toPlainText()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
