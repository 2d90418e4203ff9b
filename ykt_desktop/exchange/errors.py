"""Why a package or return file is refused: one error class, a short reason code, Chinese text."""

from __future__ import annotations

from ykt_desktop.errors import UserError

REASONS = {
    "not_package": "不是上报文件",
    "damaged": "文件已损坏",
    "unsafe": "文件结构不安全",
    "tampered": "文件被改动",
    "missing": "缺少文件",
    "extra": "多出文件",
    "signature": "签名无效",
    "untrusted": "签名者不受信任",
    "wrong_unit": "签名单位与申报单位不符",
    "outside_region": "不属于本单位辖区",
    "older": "比已导入的版本旧",
    "not_for_us": "不是发给本单位的文件",
    "encrypted": "无法解密",
    "inconsistent": "数据不完整或自相矛盾",
}


class PackageError(ValueError, UserError):
    """A package is refused; ``reason`` is a code of :data:`REASONS`, the message is Chinese."""

    def __init__(self, reason: str, message: str, *, filename: str = "") -> None:
        self.reason = reason
        self.filename = filename
        prefix = f"{filename}：" if filename else ""
        super().__init__(f"{prefix}{REASONS[reason]}——{message}")
