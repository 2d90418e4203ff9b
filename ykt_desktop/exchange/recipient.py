"""Who a package is encrypted to by default: the unit above (issue 14).

A package holds whole ID and bank card numbers, so it is encrypted unless the officer asks for
plaintext explicitly. After enrolment the PKI knows the unit above: our certificate's issuer in
the chain installed with it (the township's certificate for a village, the county root for a
township, whose key the county keeps and decrypts with). Before enrolment, or at the top level,
the receiver is unknown: a certificate must be given (``--encrypt-to``) or plaintext chosen
(``--no-encrypt``), which prints :data:`PLAINTEXT_WARNING`.
"""

from __future__ import annotations

import sqlite_utils
from cryptography import x509

from ykt_desktop.errors import UserError

PLAINTEXT_WARNING = ("警告：上报文件未加密。文件里有完整的身份证号和卡号，U 盘丢失或被复制、"
                     "邮件转发时任何人都能读取；只在接收单位无法解密等特殊情况下使用，"
                     "用后请删除文件")


class RecipientUnknown(UserError):
    """No certificate of the receiving unit is known (Chinese message)."""


def receiving_certificate(db: sqlite_utils.Database) -> x509.Certificate | None:
    """The certificate that issued ours (the unit above), or None before enrolment."""
    row = db.execute("SELECT cert_pem, chain_pem FROM unit_keys WHERE active = 1 "
                     "ORDER BY id DESC LIMIT 1").fetchone()
    if not row or not row[1]:
        return None
    leaf = x509.load_pem_x509_certificate(row[0].encode())
    for cert in x509.load_pem_x509_certificates(row[1].encode()):
        if cert.subject == leaf.issuer and cert != leaf:
            return cert
    return None


def choose_recipient(db: sqlite_utils.Database, *, encrypt_to: x509.Certificate | None = None,
                     plaintext: bool = False) -> x509.Certificate | None:
    """The certificate to encrypt to; None only when plaintext was chosen explicitly."""
    if plaintext:
        return None
    if encrypt_to is not None:
        return encrypt_to
    cert = receiving_certificate(db)
    if cert is None:
        raise RecipientUnknown(
            "不知道接收单位的证书（本单位尚未登记证书）：上报文件默认加密，不能生成。"
            "请先登记证书（证书管理，或 pki install），或指定接收单位的证书文件"
            "（--encrypt-to）；确需不加密请明确选择（--no-encrypt）")
    return cert
