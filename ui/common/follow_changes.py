"""A page refreshes only when a write changed what it shows (``ctx.data_changed`` carries the
write's ``Changes``). A page out of sight while its window is open (another page or tab in
front) only notes that it is out of date and refreshes when it is shown again.

    self.follower = follow_changes(self, ctx, PAGE_KINDS, self.reload)

``reloads`` counts the refreshes (the tests read it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ykt_desktop.changes import Changes, Kind


class ChangeFollower(QObject):
    def __init__(self, widget: QWidget, ctx: AppContext, kinds: Iterable[Kind],
                 reload: Callable[[], None]) -> None:
        super().__init__(widget)            # goes with the widget, and so does the connection
        self.widget, self.kinds, self._reload = widget, frozenset(kinds), reload
        if not self.kinds or not all(isinstance(k, Kind) for k in self.kinds):
            raise TypeError("a page follows kinds of record (ykt_desktop.changes.Kind)")
        self.stale = False
        self.reloads = 0
        ctx.data_changed.connect(self.changed)
        widget.installEventFilter(self)

    def changed(self, changes: Changes) -> None:
        if not isinstance(changes, Changes):
            raise TypeError("data_changed carries the Changes a write made")
        if not changes.touches(self.kinds):
            return
        if self._out_of_sight():
            self.stale = True
            return
        self.reload()

    def reload(self) -> None:
        self.stale = False
        self.reloads += 1
        self._reload()

    def _out_of_sight(self) -> bool:
        """Behind another page or tab of an open window (a page never put in a window, as in
        a test, refreshes at once)."""
        window = self.widget.window()
        return window is not self.widget and window.isVisible() and not self.widget.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Only its own widget is watched. A widget being destroyed still sends events (child
        # removed, …) to its filter after this follower's Python side is gone, attributes and
        # all: getattr, and nothing to do then.
        if event.type() == QEvent.Type.Show and getattr(self, "stale", False):
            self.reload()
        return False


def follow_changes(widget: QWidget, ctx: AppContext, kinds: Iterable[Kind],
                   reload: Callable[[], None]) -> ChangeFollower:
    return ChangeFollower(widget, ctx, kinds, reload)
