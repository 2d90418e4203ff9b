"""PAdES signatures on return PDFs (pyHanko) and their verification.

Signing takes the key, certificate and chain as parameters (the unit's own by default) and puts
a visible stamp naming the unit, the signer and the time. Verification trusts only the roots it
is given (default: this unit's certificate and any self-signed root of its enrolment chain or of
``ykt_desktop.pki``) and accepts a file only when pyHanko's ``bottom_line`` is true AND the
signature covers the entire file; any exception means "not verified".
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID

from ykt_desktop.errors import UserError
from ykt_desktop.paths import resource
from ykt_desktop.pki.trust import trusted
from ykt_desktop.unit_keys import UnitKey, ensure_unit_key

# pyHanko 0.38 imports cryptography's DSA key type at import time (pyhanko/sign/signers/
# pdf_cms.py) and cryptography 48 warns that DSA is deprecated. We never sign or verify with DSA
# (unit keys are EC/RSA), and the warning landed in every officer's self-check and CLI output.
# Only that one message, only when raised from pyHanko's modules, is silenced.
warnings.filterwarnings("ignore", message=r"DSA is deprecated", module=r"pyhanko\.",
                        category=CryptographyDeprecationWarning)

STAMP_FONT = resource("fonts", "wqy-microhei.ttf")
FIELD_NAME = "单位签章"


class SigningError(ValueError, UserError):
    """A return cannot be signed; the message is Chinese."""


@dataclass(frozen=True)
class SigningKey:
    key_pem: bytes
    cert_pem: bytes
    chain_pem: bytes = b""

    @classmethod
    def from_unit_key(cls, unit_key: UnitKey) -> SigningKey:
        return cls(unit_key.key_pem, unit_key.cert_pem, unit_key.chain_pem)


@dataclass(frozen=True)
class Verification:
    ok: bool
    status: str                 # intact / tampered / not_whole_file / untrusted / unsigned / error
    message: str
    signer: str = ""
    unit: str = ""
    unit_code: str = ""
    signed_at: str = ""


def _refresh_asn1_names() -> None:
    """Make asn1crypto know the CMS attribute names pyHanko uses (signing_certificate_v2, ...).

    ``asn1crypto.tsp`` adds them to ``CMSAttributeType._map`` when imported, but the reverse map
    is built once, on first use; if other code used CMS attributes before pyHanko was imported,
    the late names are missing and signing fails. Rebuild the reverse maps after the import."""
    from asn1crypto import cms, tsp  # noqa: F401 - importing tsp registers the names

    for cls in (cms.CMSAttributeType, cms.ContentType):
        if cls._reverse_map is not None and any(v not in cls._reverse_map
                                                for v in cls._map.values()):
            cls._reverse_map = {value: key for key, value in cls._map.items()}


def _asn1_cert(pem: bytes) -> asn1_x509.Certificate:
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def _asn1_certs(pem: bytes) -> list[asn1_x509.Certificate]:
    if not pem.strip():
        return []
    return [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
            for c in x509.load_pem_x509_certificates(pem)]


def _signer(key: SigningKey):  # noqa: ANN202 - pyHanko type
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    private = serialization.load_pem_private_key(key.key_pem, password=None)
    der = private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return signers.SimpleSigner(
        signing_cert=_asn1_cert(key.cert_pem),
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs(_asn1_certs(key.chain_pem)))


def _unit_of(cert: x509.Certificate) -> tuple[str, str]:
    name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    code = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return (str(name[0].value) if name else "", str(code[0].value) if code else "")


def stamp_font_file(text: str, folder: Path) -> Path:
    """A subset of the CJK font holding ``text``'s glyphs, rescaled to 1000 units per em.

    pyHanko writes glyph widths in font units; WenQuanYi uses 2048 per em, so the stamp text
    would be spaced twice too wide. A 1000-unit subset renders correctly (and stays small)."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    font = TTFont(str(STAMP_FONT), fontNumber=0)
    options = subset.Options()
    options.notdef_outline = True
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=text + " ")
    subsetter.subset(font)
    scale_upem(font, 1000)
    target = folder / "stamp-font.ttf"
    font.save(str(target))
    return target


