"""A horizontal bar chart drawn with QPainter (no chart library in the build): one bar per
area, category, status or deadline with its figure beside it; a click on a bar (or Enter on the
bar chosen with the arrow keys) emits its key, and the page opens the rows behind it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ykt_desktop.overview_charts import Chart

ROW = 20
LINE = 17          # a label on its own line above its bar (stacked: labels or figures too long)
TITLE = 24
MAX_BARS = 8
MIN_BAR = 80       # narrower than this and the labels go above their bars
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
        return QSize(360, TITLE + self.row_height() * max(1, len(self.bars())) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(260, TITLE + self.row_height() * min(3, max(1, len(self.bars()))))

    def columns(self) -> tuple[float, float, bool]:
        """(label width, figure width, stacked): labels and figures at their whole width
        beside the bar when there is room for a bar of :data:`MIN_BAR`, else each label on
        its own line above its bar (nothing cut short)."""
        fm, width = self.fontMetrics(), float(self.width())
        label_w = max((fm.horizontalAdvance(b.label) for b in self.bars()), default=0) + 8.0
        text_w = max((fm.horizontalAdvance(b.text) for b in self.bars()), default=0) + 8.0
        if label_w + text_w + MIN_BAR + 12 <= width:
            return label_w, text_w, False
        return 0.0, min(text_w, width * 0.6), True

    def row_height(self) -> int:
        return ROW + LINE if self.columns()[2] else ROW

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.updateGeometry()           # stacked or not changes the height wanted

    def label_rect(self, index: int) -> QRectF:
        bar = self.bar_rect(index)
        if self.columns()[2]:
            return QRectF(0, bar.top() - 3 - LINE, self.width(), LINE)
        return QRectF(0, bar.top() - 3, bar.left() - 6, ROW)

    def text_rect(self, index: int) -> QRectF:
        bar = self.bar_rect(index)
        return QRectF(bar.right() + 6, bar.top() - 3, self.width() - bar.right() - 6, ROW)

    def bar_rect(self, index: int) -> QRectF:
        label_w, text_w, stacked = self.columns()
        top = TITLE + index * self.row_height() + (LINE if stacked else 0) + 3
        left = 12.0 if stacked else label_w + 6
        return QRectF(left, top, max(10.0, self.width() - left - text_w - 6), ROW - 6)

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
        rect, room = self.bar_rect(i), self.label_rect(i)
        fm = p.fontMetrics()
        label = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(room.width()))
        p.setPen(QColor("#222222"))
        side = Qt.AlignmentFlag.AlignLeft if self.columns()[2] else Qt.AlignmentFlag.AlignRight
        p.drawText(room, Qt.AlignmentFlag.AlignVCenter | side, label)
        p.fillRect(rect, REST)
        share = bar.value / bar.total if bar.total else 0.0
        filled = QRectF(rect.left(), rect.top(), rect.width() * max(0.0, min(1.0, share)),
                        rect.height())
        p.fillRect(filled, ALERT if bar.alert else FILL)
        if i == self.current and self.hasFocus():
            p.setPen(FOCUS)
            p.drawRect(rect.adjusted(-1, -1, 1, 1))
        p.setPen(ALERT if bar.alert else QColor("#222222"))
        text = self.text_rect(i)
        p.drawText(text, Qt.AlignmentFlag.AlignVCenter,
                   fm.elidedText(bar.text, Qt.TextElideMode.ElideRight, int(text.width())))

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
        index = int((y - TITLE) // self.row_height())
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
