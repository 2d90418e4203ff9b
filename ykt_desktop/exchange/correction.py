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

from ykt_desktop.exchange import cms, history
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.manifest import MANIFEST, SIGNATURE, Manifest, file_entry
from ykt_desktop.exchange.reader import file_sha256
from ykt_desktop.exchange.return_steps import COMMENTS
from ykt_desktop.exchange.writer import now_iso
from ykt_desktop.intake.returns import receive_return
from ykt_desktop.security.session import authorize
from ykt_desktop.unit import require_unit
from ykt_desktop.unit_keys import ensure_unit_key

TARGETS = {"package": "整体", "households": "户", "issues": "问题"}


@dataclass(frozen=True)
class Comment:
    target_table: str     # package | households | issues
    target_key: str       # hh_no / issue_no as the receiver (upper unit) shows it
    text: str


def write_return(db: sqlite_utils.Database, unit_code: str, period: str,
                 comments: list[Comment], out: Path | str, *, author: str = "") -> int:
    """Return the latest submission of ``unit_code`` for ``period``; returns its id."""
    ours = require_unit(db)
    authorize(db, "review", unit_code)
    authorize(db, "sign", ours.code)
    sub = history.latest_in(db, unit_code, period)
    if sub is None:
        raise PackageError("not_for_us", f"没有收到单位 {unit_code} {period} 的上报，无法退回")
    if not comments or not all(c.text.strip() for c in comments):
        raise PackageError("not_package", "退回必须写明意见")
    for c in comments:
        if c.target_table not in TARGETS:
            raise PackageError("not_package", f"意见对象“{c.target_table}”不对")
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


def resolve_comment(db: sqlite_utils.Database, comment_id: int) -> None:
    with db.atomic():
        db.execute("UPDATE exchange_comments SET resolved = 1 WHERE id = ?", [comment_id])
