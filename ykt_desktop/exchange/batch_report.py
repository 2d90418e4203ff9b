"""What a batch import did to each file, for the 上报与导入 page and its result table: the package
files of a folder, and one row per file (accepted / already imported / refused with the reason).

The import itself is :func:`ykt_desktop.exchange.batch.import_batch` (verify every file, apply
the good ones in one transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ykt_desktop.errors import UserError
from ykt_desktop.exchange.errors import REASONS, PackageError
from ykt_desktop.exchange.importer import ImportResult

PACKAGE_SUFFIX = ".ykt"
OUTCOMES = {"imported": "已导入", "duplicate": "已导入过，未改动", "refused": "拒收"}
COUNT_LABELS = {"households": "户", "persons": "人", "cards": "卡折", "payments": "发放",
                "issues": "问题"}


@dataclass(frozen=True)
class BatchRow:
    file: str
    unit: str          # name（code）of the sending unit, when the file could be read
    period: str
    outcome: str       # imported | duplicate | refused
    detail: str        # what landed, or why the file was refused (Chinese)
    reason: str = ""   # the refusal's code (:data:`REASONS`)

    @property
    def label(self) -> str:
        if self.outcome == "refused":
            return f"拒收（{REASONS[self.reason]}）"
        return OUTCOMES[self.outcome]

    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.file, self.unit, self.period, self.label, self.detail)


def packages_in_folder(folder: Path | str) -> list[Path]:
    """The ``.ykt`` files directly inside ``folder``, by name."""
    path = Path(folder)
    if not path.is_dir():
        raise UserError(f"文件夹不存在：{path}")
    return sorted((p for p in path.iterdir()
                   if p.is_file() and p.suffix.lower() == PACKAGE_SUFFIX),
                  key=lambda p: p.name)


def batch_rows(paths: Sequence[Path | str],
               results: Sequence[ImportResult | PackageError]) -> list[BatchRow]:
    return [_row(Path(path).name, result) for path, result in zip(paths, results, strict=True)]


def _row(name: str, result: ImportResult | PackageError) -> BatchRow:
    if isinstance(result, PackageError):
        message = str(result).removeprefix(f"{result.filename}：") if result.filename else str(
            result)
        hint = "；可单独导入该文件，核对指纹后信任" if result.reason == "untrusted" else ""
        return BatchRow(name, "", "", "refused", message + hint, result.reason)
    unit = f"{result.unit_name}（{result.unit_code}）"
    if result.outcome == "duplicate":
        return BatchRow(name, unit, result.period, "duplicate", result.message)
    counts = "，".join(f"{COUNT_LABELS.get(k, k)} {v}" for k, v in result.counts.items()
                      if v and k in COUNT_LABELS)
    notes = "；".join(result.warnings)
    detail = (counts or "无数据变化") + (f"；注意：{notes}" if notes else "")
    return BatchRow(name, unit, result.period, "imported", detail)


def batch_summary(rows: Sequence[BatchRow]) -> str:
    n = {k: sum(r.outcome == k for r in rows) for k in OUTCOMES}
    text = f"共{len(rows)}个文件：导入{n['imported']}个"
    if n["duplicate"]:
        text += f"，已导入过{n['duplicate']}个"
    return text + (f"，拒收{n['refused']}个" if n["refused"] else "")
