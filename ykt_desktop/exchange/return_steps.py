"""The steps of importing a 退回文件 (return file) from the upper unit: open and verify it,
read its comments, store them (the intake's return source, :mod:`ykt_desktop.intake.returns`)."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.manifest import Manifest
from ykt_desktop.exchange.reader import OpenPackage, open_verified
from ykt_desktop.pki.certs import inside
from ykt_desktop.unit import require_unit

COMMENTS = "comments.json"


def open_return(db: sqlite_utils.Database, path: Path | str) -> OpenPackage:
    """Verify a return file and that it is for us, from our upper unit."""
    ours = require_unit(db)
    pkg = open_verified(db, path, kind="return")
    try:
        m = pkg.manifest
        name = pkg.path.name
        if m.extra.get("to_unit") != ours.code:
            raise PackageError("not_for_us", f"退回对象是 {m.extra.get('to_unit')}，"
                               f"不是本单位（{ours.code}）", filename=name)
        if not inside(ours.code, m.unit["code"]) or m.unit["code"] == ours.code:
            raise PackageError("outside_region", f"“{m.unit['name']}”不是本单位的上级",
                               filename=name)
    except PackageError:
        pkg.close()
        raise
    return pkg


def read_comments(pkg: OpenPackage) -> dict:
    return json.loads(pkg.read(COMMENTS))


def store_comments(db: sqlite_utils.Database, sha: str, m: Manifest, payload: dict, own: str,
           filename: str) -> int:
    own_prefix = f"{own}-"
    added = 0
    with db.atomic():
        for c in payload["comments"]:
            key = c["target_key"] or ""
            if c["target_table"] == "issues" and key.startswith(own_prefix) and not \
                    db.execute("SELECT 1 FROM issues WHERE issue_no = ?", [key]).fetchone():
                key = key[len(own_prefix):]     # a number given before units carried codes
            cur = db.execute(
                "INSERT OR IGNORE INTO exchange_comments(return_sha256, unit_code, period, "
                "target_table, target_key, comment, author, created_at) VALUES (?,?,?,?,?,?,?,?)",
                [sha, own, m.period, c["target_table"], key, c["text"],
                 payload.get("author") or m.unit["name"], m.created_at])
            added += cur.rowcount
        db.execute("UPDATE submissions SET status = 'returned' WHERE direction = 'out' "
                   "AND package_sha256 = ?", [m.extra.get("package_sha256", "")])
        db.execute("INSERT INTO submissions(direction, unit_code, period, package_sha256, "
                   "filename, signer, created_at, status, comments, manifest) "
                   "VALUES ('returned_in',?,?,?,?,?,?,'returned',?,?)",
                   [own, m.period, sha, filename, m.unit["name"], m.created_at,
                    "；".join(c["text"] for c in payload["comments"]),
                    m.to_bytes().decode()])
    return added
