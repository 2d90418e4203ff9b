"""Writing a submission package (``.ykt``): data files, returns, manifest, signature.

The package is a zip: ``data/<table>.jsonl`` (first line ``{"columns": [...]}``, then one JSON
array per row), ``returns/*`` (the unit's signed returns), ``manifest.json`` (every file's size and
SHA-256) and ``manifest.sig`` (detached CMS signature with the signer's certificate chain).
With a recipient certificate the whole zip is wrapped in a CMS envelope only they can open.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils
from cryptography import x509

from ykt_desktop.audit.package import package_audit
from ykt_desktop.audit.sent import remember
from ykt_desktop.changes import Kind, writes
from ykt_desktop.exchange import cms
from ykt_desktop.exchange.manifest import ENVELOPE, MANIFEST, RECIPIENT, SIGNATURE, Manifest
from ykt_desktop.exchange.recipient import choose_recipient
from ykt_desktop.exchange.returns_bridge import signed_returns
from ykt_desktop.exchange.tables import (
    ATTACHMENT_COLS,
    ATTACHMENT_OWNERS,
    ATTACHMENTS_SQL,
    SPECS,
    prepare_scope,
)
from ykt_desktop.pki.certs import common_name, unit_code_of
from ykt_desktop.progress import Job, Progress
from ykt_desktop.regions import code_prefix, get_region
from ykt_desktop.security.session import authorize
from ykt_desktop.table_names import table_name
from ykt_desktop.unit import require_unit
from ykt_desktop.unit_keys import UnitKey, ensure_unit_key, fingerprint

BATCH = 20_000


# One encoder for every row: json.dumps with options builds a new one per call (twice the cost).
ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dump_row(row: Iterable) -> bytes:
    """A row as one JSON array line; a tuple is written as the same array as a list."""
    return (ROW_ENCODER.encode(row if isinstance(row, tuple | list) else list(row)) + "\n"
            ).encode()


def header(columns: tuple[str, ...]) -> bytes:
    return json.dumps({"columns": list(columns)}, separators=(",", ":")).encode() + b"\n"


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="microseconds")


def ancestors(db: sqlite_utils.Database, code: str) -> list[str]:
    found: list[str] = []
    region = get_region(db, code)
    while region and region.parent_code:
        found.append(region.parent_code)
        region = get_region(db, region.parent_code)
    return found


def audit_head(db: sqlite_utils.Database) -> dict:
    """Head, signed checkpoint, sent heads and self-check (:mod:`ykt_desktop.audit.package`)."""
    return package_audit(db)


class _ZipOut:
    """Files written into the zip while their size and SHA-256 are recorded."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.files: dict[str, dict] = {}

    def write_lines(self, name: str, head: bytes, rows: Iterable[bytes]) -> int:
        digest, size, count = hashlib.sha256(), 0, 0
        with self.zip.open(name, "w", force_zip64=True) as out:
            buf = [head]
            for line in rows:
                buf.append(line)
                count += 1
                if len(buf) >= 5000:
                    chunk = b"".join(buf)
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    buf = []
            chunk = b"".join(buf)
            out.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        self.files[name] = {"size": size, "sha256": digest.hexdigest()}
        return count

    def write_bytes(self, name: str, data: bytes, *, record: bool = True) -> None:
        self.zip.writestr(name, data)
        if record:
            self.files[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _rows(db: sqlite_utils.Database, sql: str, params: dict) -> Iterable[bytes]:
    cursor = db.conn.execute(sql, params)
    while batch := cursor.fetchmany(BATCH):
        for row in batch:
            yield dump_row(row)


def _attachment_rows(db: sqlite_utils.Database, params: dict) -> Iterable[bytes]:
    db.conn.execute(ATTACHMENT_OWNERS, params)
    for row in db.conn.execute(ATTACHMENTS_SQL):
        values = list(row)
        values[6] = base64.b64encode(values[6]).decode()
        yield dump_row(values)


def write_package(
    db: sqlite_utils.Database, out: Path | str, *, scope_code: str, key: UnitKey, period: str,
    unit: dict, returns: dict[str, bytes] | None = None,
    encrypt_to: x509.Certificate | None = None, below: list[dict] | None = None,
) -> Job[Manifest]:
    """Write the package of region ``scope_code`` signed with ``key``; yields progress."""
    authorize(db, "export", scope_code)
    authorize(db, "sign", scope_code)
    out = Path(out)
    params = {"p": code_prefix(scope_code), "unit": unit["code"]}
    prepare_scope(db, params["p"], [scope_code, *ancestors(db, scope_code)])
    plain = out.with_name(out.name + ".part") if encrypt_to is not None else out
    archive = _ZipOut(plain)
    counts: dict[str, int] = {}
    total = len(SPECS) + 2
    for n, spec in enumerate(SPECS):
        yield Progress(n, total, f"写入{table_name(spec.name)}")
        counts[spec.name] = archive.write_lines(
            f"data/{spec.name}.jsonl", header(spec.columns), _rows(db, spec.sql, params))
    yield Progress(len(SPECS), total, "写入附件")
    counts["attachments"] = archive.write_lines(
        "data/attachments.jsonl", header(ATTACHMENT_COLS), _attachment_rows(db, params))
    for name, data in sorted((returns or {}).items()):
        archive.write_bytes(f"returns/{name}", data)
    manifest = Manifest(kind="submission", unit=unit, period=period, created_at=now_iso(),
                        files=archive.files, counts=counts, audit_head=audit_head(db),
                        extra={"signer_fingerprint": key.fingerprint, "below": below or []})
    body = manifest.to_bytes()
    archive.write_bytes(MANIFEST, body, record=False)
    archive.write_bytes(SIGNATURE, cms.sign_detached(body, key), record=False)
    archive.zip.close()
    if encrypt_to is not None:
        _envelope(plain, out, encrypt_to)
    yield Progress(total, total, "完成")
    return manifest


def _envelope(plain: Path, out: Path, recipient: x509.Certificate) -> None:
    data = cms.encrypt_to(plain.read_bytes(), recipient)
    plain.unlink()
    info = {"unit_code": unit_code_of(recipient), "name": common_name(recipient),
            "fingerprint": fingerprint(recipient)}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr(RECIPIENT, json.dumps(info, ensure_ascii=False))
        zf.writestr(ENVELOPE, data)


@writes(Kind.SUBMISSIONS)
def export_package(
    db: sqlite_utils.Database, out: Path | str, *, period: str,
    encrypt_to: x509.Certificate | None = None, plaintext: bool = False,
) -> Job[Manifest]:
    """This unit's own submission for ``period`` (see :func:`write_package`), encrypted to the
    unit above unless ``plaintext`` (:mod:`ykt_desktop.exchange.recipient`)."""
    # lazy: defusedxml loads only when a package is written (issue 15)
    from ykt_desktop.exchange.history import below_status, record_out

    unit = require_unit(db)
    authorize(db, "export", unit.code)
    authorize(db, "sign", unit.code)
    encrypt_to = choose_recipient(db, encrypt_to=encrypt_to, plaintext=plaintext)
    key = ensure_unit_key(db)
    info = {"code": unit.code, "level": unit.level, "name": unit.name}
    manifest = yield from write_package(
        db, out, scope_code=unit.code, key=key, period=period, unit=info,
        returns=signed_returns(db, period), encrypt_to=encrypt_to, below=below_status(db, period))
    record_out(db, Path(out), manifest)

    remember(db, "package", Path(out).name, head=manifest.audit_head.get("head"))
    return manifest
