"""The list sources: payment rosters, death, cadre and register lists (check and write steps).

Read: :func:`.list_file.open_list`. Check: every row parsed and validated once
(:mod:`ykt_desktop.imports.parse`, the kind's builder), nothing written; the result
(:class:`Checked`) holds the rows to write. Write: the rows into the kind's table with the
batch's id, the roster's coverage, the remembered mapping.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.bulk import insert_trigger_paused
from ykt_desktop.changes import Changes, Kind
from ykt_desktop.imports.builders import Builder, builder_for
from ykt_desktop.imports.checked_insert import insert_checked_once
from ykt_desktop.imports.coverage import record_coverage, record_skipped
from ykt_desktop.imports.errors import ImportFileError, ImportRefused, Problem, Report
from ykt_desktop.imports.items import resolve_item_map
from ykt_desktop.imports.kinds import fields
from ykt_desktop.imports.parse import parse_rows, plan_columns
from ykt_desktop.imports.preview import Preview, remember_mapping
from ykt_desktop.imports.resolve import prefetch
from ykt_desktop.imports.stored_payments import check_replace_batch, delete_batch
from ykt_desktop.imports.whole_file import convert_whole_file
from ykt_desktop.intake.identity import Previous
from ykt_desktop.intake.job import Stamp
from ykt_desktop.intake.list_file import ListFile, open_list, worth_prefetching
from ykt_desktop.progress import Job, Progress

STEP = 50_000


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
    stamp: Stamp | None = None   # file, options and database state it was checked against

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

    @property
    def changes(self) -> Changes:
        """The list's records (a register is read beside the households) and the backup."""
        kind = Kind.HOUSEHOLDS if self.kind == "register" else Kind.PAYMENTS
        return Changes.of(kind, Kind.BACKUPS)


@dataclass
class ListSource:
    """One list file and the options it is checked and imported with."""
    kind: str
    path: Path
    mapping: dict[str, str] | None = None
    sheet: str | None = None
    skip_unknown: bool = False
    default_source: str = ""
    whole_file: dict[str, str] | None = None
    item_map: dict[str, str] | None = None
    replace_batch: int | None = None
    by_user: str = ""
    good_rows_only: bool = False
    opened: ListFile | None = None       # read already (the dialog's preview)
    on_preview: Callable[[Preview], dict[str, str] | None] | None = None
    prefetch_rule: Callable[[sqlite_utils.Database, Path], bool] = worth_prefetching
    backup = bulk = True

    def options(self) -> tuple:
        return (self.kind, _key(self.mapping), self.sheet, self.skip_unknown,
                self.default_source, _key(self.whole_file), _key(self.item_map),
                self.replace_batch)

    def read(self, db: sqlite_utils.Database) -> Job[ListFile]:
        yield Progress(0, 1, "正在读取文件…")
        check_replace_batch(db, self.replace_batch)
        opened = self.opened
        if opened is None or not opened.fits(self.path, self.sheet):
            opened = open_list(db, self.kind, self.path, self.sheet)
        opened.used = True
        if self.on_preview is not None:
            chosen = self.on_preview(opened.preview)
            if chosen is not None:
                self.mapping = chosen
        return opened

    def check(self, db: sqlite_utils.Database, opened: ListFile, stamp: Stamp) -> Job[Checked]:
        return check_rows(db, self, opened, stamp)

    def worth_backup(self, previous: Previous | None) -> bool:
        return True       # a repeated file is refused by the check, after the backup started

    def refuse(self, checked: Checked) -> None:
        if not checked.report.ok and not (self.good_rows_only and checked.good_rows_possible):
            raise ImportRefused(checked.report, header_row=checked.header_row,
                                good_rows=len(checked.rows) if checked.good_rows_possible else 0)
        if not checked.rows:
            raise ImportFileError(_nothing_to_import(checked.report))

    def outside(self, db: sqlite_utils.Database) -> nullcontext:
        return nullcontext()

    def batch(self, checked: Checked) -> dict:
        provenance = _provenance(checked)
        if self.replace_batch is not None:
            provenance = {**provenance, "替换批次": self.replace_batch}
        return {"rows": len(checked.rows), "imported_by": self.by_user,
                "mapping": json.dumps(provenance, ensure_ascii=False)}

    def audit(self, checked: Checked) -> tuple[str, dict]:
        return f"import-{self.kind}", {"file": Path(self.path).name}

    def write(self, db: sqlite_utils.Database, checked: Checked, batch_id: int
              ) -> Job[ImportResult]:
        yield Progress(0, 1, f"正在写入{len(checked.rows):,}行…")
        write_rows(db, self, checked, batch_id)
        return ImportResult(self.kind, batch_id, len(checked.rows), checked.report,
                            checked.header_row)


