"""The empty-state text of a page: what to do next when a list has nothing to show.

The texts live in ``ykt_desktop.guidance.EMPTY_TEXTS``; a page puts one ``EmptyState`` above
its main list and calls ``update_for`` whenever the list is (re)filled, also on
``ctx.data_changed``, so the text disappears as soon as there is something to show.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ykt_desktop.guidance import WHY_DISABLED, empty_text


class EmptyState(QLabel):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("emptyState")
        self.setWordWrap(True)
        self.hide()

    def update_for(self, shown: int, total: int | None = None, *, key: str | None = None
                   ) -> None:
        """Show the text of ``key`` (default: the page's) when ``shown`` is 0: the filtered
        variant when ``total`` > 0 rows exist behind a filter. Hide it otherwise."""
        text = empty_text(key or self.key, shown=shown, total=total)
        self.setText(text or "")
        self.setVisible(text is not None)


def set_available(widget: QWidget, enabled: bool, why: str) -> None:
    """Enable or disable ``widget``; while disabled its tooltip also says why
    (``guidance.WHY_DISABLED[why]``), so a grey button is never a riddle."""
    base = widget.property("baseToolTip")
    if base is None:
        base = widget.toolTip()
        widget.setProperty("baseToolTip", base)
    widget.setEnabled(enabled)
    reason = WHY_DISABLED[why]
    widget.setToolTip(base if enabled else f"{base}\n（现在不可用：{reason}）".lstrip())
