"""Progress reports from long core jobs.

A long job is a generator that yields :class:`Progress` and returns its result. The CLI drains it
with :func:`run`; the UI runs it in a worker thread, shows the bar and can stop it between steps.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    message: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


Job = Generator[Progress, None, T]


class Cancelled(Exception):
    """The user stopped the job; whatever it wrote was rolled back."""


def run(job: Job[T], on_progress: Callable[[Progress], None] | None = None) -> T:
    """Drive ``job`` to the end and return its result."""
    while True:
        try:
            step = next(job)
        except StopIteration as stop:
            return stop.value
        if on_progress:
            on_progress(step)
