"""The drawn list, as shown on the page and printed for the field (A4 PDF or xlsx)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.chain import record as record_audit
from ykt_desktop.campaign.output import Document, Table, write
from ykt_desktop.campaign.sampling import KINDS, STRATA, load_sample
from ykt_desktop.security.read_scope import read_prefix, region_condition
from ykt_desktop.security.session import authorize

HEADERS = {
    "households": ("序号", "户编号", "村", "户主", "地址", "原核查人", "原核查日期",
                   "复核日期", "复核人签字"),
    "villages": ("序号", "区划代码", "乡镇", "村", "户数", "已核查户数", "复核人签字"),
    "issues": ("序号", "问题编号", "村", "问题类别", "问题描述", "状态", "复核意见"),
}
WIDTHS = {"households": (4, 10, 8, 7, 14, 8, 9, 9, 9), "villages": (4, 12, 10, 10, 6, 8, 10),
          "issues": (4, 12, 8, 10, 26, 7, 12)}
SQL = {
    "households": "SELECT h.id, h.hh_no, coalesce(r.name, h.village_code), coalesce(p.name, ''),"
                  " h.address, h.verified_by, coalesce(h.verified_at, '') FROM households h "
                  "LEFT JOIN regions r ON r.code = h.village_code "
                  "LEFT JOIN persons p ON p.id = h.head_person_id WHERE h.id IN ({marks})",
    "villages": "SELECT v.code, v.code, coalesce(t.name, ''), v.name, (SELECT count(*) FROM "
                "households h WHERE h.village_code = v.code), (SELECT count(*) FROM households h "
                "WHERE h.village_code = v.code AND h.verify_status <> 'pending') FROM regions v "
                "LEFT JOIN regions t ON t.code = v.parent_code WHERE v.code IN ({marks})",
    "issues": "SELECT i.id, i.issue_no, coalesce(r.name, ''), coalesce(c.name, i.category), "
              "i.description, i.status FROM issues i LEFT JOIN regions r ON r.code = "
              "i.village_code LEFT JOIN issue_categories c ON c.code = i.category "
              "WHERE i.id IN ({marks})",
}
REGION_COLUMN = {"households": "h.village_code", "villages": "v.code",
                 "issues": "i.village_code"}
ISSUE_STATUS = {"registered": "已挂号", "rectifying": "整改中", "closed": "已销号",
                "reopened": "退回重改"}


def sample_rows(db: sqlite_utils.Database, sample_id: int) -> list[tuple]:
    """One row per drawn id, in draw order (as printed, without the blank columns)."""
    sample, _ = load_sample(db, sample_id)
    found: dict = {}
    ids = list(sample.drawn)
    scope, scope_args = region_condition(db, REGION_COLUMN[sample.spec.kind])
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        sql = SQL[sample.spec.kind].format(marks=",".join("?" * len(chunk))) + f" AND {scope}"
        for row in db.execute(sql, [*chunk, *scope_args]).fetchall():
            found[row[0]] = list(row[1:])
    out = []
    limited = bool(read_prefix(db))     # a session sees its region's rows, numbered as drawn
    for n, ident in enumerate(ids, 1):
        if limited and ident not in found:
            continue
        row = found.get(ident, [str(ident)] + [""] * (len(HEADERS[sample.spec.kind]) - 3))
        if sample.spec.kind == "households":
            row[-1] = (row[-1] or "")[:10]
        if sample.spec.kind == "issues":
            row[-1] = ISSUE_STATUS.get(row[-1], row[-1])
        out.append((n, *row))
    return out


def sample_document(db: sqlite_utils.Database, sample_id: int) -> Document:
    sample, params = load_sample(db, sample_id)
    title, created = db.execute("SELECT title, created_at FROM samples WHERE id = ?",
                                [sample_id]).fetchone()
    how = (f"比例 {sample.spec.ratio:.0%}" if sample.spec.ratio is not None
           else f"{'每层' if sample.spec.stratify else '共'} {sample.spec.per_stratum} 个")
    intro = [f"抽查编号：{sample_id}　抽取时间：{created}　对象：{KINDS[sample.spec.kind]}　"
             f"{STRATA[sample.spec.stratify]}，{how}",
             f"抽样范围：{sample.spec.under or '全部'}，共 {sample.frame_size} 个；"
             f"抽中 {len(sample.drawn)} 个。随机种子：{sample.seed}",
             f"抽样框校验值（SHA-256）：{sample.frame_sha256}",
             "任何人可用“抽查与举报”页的“重新抽取核对”或 sample-verify 命令，按记录的种子"
             "和抽样框重新抽取，结果应与本名单一致。"]
    found = sample_rows(db, sample_id)     # a session's region may hold none of the drawn
    blanks = len(HEADERS[sample.spec.kind]) - len(found[0]) if found else 0
    rows = [(*r, *([""] * blanks)) for r in found]
    table = Table("抽查名单", HEADERS[sample.spec.kind], rows, WIDTHS[sample.spec.kind],
                  heading=False)
    return Document(title, intro, [table], ["复核人：__________　　复核日期：__________"],
                    landscape=sample.spec.kind == "households")


def export_sample(db: sqlite_utils.Database, sample_id: int, path: Path | str) -> Path:
    """Write the drawn list to ``path`` (.pdf or .xlsx) and record the export."""
    authorize(db, "export")
    target = write(sample_document(db, sample_id), path)
    record_audit(db, "export", table_name="samples", row_id=sample_id,
                 after={"file": Path(path).name})
    return target
