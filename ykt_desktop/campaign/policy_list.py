"""政策清单: the subsidy items a unit's people may receive, as an A4 notice (PDF) and xlsx, and
its posting recorded like a 公示 (where, from, to, photo).

The items are those paid in the unit (payments under its region), or every active item of the
catalogue when the unit has no payments yet or ``all_items`` is asked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.audit.chain import record as record_audit
from ykt_desktop.campaign.catalogue_fields import FIELD_LABELS
from ykt_desktop.campaign.errors import CampaignError, iso_day
from ykt_desktop.campaign.output import Document, Table, write
from ykt_desktop.changes import Kind, writes
from ykt_desktop.publicity.config import get_hotlines
from ykt_desktop.publicity.notice import standard_text
from ykt_desktop.publicity.records import _photo, add_attachment
from ykt_desktop.regions import code_prefix, get_region
from ykt_desktop.security.session import authorize, session_user

HEADER = ("序号", glossary.ITEM, "政策依据", "补贴对象", glossary.STANDARD, "主管部门", "发放方式",
          "监督电话")
WIDTHS = (3, 9, 16, 12, 7, 8, 7, 9)
INTRO = ("为保障群众知情权、监督权，现将本地惠民惠农财政补贴资金政策清单公布如下。补贴资金"
         "原则上通过“一卡通”直接发放到户到人，任何单位和个人不得截留、挪用、代领、冒领。")


def _items_sql(all_items: bool) -> str:
    paid = ("" if all_items else " AND s.id IN (SELECT DISTINCT item_id FROM payments WHERE "
            "village_code LIKE ?)")
    return ("SELECT s.code, s.name, s.policy_basis, s.target, s.standard, s.standard_unit, "
            f"s.department, s.channel, s.frequency, s.hotline FROM subsidy_items s WHERE "
            f"s.active = 1{paid} ORDER BY s.sort, s.id")


def policy_rows(db: sqlite_utils.Database, scope_code: str, *,
                all_items: bool = False) -> list[tuple]:
    """(code, then the printed cells) of the unit's items."""
    rows = [] if all_items else db.execute(_items_sql(False),
                                           [code_prefix(scope_code) + "%"]).fetchall()
    if not rows:
        rows = db.execute(_items_sql(True)).fetchall()
    hot = get_hotlines(db)
    fallback = hot.get("township") or hot.get("finance") or hot.get("discipline") or ""
    out = []
    for n, (code, name, basis, target, std, unit, dept, channel, freq, phone) in enumerate(
            rows, 1):
        how = (glossary.label(glossary.CHANNELS, channel)
               + glossary.label(glossary.FREQUENCIES, freq))
        out.append((code, n, name, basis, target, standard_text(std, unit), dept, how,
                    phone or fallback))
    return out


def own_hotline(db: sqlite_utils.Database, code: str) -> bool:
    """Whether the item has a 监督电话 of its own (else the list prints the unit's)."""
    row = db.execute("SELECT hotline FROM subsidy_items WHERE code = ?", [code]).fetchone()
    return bool(row and row[0].strip())


def missing_fields(rows: list[tuple]) -> list[str]:
    """'耕地地力保护补贴：政策依据' for every blank 政策依据/补贴对象/监督电话 cell."""
    gaps = []
    for row in rows:
        for label, value in (("policy_basis", row[3]), ("target", row[4]), ("hotline", row[8])):
            if not str(value).strip():
                gaps.append(f"{row[2]}：{FIELD_LABELS[label]}")
    return gaps


def policy_document(db: sqlite_utils.Database, scope_code: str, *, issuer: str = "",
                    all_items: bool = False, day: dt.date | None = None) -> Document:
    region = get_region(db, scope_code)
    if region is None:
        raise CampaignError(f"区划代码 {scope_code} 不存在")
    rows = policy_rows(db, scope_code, all_items=all_items)
    hot = get_hotlines(db)
    closing = ["监督举报：" + "；".join(f"{label}{v}" for label, v in (
        ("乡镇（街道）", hot["township"]), ("县财政局", hot["finance"]),
        ("县纪委监委", hot["discipline"])) if v)]
    when = (day or dt.date.today())
    closing += [f"{issuer or region.name}", f"{when.year}年{when.month}月{when.day}日"]
    table = Table("政策清单", HEADER, [r[1:] for r in rows], WIDTHS, heading=False)
    return Document(f"{region.name}惠民惠农财政补贴政策清单", [INTRO], [table], closing,
                    landscape=True)


