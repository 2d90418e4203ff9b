"""The RSA signatures of the audit log's checkpoints and head file (issue 14).

``cryptography`` and the unit's keys are loaded at the first signature checked or made, not
when the audit log is imported: that took 50-150 ms of every start (issue 15), and the window
checks the head file in the background after it shows (``ui.startup_checks``).
"""

from __future__ import annotations

import base64

import sqlite_utils

from ykt_desktop.db.connection import DB_ERRORS


def verify(cert_pem: str, signature: str, message: bytes) -> str | None:
    """The certificate's fingerprint when ``signature`` (base64) of ``message`` verifies with
    the key of ``cert_pem``; None when it does not (or either is unreadable)."""
    from cryptography import x509  # lazy: 50-150 ms of every start (issue 15)
    from cryptography.exceptions import InvalidSignature  # lazy: as above
    from cryptography.hazmat.primitives import hashes  # lazy: as above
    from cryptography.hazmat.primitives.asymmetric import padding  # lazy: as above

    from ykt_desktop.unit_keys import fingerprint  # lazy: imports cryptography (see above)

    try:
        cert = x509.load_pem_x509_certificate(cert_pem.encode())
        cert.public_key().verify(base64.b64decode(signature), message, padding.PKCS1v15(),
                                 hashes.SHA256())
    except (ValueError, TypeError, InvalidSignature):
        return None
    return fingerprint(cert)


def sign(private_key, message: bytes) -> str:
    """``message`` signed (PKCS#1 v1.5, SHA-256) with ``private_key``, base64."""
    from cryptography.hazmat.primitives import hashes  # lazy: 50-150 ms of every start
    from cryptography.hazmat.primitives.asymmetric import padding  # lazy: as above

    return base64.b64encode(private_key.sign(message, padding.PKCS1v15(),
                                             hashes.SHA256())).decode()


def public_key_der(cert_pem: str) -> bytes:
    """The public key of ``cert_pem`` (DER SubjectPublicKeyInfo)."""
    from cryptography import x509  # lazy: 50-150 ms of every start (issue 15)
    from cryptography.hazmat.primitives.serialization import (  # lazy: as above
        Encoding,
        PublicFormat,
    )

    cert = x509.load_pem_x509_certificate(str(cert_pem).encode())
    return cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def signing_key(db: sqlite_utils.Database):
    """The unit's active key, or None (no unit yet, or a session that may not read it)."""
    from ykt_desktop.unit_keys import active_unit_key  # lazy: imports cryptography (see above)

    try:
        return active_unit_key(db)
    except DB_ERRORS:        # the read-only role's authorizer hides the key
        return None
