"""Delay timeline of the relay path, drawn with QPainter: one bar per hop, its length the
delay, negative delays (clock skew) drawn leftwards in red so they cannot be missed."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from inspector.model.route import Hop
from inspector.model.verdicts import Verdict
from inspector.report.html_base import fmt_delay

ROW_HEIGHT = 22
LABEL_WIDTH = 220
DELAY_WIDTH = 90
NOTE_COLOUR = QColor("#8250df")


class DelayTimeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hops: tuple[Hop, ...] = ()
        self._notes: dict[int, str] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_hops(self, hops: tuple[Hop, ...], verdicts: tuple[Verdict, ...] = ()) -> None:
        """Hops oldest first; each receiving filter's verdict is written on the hop that
        added it, so the chart shows which filter decided what, where."""
        self._hops = hops
        notes: dict[int, list[str]] = {}
        for v in verdicts:
            if v.hop is not None:
                notes.setdefault(v.hop, []).append(f"{v.filter}: {v.decision}")
        self._notes = {hop: "; ".join(texts) for hop, texts in notes.items()}
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, max(1, len(self._hops)) * ROW_HEIGHT + 28)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: ARG002
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        if not self._hops:
            p.setPen(text_colour)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No Received headers")
            return
        delays = [abs(h.delay_seconds) for h in self._hops if h.delay_seconds is not None]
        longest = max([*delays, 1.0])
        has_negative = any(h.clock_skew for h in self._hops)
        notes_width = int(self.width() * 0.38) if self._notes else 0
        chart_left = LABEL_WIDTH + 10
        metrics = p.fontMetrics()
        # As wide as the widest delay written ("-6 min 29 s skew"), never cut.
        delay_width = max(
            [DELAY_WIDTH] + [metrics.horizontalAdvance(_delay_text(h)) + 12 for h in self._hops]
        )
        chart_width = max(50, self.width() - chart_left - delay_width - notes_width - 10)
        zero_x = chart_left + (chart_width * 0.25 if has_negative else 0)
        span = chart_width - (zero_x - chart_left)
        left_middle = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        for row, hop in enumerate(self._hops):
            y = 8 + row * ROW_HEIGHT
            p.setPen(text_colour)
            label = f"{hop.index + 1}. {hop.by or hop.helo or '?'}"
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, LABEL_WIDTH)
            p.drawText(QRectF(4, y, LABEL_WIDTH, ROW_HEIGHT - 4), left_middle, elided)
            note = self._notes.get(hop.index)
            if note:
                p.setPen(NOTE_COLOUR)
                x = chart_left + chart_width + delay_width + 10
                text = metrics.elidedText(
                    "\u25c6 " + note, Qt.TextElideMode.ElideRight, notes_width
                )
                p.drawText(QRectF(x, y, notes_width, ROW_HEIGHT - 4), left_middle, text)
            if hop.delay_seconds is None:
                continue
            length = abs(hop.delay_seconds) / longest * span
            if hop.delay_seconds < 0:
                length = min(length, zero_x - chart_left)
                rect = QRectF(zero_x - length, y + 3, max(2.0, length), ROW_HEIGHT - 10)
                colour = QColor("#cf222e")
            else:
                rect = QRectF(zero_x, y + 3, max(2.0, length), ROW_HEIGHT - 10)
                colour = QColor("#bc4c00") if length > span * 0.6 else QColor("#0969da")
            p.fillRect(rect, colour)
            p.setPen(colour if hop.clock_skew else text_colour)
            p.drawText(
                QRectF(chart_left + chart_width + 6, y, delay_width, ROW_HEIGHT - 4),
                left_middle,
                _delay_text(hop),
            )
        p.setPen(QColor("#8c959f"))
        p.drawLine(int(zero_x), 4, int(zero_x), 8 + len(self._hops) * ROW_HEIGHT)


def _delay_text(hop: Hop) -> str:
    if hop.delay_seconds is None:
        return ""
    return fmt_delay(hop.delay_seconds) + (" skew" if hop.clock_skew else "")
