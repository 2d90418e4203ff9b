"""政策依据, 补贴对象 and 监督电话 of the subsidy items (the 政策清单's columns).

The shipped values come from ``resources/catalogue/subsidy_items.csv``; a database made before
these columns existed gets them for the items still carrying a shipped code (blank fields only,
never overwriting what the unit typed).
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.campaign.errors import CampaignError
from ykt_desktop.catalogue import POLICY_FIELDS, item_rows
from ykt_desktop.changes import Kind, writes
from ykt_desktop.db.database import write_transaction
from ykt_desktop.record_versions import check_unchanged, rows_token

FIELD_LABELS = {"policy_basis": "政策依据", "target": "补贴对象", "hotline": "监督电话"}


def fill_policy_fields(db: sqlite_utils.Database) -> int:
    """Copy the shipped 政策依据/补贴对象 into blank fields; returns the items changed."""
    changed = 0
    for row in item_rows():
        for key in POLICY_FIELDS:
            if not row[key]:
                continue
            cur = db.execute(f"UPDATE subsidy_items SET {key} = ? WHERE code = ? AND {key} = ''",
                             [row[key], row["code"]])
            changed += cur.rowcount
    return changed


def policy_fields(db: sqlite_utils.Database, code: str) -> tuple[dict[str, str], str]:
    """The item's 政策依据 / 补贴对象 / 监督电话 as saved, and their version token (pass it to
    :func:`set_policy_fields` as ``expected_version``)."""
    row = db.execute(f"SELECT {', '.join(POLICY_FIELDS)} FROM subsidy_items WHERE code = ?",
                     [code]).fetchone()
    if row is None:
        raise CampaignError(f"补贴项目清单中没有代码为“{code}”的项目")
    return dict(zip(POLICY_FIELDS, row, strict=True)), _version(db, code)


def _version(db: sqlite_utils.Database, code: str) -> str:
    return rows_token(db, [(f"SELECT {', '.join(POLICY_FIELDS)} FROM subsidy_items "
                            "WHERE code = ?", [code])])


@writes(Kind.UNIT, Kind.CAMPAIGN)
def set_policy_fields(db: sqlite_utils.Database, code: str, *,
                      expected_version: str | None = None, **values: str) -> None:
    """Edit an item's 政策依据 / 补贴对象 / 监督电话 (keyword names as in FIELD_LABELS). With
    ``expected_version`` (from :func:`policy_fields`) fields changed since are not overwritten:
    ``StaleRecordError``."""
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise CampaignError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    if not db.execute("SELECT 1 FROM subsidy_items WHERE code = ?", [code]).fetchone():
        raise CampaignError(f"补贴项目清单中没有代码为“{code}”的项目")
    with write_transaction(db):
        name = db.execute("SELECT name FROM subsidy_items WHERE code = ?", [code]).fetchone()[0]
        check_unchanged(expected_version, _version(db, code), f"补贴项目“{name}”的政策清单信息")
        for key, value in values.items():
            db.execute(f"UPDATE subsidy_items SET {key} = ? WHERE code = ?",
                       [str(value).strip(), code])
