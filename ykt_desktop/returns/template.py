"""Return templates: data files in ``resources/templates/*.json`` loaded and validated.

A template names its title, unit line, amount unit, columns (multi-level header titles, column
number, how each cell is computed), its row source, a 合计 row, notes, footer and 勾稽 rules.
A county copies a JSON file, edits it and drops it in the folder (or passes its path).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ykt_desktop.errors import UserError
from ykt_desktop.paths import resource
from ykt_desktop.returns.expr import Comparison, RuleSyntaxError, parse_rule
from ykt_desktop.returns.measures import MEASURES

COLUMN_KINDS = ("seq", "row", "measure", "hand", "field", "sum_of")
FORMATS = ("text", "int", "amount", "money", "standard", "id", "date")
ROW_SOURCES = ("items", "regions", "issues", "no_card_persons", "failed_payments")
DEFAULT_FOOTER = ("填表单位（盖章）", "负责人", "填表人", "联系电话", "填报日期")


class TemplateError(ValueError, UserError):
    """A template file is wrong; the message is Chinese and names the file and place."""


@dataclass(frozen=True)
class Column:
    key: str
    title: tuple[str, ...]          # header levels, top first; equal neighbours are merged
    kind: str
    number: str = ""
    fmt: str = "text"
    measure: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    field: str = ""
    total: bool = False
    width: float = 10.0
    editable: bool = True

    @property
    def numeric(self) -> bool:
        return self.fmt in ("int", "amount", "money", "standard")

    @property
    def label(self) -> str:
        return f"第{self.number}栏" if self.number else self.title[-1]


@dataclass(frozen=True)
class Rule:
    text: str
    message: str
    comparison: Comparison
    rows: str = "all"               # all | data | total


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    title: str
    source: str
    amount_unit: str
    unit_line: str
    rows: dict[str, Any]
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...]
    total_label: str | None
    notes: tuple[str, ...]
    footer: tuple[str, ...]
    issue_scope: str = "all"
    path: str = ""

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise TemplateError(f"模板“{self.name}”中没有栏目“{key}”")

    @property
    def header_depth(self) -> int:
        return max(len(c.title) for c in self.columns)

    @property
    def scale(self) -> float:
        return 10000.0 if self.amount_unit == "万元" else 1.0

    def display_title(self, period: str) -> str:
        return self.title.replace("{year}", period[:4]).replace("{period}", period)


def templates_dir() -> Path:
    return resource("templates")


def _req(data: dict, name: str, where: str) -> Any:
    if name not in data or data[name] in (None, ""):
        raise TemplateError(f"{where}缺少“{name}”")
    return data[name]


def _column(data: dict, where: str) -> Column:
    key = _req(data, "key", where)
    where = f"{where}栏目“{key}”"
    title = data.get("title")
    if isinstance(title, str):
        title = [title]
    if not title or not all(isinstance(t, str) and t for t in title):
        raise TemplateError(f"{where}的 title 应为一个或多个非空文字")
    kind = _req(data, "kind", where)
    if kind not in COLUMN_KINDS:
        raise TemplateError(f"{where}的 kind“{kind}”不认识，可用：{'、'.join(COLUMN_KINDS)}")
    fmt = data.get("format", "text")
    if fmt not in FORMATS:
        raise TemplateError(f"{where}的 format“{fmt}”不认识，可用：{'、'.join(FORMATS)}")
    if kind == "measure":
        if data.get("measure") not in MEASURES:
            raise TemplateError(f"{where}的 measure“{data.get('measure')}”不认识，"
                                f"可用：{'、'.join(sorted(MEASURES))}")
    if kind in ("row", "field") and not data.get("field"):
        raise TemplateError(f"{where}缺少 field")
    return Column(key=key, title=tuple(title), kind=kind, number=str(data.get("number", "")),
                  fmt=fmt, measure=data.get("measure", ""), params=dict(data.get("params", {})),
                  field=data.get("field", ""), total=bool(data.get("total", False)),
                  width=float(data.get("width", 10)),
                  editable=bool(data.get("editable", kind in ("measure", "hand", "sum_of"))))


def _rules(items: list, keys: dict[str, Column], where: str) -> tuple[Rule, ...]:
    rules = []
    for n, item in enumerate(items, start=1):
        text = _req(item, "rule", f"{where}第{n}条规则")
        try:
            comparison = parse_rule(text)
        except RuleSyntaxError as exc:
            raise TemplateError(f"{where}第{n}条规则：{exc}") from exc
        for name in comparison.names():
            if name not in keys:
                raise TemplateError(f"{where}第{n}条规则“{text}”引用了不存在的栏目“{name}”")
            if not keys[name].numeric:
                raise TemplateError(f"{where}第{n}条规则“{text}”引用了文字栏目“{name}”")
        rules.append(Rule(text, item.get("message", text), comparison, item.get("rows", "all")))
    return tuple(rules)


def parse_template(data: dict, where: str, path: str = "") -> Template:
    columns = tuple(_column(c, where) for c in _req(data, "columns", where))
    keys = {c.key: c for c in columns}
    if len(keys) != len(columns):
        raise TemplateError(f"{where}中有重复的栏目 key")
    for col in columns:
        for ref in col.params.get("columns", []) if col.kind == "sum_of" else []:
            if ref not in keys:
                raise TemplateError(f"{where}栏目“{col.key}”引用了不存在的栏目“{ref}”")
    rows = _req(data, "rows", where)
    if rows.get("source") not in ROW_SOURCES:
        raise TemplateError(f"{where}的 rows.source“{rows.get('source')}”不认识，"
                            f"可用：{'、'.join(ROW_SOURCES)}")
    return Template(
        key=_req(data, "key", where), name=_req(data, "name", where),
        title=_req(data, "title", where), source=data.get("source", ""),
        amount_unit=data.get("amount_unit", "万元"),
        unit_line=data.get("unit_line", f"金额单位：{data.get('amount_unit', '万元')}"),
        rows=rows, columns=columns, rules=_rules(data.get("rules", []), keys, where),
        total_label=data.get("total_label", "合计"), notes=tuple(data.get("notes", [])),
        footer=tuple(data.get("footer", DEFAULT_FOOTER)),
        issue_scope=data.get("issue_scope", "all"), path=path)


def load_template_file(path: Path | str) -> Template:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"无法读取模板文件 {path.name}：{exc}") from exc
    except json.JSONDecodeError as exc:
        raise TemplateError(f"模板文件 {path.name} 第{exc.lineno}行第{exc.colno}列格式有误："
                            f"{exc.msg}") from exc
    return parse_template(data, f"模板文件 {path.name} ", str(path))


def list_templates(folder: Path | None = None, *,
                   errors: list[str] | None = None) -> list[Template]:
    """Every template in ``folder``; with ``errors`` given, a broken file is skipped and its
    message appended there instead of stopping the others."""
    templates = []
    for path in sorted((folder or templates_dir()).glob("*.json")):
        try:
            templates.append(load_template_file(path))
        except TemplateError as exc:
            if errors is None:
                raise
            errors.append(str(exc))
    return templates


def get_template(name: str, folder: Path | None = None) -> Template:
    """A template by key, by file name, by Chinese name, or by a path to a JSON file."""
    if name.endswith(".json") and Path(name).exists():
        return load_template_file(name)
    for template in list_templates(folder):
        if name in (template.key, template.name, Path(template.path).stem):
            return template
    raise TemplateError(f"找不到报表模板“{name}”")
