"""What the 证书 tab shows: this unit's certificate, whether it is enrolled, and who issued it."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.pki.certs import common_name, is_ca, short_fp, unit_code_of
from ykt_desktop.pki.enrol import root_certificate
from ykt_desktop.unit import require_unit
from ykt_desktop.unit_keys import UnitKey, ensure_unit_key, fingerprint


@dataclass(frozen=True)
class CertificateStatus:
    unit_code: str
    name: str
    fingerprint: str
    enrolled: bool
    issuer: str
    can_issue: bool          # a county with its root, or an enrolled township
    has_root: bool
    valid_until: str

    @property
    def summary(self) -> str:
        state = f"已登记（由 {self.issuer} 签发）" if self.enrolled else "未登记（自签名）"
        return (f"{self.name}（{self.unit_code}） {state}\n指纹 {short_fp(self.fingerprint)}"
                f"\n有效期至 {self.valid_until}")


def _own_certificate(db: sqlite_utils.Database) -> UnitKey:
    """The active certificate and chain, read without the private key (which a read-only
    connection may not read); made first when the unit has none yet."""
    unit = require_unit(db)
    row = db.execute("SELECT unit_code, cert_pem, chain_pem, fingerprint FROM unit_keys "
                     "WHERE active = 1 ORDER BY id DESC LIMIT 1").fetchone()
    if row and row[0] == unit.code:
        return UnitKey(row[0], b"", row[1].encode(), (row[2] or "").encode(), row[3])
    return ensure_unit_key(db)


def certificate_status(db: sqlite_utils.Database) -> CertificateStatus:
    key = _own_certificate(db)
    cert = key.certificate()
    chain = key.chain()
    root = root_certificate(db)
    enrolled = bool(chain)
    can_issue = root is not None or (enrolled and is_ca(cert))
    return CertificateStatus(
        unit_code_of(cert), common_name(cert), fingerprint(cert), enrolled,
        common_name(chain[0]) if chain else "", can_issue, root is not None,
        cert.not_valid_after_utc.date().isoformat())