def check_rows(db: sqlite_utils.Database, src: ListSource, opened: ListFile, stamp: Stamp
               ) -> Job[Checked]:
    """Parse and validate every row the read left (the head first); nothing is written."""
    preview, head, sheet = opened.preview, opened.head, opened.rows
    mapping = dict(src.mapping or preview.mapping)
    constants = convert_whole_file(db, src.kind, src.whole_file, mapping)
    columns = plan_columns(preview, mapping, sheet.col_offset, constants)
    report = Report(sheet.file, sheet.sheet, src.kind)
    builder = builder_for(src.kind)(
        db, report, skip_unknown=src.skip_unknown, default_source=src.default_source,
        labels={**_whole_file_labels(src.kind, constants), **{c.key: c.label for c in columns}},
        lookups=opened.lookups if opened.state == stamp.state else None,
        item_map=resolve_item_map(db, src.item_map or {}),
        replace_batch=src.replace_batch, whole_keys=frozenset(constants))
    rows = itertools.chain(head[preview.header_row:], sheet.rows)
    total = max(sheet.total - preview.header_row, 1)
    for count, (row, rec) in enumerate(
            parse_rows(rows, columns, report, preview.header_row + 1, constants), start=1):
        builder.add(row, rec)
        if count % STEP == 0:
            yield Progress(count, total, f"正在检查第{count:,}行…")
    opened.head, opened.lookups = [], None     # the loaded sheet and lookups can go now
    if report.rows == 0:
        raise ImportFileError(f"{sheet.file}：表头（第{preview.header_row}行）下面没有数据行")
    yield Progress(total, total, "正在核对人员和卡号…")
    if builder.lookups is None and src.prefetch_rule(db, Path(src.path)):
        builder.lookups = prefetch(db)     # every person of the unit, the sheet freed by now
    out = builder.rows()
    builder.records, builder.seen, builder.lookups = [], {}, None
    _repeat(stamp, report)
    report.problems.sort(key=lambda problem: problem.row)   # by row, then as found
    proposals = builder.proposals() if hasattr(builder, "proposals") else {}
    return Checked(report, builder, out, mapping, preview.signature, stamp.identity.sha256,
                   constants, proposals, preview.header_row)


def write_rows(db: sqlite_utils.Database, src: ListSource, checked: Checked,
               batch_id: int) -> None:
    """Inside the intake's transaction and audit pause, after the batch record."""
    if src.replace_batch is not None:
        delete_batch(db, src.replace_batch)
    record_skipped(db, batch_id, checked.report)
    builder = checked.builder
    builder.db = db            # the check may have run on another connection (the UI's job)
    if hasattr(builder, "before_write"):
        builder.before_write()
    cols = builder.COLUMNS
    marks = ", ".join(["?"] * (len(cols) - 1) + [str(int(batch_id))])
    sql = (builder.insert_sql(batch_id) if hasattr(builder, "insert_sql") else
           f"INSERT INTO {builder.TABLE} ({', '.join(cols)}) VALUES ({marks})")
    with insert_trigger_paused(db, builder.TABLE):
        insert_checked_once(db, builder.TABLE, sql, checked.rows)
    if src.kind == "roster":
        record_coverage(db, batch_id, checked.rows)
    remember_mapping(db, src.kind, checked.signature, checked.mapping, Path(src.path).name)


def _key(value: dict | None) -> str:
    return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


def _repeat(stamp: Stamp, report: Report) -> None:
    if stamp.previous is not None:
        report.add(Problem(report.file, report.sheet, 0, "", "",
                           f"同一文件已于{stamp.previous.at}导入（批次{stamp.previous.batch_id}），"
                           "不能重复导入"))


def _nothing_to_import(report: Report) -> str:
    if report.already_stored and report.already_stored == report.rows:
        return (f"{report.file}：全部{report.rows:,}行已在数据库中（各项相同），无需再导入，"
                "数据库未改动")
    stored = f"，其中{report.already_stored:,}行已在数据库中" if report.already_stored else ""
    return f"{report.file}：没有可导入的行（全部已跳过{stored}）"


def _whole_file_labels(kind: str, constants: dict) -> dict[str, str]:
    """'发放期间（整表指定）' for the fields given once for the whole file."""
    return {f.key: f"{f.label}（整表指定）" for f in fields(kind) if f.key in constants}


def _provenance(checked: Checked) -> dict:
    """The columns used, and the values given for the whole file (kept with the batch)."""
    if not checked.whole_file:
        return checked.mapping
    return {**checked.mapping, "整表指定": {k: str(v) for k, v in checked.whole_file.items()}}
