"""Enrolment: the county root, request files, issuing and installing certificates.

The lower unit writes a request (CSR naming its region code) with :func:`make_request`; the upper
unit returns a certificate file (leaf, then its issuers up to the root) from :func:`issue`; the
lower unit installs it with :func:`install`, which also adds the root to its trust store.
"""

from __future__ import annotations

import sqlite_utils
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from ykt_desktop.changes import Kind, writes
from ykt_desktop.pki.certs import (
    describe,
    inside,
    is_ca,
    issue_from_request,
    load_pem_bundle,
    new_root,
    pem,
    unit_code_of,
)
from ykt_desktop.pki.errors import PkiError
from ykt_desktop.pki.trust import add_trust, verify_signer
from ykt_desktop.regions import LEVEL_ORDER, add_region, check_code, parent_code_of
from ykt_desktop.security import roles
from ykt_desktop.security.schema_guard import trusted_step
from ykt_desktop.security.session import PermissionDenied, current
from ykt_desktop.unit import Unit, require_unit
from ykt_desktop.unit_keys import (
    UNIT_URI_PREFIX,
    UnitKey,
    ensure_unit_key,
    fingerprint,
    load_own_key,
)


def root_certificate(db: sqlite_utils.Database) -> x509.Certificate | None:
    row = db.execute("SELECT cert_pem FROM pki_authority ORDER BY id DESC LIMIT 1").fetchone()
    return x509.load_pem_x509_certificate(row[0].encode()) if row else None


@writes(Kind.SUBMISSIONS)
def init_root(db: sqlite_utils.Database) -> x509.Certificate:
    """Create the county root (once) and enrol the county's own key under it."""
    unit = require_unit(db)
    if unit.level != "county":
        raise PkiError("只有县级单位可以建立根证书")
    _require_enroller(db, unit, what="建立本县根证书", admin_only=True)
    existing = root_certificate(db)
    if existing is not None:
        return existing
    key, cert = new_root(unit.code, unit.name)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    own = ensure_unit_key(db)
    csr = _request_for(own)
    leaf = issue_from_request(csr, cert, key, ca=False)
    with db.atomic():
        db.execute("INSERT INTO pki_authority(unit_code, key_pem, cert_pem, fingerprint) "
                   "VALUES (?,?,?,?)", [unit.code, key_pem, pem(cert), fingerprint(cert)])
        add_trust(db, cert, kind="root", note="本县根证书")
        _store_cert(db, leaf, [cert])
    return cert


def _request_for(key: UnitKey) -> x509.CertificateSigningRequest:
    code = key.unit_code
    cert = key.certificate()
    return (
        x509.CertificateSigningRequestBuilder().subject_name(cert.subject)
        .add_extension(x509.SubjectAlternativeName(
            [x509.UniformResourceIdentifier(UNIT_URI_PREFIX + code)]), critical=False)
        .sign(key.private_key(), hashes.SHA256())
    )


def make_request(db: sqlite_utils.Database) -> bytes:
    """The request file (PEM CSR) of this unit, naming its region code."""
    require_unit(db)
    return _request_for(ensure_unit_key(db)).public_bytes(serialization.Encoding.PEM)


def _issuer(db: sqlite_utils.Database) -> tuple[x509.Certificate, object, list[x509.Certificate]]:
    """The certificate, key and chain this unit issues with (root at the county)."""
    unit = require_unit(db)
    if unit.level == "county":
        row = db.execute("SELECT key_pem, cert_pem FROM pki_authority "
                         "ORDER BY id DESC LIMIT 1").fetchone()
        if not row:
            raise PkiError("本县尚未建立根证书：在软件“上报与导入”页的“证书”中点“建立本县根证书”"
                           "（命令行：pki init-root）")
        cert = x509.load_pem_x509_certificate(row[1].encode())
        return cert, load_own_key(row[0].encode(), cert), [cert]
    own = ensure_unit_key(db)
    cert = own.certificate()
    if unit.level != "township" or not own.chain_pem or not is_ca(cert):
        raise PkiError("本单位的证书不能为下级签发证书：只有已登记的乡镇和县可以签发")
    return cert, own.private_key(), [cert, *own.chain()]


def read_request(data: bytes) -> x509.CertificateSigningRequest:
    try:
        csr = x509.load_pem_x509_csr(data)
    except ValueError as exc:
        raise PkiError("申请文件不是有效的证书申请（CSR）") from exc
    if not csr.is_signature_valid:
        raise PkiError("申请文件的签名无效：文件可能被改动")
    return csr


