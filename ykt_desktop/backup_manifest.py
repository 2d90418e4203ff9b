"""The manifest beside every backup: what it holds and how to know it is whole.

``<backup>.db.manifest.json`` records the unit (code and name), the time and reason, the row
counts of the key tables, the check that passed, the file's size and its SHA-256. It is written
(atomically) only after the copy passed its check and was flushed to the disk, and before the
copy takes its final name, so a backup with a matching manifest is one that was finished and
checked; a file cut short by a kill, a full disk or a pulled stick has none or does not match.
Restore (:mod:`ykt_desktop.recovery`) considers only such backups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from ykt_desktop.atomic_files import write_bytes_atomic
from ykt_desktop.unit import get_unit

SUFFIX = ".manifest.json"
COUNTED = ("households", "persons", "members", "cards", "payments", "statements", "issues",
           "regions", "users")
LABELS = {"households": "户", "persons": "人员", "payments": "发放记录", "issues": "问题"}
CHUNK = 4 * 2**20


@dataclass
class BackupInfo:
    """What a backup holds (from its manifest, or read from the file itself)."""

    unit_code: str | None
    unit_name: str | None
    counts: dict[str, int]
    created: str = ""
    reason: str = ""
    check: str = ""
    size: int = 0
    sha256: str = ""
    # "<entry id>:<hash>" of the newest signed audit checkpoint when the copy was made: kept
    # outside the checkpoint table, so deleting checkpoints must also change every manifest
    checkpoint: str = ""
    path: Path | None = field(default=None, compare=False)

    @property
    def empty(self) -> bool:
        return not self.unit_code or not (self.counts.get("households")
                                          or self.counts.get("persons"))

    def summary(self) -> str:
        """Chinese: unit, time, counts."""
        unit = f"{self.unit_name}（{self.unit_code}）" if self.unit_code else "未设置本单位"
        when = self.created.replace("T", " ")[:19] or "时间不详"
        counts = "，".join(f"{label} {self.counts.get(t, 0):,}" for t, label in LABELS.items())
        return f"本单位 {unit}；备份时间 {when}；{counts}"


def manifest_path(backup: Path | str) -> Path:
    return Path(str(backup) + SUFFIX)


def describe(conn: Any) -> BackupInfo:
    """Unit and row counts of the database behind a raw connection."""
    db = sqlite_utils.Database(conn, execute_plugins=False)
    tables = set(db.table_names())
    unit = get_unit(db) if "settings" in tables else None
    counts = {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
              for t in COUNTED if t in tables}
    info = BackupInfo(unit.code if unit else None, unit.name if unit else None, counts)
    if "audit_checkpoints" in tables:
        row = db.execute("SELECT entry_id, entry_hash FROM audit_checkpoints "
                         "ORDER BY id DESC LIMIT 1").fetchone()
        info.checkpoint = f"{row[0]}:{row[1]}" if row else ""
    return info


def sha256_of(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(final: Path, written: Path, info: BackupInfo, *, reason: str,
                   check: str) -> BackupInfo:
    """Record ``info`` for the backup that ``written`` (its temporary name) becomes; its
    SHA-256 is computed now unless ``info.sha256`` was already taken of ``written``."""
    info.created = dt.datetime.now().isoformat(timespec="seconds")
    info.reason, info.check = reason, check
    info.size, info.sha256 = written.stat().st_size, info.sha256 or sha256_of(written)
    data = {k: v for k, v in asdict(info).items() if k != "path"}
    write_bytes_atomic(manifest_path(final), json.dumps(data, ensure_ascii=False,
                                                        indent=1).encode("utf-8"))
    info.path = final
    return info


def read_manifest(backup: Path | str, *, deep: bool = False) -> BackupInfo | None:
    """The backup's manifest when present and matching its size (and SHA-256 when ``deep``);
    None for a backup that was never finished, was cut short or was changed afterwards."""
    backup = Path(backup)
    try:
        data = json.loads(manifest_path(backup).read_text(encoding="utf-8"))
        info = BackupInfo(**{k: data[k] for k in ("unit_code", "unit_name", "counts", "created",
                                                  "reason", "check", "size", "sha256")},
                          checkpoint=str(data.get("checkpoint", "")))
        if backup.stat().st_size != info.size:
            return None
        if deep and sha256_of(backup) != info.sha256:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    info.path = backup
    return info
