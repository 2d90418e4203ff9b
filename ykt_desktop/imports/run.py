"""Validate a file (report first) and import it in one transaction: long jobs."""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.bulk import bulk_load, insert_trigger_paused
from ykt_desktop.backup import start_backup_before_import
from ykt_desktop.imports.builders import Builder, builder_for
from ykt_desktop.imports.checked_insert import insert_checked_once
from ykt_desktop.imports.coverage import record_coverage, record_skipped
from ykt_desktop.imports.errors import ImportFileError, ImportRefused, Report
from ykt_desktop.imports.items import resolve_item_map
from ykt_desktop.imports.kinds import KIND_TITLES, fields
from ykt_desktop.imports.parse import parse_rows, plan_columns
from ykt_desktop.imports.preview import preview_rows, remember_mapping
from ykt_desktop.imports.reader import open_rows
from ykt_desktop.imports.resolve import UnitLookups, prefetch
from ykt_desktop.imports.stored_payments import check_replace_batch, delete_batch
from ykt_desktop.imports.whole_file import convert_whole_file
from ykt_desktop.progress import Job, Progress

STEP = 50_000
BYTES_PER_ROW = 60      # a roster .xlsx row, compressed (measured 51-90)


@dataclass
class Checked:
    report: Report
    builder: Builder
    rows: list[tuple]
    mapping: dict[str, str]
    signature: str
    sha256: str
    whole_file: dict[str, object] = field(default_factory=dict)
    item_proposals: dict[str, list[str]] = field(default_factory=dict)   # awaiting confirmation
    header_row: int = 0          # 1-based row of the header (for the problem-rows file)

    @property
    def good_rows_possible(self) -> bool:
        """Only rows have problems (none of the whole file) and some rows are good."""
        return bool(self.rows) and not self.report.file_errors


@dataclass
class ImportResult:
    kind: str
    batch_id: int
    rows: int
    report: Report
    header_row: int = 0


def check_file(db: sqlite_utils.Database, kind: str, path: Path | str,
               mapping: dict[str, str] | None = None, *, sheet: str | None = None,
               skip_unknown: bool = False, default_source: str = "",
               whole_file: dict[str, str] | None = None,
               item_map: dict[str, str] | None = None,
               replace_batch: int | None = None) -> Job[Checked]:
    """Read and validate every row; nothing is written. The result holds the report.

    ``whole_file`` gives fields once for all rows ({"item": ..., "period": ...} for a roster
    without those columns: :mod:`ykt_desktop.imports.whole_file`); ``item_map`` the item
    names the officer confirmed ({file name: catalogue name or code},
    :mod:`ykt_desktop.imports.items`); ``replace_batch`` a stored roster batch this file
    replaces (its rows are left out of the comparison with stored payments,
    :mod:`ykt_desktop.imports.stored_payments`)."""
    path = Path(path)
    check_replace_batch(db, replace_batch)
    lookups: list[UnitLookups] = []
    source = open_rows(path, sheet, while_loading=(lambda: lookups.append(prefetch(db)))
                       if _worth_prefetching(db, path) else None)
    preview, head = preview_rows(db, kind, path, source)
    mapping = dict(mapping or preview.mapping)
    sha = _sha256(path)
    constants = convert_whole_file(db, kind, whole_file, mapping)
    columns = plan_columns(preview, mapping, source.col_offset, constants)
    report = Report(source.file, source.sheet, kind)
    builder = builder_for(kind)(db, report, skip_unknown=skip_unknown,
                                default_source=default_source,
                                labels={**_whole_file_labels(kind, constants),
                                        **{c.key: c.label for c in columns}},
                                lookups=lookups[0] if lookups else None,
                                item_map=resolve_item_map(db, item_map or {}),
                                replace_batch=replace_batch,
                                whole_keys=frozenset(constants))
    rows = itertools.chain(head[preview.header_row:], source.rows)
    total = max(source.total - preview.header_row, 1)
    for count, (row, rec) in enumerate(
            parse_rows(rows, columns, report, preview.header_row + 1, constants), start=1):
        builder.add(row, rec)
        if count % STEP == 0:
            yield Progress(count, total, f"正在检查第{count:,}行…")
    if report.rows == 0:
        raise ImportFileError(f"{source.file}：表头（第{preview.header_row}行）下面没有数据行")
    yield Progress(total, total, "正在核对人员和卡号…")
    rows = builder.rows()
    _check_repeat(db, kind, sha, report)
    report.problems.sort(key=lambda problem: problem.row)   # by row, then as found
    proposals = builder.proposals() if hasattr(builder, "proposals") else {}
    return Checked(report, builder, rows, mapping, preview.signature, sha, constants, proposals,
                   preview.header_row)


