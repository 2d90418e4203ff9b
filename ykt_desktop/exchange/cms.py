"""Detached CMS (PKCS#7) signatures over the manifest, and envelope encryption.

Signing uses ``cryptography``'s PKCS7 builder (signed attributes, SHA-256, the signer's chain
embedded); verification parses the SignedData with ``asn1crypto`` and checks the message digest
and the RSA signature over the signed attributes with ``cryptography``.
"""

from __future__ import annotations

import hashlib

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.serialization import pkcs7

from ykt_desktop.unit_keys import UnitKey


class SignatureInvalid(ValueError):
    """The signature does not match the signed bytes (or cannot be read); message is Chinese."""


def sign_detached(data: bytes, key: UnitKey) -> bytes:
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(
        key.certificate(), key.private_key(), hashes.SHA256())
    for cert in key.chain():
        builder = builder.add_certificate(cert)
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    return builder.sign(serialization.Encoding.DER, options)


def verify_detached(signature: bytes, data: bytes
                    ) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """Check ``signature`` over ``data``; returns (signer certificate, other certificates)."""
    try:
        info = cms.ContentInfo.load(signature)
        signed = info["content"]
        certs = [x509.load_der_x509_certificate(c.chosen.dump()) for c in signed["certificates"]]
        signer_info = signed["signer_infos"][0]
        sid = signer_info["sid"].chosen
        leaf = next(c for c in certs if c.serial_number == sid["serial_number"].native
                    and c.issuer.public_bytes() == sid["issuer"].dump())
        attrs = signer_info["signed_attrs"]
        digest = next(a["values"][0].native for a in attrs if a["type"].native == "message_digest")
        to_verify = attrs.untag().dump(force=True)
        sig = signer_info["signature"].native
        algo = signer_info["digest_algorithm"]["algorithm"].native
    except Exception as exc:  # noqa: BLE001 - any parse failure is a broken signature
        raise SignatureInvalid("签名文件无法解析：已损坏或不是本系统的签名") from exc
    if algo != "sha256" or digest != hashlib.sha256(data).digest():
        raise SignatureInvalid("签名与清单不符：清单（manifest.json）在签名后被改动")
    try:
        leaf.public_key().verify(sig, to_verify, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise SignatureInvalid("签名无效：签名文件（manifest.sig）被改动或不是该证书所签") from exc
    others = [c for c in certs if c != leaf]
    return leaf, others


def encrypt_to(data: bytes, recipient: x509.Certificate) -> bytes:
    """CMS EnvelopedData (AES-256-CBC, key wrapped with RSA) readable only by ``recipient``."""
    return (pkcs7.PKCS7EnvelopeBuilder().set_data(data).add_recipient(recipient)
            .set_content_encryption_algorithm(algorithms.AES256)
            .encrypt(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary]))


def decrypt(envelope: bytes, key: UnitKey) -> bytes:
    return pkcs7.pkcs7_decrypt_der(envelope, key.certificate(), key.private_key(),
                                   [])
