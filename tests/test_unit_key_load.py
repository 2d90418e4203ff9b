"""The unit's own key is loaded without OpenSSL's slow RSA check, but only when it belongs to
the stored certificate (issue 15 item 6)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from ykt_desktop.unit import Unit
from ykt_desktop.unit_keys import KeyMismatchError, UnitKey, load_own_key, new_self_signed
from ykt_desktop.unit_keys import fingerprint as cert_fingerprint


def _pem(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _unit_key(key_pem: bytes, cert) -> UnitKey:
    from cryptography.hazmat.primitives import serialization

    return UnitKey("420999101001", key_pem, cert.public_bytes(serialization.Encoding.PEM), b"",
                   cert_fingerprint(cert))


def test_own_key_signs_and_matches_its_certificate():
    key, cert = new_self_signed(Unit("village", "420999101001", "村"))
    loaded = _unit_key(_pem(key), cert).private_key()
    signature = loaded.sign(b"data", padding.PKCS1v15(), hashes.SHA256())
    cert.public_key().verify(signature, b"data", padding.PKCS1v15(), hashes.SHA256())


def test_a_key_of_another_certificate_is_refused_in_chinese():
    key, cert = new_self_signed(Unit("village", "420999101001", "村"))
    other, _ = new_self_signed(Unit("village", "420999101002", "村二"))
    with pytest.raises(KeyMismatchError, match="私钥与证书不符"):
        _unit_key(_pem(other), cert).private_key()
    with pytest.raises(KeyMismatchError):
        load_own_key(_pem(other), cert)
    assert load_own_key(_pem(key), cert).key_size == 2048
