"""Tables that read on a 1366x768 screen.

Columns get the width their header and typical content need (never narrower than the header
text); one long-text column stretches to take what is left; text that still does not fit is
elided and shown whole in a tooltip. Widths come from header texts and sample strings, not
from the rows, so big lazily loaded tables stay cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

CELL_PADDING = 16     # margins and grid of a cell
HEADER_PADDING = 20   # margins of a header section and room for a sort arrow
# Typical cell texts to size columns by.
SAMPLE_VILLAGE = "某某某社区"
SAMPLE_NAME = "欧阳某某"
SAMPLE_AMOUNT = "1,234,567.89"
SAMPLE_TIME = "2026-01-01 00:00"
SAMPLE_DATE = "2026-01-01"


class ElideTipDelegate(QStyledItemDelegate):
    """Draws as usual; a cell whose text is cut off shows the whole text as its tooltip."""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,  # noqa: N802
                  option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid() \
                and not index.data(Qt.ItemDataRole.ToolTipRole):
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text and is_elided(view, str(text), option.rect.width()):
                QToolTip.showText(event.globalPos(), str(text), view)
                return True
        return super().helpEvent(event, view, option, index)


def is_elided(view: QAbstractItemView, text: str, width: int) -> bool:
    lines = text.splitlines() or [text]
    needed = max(view.fontMetrics().horizontalAdvance(line) for line in lines)
    return needed + CELL_PADDING > width


def header_width(view: QTableView, column: int) -> int:
    """Pixels the header text of ``column`` needs (the widest line of a wrapped header)."""
    text = view.model().headerData(column, Qt.Orientation.Horizontal,
                                   Qt.ItemDataRole.DisplayRole)
    metrics = QFontMetrics(view.horizontalHeader().font())
    lines = str(text or "").splitlines() or [""]
    return max(metrics.horizontalAdvance(line) for line in lines) + HEADER_PADDING


def text_width(view: QTableView, samples: Iterable[str]) -> int:
    """Pixels a cell needs to show the widest of ``samples`` whole."""
    metrics = view.fontMetrics()
    return max((metrics.horizontalAdvance(s) for s in samples), default=0) + CELL_PADDING


def fit_columns(view: QTableView, samples: Mapping[int, Iterable[str]] | None = None, *,
                stretch: int | None = None, widths: Mapping[int, int] | None = None) -> None:
    """Size every column for its header and sample texts; ``stretch`` takes the rest.

    ``samples``: column -> typical or longest texts (e.g. the longest category name);
    ``widths``: column -> a fixed width in pixels (still at least the header's width)."""
    samples, widths = samples or {}, widths or {}
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setItemDelegate(ElideTipDelegate(view))
    for column in range(view.model().columnCount()):
        width = header_width(view, column)
        if column in samples:
            width = max(width, text_width(view, samples[column]))
        if column in widths:
            width = max(width, widths[column])
        view.setColumnWidth(column, width)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def fit_to_contents(view: QTableView, columns: Iterable[int], maximum: int) -> None:
    """Short lists: each of ``columns`` as wide as its header and contents, at most ``maximum``
    pixels (longer texts are elided, with the full text as tooltip)."""
    for column in columns:
        view.resizeColumnToContents(column)
        width = max(header_width(view, column), min(view.columnWidth(column), maximum))
        view.setColumnWidth(column, width)


def fit_header_height(view: QTableView) -> None:
    """A header tall enough for its longest multi-line title (the style's own estimate can
    cut off the last line of a three-line header)."""
    header = view.horizontalHeader()
    model = view.model()
    lines = max((len(str(model.headerData(c, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.DisplayRole) or "").splitlines())
                 for c in range(model.columnCount())), default=1)
    spacing = QFontMetrics(header.font()).lineSpacing()
    header.setMinimumHeight(max(1, lines) * spacing + HEADER_PADDING // 2)


def two_line_header(text: str, longest: int = 5) -> str:
    """A long header broken before its unit, e.g. 追缴收回（元） -> 追缴收回 / （元）."""
    if len(text) > longest and "（" in text[1:]:
        cut = text.index("（", 1)
        return f"{text[:cut]}\n{text[cut:]}"
    return text


def narrow_columns(view: QTableView) -> list[str]:
    """Headers of the columns narrower than their header text (for tests and checks)."""
    model = view.model()
    return [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
            for c in range(model.columnCount())
            if not view.isColumnHidden(c)
            and view.horizontalHeader().sectionResizeMode(c) != QHeaderView.ResizeMode.Stretch
            and view.columnWidth(c) < header_width(view, c) - HEADER_PADDING]


def contents_table(model, *, row_numbers: bool = False) -> QTableView:
    """A short list's view: columns as wide as their contents, the last takes the rest
    (row numbers hidden unless asked for)."""
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(row_numbers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view
