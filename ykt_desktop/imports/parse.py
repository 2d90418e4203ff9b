"""Row-by-row parsing of a mapped sheet into records, collecting problems."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ykt_desktop.imports.convert import CONVERTERS, Converter
from ykt_desktop.imports.errors import ImportFileError, Problem, Report, column_letter
from ykt_desktop.imports.footer import is_footer
from ykt_desktop.imports.kinds import KIND_TITLES, WHOLE_FILE_FIELDS, fields
from ykt_desktop.imports.preview import Preview

CACHE_LIMIT = 2_000_000
OPTIONAL_BLANK = {"cadre_id_number", "amount_due", "standard", "paid_date", "card_number"}


@dataclass
class Column:
    key: str
    index: int
    label: str              # "身份证号（B列）"
    required: bool
    convert: Converter
    cache: dict = field(default_factory=dict)   # raw cell value -> converted value


def plan_columns(preview: Preview, mapping: dict[str, str], col_offset: int,
                 whole_file: Iterable[str] = ()) -> list[Column]:
    """Check the mapping against the header and fields; raise with what is missing
    (a field given for the whole file is not missing)."""
    kind_fields = {f.key: f for f in fields(preview.kind)}
    where = preview.path.name + (f"，工作表“{preview.sheet}”" if preview.sheet else "")
    unknown = [k for k in mapping if k not in kind_fields]
    if unknown:
        raise ImportFileError(f"{where}：{KIND_TITLES[preview.kind]}没有这些字段："
                              f"{'、'.join(unknown)}")
    missing_headers = [h for h in mapping.values() if h not in preview.headers]
    if missing_headers:
        raise ImportFileError(f"{where}：第{preview.header_row}行表头中没有这些列："
                              f"{'、'.join(missing_headers)}")
    given = set(mapping) | set(whole_file)
    missing = [f.label for f in kind_fields.values() if f.required and f.key not in given]
    if missing:
        whole = [f.label for f in kind_fields.values()
                 if f.key in WHOLE_FILE_FIELDS.get(preview.kind, ()) and f.key not in given]
        hint = (f"；整张表是同一{'、同一'.join(whole)}时，可以整表指定（导入对话框下方，"
                f"或命令行 --item / --period）" if whole else "")
        guess = "，".join(f"{kind_fields[k].label} {v}" for k, v in preview.guesses.items())
        raise ImportFileError(f"{where}：缺少必需的列：{'、'.join(missing)}"
                              f"（第{preview.header_row}行是表头，请核对列名或在列对应中指定"
                              f"{hint}{'；按标题推测：' + guess if guess else ''}）")
    columns = []
    for key, header in mapping.items():
        index = preview.headers.index(header)
        label = f"{header}（{column_letter(index + col_offset)}列）"
        columns.append(Column(key, index, label, kind_fields[key].required, CONVERTERS[key]))
    return columns


def parse_rows(rows: Iterator[list], columns: list[Column], report: Report,
               first_row: int, whole_file: dict | None = None) -> Iterator[tuple[int, dict]]:
    """Yield (row number, {field: value}) for each non-blank row; problems go to ``report``.

    ``whole_file`` values (e.g. the item and period of a one-item, one-month sheet) are added
    to every record; 合计 / 制表人 rows are skipped with a note (:mod:`.footer`).
    """
    plan = [(col.key, col.index, col.cache, col) for col in columns]
    id_index = next((col.index for col in columns if col.key == "id_number"), None)
    for number, row in enumerate(rows, start=first_row):
        if not (row and row[0] not in ("", None)) and not any(
                v not in (None, "") and str(v).strip() for v in row):
            continue
        if is_footer(row, id_index):
            text = next(str(v).strip() for v in row if isinstance(v, str) and v.strip())
            report.add(Problem(report.file, report.sheet, number, "", text[:20],
                               "是表尾的合计或签名行，不是数据，已跳过", "warning"))
            continue
        record: dict = dict(whole_file) if whole_file else {}
        ok = True
        width = len(row)
        for key, index, cache, col in plan:
            raw = row[index] if index < width else None
            try:
                record[key] = cache[raw]       # the same raw value seen before
            except (KeyError, TypeError):
                ok = _convert(report, number, col, raw, record) and ok
        report.rows += 1
        if ok:
            yield number, record


def _convert(report: Report, number: int, col: Column, raw: object, record: dict) -> bool:
    """Convert one cell not seen before into ``record``; False (and a problem) when invalid."""
    blank = raw is None or (isinstance(raw, str) and not raw.strip())
    if blank:
        record[col.key] = None if col.key in OPTIONAL_BLANK else _blank(col.key)
        if col.required:
            report.add(_problem(report, number, col, "", "必填项为空"))
            return False
        return True
    try:
        value = record[col.key] = col.convert(raw)
    except ValueError as exc:
        report.add(_problem(report, number, col, _shown(raw), str(exc)))
        return False
    if len(col.cache) < CACHE_LIMIT:
        try:
            col.cache[raw] = value
        except TypeError:        # an unhashable cell value is converted every time
            pass
    return True


def _blank(key: str) -> object:
    return "paid" if key == "status" else ""


def _shown(raw: object) -> str:
    if isinstance(raw, float):
        return repr(raw) if not raw.is_integer() or abs(raw) >= 1e15 else str(int(raw))
    return str(raw)


def _problem(report: Report, row: int, col: Column, value: str, reason: str,
             level: str = "error") -> Problem:
    return Problem(report.file, report.sheet, row, col.label, value, reason, level)
