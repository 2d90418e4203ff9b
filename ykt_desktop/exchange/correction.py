"""退回: returning a submission for correction with comments, as a signed file.

The upper unit writes the file (:func:`write_return`); the lower unit imports it
(:func:`import_return`) and sees each comment against the household or issue it concerns
(:func:`comments_for`). The lower unit corrects its data and sends a new package, which replaces
the returned one at the upper unit.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ykt_desktop.changes import Kind, writes
from ykt_desktop.errors import UserError
from ykt_desktop.exchange import cms, history
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.manifest import MANIFEST, SIGNATURE, Manifest, file_entry
from ykt_desktop.exchange.reader import file_sha256
from ykt_desktop.exchange.return_steps import COMMENTS
from ykt_desktop.exchange.writer import now_iso
from ykt_desktop.intake.returns import receive_return
from ykt_desktop.regions import code_prefix
from ykt_desktop.security.session import authorize
from ykt_desktop.unit import require_unit
from ykt_desktop.unit_keys import ensure_unit_key

TARGETS = {"package": "整体", "households": "户", "issues": "问题"}


class ReturnCommentError(ValueError, UserError):
    """A 退回 comment on a household or issue that the lower unit did not send."""


@dataclass(frozen=True)
class Comment:
    target_table: str     # package | households | issues
    target_key: str       # hh_no / issue_no as the receiver (upper unit) shows it
    text: str


@writes(Kind.SUBMISSIONS)
def write_return(db: sqlite_utils.Database, unit_code: str, period: str,
                 comments: list[Comment], out: Path | str, *, author: str = "") -> int:
    """Return the latest submission of ``unit_code`` for ``period``; returns its id."""
    ours = require_unit(db)
    authorize(db, "review", unit_code)
    authorize(db, "sign", ours.code)
    sub = history.latest_in(db, unit_code, period)
    if sub is None:
        raise PackageError("not_for_us", f"没有收到单位 {unit_code} {period} 的上报，无法退回")
    check_comments(db, unit_code, comments)
    body = json.dumps({"comments": [c.__dict__ for c in comments], "author": author},
                      ensure_ascii=False, indent=1).encode()
    manifest = Manifest(kind="return", period=period, created_at=now_iso(),
                        unit={"code": ours.code, "level": ours.level, "name": ours.name},
                        files={COMMENTS: file_entry(body)},
                        extra={"to_unit": unit_code, "package_sha256": sub.package_sha256,
                               "package_file": sub.filename})
    data = manifest.to_bytes()
    out = Path(out)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(COMMENTS, body)
        zf.writestr(MANIFEST, data)
        zf.writestr(SIGNATURE, cms.sign_detached(data, ensure_unit_key(db)))
    text = "；".join(c.text for c in comments)
    with db.atomic():
        history.set_status(db, sub.id, "returned", text)
        db.execute("INSERT INTO submissions(direction, unit_code, period, package_sha256, "
                   "filename, signer, created_at, status, comments, manifest) "
                   "VALUES ('returned_out',?,?,?,?,?,?,'returned',?,?)",
                   [unit_code, period, file_sha256(out), out.name, ours.name,
                    manifest.created_at, text, data.decode()])
    return sub.id


def check_comments(db: sqlite_utils.Database, unit_code: str, comments: list[Comment]) -> None:
    """Refuse a 退回 whose comments are empty or name a household or issue that
    ``unit_code`` did not send (checked before the officer chooses where to save the file)."""
    if not comments or not all(c.text.strip() for c in comments):
        raise ReturnCommentError("退回必须写明意见")
    for c in comments:
        if c.target_table not in TARGETS:
            raise ReturnCommentError(f"意见对象“{c.target_table}”不对")
        _check_target(db, unit_code, c)


def _check_target(db: sqlite_utils.Database, unit_code: str, c: Comment) -> None:
    """A comment on a household or issue names one the lower unit sent (else it could never
    be shown against it there)."""
    prefix = code_prefix(unit_code) + "%"
    if c.target_table == "households":
        found = db.execute("SELECT 1 FROM households WHERE hh_no = ? AND village_code LIKE ?",
                           [c.target_key, prefix]).fetchone()
        what = "户编号"
    elif c.target_table == "issues":
        found = db.execute("SELECT 1 FROM issues WHERE (issue_no = ? OR issue_no LIKE ? OR "
                           "? LIKE '%-' || issue_no) AND village_code LIKE ?",
                           [c.target_key, f"%-{c.target_key}", c.target_key, prefix]).fetchone()
        what = "问题编号"
    else:
        return
    if found is None:
        raise ReturnCommentError(
            f"意见“{TARGETS[c.target_table]} {c.target_key}：{c.text}”：下级上报的数据中没有"
            f"{what}“{c.target_key}”。请核对{what}；整体意见不要以“{TARGETS[c.target_table]} ”开头")


@writes(Kind.SUBMISSIONS)
def import_return(db: sqlite_utils.Database, path: Path | str) -> int:
    """Read a return file from our upper unit; returns how many new comments were stored
    (through the one intake job: :mod:`ykt_desktop.intake.returns`)."""
    return receive_return(db, path)


def comments_for(db: sqlite_utils.Database, target_table: str | None = None,
                 target_key: str | None = None, *, open_only: bool = True) -> list[dict]:
    """Return comments (newest first), optionally for one household (hh_no) or issue."""
    sql = ("SELECT id, period, target_table, target_key, comment, author, created_at, resolved "
           "FROM exchange_comments WHERE 1 = 1")
    args: list = []
    if target_table:
        sql += " AND target_table = ?"
        args.append(target_table)
    if target_key is not None:
        sql += " AND target_key = ?"
        args.append(target_key)
    if open_only:
        sql += " AND resolved = 0"
    keys = ("id", "period", "target_table", "target_key", "comment", "author", "created_at",
            "resolved")
    rows = db.execute(sql + " ORDER BY created_at DESC, id", args).fetchall()
    return [dict(zip(keys, r, strict=True)) for r in rows]


@writes(Kind.SUBMISSIONS)
def resolve_comment(db: sqlite_utils.Database, comment_id: int) -> None:
    with db.atomic():
        db.execute("UPDATE exchange_comments SET resolved = 1 WHERE id = ?", [comment_id])
