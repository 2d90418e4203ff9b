"""Encryption at rest: a random database key, opened by a passphrase or a recovery key.

The database (SQLCipher, AES-256) is encrypted with a random 32-byte key. The key file
``<db>.keys.json`` beside it holds that key twice, wrapped with AES-256-GCM under keys derived
(Argon2id) from the passphrase and from the recovery key. The recovery key is shown once, to be
printed and kept in the unit's safe; with neither the passphrase nor the recovery key the data
cannot be read by anyone. Changing the passphrase re-wraps the key; the database is untouched.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ykt_desktop.db.connection import connect, is_encrypted, keyfile_path
from ykt_desktop.errors import UserError
from ykt_desktop.paths import default_db_path
from ykt_desktop.secret_prompt import DB_HOW, ask_secret

RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I
RECOVERY_GROUPS = 8
MIN_PASSPHRASE = 8
KDF = {"time_cost": 3, "memory_cost": 65536, "parallelism": 2}


class EncryptionError(UserError):
    """Wrong passphrase/recovery key, or a key file problem (Chinese message)."""


@dataclass(frozen=True)
class NewKey:
    """A newly encrypted database: its raw key (open it with ``open_db(path, key=key)``) and
    the recovery key to show once."""

    key: bytes
    recovery: str


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(secret: str, salt: bytes) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, hash_len=32, type=Type.ID, **KDF)


def _wrap(secret: str, key: bytes) -> dict:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_derive(secret, salt)).encrypt(nonce, key, b"ykt-db-key")
    return {"salt": _b64(salt), "nonce": _b64(nonce), "sealed": _b64(sealed)}


def _unwrap(secret: str, box: dict) -> bytes | None:
    salt, nonce, sealed = (base64.b64decode(box[k]) for k in ("salt", "nonce", "sealed"))
    try:
        return AESGCM(_derive(secret, salt)).decrypt(nonce, sealed, b"ykt-db-key")
    except InvalidTag:
        return None


def new_recovery_key() -> str:
    """``XXXX-XXXX-...`` (8 groups of 4 from a 32-letter alphabet: 160 bits)."""
    chars = [secrets.choice(RECOVERY_ALPHABET) for _ in range(4 * RECOVERY_GROUPS)]
    return "-".join("".join(chars[i:i + 4]) for i in range(0, len(chars), 4))


def normalise_recovery_key(text: str) -> str:
    raw = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def _write_keyfile(path: Path, passphrase: str, recovery: str, key: bytes) -> None:
    data = {"version": 1, "cipher": "sqlcipher4-aes256", "kdf": {"type": "argon2id", **KDF},
            "passphrase": _wrap(passphrase, key), "recovery": _wrap(recovery, key)}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    tmp.replace(path)


def create_encrypted(db_file: Path | str, passphrase: str) -> NewKey:
    """Create a new, empty encrypted database; its key and the recovery key (show it once)."""
    path = Path(db_file)
    if path.exists() and path.stat().st_size > 0:
        raise EncryptionError(f"{path} 已存在，只能为新数据库设置加密")
    if len(passphrase) < MIN_PASSPHRASE:
        raise EncryptionError(f"加密密码至少 {MIN_PASSPHRASE} 位")
    key, recovery = secrets.token_bytes(32), new_recovery_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_keyfile(keyfile_path(path), passphrase, recovery, key)
    conn = connect(path, key=key)
    conn.execute("CREATE TABLE IF NOT EXISTS _ykt_encrypted (created TEXT)")
    conn.execute("INSERT INTO _ykt_encrypted VALUES (datetime('now','localtime'))")
    conn.commit()
    conn.close()
    return NewKey(key, recovery)


def unlock(db_file: Path | str, secret: str) -> bytes:
    """The database's key, opened with the passphrase or the recovery key."""
    path = Path(db_file)
    keyfile = keyfile_path(path)
    try:
        data = json.loads(keyfile.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EncryptionError(f"无法读取密钥文件 {keyfile}：{exc}") from exc
    key = _unwrap(secret, data["passphrase"])
    if key is None:
        key = _unwrap(normalise_recovery_key(secret), data["recovery"])
    if key is None:
        raise EncryptionError("密码或恢复密钥不正确")
    return key


def unlock_with_recovery_key(db_file: Path | str, recovery: str) -> bytes:
    """Open the key with the recovery key only (not the passphrase): the proof that a
    forgotten administrator password may be reset (``users recover-admin``)."""
    path = Path(db_file)
    keyfile = keyfile_path(path)
    try:
        data = json.loads(keyfile.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EncryptionError(f"无法读取密钥文件 {keyfile}：{exc}") from exc
    key = _unwrap(normalise_recovery_key(recovery), data["recovery"])
    if key is None:
        raise EncryptionError("恢复密钥不正确（须是建立加密时打印的恢复密钥，不是加密密码）")
    return key


def change_passphrase(db_file: Path | str, secret: str, new_passphrase: str) -> str:
    """Set a new passphrase (and a new recovery key, returned) after proving the old one."""
    if len(new_passphrase) < MIN_PASSPHRASE:
        raise EncryptionError(f"加密密码至少 {MIN_PASSPHRASE} 位")
    key = unlock(db_file, secret)
    recovery = new_recovery_key()
    _write_keyfile(keyfile_path(Path(db_file)), new_passphrase, recovery, key)
    return recovery


def unlock_interactively(db_file: Path | str | None) -> bytes | None:
    """For the command line: the key of an encrypted file, from ``YKT_DB_PASSPHRASE`` or a
    prompt (None for a plain or in-memory file)."""
    path = Path(db_file) if db_file else default_db_path()
    if not is_encrypted(path):
        return None
    secret = os.environ.get("YKT_DB_PASSPHRASE") or ask_secret(
        f"数据库 {path.name} 已加密，请输入密码或恢复密钥：", how=DB_HOW)
    return unlock(path, secret)
