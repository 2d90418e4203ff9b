"""The unit's own signing key and certificate, made at unit set-up.

Returns are signed (PAdES) and submissions are signed with this key. Until the unit is enrolled
the certificate is self-signed; enrolment stores the chain to the county root in ``chain_pem``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ykt_desktop.security.schema_guard import trusted_step
from ykt_desktop.unit import Unit, require_unit

UNIT_URI_PREFIX = "urn:ykt:unit:"


@dataclass(frozen=True)
class UnitKey:
    unit_code: str
    key_pem: bytes
    cert_pem: bytes
    chain_pem: bytes
    fingerprint: str

    def private_key(self) -> rsa.RSAPrivateKey:
        return load_own_key(self.key_pem, self.certificate())

    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert_pem)

    def chain(self) -> list[x509.Certificate]:
        return x509.load_pem_x509_certificates(self.chain_pem) if self.chain_pem else []


class KeyMismatchError(ValueError):
    """The stored private key is not the one of the stored certificate."""


def load_own_key(key_pem: bytes, cert: x509.Certificate) -> rsa.RSAPrivateKey:
    """A private key this program made and stored beside its certificate, loaded without
    OpenSSL's RSA consistency check (primality of p and q: 60-250 ms a load, which every
    database opening, export and enrolment paid, several times over). What guards it instead:
    its public half must equal the certificate's (a key swapped or damaged in the file is
    refused here), and OpenSSL verifies every RSA-CRT signature before returning it."""
    key = serialization.load_pem_private_key(key_pem, password=None,
                                             unsafe_skip_rsa_key_validation=True)
    if not isinstance(key, rsa.RSAPrivateKey) or \
            key.public_key().public_numbers() != cert.public_key().public_numbers():
        raise KeyMismatchError("本单位的私钥与证书不符（数据库中的密钥可能已被改动或损坏）")
    return key


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def unit_subject(unit: Unit) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "一卡通核查"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, unit.code),
        x509.NameAttribute(NameOID.COMMON_NAME, unit.name),
    ])


def new_self_signed(unit: Unit, *, years: int = 10) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    name = unit_subject(unit)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.SubjectAlternativeName(
            [x509.UniformResourceIdentifier(UNIT_URI_PREFIX + unit.code)]), critical=False)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=True, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def ensure_unit_key(db: sqlite_utils.Database) -> UnitKey:
    """The active key of this database's unit, created (self-signed) on first use."""
    unit = require_unit(db)
    current = active_unit_key(db)
    if current and current.unit_code == unit.code:
        return current
    key, cert = new_self_signed(unit)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    with db.atomic():
        db.execute("UPDATE unit_keys SET active = 0")
        db.execute("INSERT INTO unit_keys(unit_code, key_pem, cert_pem, fingerprint) "
                   "VALUES (?, ?, ?, ?)",
                   [unit.code, key_pem.decode(), cert_pem.decode(), fingerprint(cert)])
    return active_unit_key(db)  # type: ignore[return-value]


def active_unit_key(db: sqlite_utils.Database) -> UnitKey | None:
    with trusted_step(db):      # the signing key: refused to raw SQL, read by the app
        row = db.execute("SELECT unit_code, key_pem, cert_pem, chain_pem, fingerprint "
                         "FROM unit_keys WHERE active = 1 ORDER BY id DESC LIMIT 1").fetchone()
    if not row:
        return None
    return UnitKey(row[0], row[1].encode(), row[2].encode(), row[3].encode(), row[4])
