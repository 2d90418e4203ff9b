"""A list file (roster, death, cadre or register list) read once: the read step.

:func:`open_list` loads the sheet (python-calamine, after the hostile-file guard) and looks at
its first rows for the header, the suggested mapping and the samples; the rest of the rows
stay in the loaded sheet for the check, which goes on reading where the preview stopped. The
UI's import dialog keeps the :class:`ListFile` it opened for its preview and hands it to its
first 检查, so the preview, the check and the write share one read of the file. The unit's
persons read during the load (when asked for) serve the check only while the database is
unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ykt_desktop.imports import reader
from ykt_desktop.imports.preview import Preview, preview_rows
from ykt_desktop.imports.resolve import UnitLookups, prefetch
from ykt_desktop.intake.identity import state

BYTES_PER_ROW = 60      # a roster .xlsx row, compressed (measured 51-90)


@dataclass
class ListFile:
    kind: str
    path: Path
    rows: reader.SheetRows       # being consumed: the preview took ``head`` from it
    preview: Preview
    head: list[list]
    lookups: UnitLookups | None = None    # the unit's persons and cards, read during the load
    state: tuple[int, ...] = ()           # the database's state when they were read
    used: bool = False                    # a check has consumed the rows

    def fits(self, path: Path, sheet: str | None) -> bool:
        """Unread rows of ``path`` (and ``sheet``, when one is asked for)."""
        return (not self.used and self.path == Path(path)
                and sheet in (None, self.rows.sheet))


def open_list(db: sqlite_utils.Database, kind: str, path: Path | str,
              sheet: str | None = None, *, prefetch_unit: bool = False) -> ListFile:
    """Read the file once and preview it. ``prefetch_unit``: read the unit's persons while
    calamine loads the sheet. Off by default: the check reads them after the rows are parsed
    and the sheet is freed (:func:`ykt_desktop.intake.lists.check_rows`), which keeps a
    1,000,000-row import under 1.2 GB (calamine's load alone peaks at about 0.9 GB)."""
    path = Path(path)
    lookups: list[UnitLookups] = []
    before = state(db)
    rows = reader.open_rows(path, sheet, while_loading=(lambda: lookups.append(prefetch(db)))
                            if prefetch_unit else None)
    preview, head = preview_rows(db, kind, path, rows)
    return ListFile(kind, path, rows, preview, head, lookups[0] if lookups else None, before)


def worth_prefetching(db: sqlite_utils.Database, path: Path) -> bool:
    """Reading every person of the unit (about 5 us each) while the sheet loads (about 15 us a
    row) is hidden by the load and saves looking the rows up afterwards (about 4 us a row) when
    the file's rows are at least a third of the unit's persons."""
    if not path.is_file() or path.suffix.lower() == ".csv":
        return False
    rows = path.stat().st_size / BYTES_PER_ROW
    persons = db.execute("SELECT coalesce(max(rowid), 0) FROM persons").fetchone()[0]
    return rows >= 10_000 and rows * 3 >= persons
