"""A signature drawn with the mouse or a pen, saved as a PNG (the household head's confirmation).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPen, QTabletEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

PAD_SIZE = QSize(480, 160)


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(PAD_SIZE)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setToolTip("请户主用鼠标或手写笔在此签名。只用键盘录入时：请户主在纸质表上签字，"
                        "再用下面的“添加照片/扫描件…”附上扫描件，同样有效")
        self.image = self._blank()
        self._last: QPointF | None = None
        self.strokes = 0

    def sizeHint(self) -> QSize:  # noqa: N802
        return PAD_SIZE

    def _blank(self) -> QImage:
        image = QImage(PAD_SIZE, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        return image

    def is_empty(self) -> bool:
        return self.strokes == 0

    def clear(self) -> None:
        self.image, self.strokes = self._blank(), 0
        self.update()
        self.changed.emit()

    def to_png(self) -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image.save(buffer, "PNG")
        return bytes(data.data())

    def load_png(self, data: bytes | None) -> None:
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            self.image, self.strokes = self._blank(), 0
        else:
            self.image, self.strokes = image.convertToFormat(QImage.Format.Format_ARGB32), 1
        self.update()

    def draw_line(self, start: QPointF, end: QPointF, width: float = 2.5) -> None:
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#102060"), width, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.drawLine(start, end)
        painter.end()
        self.update()

    def _press(self, pos: QPointF) -> None:
        self._last = pos
        self.draw_line(pos, pos)
        self.strokes += 1

    def _move(self, pos: QPointF, width: float = 2.5) -> None:
        if self._last is not None:
            self.draw_line(self._last, pos, width)
            self._last = pos

    def _release(self) -> None:
        if self._last is not None:
            self._last = None
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._move(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._release()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._press(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._move(event.position(), 1.0 + 3.0 * event.pressure())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._release()
        event.accept()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.drawImage(0, 0, self.image)
        painter.setPen(QColor("#999999"))
        painter.drawRect(0, 0, PAD_SIZE.width() - 1, PAD_SIZE.height() - 1)
        if self.is_empty():
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "户主签名区（鼠标或手写笔）\n键盘录入：纸质表签字后附扫描件")
        painter.end()