def sign_pdf(pdf: bytes, key: SigningKey, *, signer_name: str, box: tuple[float, ...],
             page: int = -1, reason: str = "报表签章") -> bytes:
    """The PDF with a PAdES signature and a visible stamp in ``box`` on ``page``."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.layout import (
        AxisAlignment,
        InnerScaling,
        Margins,
        SimpleBoxLayoutRule,
    )
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    unit_name, unit_code = _unit_of(x509.load_pem_x509_certificate(key.cert_pem))
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    text = f"{unit_name}（{unit_code}）\n签署人：{signer_name}\n签署时间：{when}"
    with tempfile.TemporaryDirectory(prefix="ykt-stamp-") as folder:
        font = GlyphAccumulatorFactory(str(stamp_font_file(text, Path(folder))))
        style = TextStampStyle(
            stamp_text=text.replace("%", "%%"), border_width=1, border_color=(0.75, 0.1, 0.1),
            text_box_style=TextBoxStyle(font=font, font_size=9, leading=13,
                                        text_color=(0.75, 0.1, 0.1)),
            inner_content_layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
                margins=Margins.uniform(4), inner_content_scaling=InnerScaling.SHRINK_TO_FIT))
        return _sign(pdf, key, style, signer_name, unit_name, box, page, reason)


def _sign(pdf: bytes, key: SigningKey, style: object, signer_name: str, unit_name: str,
          box: tuple[float, ...], page: int, reason: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    _refresh_asn1_names()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name, location=unit_name, reason=reason)
    spec = fields.SigFieldSpec(FIELD_NAME, on_page=page, box=tuple(int(v) for v in box))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = io.BytesIO()
    signers.PdfSigner(meta, _signer(key), stamp_style=style, new_field_spec=spec).sign_pdf(
        writer, output=out)
    return out.getvalue()


def pki_roots(db: sqlite_utils.Database) -> list[bytes]:
    """Roots (and explicitly trusted unit keys) of the chain-of-trust store, as PEM."""
    certs = []
    for kind in ("root", "key"):
        try:
            certs += list(trusted(db, kind).values())
        except Exception:  # noqa: BLE001 - no trust store yet (older database): own key only
            return []
    return [c.public_bytes(serialization.Encoding.PEM) for c in certs]


def default_trust_roots(db: sqlite_utils.Database) -> list[bytes]:
    """This unit's certificate, the self-signed roots of its chain, and pki's roots (PEM)."""
    key = ensure_unit_key(db)
    roots = [key.cert_pem]
    for cert in key.chain():
        if cert.issuer == cert.subject:
            roots.append(cert.public_bytes(serialization.Encoding.PEM))
    return roots + pki_roots(db)


def verify_pdf(data: bytes, trust_roots: list[bytes]) -> Verification:
    """Verify the last signature; never raises (any exception is "not verified")."""
    try:
        return _verify(data, trust_roots)
    except Exception as exc:  # noqa: BLE001 - by design: any failure is "not verified"
        return Verification(False, "error", f"无法验证（文件已损坏或被篡改）：{exc}")


def _verify(data: bytes, trust_roots: list[bytes]) -> Verification:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    _refresh_asn1_names()
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    sigs = reader.embedded_signatures
    if not sigs:
        return Verification(False, "unsigned", "文件没有数字签名")
    roots = [c for pem in trust_roots for c in _asn1_certs(pem)]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = validate_pdf_signature(sigs[-1], context)
    cert = x509.load_der_x509_certificate(status.signing_cert.dump())
    unit, code = _unit_of(cert)
    when = status.signer_reported_dt
    info = {"signer": str(sigs[-1].sig_object.get("/Name", "")) or unit, "unit": unit,
            "unit_code": code, "signed_at": when.astimezone().isoformat(timespec="seconds")
            if when else ""}
    if not status.intact or not status.valid:
        return Verification(False, "tampered", "文件内容与签名不符：已被篡改", **info)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE or len(sigs) != 1:
        return Verification(False, "not_whole_file", "签名后文件又被追加修改：签名未覆盖整个文件",
                            **info)
    if not status.trusted or not status.bottom_line:
        return Verification(False, "untrusted", "签名完好，但签名证书不受信任", **info)
    return Verification(True, "intact", "签名有效，文件完好", **info)


def verify_file(path: Path | str, trust_roots: list[bytes]) -> Verification:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return Verification(False, "error", f"找不到文件：{path}")
    except IsADirectoryError:
        return Verification(False, "error", f"{path} 是文件夹，不是 PDF 文件")
    except PermissionError:
        return Verification(False, "error", f"没有读取 {path} 的权限")
    except OSError:
        return Verification(False, "error", f"无法读取 {path}（磁盘或网络位置出错）")
    return verify_pdf(data, trust_roots)