def import_file(db: sqlite_utils.Database, kind: str, path: Path | str,
                mapping: dict[str, str] | None = None, *, sheet: str | None = None,
                by_user: str = "", skip_unknown: bool = False,
                default_source: str = "",
                whole_file: dict[str, str] | None = None,
                item_map: dict[str, str] | None = None,
                good_rows_only: bool = False,
                replace_batch: int | None = None) -> Job[ImportResult]:
    """Validate, then write everything in one transaction; any error: nothing is written.

    With ``good_rows_only`` a file whose problems are all in single rows is imported without
    those rows (still one transaction); the batch record lists the rows left out. Problems of
    the whole file (a repeat import, an item name awaiting confirmation) still refuse it.

    The before-import backup is taken in the background while the file is read and checked
    (:func:`ykt_desktop.backup.start_backup_before_import`); it is complete and verified
    before the first write, and removed when nothing is written.
    """
    pending = start_backup_before_import(db)
    try:
        checked = yield from check_file(db, kind, path, mapping, sheet=sheet,
                                        skip_unknown=skip_unknown, default_source=default_source,
                                        whole_file=whole_file, item_map=item_map,
                                        replace_batch=replace_batch)
        if not checked.report.ok and not (good_rows_only and checked.good_rows_possible):
            raise ImportRefused(checked.report, header_row=checked.header_row,
                                good_rows=len(checked.rows) if checked.good_rows_possible else 0)
        if not checked.rows:
            raise ImportFileError(_nothing_to_import(checked.report))
        yield Progress(0, 1, f"正在写入{len(checked.rows):,}行…")
    except BaseException:        # refused, failed or cancelled: no write, no backup kept
        if pending:
            pending.drop()
        raise
    with db.atomic():
        if pending:
            pending.finish(db)
        with bulk_load(db, f"import-{kind}", detail={"file": Path(path).name},
                       backup=pending is None):
            batch_id = _write(db, kind, path, checked, by_user, replace_batch)
    yield Progress(1, 1, f"{KIND_TITLES[kind]}已导入{len(checked.rows):,}行")
    return ImportResult(kind, batch_id, len(checked.rows), checked.report, checked.header_row)


def _nothing_to_import(report: Report) -> str:
    if report.already_stored and report.already_stored == report.rows:
        return (f"{report.file}：全部{report.rows:,}行已在数据库中（各项相同），无需再导入，"
                "数据库未改动")
    stored = f"，其中{report.already_stored:,}行已在数据库中" if report.already_stored else ""
    return f"{report.file}：没有可导入的行（全部已跳过{stored}）"


def _write(db: sqlite_utils.Database, kind: str, path: Path | str, checked: Checked,
           by_user: str, replace_batch: int | None = None) -> int:
    if replace_batch is not None:
        delete_batch(db, replace_batch)
    provenance = _provenance(checked)
    if replace_batch is not None:
        provenance = {**provenance, "替换批次": replace_batch}
    cur = db.execute(
        "INSERT INTO import_batches(kind, filename, sha256, rows, mapping, imported_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [kind, Path(path).name, checked.sha256, len(checked.rows),
         json.dumps(provenance, ensure_ascii=False), by_user])
    batch_id = cur.lastrowid
    record_skipped(db, batch_id, checked.report)
    builder = checked.builder
    if hasattr(builder, "before_write"):
        builder.before_write()
    cols = builder.COLUMNS
    marks = ", ".join(["?"] * (len(cols) - 1) + [str(int(batch_id))])
    with insert_trigger_paused(db, builder.TABLE):
        insert_checked_once(db, builder.TABLE, f"INSERT INTO {builder.TABLE} "
                            f"({', '.join(cols)}) VALUES ({marks})", checked.rows)
    if kind == "roster":
        record_coverage(db, batch_id, checked.rows)
    remember_mapping(db, kind, checked.signature, checked.mapping, Path(path).name)
    return batch_id


def _whole_file_labels(kind: str, constants: dict) -> dict[str, str]:
    """'发放期间（整表指定）' for the fields given once for the whole file."""
    return {f.key: f"{f.label}（整表指定）" for f in fields(kind) if f.key in constants}


def _worth_prefetching(db: sqlite_utils.Database, path: Path) -> bool:
    """Reading every person of the unit (about 5 us each) while the sheet loads (about 15 us a
    row) is hidden by the load and saves looking the rows up afterwards (about 4 us a row) when
    the file's rows are at least a third of the unit's persons."""
    if not path.is_file() or path.suffix.lower() == ".csv":
        return False
    rows = path.stat().st_size / BYTES_PER_ROW
    persons = db.execute("SELECT coalesce(max(rowid), 0) FROM persons").fetchone()[0]
    return rows >= 10_000 and rows * 3 >= persons


def _provenance(checked: Checked) -> dict:
    """The columns used, and the values given for the whole file (kept with the batch)."""
    if not checked.whole_file:
        return checked.mapping
    return {**checked.mapping, "整表指定": {k: str(v) for k, v in checked.whole_file.items()}}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_repeat(db: sqlite_utils.Database, kind: str, sha: str, report: Report) -> None:
    row = db.execute("SELECT id, imported_at FROM import_batches WHERE kind = ? AND sha256 = ?",
                     [kind, sha]).fetchone()
    if row:
        from ykt_desktop.imports.errors import Problem

        report.add(Problem(report.file, report.sheet, 0, "", "",
                           f"同一文件已于{row[1]}导入（批次{row[0]}），不能重复导入"))
