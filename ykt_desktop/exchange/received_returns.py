"""The signed returns inside a package: their PDF signatures checked against our trust store,
and the files kept (as attachments of the submission) so the receiver can open them later."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.exchange.reader import OpenPackage

MIME = {".pdf": "application/pdf",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass(frozen=True)
class ReturnCheck:
    name: str
    ok: bool
    message: str


def return_names(pkg: OpenPackage) -> list[str]:
    return sorted(n for n in pkg.manifest.files if n.startswith("returns/"))


def check_returns(db: sqlite_utils.Database, pkg: OpenPackage) -> list[ReturnCheck]:
    """Each PDF's own signature (PAdES), trusted through our roots; xlsx are covered by the
    package signature only."""
    checks = []
    for name in return_names(pkg):
        short = name.removeprefix("returns/")
        if not name.lower().endswith(".pdf"):
            checks.append(ReturnCheck(short, True, "由上报文件的签名保护"))
            continue
        try:    # lazy: pyhanko loads only when a signed return PDF is checked (issue 15)
            from ykt_desktop.returns.signing import default_trust_roots, verify_pdf
        except ImportError:
            checks.append(ReturnCheck(short, False, "本机无法验证 PDF 签章"))
            continue
        result = verify_pdf(pkg.read(name), default_trust_roots(db))
        who = f"（{result.unit} {result.signer}）" if result.unit else ""
        checks.append(ReturnCheck(short, result.ok, result.message + who))
    return checks


def keep_returns(db: sqlite_utils.Database, pkg: OpenPackage, submission_id: int) -> int:
    """Store the package's return files as attachments of the received submission."""
    count = 0
    for name in return_names(pkg):
        data = pkg.read(name)
        short = name.removeprefix("returns/")
        suffix = short[short.rfind("."):].lower() if "." in short else ""
        db.execute("INSERT INTO attachments(kind, filename, mime, size, sha256, data, "
                   "owner_table, owner_id, created_by) VALUES ('return', ?, ?, ?, ?, ?, "
                   "'submissions', ?, ?)",
                   [short, MIME.get(suffix, "application/octet-stream"), len(data),
                    hashlib.sha256(data).hexdigest(), data, submission_id,
                    pkg.manifest.unit["name"]])
        count += 1
    return count


def received_returns(db: sqlite_utils.Database, submission_id: int) -> list[tuple[int, str]]:
    """(attachment id, file name) of the returns that came with a submission."""
    return db.execute("SELECT id, filename FROM attachments WHERE owner_table = 'submissions' "
                      "AND owner_id = ? AND kind = 'return' ORDER BY id",
                      [submission_id]).fetchall()
