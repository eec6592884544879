"""PDF output through Qt: the report HTML laid out by QTextDocument and painted page by page
onto a QPdfWriter, with a running title and "page N of M" on every page.

Painting the pages ourselves (instead of ``QTextDocument.print_``) keeps the margins ours and
lets table header rows (``<thead>``) repeat on each page, which QTextDocument does when the
document is paginated to the writer's page size.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from inspector import APP_NAME, __version__
from ui.fonts import register_fonts, report_font

RESOLUTION = 300
MARGIN_MM = 15.0


def _ensure_gui_app() -> None:
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([APP_NAME])  # kept alive by Qt as the global instance
    register_fonts()


def write_pdf(html: str, path: str, *, title: str = APP_NAME) -> int:
    """Render ``html`` to a PDF at ``path``; returns the number of pages."""
    _ensure_gui_app()
    writer = QPdfWriter(path)
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator(f"{APP_NAME} {__version__}")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter
    )

    doc = QTextDocument()
    doc.setDefaultFont(report_font(9))
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write PDF to {path}")
    try:
        page_rect = writer.pageLayout().paintRectPixels(RESOLUTION)
        footer_height = RESOLUTION * 0.25
        body = QSizeF(page_rect.width(), page_rect.height() - footer_height)
        # Lay the document out in device pixels: scale so 1 pt of text is 1/72 inch.
        scale = RESOLUTION / 96.0
        doc.setPageSize(QSizeF(body.width() / scale, body.height() / scale))
        pages = max(1, doc.pageCount())
        footer_font = report_font(7)
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, -page * doc.pageSize().height())
            clip = QRectF(
                0, page * doc.pageSize().height(), doc.pageSize().width(), doc.pageSize().height()
            )
            doc.drawContents(painter, clip)
            painter.restore()
            painter.setFont(footer_font)
            painter.drawText(
                QRectF(0, body.height(), body.width(), footer_height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                f"page {page + 1} of {pages}",
            )
            painter.drawText(
                QRectF(0, body.height(), body.width() * 0.7, footer_height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                f"{title[:90]}",
            )
    finally:
        painter.end()
    return pages
