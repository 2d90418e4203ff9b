"""Long jobs for the UI and CLI: build and lay out a notice; export it (and save the record).
Each is a generator yielding Progress and returning its result."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.chain import record as record_audit
from ykt_desktop.changes import NOTHING, Changes, Kind, writes
from ykt_desktop.progress import Progress
from ykt_desktop.publicity.layout import Layout, layout_notice
from ykt_desktop.publicity.model import Notice, NoticeRequest, PublicityError
from ykt_desktop.publicity.notice import build_notice
from ykt_desktop.publicity.pdf import write_pdf_job
from ykt_desktop.publicity.records import save_publicity
from ykt_desktop.publicity.xlsx import write_xlsx_job
from ykt_desktop.security.session import authorize


@dataclass
class Built:
    notice: Notice
    layout: Layout


@dataclass(frozen=True)
class Exported:
    path: Path
    publicity_id: int | None

    @property
    def changes(self) -> Changes:
        """A notice is recorded when exported for real (not in a read-only database)."""
        return NOTHING if self.publicity_id is None else Changes.of(Kind.PUBLICITY)


def build_job(db: sqlite_utils.Database,
              request: NoticeRequest) -> Generator[Progress, None, Built]:
    yield Progress(0, 3, "正在查询发放记录…")
    notice = build_notice(db, request)
    yield Progress(1, 3, f"正在排版（{notice.row_count}条）…")
    layout = layout_notice(notice)
    yield Progress(3, 3, f"共{len(layout.pages)}页")
    return Built(notice, layout)


def export_job(db: sqlite_utils.Database, built: Built, path: Path, *, record: bool = True,
               created_by: str = "") -> Generator[Progress, None, Exported]:
    """Write ``path`` (.pdf or .xlsx); with ``record`` save the notice and the file."""
    authorize(db, "export", built.notice.scope_code)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise PublicityError(f"输出文件“{path.name}”应以 .pdf 或 .xlsx 结尾")
    if suffix == ".pdf":
        yield from write_pdf_job(built.notice, path, built.layout)
    else:
        yield from write_xlsx_job(built.notice, path)
    publicity_id = None
    if record:
        publicity_id = save_publicity(db, built.notice, file_data=path.read_bytes(),
                                      filename=path.name, created_by=created_by)
    audit_export(db, built.notice, path.name, publicity_id)
    return Exported(path, publicity_id)


def audit_export(db: sqlite_utils.Database, notice: Notice, filename: str,
                 publicity_id: int | None) -> None:
    """Note in the audit log who wrote which notice to which file, under which policy."""
    record_audit(db, "export", table_name="publicity", row_id=publicity_id, after={
        "file": filename, "title": notice.title, "scope": notice.scope_code,
        "period": notice.period, "items": list(notice.item_codes), "lines": notice.row_count,
        "policy": notice.policy})


@writes(Kind.PUBLICITY)
def record_job(db: sqlite_utils.Database, built: Built, *,
               created_by: str = "") -> Generator[Progress, None, int]:
    """Save a printed notice: its PDF is rendered and kept with the record."""
    authorize(db, "export", built.notice.scope_code)
    data = yield from write_pdf_job(built.notice, None, built.layout)
    publicity_id = save_publicity(db, built.notice, file_data=data,
                                  filename=f"{built.notice.title}.pdf", created_by=created_by)
    audit_export(db, built.notice, "（打印）", publicity_id)
    return publicity_id
