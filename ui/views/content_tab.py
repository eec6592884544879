"""The Content tab: MIME tree, text part, HTML part and attachments.

``_html_to_text`` is a few lines over the standard library's HTMLParser rather than an
HTML-to-text package: it must never fetch anything and must survive hostile markup, and it
marks links and images instead of following them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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
