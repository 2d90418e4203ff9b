"""Building and reading the certificates of units (no database access here)."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ykt_desktop.pki.errors import PkiError
from ykt_desktop.regions import code_prefix
from ykt_desktop.unit_keys import UNIT_URI_PREFIX, fingerprint

ROOT_YEARS = 20
UNIT_YEARS = 10


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def unit_code_of(cert: x509.Certificate | x509.CertificateSigningRequest) -> str:
    """The region code a certificate or request names (its subject serialNumber)."""
    attrs = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return str(attrs[0].value) if attrs else ""


def common_name(cert: x509.Certificate | x509.CertificateSigningRequest) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else ""


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def is_self_signed(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, Exception):  # noqa: BLE001 - any failure means "not"
        return False
    return True


def inside(code: str, region_code: str) -> bool:
    """True when ``code`` lies inside (or is) the region ``region_code``."""
    return code.startswith(code_prefix(region_code))


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=True, content_commitment=True,
                         key_encipherment=not ca, data_encipherment=False, key_agreement=False,
                         key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False)


def new_root(code: str, name: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A county root: a CA that may certify townships, which may certify villages."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "一卡通核查"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, code),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{name} 根证书"),
    ])
    now = _now()
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(x509.SubjectAlternativeName(
            [x509.UniformResourceIdentifier(UNIT_URI_PREFIX + code)]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue_from_request(
    csr: x509.CertificateSigningRequest, issuer_cert: x509.Certificate, issuer_key,
    *, ca: bool,
) -> x509.Certificate:
    """The certificate for a request; ``ca`` for a township (it will certify its villages)."""
    code = unit_code_of(csr)
    now = _now()
    end = min(now + dt.timedelta(days=365 * UNIT_YEARS), issuer_cert.not_valid_after_utc)
    builder = (
        x509.CertificateBuilder().subject_name(csr.subject).issuer_name(issuer_cert.subject)
        .public_key(csr.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None),
                       critical=True)
        .add_extension(_usage(ca=ca), critical=True)
        .add_extension(x509.SubjectAlternativeName(
            [x509.UniformResourceIdentifier(UNIT_URI_PREFIX + code)]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            issuer_cert.public_key()), critical=False)
    )
    return builder.sign(issuer_key, hashes.SHA256())


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def load_pem_bundle(data: bytes | str, *, what: str) -> list[x509.Certificate]:
    raw = data.encode() if isinstance(data, str) else data
    try:
        return x509.load_pem_x509_certificates(raw)
    except ValueError as exc:
        raise PkiError(f"{what}不是有效的证书文件（PEM）") from exc


def describe(cert: x509.Certificate) -> str:
    """'东风村（420999100200） 指纹 1a2b…' for messages."""
    return f"{common_name(cert)}（{unit_code_of(cert)}） 指纹 {short_fp(fingerprint(cert))}"


def short_fp(fp: str) -> str:
    """A fingerprint grouped for reading aloud: '1A2B 3C4D … 9F0E' (first 16 + last 4 hex)."""
    up = fp.upper()
    groups = [up[i:i + 4] for i in range(0, 16, 4)]
    return " ".join(groups) + " … " + up[-4:]
