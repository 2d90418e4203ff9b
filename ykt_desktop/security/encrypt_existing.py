"""Encrypting a database at set-up: a new file, or a plain one that holds no household yet.

The first-run wizard opens (and migrates) the database before the officer chooses encryption, so
the file already exists: :func:`encrypt_for_setup` copies it into a new SQLCipher file with
``sqlcipher_export`` and puts that in its place, with the key file beside it (same format and
recovery key as :func:`ykt_desktop.security.encryption.create_encrypted`). No connection to the
file may be open meanwhile. A file that already holds households is refused: encryption is chosen
before any personal data is entered.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path

from ykt_desktop.audit.head import adopt, head_file
from ykt_desktop.db.connection import is_encrypted, keyfile_path
from ykt_desktop.db.functions import install as install_session_functions
from ykt_desktop.db.handle import handle_for
from ykt_desktop.security import encryption

SIDE_FILES = ("-wal", "-shm", "-journal")


def _holds_households(path: Path) -> bool:
    conn = sqlite3.connect(str(path))
    try:
        has_table = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                 "AND name = 'households'").fetchone()[0]
        return bool(has_table and conn.execute("SELECT count(*) FROM households").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise encryption.EncryptionError(f"无法读取数据库 {path}：{exc}") from exc
    finally:
        conn.close()


def _export(path: Path, target: Path, key: bytes) -> None:
    """Copy the plain database at ``path`` into the encrypted file ``target``."""
    plain = sqlite3.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
    finally:
        plain.close()
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - the package is in requirements.txt
        raise encryption.EncryptionError("本机缺少加密组件 sqlcipher3，无法加密数据库") from exc
    conn = sqlcipher3.connect(str(path))  # no key: SQLCipher reads the plain file
    try:
        install_session_functions(conn)
        conn.execute(f"ATTACH DATABASE ? AS enc KEY \"x'{key.hex()}'\"", [str(target)])
        conn.execute("SELECT sqlcipher_export('enc')")
        conn.execute(f"PRAGMA enc.user_version = {int(version)}")
        conn.commit()
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()


def encrypt_for_setup(db_file: Path | str, passphrase: str) -> encryption.NewKey:
    """Encrypt the database at ``db_file`` (new, or plain without households); its key and the
    recovery key.

    Close every connection to the file first; open it again afterwards with
    ``ykt_desktop.storage.open_db(path, key=new.key)``.
    """
    path = Path(db_file)
    if len(passphrase) < encryption.MIN_PASSPHRASE:
        raise encryption.EncryptionError(f"加密密码至少 {encryption.MIN_PASSPHRASE} 位")
    if is_encrypted(path):
        raise encryption.EncryptionError(f"数据库 {path.name} 已经加密")
    if not path.exists() or path.stat().st_size == 0:
        if path.exists():
            path.unlink()
        return encryption.create_encrypted(path, passphrase)
    if _holds_households(path):
        raise encryption.EncryptionError(f"数据库 {path.name} 已有户数据，只能在初始设置时加密；"
                                         f"请新建一个加密的数据库")
    key, recovery = secrets.token_bytes(32), encryption.new_recovery_key()
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    try:
        _export(path, target, key)
        encryption._write_keyfile(keyfile_path(path), passphrase, recovery, key)
        os.replace(target, path)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    for suffix in SIDE_FILES:
        Path(str(path) + suffix).unlink(missing_ok=True)
    _adopt_head(path, key)
    return encryption.NewKey(key, recovery)


def _adopt_head(path: Path, key: bytes) -> None:
    """The file was replaced by its encrypted copy, whose SQLite schema version starts anew:
    the audit head kept beside it is rewritten without comparing (as after a restore), so the
    next open does not take the copy for a schema change made outside the app."""
    if not head_file(path).exists():
        return
    db = handle_for(path, key=key).open(migrate=False)
    try:
        adopt(db)
    finally:
        db.close()
