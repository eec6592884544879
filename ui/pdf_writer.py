"""PDF output through Qt: report HTML laid out by QTextDocument and painted page by page onto
a QPdfWriter, with a running title and "page N of M" on every page.

Why Qt's engine and not HTML with print CSS (WeasyPrint): WeasyPrint needs Pango and its
libraries from the system through cffi, which a PyInstaller bundle does not collect on its own
and which a user's machine may lack, and it lays a whole document out in memory at once. Qt is
already in the bundle with its font, needs nothing from the system, and painting ourselves
gives what a client report needs:

- parts: the document arrives as parts, each laid out as its own QTextDocument and painted
  from a new page, so a mailbox report of any length holds one part in memory at a time;
  page numbering "of M" comes from a first pass that lays each part out and counts its pages
  (the first parts are kept from that pass up to a few dozen pages, the rest laid out again);
- headings kept with their content: a heading whose next block would start on the following
  page gets a page break before it, one at a time, until none is stranded;
- no word broken inside: text wraps at word boundaries only (Qt's default also breaks anywhere
  in a narrow cell, "DESKTOP-7Q2K1 M"); long tokens (host names, URLs, header values) get
  zero-width break opportunities after their punctuation (never inside an IPv4 address or a
  word), and identifiers or runs of letters and digits longer than any word (cipher names,
  keys, hashes) after 30 characters, so a cell never has to be wider than the page;
- table header rows (``<thead>``) repeat on each page, which QTextDocument does when the
  document is paginated to the writer's page size.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from inspector import APP_NAME, __version__
from inspector.report.html import wrap_document
from ui.fonts import register_fonts, report_font

RESOLUTION = 300
MARGIN_MM = 15.0
#: Laid-out parts kept between the counting pass and the painting pass while they add up to
#: no more pages than this (a laid-out page costs about 0.4 MB); the rest are laid out again.
KEEP_LAID_OUT_PAGES = 30
#: A heading this close to the foot of a page (share of the page height) starts the next one.
HEADING_FOOT = 0.9
_MAX_HEADING_MOVES = 200
#: A heading this near the top of its page (layout units) is already where it belongs.
_PAGE_TOP = 30.0

_TAG = re.compile(r"(<[^>]*>)")
_LONG = re.compile(r"[^\s<>]{16,}")
#: Break after these, but never inside an IPv4 address (a dot between digits).
_AFTER_PUNCT = re.compile(r"(?<!\d)\.|\.(?!\d)|[/=,;@?+\-\\](?=[^\s\u200b])")
#: A colon inside a long token (an IPv6 address, not a time of day).
_COLON = re.compile(r":(?=[^\s\u200b])")
#: Identifiers longer than any word (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) may break after
#: their underscores; runs of letters or digits that long (keys, hashes) every 30 characters.
_LONG_WORD = re.compile(r"\w{31,}")
_RUN = re.compile(r"[A-Za-z0-9]{30}(?=[A-Za-z0-9])")

PartsFactory = Callable[[], Iterable[str]]


def breakable(fragment: str) -> str:
    """HTML body text with zero-width break opportunities in long tokens (tags untouched)."""

    def long_word(match: re.Match[str]) -> str:
        text = match.group(0).replace("_", "_\u200b")
        return _RUN.sub(lambda m: m.group(0) + "\u200b", text)

    def token(match: re.Match[str]) -> str:
        text = _AFTER_PUNCT.sub(lambda m: m.group(0) + "\u200b", match.group(0))
        text = _COLON.sub(":\u200b", text)
        return _LONG_WORD.sub(long_word, text)

    pieces = _TAG.split(fragment)
    for i in range(0, len(pieces), 2):  # even indexes are text between tags
        if len(pieces[i]) >= 16:
            pieces[i] = _LONG.sub(token, pieces[i])
    return "".join(pieces)


def _ensure_gui_app() -> None:
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([APP_NAME])  # kept alive by Qt as the global instance
    register_fonts()


def _keep_headings_with_content(doc: QTextDocument) -> None:
    """Move each heading stranded at a page's foot to the next page, relaying out after each
    move (a move shifts everything below it)."""
    page_height = doc.pageSize().height()
    layout = doc.documentLayout()
    for _ in range(_MAX_HEADING_MOVES):
        block = doc.begin()
        moved = False
        while block.isValid():
            fmt = block.blockFormat()
            following = block.next()
            if (
                fmt.headingLevel() > 0
                and following.isValid()
                and not fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
            ):
                top = layout.blockBoundingRect(block).top()
                page = int(top // page_height)
                next_rect = layout.blockBoundingRect(following)
                next_page = int((next_rect.top() + min(next_rect.height(), 12.0)) // page_height)
                offset = top - page * page_height
                stranded = next_page > page or offset > HEADING_FOOT * page_height
                if offset > _PAGE_TOP and stranded:
                    cursor = QTextCursor(block)
                    change = QTextBlockFormat()
                    change.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    cursor.mergeBlockFormat(change)
                    moved = True
                    break
            block = following
        if not moved:
            return


def _layout(html: str, size: QSizeF) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(report_font(9))
    doc.setDocumentMargin(0)
    option = doc.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    doc.setDefaultTextOption(option)
    doc.setHtml(html)
    doc.setPageSize(size)
    _keep_headings_with_content(doc)
    return doc


def _new_writer(path: str, title: str) -> QPdfWriter:
    writer = QPdfWriter(path)
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator(f"{APP_NAME} {__version__}")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter
    )
    return writer


def write_pdf_parts(parts: PartsFactory, path: str, *, title: str = APP_NAME) -> int:
    """Render the parts (HTML body fragments, each from a new page) to a PDF at ``path``;
    ``parts`` is called twice (count, then paint). Returns the number of pages."""
    _ensure_gui_app()
    writer = _new_writer(path, title)
    page_rect = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer_height = RESOLUTION * 0.25
    body = QSizeF(page_rect.width(), page_rect.height() - footer_height)
    # Lay the document out in device pixels: scale so 1 pt of text is 1/72 inch.
    scale = RESOLUTION / 96.0
    size = QSizeF(body.width() / scale, body.height() / scale)

    def documents() -> Iterable[str]:
        for part in parts():
            yield wrap_document(title, breakable(part))

    counts: list[int] = []
    kept: list[QTextDocument | None] = []
    for html in documents():
        doc = _layout(html, size)
        counts.append(max(1, doc.pageCount()))
        kept.append(doc if sum(counts) <= KEEP_LAID_OUT_PAGES else None)
    total = sum(counts)

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write PDF to {path}")
    footer_font = report_font(7)
    page_number = 0
    try:
        for index, html in enumerate(documents()):
            doc = kept[index] or _layout(html, size)
            kept[index] = None
            height = doc.pageSize().height()
            for page in range(counts[index]):
                if page_number:
                    writer.newPage()
                page_number += 1
                painter.save()
                painter.scale(scale, scale)
                painter.translate(0, -page * height)
                doc.drawContents(painter, QRectF(0, page * height, doc.pageSize().width(), height))
                painter.restore()
                painter.setFont(footer_font)
                painter.drawText(
                    QRectF(0, body.height(), body.width(), footer_height),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                    f"page {page_number} of {total}",
                )
                painter.drawText(
                    QRectF(0, body.height(), body.width() * 0.7, footer_height),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                    title[:90],
                )
            del doc
    finally:
        painter.end()
    return total


def write_pdf(html: str, path: str, *, title: str = APP_NAME) -> int:
    """Render one HTML document (or body fragment) to a PDF; returns the number of pages."""
    match = re.search(r"<body[^>]*>(.*)</body>", html, re.DOTALL | re.IGNORECASE)
    fragment = match.group(1) if match else html
    return write_pdf_parts(lambda: [fragment], path, title=title)
