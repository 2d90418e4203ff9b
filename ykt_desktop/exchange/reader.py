"""Opening and verifying a package or return file before anything is imported.

:func:`open_verified` checks, in order: it is a zip and a package (not_package, damaged); the zip
is safe to read (unsafe); encrypted packages are decrypted with our key (encrypted); the
signature matches the manifest (signature); every file matches the manifest, none missing or
extra (tampered, missing, extra); the signer chains to our root or is explicitly trusted
(untrusted) and is the unit the manifest names (wrong_unit).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import sqlite_utils

from ykt_desktop.exchange import cms
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.manifest import ENVELOPE, MANIFEST, RECIPIENT, SIGNATURE, Manifest
from ykt_desktop.pki.certs import unit_code_of
from ykt_desktop.pki.errors import PkiError
from ykt_desktop.pki.trust import Signer, verify_signer
from ykt_desktop.safety.errors import UnsafeFileError
from ykt_desktop.safety.zip_guard import ZipLimits, check_directory
from ykt_desktop.unit_keys import UnitKey, active_unit_key

GB = 1024**3
# A county's package of 1,000,000 persons is a few hundred MB; leave room, refuse absurd ones.
PACKAGE_LIMITS = ZipLimits(max_file=8 * GB, max_entries=10_000, max_entry=8 * GB,
                           max_total=16 * GB)


@dataclass
class OpenPackage:
    path: Path
    sha256: str
    manifest: Manifest
    signer: Signer
    zip: zipfile.ZipFile

    def read(self, name: str) -> bytes:
        return self.zip.read(name)

    def lines(self, name: str):
        """Rows of ``data/<name>.jsonl`` as (columns, iterator of lists)."""
        columns, batches = self.batches(name)
        return columns, (row for batch in batches for row in batch)

    def batches(self, name: str, size: int = 5000):
        """Rows of ``data/<name>.jsonl`` as (columns, iterator of lists of up to ``size``
        rows): bulk paths work batch by batch, without a Python step per row."""
        handle = io.BufferedReader(self.zip.open(f"data/{name}.jsonl"), 1 << 20)
        columns = json.loads(handle.readline())["columns"]
        return columns, _parse_batches(handle, size)

    def close(self) -> None:
        self.zip.close()


def _parse_batches(handle, size: int = 5000):
    """One ``json.loads`` per batch of lines (a JSON array of them): far fewer Python calls."""
    with handle:
        while batch := list(islice(handle, size)):
            yield json.loads(b"[" + b",".join(batch) + b"]")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _open_zip(source, name: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, NotImplementedError, ValueError) as exc:   # found by fuzzing
        raise PackageError("damaged", "zip 目录无法读取（文件不完整或被改动）",
                           filename=name) from exc
    except OSError as exc:
        raise PackageError("not_package", "无法读取文件（文件不存在、是文件夹或没有读取权限）",
                           filename=name) from exc
    _guard(zf, name)
    return zf


def _guard(zf: zipfile.ZipFile, name: str) -> None:
    """The shared hostile-zip checks (entry count, sizes, ratios, paths, duplicates)."""
    try:
        check_directory(zf, name, PACKAGE_LIMITS)
    except UnsafeFileError as exc:
        raise PackageError("unsafe", str(exc), filename=name) from exc


def _read_member(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    try:
        return zf.read(member)
    except KeyError as exc:
        raise PackageError("missing", f"缺少 {member}", filename=name) from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error,
            NotImplementedError) as exc:    # a changed compression method (fuzzing, in CI)
        raise PackageError("tampered", f"{member} 已损坏或被改动（zip 校验失败）",
                           filename=name) from exc


def decryption_key(db: sqlite_utils.Database, fp: str) -> UnitKey | None:
    """Our unit key, or at the county the root's key (a township encrypts to the root, the
    issuer of its certificate): whichever has the fingerprint the package was encrypted to."""
    key = active_unit_key(db)
    if key is not None and key.fingerprint == fp:
        return key
    row = db.execute("SELECT unit_code, key_pem, cert_pem FROM pki_authority "
                     "WHERE fingerprint = ? ORDER BY id DESC LIMIT 1", [fp]).fetchone()
    return UnitKey(row[0], row[1].encode(), row[2].encode(), b"", fp) if row else None


def _recipient(zf: zipfile.ZipFile, name: str) -> dict:
    """recipient.json: whom the package is encrypted to (a damaged one is refused in words)."""
    try:
        info = json.loads(_read_member(zf, RECIPIENT, name).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        info = exc
    if not isinstance(info, dict):
        raise PackageError("tampered", f"{RECIPIENT}（收件单位）已损坏或被改动：不是有效的 JSON",
                           filename=name)
    return info


def _decrypt(db: sqlite_utils.Database, zf: zipfile.ZipFile, name: str) -> zipfile.ZipFile:
    info = _recipient(zf, name)
    key = decryption_key(db, str(info.get("fingerprint", "")))
    if key is None:
        who = f"{info.get('name')}（{info.get('unit_code')}）"
        raise PackageError("encrypted", f"文件加密给“{who}”，本单位的密钥无法解密",
                           filename=name)
    try:
        plain = cms.decrypt(_read_member(zf, ENVELOPE, name), key)
    except ValueError as exc:
        raise PackageError("encrypted", "解密失败：文件被改动或不是加密给本单位的",
                           filename=name) from exc
    return _open_zip(io.BytesIO(plain), name)


def open_verified(db: sqlite_utils.Database, path: Path | str, *, kind: str) -> OpenPackage:
    """Verify everything that can be verified without our data; see the module text."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise PackageError("not_package", "文件不存在", filename=name)
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            magic = fh.read(2)
        if magic == b"PK":
            raise PackageError("damaged", "zip 文件不完整（可能传输中断或被截断）", filename=name)
        raise PackageError("not_package", "不是 zip 格式的上报文件（.ykt）", filename=name)
    zf = _open_zip(path, name)
    if set(zf.namelist()) == {RECIPIENT, ENVELOPE}:
        zf = _decrypt(db, zf, name)
    names = set(zf.namelist())
    if MANIFEST not in names or SIGNATURE not in names:
        raise PackageError("not_package", "没有清单（manifest.json）或签名（manifest.sig）",
                           filename=name)
    body = _read_member(zf, MANIFEST, name)
    try:
        leaf, others = cms.verify_detached(_read_member(zf, SIGNATURE, name), body)
    except cms.SignatureInvalid as exc:
        raise PackageError("signature", str(exc), filename=name) from exc
    try:
        manifest = Manifest.from_bytes(body)
    except (ValueError, KeyError) as exc:
        raise PackageError("not_package", "清单格式不对", filename=name) from exc
    if manifest.kind != kind:
        label = {"submission": "上报文件", "return": "退回文件"}
        raise PackageError("not_package", f"这是{label.get(manifest.kind, manifest.kind)}，"
                           f"不是{label[kind]}", filename=name)
    _check_files(zf, manifest, name)
    try:
        signer = verify_signer(db, leaf, others)
    except PkiError as exc:
        raise PackageError("untrusted", str(exc), filename=name) from exc
    if unit_code_of(leaf) != manifest.unit.get("code"):
        raise PackageError("wrong_unit", f"清单写的是“{manifest.unit.get('name')}"
                           f"（{manifest.unit.get('code')}）”，签名者是 {signer.label}",
                           filename=name)
    return OpenPackage(path, file_sha256(path), manifest, signer, zf)


