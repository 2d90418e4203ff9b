"""The first look at a file: header row, suggested mapping (remembered per source), samples."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop.imports.errors import ImportFileError
from ykt_desktop.imports.headers import find_header_row, header_texts, signature, suggest_mapping
from ykt_desktop.imports.kinds import KIND_TITLES, fields
from ykt_desktop.imports.reader import SheetRows, open_rows
from ykt_desktop.imports.whole_file import guess_whole_file, title_text

SAMPLE_ROWS = 20


@dataclass
class Preview:
    kind: str
    path: Path
    sheet: str
    sheets: list[str]
    header_row: int                  # 1-based row number of the header
    headers: list[str]
    mapping: dict[str, str]          # field key -> header text
    remembered: bool                 # the mapping came from an earlier import of this source
    samples: list[list[str]] = field(default_factory=list)
    title: str = ""                  # the text above the header
    guesses: dict[str, str] = field(default_factory=dict)   # whole-file values read from it

    @property
    def signature(self) -> str:
        return signature(self.headers)

    def missing_required(self) -> list[str]:
        return [f.label for f in fields(self.kind) if f.required and f.key not in self.mapping]


def preview_file(db: sqlite_utils.Database, kind: str, path: Path | str,
                 sheet: str | None = None) -> Preview:
    return preview_rows(db, kind, Path(path), open_rows(path, sheet))[0]


def preview_rows(db: sqlite_utils.Database, kind: str, path: Path,
                 source: SheetRows) -> tuple[Preview, list[list]]:
    """The preview from the first rows of ``source``; returns them too, so the caller can go
    on reading the same sheet (a big sheet is read once)."""
    kind_fields = fields(kind)
    head: list[list] = []
    for row in source.rows:
        head.append(row)
        if len(head) >= 30 + SAMPLE_ROWS:
            break
    where = f"{source.file}" + (f"，工作表“{source.sheet}”" if source.sheet else "")
    if not any(any(str(v).strip() for v in row) for row in head):
        raise ImportFileError(f"{where}：工作表是空的，没有可导入的数据")
    index = find_header_row(head, kind_fields)
    if index is None:
        names = "、".join(f.label for f in kind_fields if f.required)
        raise ImportFileError(f"{where}：前30行中找不到{KIND_TITLES[kind]}的表头"
                              f"（至少应有：{names}），请检查是否选错了文件或工作表")
    headers = header_texts(head[index])
    remembered = recall_mapping(db, kind, signature(headers))
    mapping = remembered or suggest_mapping(headers, kind_fields)
    samples = [[_show(v) for v in row] for row in head[index + 1:index + 1 + SAMPLE_ROWS]]
    mapping = {k: v for k, v in mapping.items() if v in headers}
    title = title_text(head, index)
    preview = Preview(kind, path, source.sheet, source.sheets, index + 1, headers, mapping,
                      bool(remembered), samples, title,
                      guess_whole_file(db, kind, title, mapping))
    return preview, head


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def recall_mapping(db: sqlite_utils.Database, kind: str, sig: str) -> dict[str, str] | None:
    row = db.execute("SELECT mapping FROM import_mappings WHERE kind = ? AND signature = ?",
                     [kind, sig]).fetchone()
    return json.loads(row[0]) if row else None


def remember_mapping(db: sqlite_utils.Database, kind: str, sig: str, mapping: dict[str, str],
                     source_name: str = "") -> None:
    db.execute(
        "INSERT INTO import_mappings(kind, signature, source_name, mapping) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(kind, signature) DO UPDATE SET mapping = excluded.mapping, "
        "source_name = excluded.source_name, used_count = used_count + 1, "
        "updated_at = datetime('now','localtime')",
        [kind, sig, source_name, json.dumps(mapping, ensure_ascii=False)])


def override_mapping(automatic: dict[str, str], given: dict[str, str]) -> dict[str, str]:
    """``--mapping`` overrides only the fields it names: the automatic (or remembered) mapping
    keeps the rest; a header given to a field leaves the field it was guessed for; an empty
    header (``amount=``) removes the field."""
    headers = {header for header in given.values() if header}
    out = {key: header for key, header in automatic.items()
           if key not in given and header not in headers}
    out.update({key: header for key, header in given.items() if header})
    return out


def parse_mapping_arg(text: str) -> dict[str, str]:
    """``--mapping``: 'id_number=受益人身份证号,amount=实发金额' or a JSON object or a JSON file."""
    text = text.strip()
    if text and Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8")
    if text.startswith("{"):
        try:
            return {str(k): str(v) for k, v in json.loads(text).items()}
        except (ValueError, AttributeError):
            raise ImportFileError(f"列对应关系不是有效的 JSON：{text[:60]}") from None
    mapping = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        if "=" not in part:
            raise ImportFileError(f"列对应关系“{part}”应写成 字段=表头，"
                                  "如 id_number=受益人身份证号")
        key, header = part.split("=", 1)
        mapping[key.strip()] = header.strip()
    return mapping
