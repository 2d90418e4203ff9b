"""Check a list file (report first) and import it in one transaction: long jobs.

Both go through the one intake job (:mod:`ykt_desktop.intake`): the file is read once, the
check's result (:class:`Checked`) is kept, and ``import_file(..., checked=...)`` writes it as
it is while the file and the database are unchanged, instead of reading and checking again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from ykt_desktop.imports.preview import Preview
from ykt_desktop.intake.job import check, intake
from ykt_desktop.intake.list_file import BYTES_PER_ROW, ListFile, worth_prefetching
from ykt_desktop.intake.lists import Checked, ImportResult, ListSource
from ykt_desktop.progress import Job

__all__ = ["BYTES_PER_ROW", "Checked", "ImportResult", "check_file", "import_file"]
_worth_prefetching = worth_prefetching      # the rule a check uses (tests replace it)


def check_file(db: sqlite_utils.Database, kind: str, path: Path | str,
               mapping: dict[str, str] | None = None, *, sheet: str | None = None,
               skip_unknown: bool = False, default_source: str = "",
               whole_file: dict[str, str] | None = None,
               item_map: dict[str, str] | None = None,
               replace_batch: int | None = None, opened: ListFile | None = None,
               on_preview: Callable[[Preview], dict[str, str] | None] | None = None
               ) -> Job[Checked]:
    """Read and validate every row; nothing is written. The result holds the report.

    ``whole_file`` gives fields once for all rows ({"item": ..., "period": ...} for a roster
    without those columns: :mod:`ykt_desktop.imports.whole_file`); ``item_map`` the item
    names the officer confirmed ({file name: catalogue name or code},
    :mod:`ykt_desktop.imports.items`); ``replace_batch`` a stored roster batch this file
    replaces (its rows are left out of the comparison with stored payments,
    :mod:`ykt_desktop.imports.stored_payments`). ``opened``: the file as the preview read it
    (:func:`ykt_desktop.intake.list_file.open_list`), so it is not read again;
    ``on_preview`` sees the preview before the rows are checked and may return the mapping.
    """
    return check(db, ListSource(kind, Path(path), mapping, sheet, skip_unknown, default_source,
                                whole_file, item_map, replace_batch, opened=opened,
                                on_preview=on_preview, prefetch_rule=_worth_prefetching))


def import_file(db: sqlite_utils.Database, kind: str, path: Path | str,
                mapping: dict[str, str] | None = None, *, sheet: str | None = None,
                by_user: str = "", skip_unknown: bool = False,
                default_source: str = "",
                whole_file: dict[str, str] | None = None,
                item_map: dict[str, str] | None = None,
                good_rows_only: bool = False,
                replace_batch: int | None = None, checked: Checked | None = None,
                opened: ListFile | None = None,
                on_preview: Callable[[Preview], dict[str, str] | None] | None = None
                ) -> Job[ImportResult]:
    """Validate, then write everything in one transaction; any error: nothing is written.

    With ``good_rows_only`` a file whose problems are all in single rows is imported without
    those rows (still one transaction); the batch record lists the rows left out. Problems of
    the whole file (a repeat import, an item name awaiting confirmation) still refuse it.
    ``checked``: the result of :func:`check_file` with the same options, written without
    reading the file again when the file and the database are unchanged since.

    The before-import backup is taken in the background while the file is read and checked
    (:mod:`ykt_desktop.intake.backup_step`); it is complete and verified before the first
    write, and removed when nothing is written.
    """
    source = ListSource(kind, Path(path), mapping, sheet, skip_unknown, default_source,
                        whole_file, item_map, replace_batch, by_user, good_rows_only,
                        opened=opened, on_preview=on_preview,
                        prefetch_rule=_worth_prefetching)
    return intake(db, source, checked=checked)
