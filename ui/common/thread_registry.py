"""Threads that belong to no page: kept until they have finished, released on the GUI thread.

A ``QThread`` destroyed while it runs aborts the process. A page (or dialog) may be closed and
deleted while its count or job still runs, so neither the page nor anything it owns may hold the
only reference to the thread. The background loader (ui/common/background.py) and the job runner
(ui/common/workers.py) each keep their threads in a registry like this one.
"""

from __future__ import annotations

from PySide6.QtCore import QThread


class ThreadRegistry:
    def __init__(self) -> None:
        self.threads: list[QThread] = []

    def add(self, thread: QThread) -> None:
        self.release_finished()
        self.threads.append(thread)

    def release_finished(self) -> None:
        """Drop finished threads (on the GUI thread, where they were made)."""
        self.threads[:] = [thread for thread in self.threads if not thread.isFinished()]

    def wait_all(self, msecs: int) -> None:
        """Let every running thread finish, then release them."""
        for thread in list(self.threads):
            thread.wait(msecs)
        self.release_finished()

    def running_count(self) -> int:
        self.release_finished()
        return len(self.threads)
