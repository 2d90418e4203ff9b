"""Zip archives (xlsx workbooks, exchange packages) checked before anything is decompressed.

From the central directory alone: number of entries, declared sizes (each and in total), the
compression ratio of each entry, unsafe member paths and duplicates. Then, optionally, every
entry is decompressed in a streaming pass that never produces more than the declared size and
checks its CRC, so a zip whose directory lies about sizes is caught too, with memory bounded.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ykt_desktop.safety.errors import UnsafeFileError

try:        # ISA-L's inflater (requirements.txt): a third faster than zlib for big sheets
    from isal import isal_zlib
except ImportError:         # pragma: no cover - zlib still does the same checks
    isal_zlib = None

MB = 1024 * 1024
CHUNK = 8 * MB   # bigger reads inflate faster (a 588 MB sheet: 3.1 s against 4.9 s at 1 MB)
RAW_CHUNK = 1 * MB      # compressed bytes per step of the fast inflater (about 10 MB out)
FAST_ABOVE = 1 * MB     # entries this big (compressed) use ISA-L's inflater when installed


@dataclass(frozen=True)
class ZipLimits:
    max_file: int = 300 * MB          # the zip file itself
    max_entries: int = 5_000
    max_entry: int = 2_000 * MB       # one entry, decompressed
    max_total: int = 3_000 * MB       # all entries, decompressed
    max_ratio: float = 200.0          # decompressed / compressed, for entries above ratio_floor
    ratio_floor: int = 1 * MB


def _human(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n:,} 字节"


def open_zip(path: Path, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError) as exc:
        raise UnsafeFileError(f"{name}：文件不完整或已损坏（可能复制或下载时中断），"
                              f"请重新获取原文件") from exc
    except OSError as exc:
        raise UnsafeFileError(f"{name}：无法读取（{exc}）") from exc


def check_directory(zf: zipfile.ZipFile, name: str, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """Checks needing only the central directory; returns the entries."""
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise UnsafeFileError(f"{name}：压缩包内条目过多（{len(infos):,} 个，上限 "
                              f"{limits.max_entries:,}），疑似恶意文件，已拒绝")
    seen: set[str] = set()
    total = 0
    for info in infos:
        member = info.filename
        parts = member.replace("\\", "/").split("/")
        if member.startswith(("/", "\\")) or ".." in parts or ":" in member:
            raise UnsafeFileError(f"{name}：包含不安全的路径“{member}”，已拒绝")
        if member in seen:
            raise UnsafeFileError(f"{name}：条目“{member}”重复出现，已拒绝")
        seen.add(member)
        if info.file_size > limits.max_entry:
            raise UnsafeFileError(f"{name}：“{member}”解压后 {_human(info.file_size)}，"
                                  f"超过上限 {_human(limits.max_entry)}")
        if (info.file_size > limits.ratio_floor
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            raise UnsafeFileError(f"{name}：“{member}”压缩比异常（{_human(info.compress_size)} "
                                  f"解压为 {_human(info.file_size)}），疑似压缩炸弹，已拒绝")
        total += info.file_size
    if total > limits.max_total:
        raise UnsafeFileError(f"{name}：解压后总大小 {_human(total)} 超过上限 "
                              f"{_human(limits.max_total)}")
    return infos


def stream_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str,
                 visit: Callable[[bytes], None] | None = None) -> None:
    """Decompress one entry in chunks (at most its declared size) and check its CRC."""
    try:
        if isal_zlib is not None and _plain_deflate(info):
            _inflate_fast(zf, info, visit)
            return
        with zf.open(info) as handle:
            while chunk := handle.read(CHUNK):
                if visit:
                    visit(chunk)
    except UnsafeFileError:     # the visitor's own refusal, already in Chinese
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise UnsafeFileError(f"{name}：“{info.filename}”已损坏或与目录记录不符"
                              f"（{exc}），已拒绝") from exc
    except NotImplementedError as exc:
        raise UnsafeFileError(f"{name}：“{info.filename}”使用了不支持的压缩方式或已加密") from exc


def _plain_deflate(info: zipfile.ZipInfo) -> bool:
    """Deflated, not encrypted, and big enough for the faster inflater to matter."""
    return (info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1
            and info.compress_size >= FAST_ABOVE)


def _inflate_fast(zf: zipfile.ZipFile, info: zipfile.ZipInfo,
                  visit: Callable[[bytes], None] | None) -> None:
    """What ``zf.open(info)`` does for a deflated entry, with ISA-L's inflater (measured 2.0 s
    against zlib's 2.8 s for a 588 MB sheet): the local header checked as zipfile checks it,
    never more output than the declared size, the CRC and the stream's end checked."""
    with zf.open(info) as handle:              # zipfile's own local-header checks
        raw = handle._fileobj                   # positioned at the compressed data
        inflater, left, crc, size = isal_zlib.decompressobj(-15), info.compress_size, 0, 0
        while left > 0 and not inflater.eof:
            data = raw.read(min(RAW_CHUNK, left))
            if not data:
                raise EOFError("压缩数据不完整")
            left -= len(data)
            while data:
                out = inflater.decompress(data, info.file_size - size + 1)
                data = inflater.unconsumed_tail
                size += len(out)
                if size > info.file_size:
                    raise zipfile.BadZipFile("解压后大于目录记录的大小")
                crc = isal_zlib.crc32(out, crc)
                if visit and out:
                    visit(out)
    if not inflater.eof or size != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile("大小或校验值与目录记录不符")


def check_zip(path: Path | str, limits: ZipLimits | None = None, *,
              deep: bool = True) -> list[zipfile.ZipInfo]:
    """Refuse an unsafe or damaged zip; ``deep`` also decompresses every entry once."""
    path = Path(path)
    limits = limits or ZipLimits()
    size = path.stat().st_size if path.exists() else 0
    if size > limits.max_file:
        raise UnsafeFileError(f"{path.name}：文件 {_human(size)}，超过上限 "
                              f"{_human(limits.max_file)}；请按乡镇或村拆分后分别导入")
    with open_zip(path, path.name) as zf:
        infos = check_directory(zf, path.name, limits)
        if deep:
            for info in infos:
                stream_entry(zf, info, path.name)
    return infos