def _check_files(zf: zipfile.ZipFile, manifest: Manifest, name: str) -> None:
    present = set(zf.namelist()) - {MANIFEST, SIGNATURE}
    listed = set(manifest.files)
    for extra in sorted(present - listed):
        raise PackageError("extra", f"{extra} 不在清单中（文件被添加）", filename=name)
    for missing in sorted(listed - present):
        raise PackageError("missing", f"清单列出的 {missing} 不在包内（文件被删除）", filename=name)
    for member in sorted(listed):
        expected = manifest.files[member]
        digest, size = hashlib.sha256(), 0
        try:
            with zf.open(member) as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error,
                NotImplementedError) as exc:    # a changed compression method (fuzzing, in CI)
            raise PackageError("tampered", f"{member} 已损坏或被改动（zip 校验失败）",
                               filename=name) from exc
        if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
            raise PackageError("tampered", f"{member} 的内容与清单不符（SHA-256 不同）",
                               filename=name)


def signer_certificate(db: sqlite_utils.Database, path: Path | str):
    """The certificate that signed a package, read without trusting it (to show its fingerprint
    and, after the user checked it by phone, trust it explicitly)."""
    path = Path(path)
    zf = _open_zip(path, path.name)
    try:
        if set(zf.namelist()) == {RECIPIENT, ENVELOPE}:
            zf = _decrypt(db, zf, path.name)
        body = _read_member(zf, MANIFEST, path.name)
        try:
            leaf, _ = cms.verify_detached(_read_member(zf, SIGNATURE, path.name), body)
        except cms.SignatureInvalid as exc:
            raise PackageError("signature", str(exc), filename=path.name) from exc
        return leaf
    finally:
        zf.close()
