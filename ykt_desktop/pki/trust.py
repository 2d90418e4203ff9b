"""The trust store and the check that a signer chains to a root we trust.

A signer is accepted when its certificate chains (through the certificates it sent) to a root
in ``pki_trust``, each issuer being a CA whose region contains the signer's; or when its own key
was trusted explicitly (未登记签名, shown with the fingerprint).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils
from cryptography import x509

from ykt_desktop.pki.certs import (
    common_name,
    describe,
    inside,
    is_ca,
    is_self_signed,
    pem,
    short_fp,
    unit_code_of,
)
from ykt_desktop.pki.errors import PkiError
from ykt_desktop.unit_keys import fingerprint

MAX_DEPTH = 4


@dataclass(frozen=True)
class Signer:
    unit_code: str
    name: str
    fingerprint: str
    enrolled: bool          # chains to a trusted root; False: an explicitly trusted key

    @property
    def label(self) -> str:
        if self.enrolled:
            return f"{self.name}（{self.unit_code}）"
        return f"{self.name}（{self.unit_code}） 核对指纹后信任 指纹 {short_fp(self.fingerprint)}"


class UntrustedSigner(PkiError):
    """The signer does not chain to a trusted root and its key is not trusted either."""


def add_trust(db: sqlite_utils.Database, cert: x509.Certificate, *, kind: str,
              note: str = "", by_user: str = "") -> str:
    """Trust a root (``kind='root'``) or one unenrolled unit key (``kind='key'``)."""
    if kind == "root" and not (is_ca(cert) and is_self_signed(cert)):
        raise PkiError(f"{describe(cert)} 不是根证书，不能作为信任根")
    fp = fingerprint(cert)
    db.execute(
        "INSERT INTO pki_trust(kind, fingerprint, unit_code, subject, cert_pem, note, added_by) "
        "VALUES (?,?,?,?,?,?,?) ON CONFLICT(fingerprint) DO NOTHING",
        [kind, fp, unit_code_of(cert), common_name(cert), pem(cert), note, by_user])
    return fp


def trusted(db: sqlite_utils.Database, kind: str) -> dict[str, x509.Certificate]:
    rows = db.execute("SELECT fingerprint, cert_pem FROM pki_trust WHERE kind = ?", [kind])
    return {fp: x509.load_pem_x509_certificate(text.encode()) for fp, text in rows.fetchall()}


def trust_list(db: sqlite_utils.Database) -> list[dict]:
    rows = db.execute("SELECT kind, fingerprint, unit_code, subject, note, added_at "
                      "FROM pki_trust ORDER BY kind DESC, id").fetchall()
    keys = ("kind", "fingerprint", "unit_code", "subject", "note", "added_at")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _check_time(cert: x509.Certificate, now: dt.datetime) -> None:
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise UntrustedSigner(f"证书已过期或尚未生效：{describe(cert)}")


def _issuer_of(cert: x509.Certificate, pool: list[x509.Certificate]) -> x509.Certificate | None:
    for candidate in pool:
        if candidate.subject != cert.issuer or candidate == cert:
            continue
        try:
            cert.verify_directly_issued_by(candidate)
        except Exception:  # noqa: BLE001 - a wrong signature just means "not this one"
            continue
        return candidate
    return None


def verify_signer(db: sqlite_utils.Database, leaf: x509.Certificate,
                  extra: list[x509.Certificate]) -> Signer:
    """Who signed: raises :class:`UntrustedSigner` with the reason unless we trust them."""
    now = dt.datetime.now(dt.UTC)
    code, name, fp = unit_code_of(leaf), common_name(leaf), fingerprint(leaf)
    roots = trusted(db, "root")
    _check_time(leaf, now)
    pool = list(extra) + list(roots.values())
    current = leaf
    for _ in range(MAX_DEPTH):
        if fingerprint(current) in roots and current is not leaf:
            return Signer(code, name, fp, enrolled=True)
        issuer = _issuer_of(current, pool)
        if issuer is None:
            break
        if not is_ca(issuer) or not inside(code, unit_code_of(issuer)):
            raise UntrustedSigner(f"签发者无权为该单位签发证书：{describe(issuer)}")
        _check_time(issuer, now)
        current = issuer
    if fingerprint(current) in roots and current is not leaf:
        return Signer(code, name, fp, enrolled=True)
    if fp in trusted(db, "key"):
        return Signer(code, name, fp, enrolled=False)
    raise UntrustedSigner(
        f"未登记签名：{name}（{code}）的证书未由本县根证书签发，指纹 {short_fp(fp)}（{fp}）。"
        "如已电话核对指纹无误，可信任该签名后重新导入")
