"""Export a filled return (xlsx / pdf) and sign it: refuse while a 勾稽 rule fails unless an
override reason is given (the reason is printed on the return); keep the signed PDF."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop.atomic_files import write_bytes_atomic
from ykt_desktop.audit.checkpoints import make_checkpoint
from ykt_desktop.audit.sent import remember
from ykt_desktop.changes import NOTHING, Changes, Kind
from ykt_desktop.progress import Job, Progress
from ykt_desktop.returns.drafts import (
    check_draft_unchanged,
    mark_signed,
    refresh_draft_version,
    save_draft,
)
from ykt_desktop.returns.engine import FilledReturn
from ykt_desktop.returns.pdf_export import write_pdf
from ykt_desktop.returns.rules import RuleResult, failures
from ykt_desktop.returns.signing import SigningError, SigningKey, sign_pdf
from ykt_desktop.returns.xlsx_export import write_xlsx
from ykt_desktop.security.session import authorize
from ykt_desktop.unit_keys import ensure_unit_key


@dataclass
class ExportResult:
    path: Path
    signed: bool = False
    pages: int = 0
    failures: list[RuleResult] = field(default_factory=list)
    attachment_id: int | None = None

    @property
    def changes(self) -> Changes:
        """Signing saves the draft as signed and keeps the PDF; a plain export writes nothing."""
        return Changes.of(Kind.RETURNS) if self.signed else NOTHING


def export_return(db: sqlite_utils.Database, filled: FilledReturn, out: Path | str, *,
                  sign: bool = False, signer: str = "", override_reason: str = "",
                  key: SigningKey | None = None) -> ExportResult:
    """Write ``out`` (.xlsx or .pdf). Signing needs a .pdf, a signer name and either no
    failing rule or an override reason."""
    if sign:
        authorize(db, "sign", filled.unit_code)
    authorize(db, "export", filled.unit_code)
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise SigningError(f"导出文件 {out.name} 应以 .xlsx 或 .pdf 结尾")
    failing = failures(filled)
    if sign:
        return _export_signed(db, filled, out, signer, override_reason, key, failing)
    if suffix == ".xlsx":
        return ExportResult(write_xlsx(filled, out), failures=failing)
    result = write_pdf(filled, out)
    return ExportResult(out, pages=result.pages, failures=failing)


def export_job(db: sqlite_utils.Database, filled: FilledReturn, out: Path | str, *,
               sign: bool = False, signer: str = "", override_reason: str = "",
               key: SigningKey | None = None) -> Job[ExportResult]:
    """:func:`export_return` as a job for the UI (signing embeds a font subset: seconds)."""
    yield Progress(0, 1, "正在签章…" if sign else "正在导出…")
    result = export_return(db, filled, out, sign=sign, signer=signer,
                           override_reason=override_reason, key=key)
    yield Progress(1, 1, "完成")
    return result


def check_can_sign(filled: FilledReturn, signer: str, override_reason: str) -> None:
    if not signer.strip():
        raise SigningError("请填写签署人姓名")
    failing = failures(filled)
    if failing and not override_reason.strip():
        listed = "；".join(r.text for r in failing[:5])
        more = f" 等{len(failing)}处" if len(failing) > 5 else ""
        raise SigningError(f"勾稽校验未通过，不能签署：{listed}{more}。"
                           "如确需签署，请填写理由（将打印在报表上）")


def _export_signed(db: sqlite_utils.Database, filled: FilledReturn, out: Path, signer: str,
                   override_reason: str, key: SigningKey | None,
                   failing: list[RuleResult]) -> ExportResult:
    if out.suffix.lower() != ".pdf":
        raise SigningError("只有 PDF 可以签章，请把导出文件名改为 .pdf")
    check_can_sign(filled, signer, override_reason)
    check_draft_unchanged(db, filled)       # before a signed file is written (again when saved)
    filled.override_reason = override_reason.strip() if failing else ""
    key = key or SigningKey.from_unit_key(ensure_unit_key(db))
    with tempfile.TemporaryDirectory(prefix="ykt-return-") as folder:
        plain = write_pdf(filled, Path(folder) / "return.pdf")
        data = sign_pdf(plain.path.read_bytes(), key, signer_name=signer.strip(),
                        box=plain.stamp_box, page=plain.stamp_page,
                        reason=f"{filled.template.name} {filled.period}")
    write_bytes_atomic(out, data)
    with db.atomic():
        draft_id = save_draft(db, filled)
        mark_signed(db, draft_id, signer=signer.strip(), override_reason=filled.override_reason)
        refresh_draft_version(db, filled)
        attachment_id = _keep_signed(db, data, out.name, draft_id, signer.strip())
    make_checkpoint(db, "return")      # issue 14: the audit chain head signed at every signature

    remember(db, "return", out.name)   # and remembered as sent (review of issue 14)
    return ExportResult(out, True, plain.pages, failing, attachment_id)


def _keep_signed(db: sqlite_utils.Database, data: bytes, filename: str, draft_id: int,
                 signer: str) -> int:
    cur = db.execute(
        "INSERT INTO attachments(kind, filename, mime, size, sha256, data, owner_table, owner_id, "
        "created_by) VALUES ('return', ?, 'application/pdf', ?, ?, ?, 'return_drafts', ?, ?)",
        [filename, len(data), hashlib.sha256(data).hexdigest(), data, draft_id, signer])
    return int(cur.lastrowid)
