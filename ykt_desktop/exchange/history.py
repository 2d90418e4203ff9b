"""The ``submissions`` table: what we sent, what we received, its status and history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ykt_desktop.exchange.manifest import Manifest
from ykt_desktop.exchange.reader import OpenPackage, file_sha256

LIVE = ("submitted", "accepted", "returned")


@dataclass(frozen=True)
class Submission:
    id: int
    direction: str
    unit_code: str
    period: str
    package_sha256: str
    filename: str
    signer: str
    created_at: str
    received_at: str
    status: str
    comments: str


COLUMNS = ("id", "direction", "unit_code", "period", "package_sha256", "filename", "signer",
           "created_at", "received_at", "status", "comments")


def _manifest_json(manifest: Manifest) -> str:
    return manifest.to_bytes().decode()


def record_out(db: sqlite_utils.Database, path: Path, manifest: Manifest) -> int:
    with db.atomic():
        cur = db.execute(
            "INSERT INTO submissions(direction, unit_code, period, package_sha256, filename, "
            "signer, signer_fingerprint, created_at, status, manifest, audit_head) "
            "VALUES ('out',?,?,?,?,?,?,?,'submitted',?,?)",
            [manifest.unit["code"], manifest.period, file_sha256(path), path.name,
             manifest.unit["name"], manifest.extra.get("signer_fingerprint", ""),
             manifest.created_at, _manifest_json(manifest),
             manifest.audit_head.get("head", "")])
    return cur.lastrowid


def find_by_sha(db: sqlite_utils.Database, sha: str, direction: str = "in") -> Submission | None:
    row = db.execute(f"SELECT {', '.join(COLUMNS)} FROM submissions WHERE package_sha256 = ? "
                     "AND direction = ? ORDER BY id DESC LIMIT 1", [sha, direction]).fetchone()
    return Submission(*row) if row else None


def latest_in(db: sqlite_utils.Database, unit_code: str, period: str | None = None
              ) -> Submission | None:
    sql = (f"SELECT {', '.join(COLUMNS)} FROM submissions WHERE direction = 'in' "
           f"AND unit_code = ? AND status IN {LIVE}")
    args: list = [unit_code]
    if period:
        sql += " AND period = ?"
        args.append(period)
    row = db.execute(sql + " ORDER BY created_at DESC, id DESC LIMIT 1", args).fetchone()
    return Submission(*row) if row else None


def record_in(db: sqlite_utils.Database, pkg: OpenPackage) -> int:
    """Record the received package; earlier live ones of the unit become superseded."""
    m = pkg.manifest
    cur = db.execute(
        "INSERT INTO submissions(direction, unit_code, period, package_sha256, filename, signer, "
        "signer_fingerprint, created_at, status, manifest, audit_head) "
        "VALUES ('in',?,?,?,?,?,?,?,'submitted',?,?)",
        [m.unit["code"], m.period, pkg.sha256, pkg.path.name, pkg.signer.label,
         pkg.signer.fingerprint, m.created_at, _manifest_json(m), m.audit_head.get("head", "")])
    new_id = cur.lastrowid
    db.execute(f"UPDATE submissions SET status = 'superseded', superseded_by = ? "
               f"WHERE direction = 'in' AND unit_code = ? AND id != ? AND status IN {LIVE}",
               [new_id, m.unit["code"], new_id])
    return new_id


def set_status(db: sqlite_utils.Database, submission_id: int, status: str,
               comments: str = "") -> None:
    db.execute("UPDATE submissions SET status = ?, comments = CASE WHEN ? = '' THEN comments "
               "ELSE ? END WHERE id = ?", [status, comments, comments, submission_id])


def history(db: sqlite_utils.Database, unit_code: str | None = None) -> list[Submission]:
    sql = f"SELECT {', '.join(COLUMNS)} FROM submissions"
    args: list = []
    if unit_code:
        sql += " WHERE unit_code = ?"
        args.append(unit_code)
    return [Submission(*r) for r in db.execute(sql + " ORDER BY id DESC", args).fetchall()]


def below_status(db: sqlite_utils.Database, period: str) -> list[dict]:
    """The latest received submission of each unit below us (carried up to our parent)."""
    rows = db.execute(
        "SELECT unit_code, period, status, signer, received_at, created_at FROM submissions s "
        "WHERE direction = 'in' AND period = ? AND status IN ('submitted','accepted','returned') "
        "ORDER BY unit_code", [period]).fetchall()
    keys = ("unit_code", "period", "status", "signer", "received_at", "created_at")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def reported_below(db: sqlite_utils.Database, unit_code: str, period: str) -> list[dict]:
    """What the latest package of ``unit_code`` said about the units below it."""
    row = db.execute("SELECT manifest FROM submissions WHERE direction = 'in' AND unit_code = ? "
                     "AND period = ? AND status IN ('submitted','accepted','returned') "
                     "ORDER BY id DESC LIMIT 1", [unit_code, period]).fetchone()
    if not row:
        return []
    return json.loads(row[0]).get("extra", {}).get("below", [])


def latest_audit_head(db: sqlite_utils.Database, unit_code: str) -> str:
    """The audit-log head the unit's latest received package carried ('' if none)."""
    row = db.execute("SELECT audit_head FROM submissions WHERE direction = 'in' AND unit_code = ? "
                     "ORDER BY created_at DESC, id DESC LIMIT 1", [unit_code]).fetchone()
    return row[0] if row else ""
