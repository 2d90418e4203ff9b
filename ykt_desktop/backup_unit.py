"""Which unit a database belongs to when the live file cannot be read.

Restore refuses a backup of another unit. When the live file is damaged or missing its unit is
unknown, so the expected unit comes from a record kept in ``backups/<stem>.unit.json`` (written
after every finished backup, :func:`remember_unit`) or, without one, from the majority of the
database's own backup manifests. A tie between units is not guessed: the restore is refused and
the user names the backup file.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from pathlib import Path

from ykt_desktop.atomic_files import write_bytes_atomic
from ykt_desktop.backup_manifest import BackupInfo, read_manifest

SUFFIX = ".unit.json"


def unit_record(backup_folder: Path, stem: str) -> Path:
    return backup_folder / f"{stem}{SUFFIX}"


def remember_unit(backup: Path, stem: str, info: BackupInfo) -> None:
    """Record the unit of a finished backup beside it (best effort: a backup is kept anyway)."""
    if not info.unit_code:
        return
    data = {"unit_code": info.unit_code, "unit_name": info.unit_name}
    with contextlib.suppress(OSError):
        write_bytes_atomic(unit_record(backup.parent, stem),
                           json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _recorded(folder: Path, stem: str) -> BackupInfo | None:
    try:
        data = json.loads(unit_record(folder, stem).read_text(encoding="utf-8"))
        return BackupInfo(str(data["unit_code"]), data.get("unit_name"), {}) \
            if data.get("unit_code") else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def expected_unit(live: Path, backups: list[Path]) -> tuple[BackupInfo | None, str]:
    """The unit ``live`` belongs to, from the record or its backups' manifests; the second
    item is a Chinese reason when the backups name several units equally often."""
    if backups:
        recorded = _recorded(backups[0].parent, live.stem)
        if recorded is not None:
            return recorded, ""
    names: dict[str, str | None] = {}
    votes: Counter[str] = Counter()
    for path in backups:
        info = read_manifest(path)
        if info is not None and info.unit_code:
            votes[info.unit_code] += 1
            names.setdefault(info.unit_code, info.unit_name)
    ranked = votes.most_common()
    if not ranked:
        return None, ""
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        units = "、".join(f"{names[c]}（{c}）" for c, n in ranked if n == ranked[0][1])
        return None, (f"{live.name} 无法读取，它的备份分属不同单位（{units}），无法确定本单位；"
                      f"请在 backup restore 后写明要恢复的备份文件")
    code = ranked[0][0]
    return BackupInfo(code, names[code], {}), ""
