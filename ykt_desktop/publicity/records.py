"""Saved notices (table ``publicity``) and their posting records (table ``postings``)."""

from __future__ import annotations

import hashlib
import json
import mimetypes
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from ykt_desktop.changes import Kind, writes
from ykt_desktop.publicity.model import Notice, PublicityError

PHOTO_TYPES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".heic", ".pdf"}
MAX_PHOTO_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Posting:
    id: int
    publicity_id: int
    location: str
    posted_from: str
    posted_to: str
    photo_attachment_id: int | None
    objections: str
    handling: str
    recorded_by: str
    recorded_at: str


def add_attachment(db: sqlite_utils.Database, *, kind: str, filename: str, data: bytes,
                   owner_table: str, owner_id: int | None, created_by: str = "") -> int:
    mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    cursor = db.execute(
        "INSERT INTO attachments(kind, filename, mime, size, sha256, data, owner_table, owner_id,"
        " created_by) VALUES (?,?,?,?,?,?,?,?,?)",
        [kind, filename, mime, len(data), hashlib.sha256(data).hexdigest(), data, owner_table,
         owner_id, created_by])
    return int(cursor.lastrowid)


def save_publicity(db: sqlite_utils.Database, notice: Notice, *, file_data: bytes | None = None,
                   filename: str = "", created_by: str = "") -> int:
    """Record the notice (and keep the generated file as an attachment); returns its id."""
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO publicity(title, item_codes, period, scope_code, issuer, start_date,"
            " end_date, hotlines, policy, line_count, total_amount, created_by)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [notice.title, json.dumps(list(notice.item_codes)), notice.period, notice.scope_code,
             notice.issuer, notice.start.isoformat(), notice.end.isoformat(),
             json.dumps(notice.hotlines, ensure_ascii=False),
             json.dumps(notice.policy, ensure_ascii=False), notice.row_count,
             notice.total_amount, created_by])
        publicity_id = int(cursor.lastrowid)
        if file_data:
            attachment = add_attachment(db, kind="notice", filename=filename, data=file_data,
                                        owner_table="publicity", owner_id=publicity_id,
                                        created_by=created_by)
            db.execute("UPDATE publicity SET file_attachment_id = ? WHERE id = ?",
                       [attachment, publicity_id])
    return publicity_id


def get_publicity(db: sqlite_utils.Database, publicity_id: int) -> dict:
    rows = list(db.query("SELECT * FROM publicity WHERE id = ?", [publicity_id]))
    if not rows:
        raise PublicityError(f"找不到编号为{publicity_id}的公示记录")
    return rows[0]


def list_publicity(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        "SELECT p.*, r.name AS scope_name, (SELECT COUNT(*) FROM postings s"
        " WHERE s.publicity_id = p.id) AS postings FROM publicity p"
        " LEFT JOIN regions r ON r.code = p.scope_code ORDER BY p.id DESC"))


def parse_day(value: str | date, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise PublicityError(f"{what}“{value}”不是有效日期，应为 2026-07-01 这样的格式") from None


def _photo(path: Path | None) -> tuple[str, bytes] | None:
    if path is None:
        return None
    path = Path(path)
    if not path.is_file():
        raise PublicityError(f"找不到照片文件：{path}")
    if path.suffix.lower() not in PHOTO_TYPES:
        raise PublicityError(f"照片文件“{path.name}”应为 jpg、png 等图片或 pdf 扫描件")
    data = path.read_bytes()
    if not data or len(data) > MAX_PHOTO_BYTES:
        raise PublicityError(f"照片文件“{path.name}”为空或超过20MB")
    return path.name, data


@writes(Kind.PUBLICITY)
def add_posting(db: sqlite_utils.Database, publicity_id: int, *, location: str,
                posted_from: str | date, posted_to: str | date, photo: Path | None = None,
                objections: str = "", handling: str = "", recorded_by: str = "") -> int:
    """Record that the notice was posted at ``location`` from .. to (inclusive)."""
    get_publicity(db, publicity_id)
    if not location.strip():
        raise PublicityError("请填写张贴地点（如 村务公开栏）")
    start, end = parse_day(posted_from, "张贴开始日期"), parse_day(posted_to, "张贴结束日期")
    if end < start:
        raise PublicityError(f"张贴结束日期{end}早于开始日期{start}")
    if objections.strip() and not handling.strip():
        raise PublicityError("收到异议时请填写处理情况")
    picture = _photo(photo)
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO postings(publicity_id, location, posted_from, posted_to, objections,"
            " handling, recorded_by) VALUES (?,?,?,?,?,?,?)",
            [publicity_id, location.strip(), start.isoformat(), end.isoformat(),
             objections.strip(), handling.strip(), recorded_by])
        posting_id = int(cursor.lastrowid)
        if picture:
            attachment = add_attachment(db, kind="photo", filename=picture[0], data=picture[1],
                                        owner_table="postings", owner_id=posting_id,
                                        created_by=recorded_by)
            db.execute("UPDATE postings SET photo_attachment_id = ? WHERE id = ?",
                       [attachment, posting_id])
    return posting_id


def list_postings(db: sqlite_utils.Database, publicity_id: int) -> list[Posting]:
    rows = db.execute(
        "SELECT id, publicity_id, location, posted_from, posted_to, photo_attachment_id,"
        " objections, handling, recorded_by, recorded_at FROM postings WHERE publicity_id = ?"
        " ORDER BY posted_from, id", [publicity_id]).fetchall()
    return [Posting(*r) for r in rows]
