"""A horizontal bar chart drawn with QPainter (no chart library in the build): one bar per
area, category, status or deadline with its figure beside it; a click on a bar (or Enter on the
bar chosen with the arrow keys) emits its key, and the page opens the rows behind it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ykt_desktop.overview_charts import Chart

ROW = 20
TITLE = 24
MAX_BARS = 8
HINT = "点击一条（或用方向键选中后按回车）查看对应的记录"
FILL, REST, ALERT, FOCUS = QColor("#2f6fb2"), QColor("#dde5ee"), QColor("#c0392b"), \
    QColor("#f0a030")


class BarChart(QWidget):
    clicked = Signal(str, str)          # chart key, bar key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.current = -1
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip(HINT)

    def set_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.current = -1
        self.setAccessibleName(chart.title)
        self.updateGeometry()
        self.update()

    def bars(self) -> list:
        return self.chart.bars[:MAX_BARS] if self.chart else []

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(360, TITLE + ROW * max(1, len(self.bars())) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(260, TITLE + ROW * min(3, max(1, len(self.bars()))))

    def bar_rect(self, index: int) -> QRectF:
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(b.label) for b in self.bars()), default=0) + 8
        label_w = max(min(120.0, self.width() * 0.3), min(float(widest), self.width() * 0.45))
        text_w = min(150.0, self.width() * 0.35)
        return QRectF(label_w + 6, TITLE + index * ROW + 3,
                      max(10.0, self.width() - label_w - text_w - 12), ROW - 6)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        if self.chart is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(0, 0, self.width(), TITLE), Qt.AlignmentFlag.AlignVCenter,
                   p.fontMetrics().elidedText(self._title(), Qt.TextElideMode.ElideRight,
                                              self.width()))
        p.setFont(self.font())
        if not self.chart.bars:
            p.setPen(QColor("#666666"))
            p.drawText(QRectF(0, TITLE, self.width(), ROW), Qt.AlignmentFlag.AlignVCenter,
                       self.chart.empty_text)
            p.end()
            return
        for i, bar in enumerate(self.bars()):
            self._draw_bar(p, i, bar)
        p.end()

    def _title(self) -> str:
        hidden = len(self.chart.bars) - MAX_BARS if self.chart else 0
        return self.chart.title + (f"（另有{hidden}项，见表）" if hidden > 0 else "")

    def _draw_bar(self, p: QPainter, i: int, bar) -> None:
        rect = self.bar_rect(i)
        fm = p.fontMetrics()
        label = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(rect.left() - 8))
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(0, rect.top() - 3, rect.left() - 6, ROW),
                   Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, label)
        p.fillRect(rect, REST)
        share = bar.value / bar.total if bar.total else 0.0
        filled = QRectF(rect.left(), rect.top(), rect.width() * max(0.0, min(1.0, share)),
                        rect.height())
        p.fillRect(filled, ALERT if bar.alert else FILL)
        if i == self.current and self.hasFocus():
            p.setPen(FOCUS)
            p.drawRect(rect.adjusted(-1, -1, 1, 1))
        p.setPen(ALERT if bar.alert else QColor("#222222"))
        p.drawText(QRectF(rect.right() + 6, rect.top() - 3, self.width() - rect.right() - 6,
                          ROW), Qt.AlignmentFlag.AlignVCenter,
                   fm.elidedText(bar.text, Qt.TextElideMode.ElideRight,
                                 int(self.width() - rect.right() - 8)))

    def tooltip_at(self, y: float) -> str:
        """The whole title or bar (label and figure): long ones are cut short when drawn."""
        index = self.index_at(y)
        if index >= 0:
            bar = self.bars()[index]
            return f"{bar.label}：{bar.text}\n{HINT}"
        return self._title() if self.chart is not None and y < TITLE else HINT

    def event(self, event) -> bool:  # noqa: D401 - Qt's name
        if event.type() == QEvent.Type.ToolTip:
            QToolTip.showText(event.globalPos(), self.tooltip_at(event.pos().y()), self)
            return True
        return super().event(event)

    def index_at(self, y: float) -> int:
        index = int((y - TITLE) // ROW)
        return index if y >= TITLE and 0 <= index < len(self.bars()) else -1

    def activate(self, index: int) -> None:
        if self.chart is not None and 0 <= index < len(self.bars()):
            self.clicked.emit(self.chart.key, self.bars()[index].key)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        index = self.index_at(event.position().y())
        if index >= 0:
            self.current = index
            self.update()
            self.activate(index)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        key, count = event.key(), len(self.bars())
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and count:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.current = (self.current + step) % count
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activate(self.current)
        else:
            super().keyPressEvent(event)