def issue(db: sqlite_utils.Database, request_pem: bytes) -> bytes:
    """Certify a lower unit's request; returns the certificate file (leaf + issuers, PEM)."""
    unit = require_unit(db)
    _require_enroller(db, unit, what="为下级签发证书")
    csr = read_request(request_pem)
    code = unit_code_of(csr)
    level = _level_of(code)
    if level is None or not inside(code, unit.code) or code == unit.code:
        raise PkiError(f"申请单位区划代码“{code}”不在本单位（{unit.name} {unit.code}）辖区内")
    if LEVEL_ORDER.index(level) != LEVEL_ORDER.index(unit.level) + 1:
        raise PkiError(f"申请单位“{code}”不是本单位的直接下级，应由其上级单位签发")
    cert, key, chain = _issuer(db)
    leaf = issue_from_request(csr, cert, key, ca=level == "township")
    name = csr.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)[0].value
    with db.atomic():
        add_region(db, code=code, name=str(name), level=level)
    return "".join(pem(c) for c in [leaf, *chain]).encode()


def _level_of(code: str) -> str | None:
    for level in ("township", "village"):
        try:
            check_code(level, code)
        except ValueError:
            continue
        return level
    return None


@writes(Kind.SUBMISSIONS)
def install(db: sqlite_utils.Database, bundle_pem: bytes) -> x509.Certificate:
    """Install the certificate file issued for this unit; trusts the root it chains to."""
    unit = require_unit(db)
    _require_enroller(db, unit, what="安装本单位证书")
    certs = load_pem_bundle(bundle_pem, what="证书文件")
    leaf, chain = certs[0], certs[1:]
    own = ensure_unit_key(db)
    if leaf.public_key().public_numbers() != own.certificate().public_key().public_numbers():
        raise PkiError("证书文件不是为本单位当前密钥签发的（公钥不符），请重新提交申请文件")
    if unit_code_of(leaf) != unit.code:
        raise PkiError(f"证书文件签发给“{unit_code_of(leaf)}”，不是本单位（{unit.code}）")
    root = chain[-1] if chain else None
    if root is None or root.issuer != root.subject:
        raise PkiError("证书文件缺少根证书，无法建立信任链")
    parent = parent_code_of(unit.level, unit.code)
    if not inside(unit.code, unit_code_of(root)) or parent is None:
        raise PkiError(f"根证书 {describe(root)} 不是本单位所属县的根证书")
    with db.atomic():
        add_trust(db, root, kind="root", note="上级签发证书时一并安装")
        verify_signer(db, leaf, chain)
        _store_cert(db, leaf, chain)
    return leaf


def _require_enroller(db: sqlite_utils.Database, unit: Unit, *, what: str,
                      admin_only: bool = False) -> None:
    """The county administrator, or (``admin_only`` False) the role that signs for a unit of
    this level (乡镇审核员 at a township, 村级录入员 at a village); no session: no users."""
    session = current(db)
    if session is None or session.role == "county_admin":
        return
    if (not admin_only and roles.allowed(session.role, "sign")
            and roles.UNIT_LEVEL.get(session.role) == unit.level):
        return
    raise PermissionDenied(f"权限不足：{session.role_label} {session.username} 不能{what}"
                           f"（{unit.name}）")


def _store_cert(db: sqlite_utils.Database, leaf: x509.Certificate,
                chain: list[x509.Certificate]) -> None:
    # the audit trigger on unit_keys reads the row (the key column too): the app's own step,
    # after the role check of the caller; raw SQL still may not read the key
    with trusted_step(db):
            db.execute("UPDATE unit_keys SET cert_pem = ?, chain_pem = ?, fingerprint = ? "
                       "WHERE id = (SELECT id FROM unit_keys WHERE active = 1 "
                       "ORDER BY id DESC LIMIT 1)",
                       [pem(leaf), "".join(pem(c) for c in chain), fingerprint(leaf)])


@writes(Kind.SUBMISSIONS)
def trust_key_file(db: sqlite_utils.Database, cert_pem: bytes, *, note: str = "") -> str:
    """Trust one unenrolled unit's certificate explicitly; returns its fingerprint."""
    return trust_certificate(db, load_pem_bundle(cert_pem, what="证书文件")[0], note=note)


def own_certificate_pem(db: sqlite_utils.Database) -> bytes:
    """This unit's certificate and chain (to give a sender for --encrypt-to, or to be trusted)."""
    own = ensure_unit_key(db)
    return own.cert_pem + own.chain_pem


@writes(Kind.SUBMISSIONS)
def trust_certificate(db: sqlite_utils.Database, cert: x509.Certificate, *, note: str = "") -> str:
    """Trust one unenrolled unit's certificate (already loaded) explicitly."""
    with db.atomic():
        return add_trust(db, cert, kind="key", note=note or "手工信任的未登记签名")
