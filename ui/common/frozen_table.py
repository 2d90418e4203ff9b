"""A table whose first columns (报表's 序号 and 补贴项目 or 名称) stay in place while the officer
scrolls right: Qt's frozen-column pattern, a second view over the same model and selection drawn
on top of those columns and scrolled vertically with them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenColumnTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = 1              # how many leading columns stay (序号 and 补贴项目: 2)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenColumn")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setStyleSheet("QTableView#frozenColumn { border: none; "
                                  "border-right: 1px solid #9aa5b1; }")
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(self._row_resized)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.frozen.doubleClicked.connect(self.doubleClicked)

    def setModel(self, model: QAbstractItemModel) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self._show_first_column_only)
        model.layoutChanged.connect(self._show_first_column_only)
        self._show_first_column_only()

    def set_frozen_count(self, count: int) -> None:
        self.count = max(1, count)
        self._show_first_column_only()

    def frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(self.count))

    def _show_first_column_only(self) -> None:
        model = self.model()
        for col in range(model.columnCount() if model else 0):
            self.frozen.setColumnHidden(col, col >= self.count)
            if col < self.count:
                self.frozen.setColumnWidth(col, self.columnWidth(col))
        self._place()
        self.frozen.show()

    def _column_resized(self, index: int, _old: int, new: int) -> None:
        if index < self.count:
            self.frozen.setColumnWidth(index, new)
            self._place()

    def _row_resized(self, index: int, _old: int, new: int) -> None:
        self.frozen.setRowHeight(index, new)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place()

    def updateGeometries(self) -> None:  # noqa: N802 - Qt's name
        super().updateGeometries()
        self._place()

    def _place(self) -> None:
        frame = self.frameWidth()
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setGeometry(self.verticalHeader().width() + frame, frame,
                                self.frozen_width(),
                                self.viewport().height() + self.horizontalHeader().height())
