"""Making a unit's own database from a bigger one (a demo county sliced into villages).

Uses the package writer and the same apply step as imports, so a sliced village holds exactly
what its package would carry. For demonstrations and tests of the submission chain.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import sqlite_utils

from ykt_desktop.exchange.apply import apply_package
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.importer import bulk_audit
from ykt_desktop.exchange.manifest import MANIFEST, Manifest
from ykt_desktop.exchange.reader import OpenPackage, file_sha256
from ykt_desktop.exchange.writer import write_package
from ykt_desktop.ledger.issues import number_legacy_issues
from ykt_desktop.pki.trust import Signer
from ykt_desktop.progress import Job, Progress
from ykt_desktop.regions import get_region
from ykt_desktop.security.session import authorize
from ykt_desktop.storage import open_db
from ykt_desktop.unit_keys import ensure_unit_key
from ykt_desktop.unit_setup import init_unit


def slice_unit(source: sqlite_utils.Database, code: str, target: Path | str) -> Job[dict]:
    """Create the database ``target`` for the unit ``code`` holding that region's rows of
    ``source``; returns row counts."""
    region = get_region(source, code)
    if region is None or region.level not in ("township", "village"):
        raise PackageError("outside_region", f"源数据库中没有乡镇或村“{code}”")
    target = Path(target)
    authorize(source, "export", code)   # as the package step below asks, before any file exists
    authorize(source, "sign", code)     # (a refused slice left an empty database behind)
    if target.exists():
        raise PackageError("not_package", f"目标数据库 {target} 已存在，请换一个文件名")
    number_legacy_issues(source)    # old numbers get the source's code, not the slice's
    db = open_db(target)
    try:
        init_unit(db, level=region.level, code=code, name=region.name)
        key = ensure_unit_key(db)
        unit = {"code": code, "level": region.level, "name": region.name}
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "slice.ykt"
            yield from write_package(source, path, scope_code=code, key=key, period="", unit=unit)
            with zipfile.ZipFile(path) as zf:
                manifest = Manifest.from_bytes(zf.read(MANIFEST))
                pkg = OpenPackage(path, file_sha256(path), manifest,
                                  Signer(code, region.name, key.fingerprint, False), zf)
                detail = {"file": "slice", "unit": code, "source": "sliced from a bigger database"}
                with db.atomic(), bulk_audit(db, detail):   # one summary audit entry, as an
                    counts = yield from apply_package(db, pkg, None)    # import writes
        yield Progress(1, 1, "完成")
        return counts
    finally:
        db.close()