@writes(Kind.CAMPAIGN)
def publish_policy_list(db: sqlite_utils.Database, scope_code: str, path: Path | str, *,
                        year: int, issuer: str = "", all_items: bool = False,
                        record: bool = True) -> int | None:
    """Write the list (.pdf/.xlsx); with ``record`` keep it (and the file) as a 政策清单."""
    authorize(db, "export", scope_code)
    doc = policy_document(db, scope_code, issuer=issuer, all_items=all_items)
    target = write(doc, path)
    codes = [r[0] for r in policy_rows(db, scope_code, all_items=all_items)]
    record_audit(db, "export", table_name="policy_lists", after={"file": target.name})
    if not record:
        return None
    with db.atomic():
        cur = db.execute("INSERT INTO policy_lists(title, scope_code, year, issuer, item_codes, "
                         "hotline, created_by) VALUES (?,?,?,?,?,?,?)",
                         [doc.title, scope_code, int(year), issuer,
                          json.dumps(codes), doc.closing[0], session_user(db)])
        list_id = int(cur.lastrowid)
        att = add_attachment(db, kind="notice", filename=target.name, data=target.read_bytes(),
                             owner_table="policy_lists", owner_id=list_id,
                             created_by=session_user(db))
        db.execute("UPDATE policy_lists SET file_attachment_id = ? WHERE id = ?", [att, list_id])
    return list_id


@writes(Kind.CAMPAIGN)
def add_policy_posting(db: sqlite_utils.Database, list_id: int, *, location: str,
                       posted_from: str, posted_to: str, photo: Path | None = None) -> int:
    """Record where and when the 政策清单 was posted (a photo is optional)."""
    if not db.execute("SELECT 1 FROM policy_lists WHERE id = ?", [list_id]).fetchone():
        raise CampaignError(f"没有编号为 {list_id} 的政策清单")
    if not location.strip():
        raise CampaignError("请填写张贴地点（如 村务公开栏）")
    first, last = iso_day(posted_from, "张贴开始日期"), iso_day(posted_to, "张贴结束日期")
    if last < first:
        raise CampaignError(f"张贴结束日期{last}早于开始日期{first}")
    picture = _photo(photo)
    with db.atomic():
        cur = db.execute("INSERT INTO policy_list_postings(policy_list_id, location, posted_from,"
                         " posted_to, recorded_by) VALUES (?,?,?,?,?)",
                         [list_id, location.strip(), first, last, session_user(db)])
        posting = int(cur.lastrowid)
        if picture:
            att = add_attachment(db, kind="photo", filename=picture[0], data=picture[1],
                                 owner_table="policy_list_postings", owner_id=posting)
            db.execute("UPDATE policy_list_postings SET photo_attachment_id = ? WHERE id = ?",
                       [att, posting])
    return posting


def list_policy_lists(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        "SELECT l.id, l.title, l.scope_code, coalesce(r.name, l.scope_code) AS scope_name, "
        "l.year, l.created_at, json_array_length(l.item_codes) AS items, (SELECT count(*) FROM "
        "policy_list_postings p WHERE p.policy_list_id = l.id) AS postings, (SELECT "
        "min(p.posted_from) FROM policy_list_postings p WHERE p.policy_list_id = l.id) AS "
        "first_posted FROM policy_lists l LEFT JOIN regions r ON r.code = l.scope_code "
        "ORDER BY l.id DESC"))


def unposted_villages(db: sqlite_utils.Database, *, year: int) -> list[tuple[str, str]]:
    """(code, name) of villages with households but no posting of a 政策清单 of ``year``
    covering them (the village's own list, or its township's or county's)."""
    posted = [code_prefix(r[0]) for r in db.execute(
        "SELECT DISTINCT l.scope_code FROM policy_lists l JOIN policy_list_postings p ON "
        "p.policy_list_id = l.id WHERE l.year = ?", [year]).fetchall()]
    villages = db.execute("SELECT r.code, r.name FROM regions r WHERE r.level = 'village' AND "
                          "EXISTS (SELECT 1 FROM households h WHERE h.village_code = r.code) "
                          "ORDER BY r.code").fetchall()
    return [(c, n) for c, n in villages if not any(c.startswith(p) for p in posted)]
