"""One word per concept: the app's own texts use the glossary's canonical wording.

Scans every string literal of ui/ and ykt_desktop/ (docstrings and the import header alias
tables excepted), the return templates and the user manual for the variants listed in
``glossary.VARIANTS``. Reading files from outside still accepts every variant (aliases)."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

from ykt_desktop import glossary
from ykt_desktop.imports.headers import match_field
from ykt_desktop.imports.kinds import KIND_TITLES, KINDS, ROSTER

ROOT = Path(__file__).resolve().parent.parent
# The glossary names the variants; kinds.py lists the headers that outside files use.
NOT_SCANNED = {"ykt_desktop/glossary.py", "ykt_desktop/imports/kinds.py"}


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr):
            value = node.body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def _python_literals() -> Iterator[tuple[str, str]]:
    for base in ("ui", "ykt_desktop"):
        for path in sorted((ROOT / base).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in NOT_SCANNED:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                        and id(node) not in skip):
                    yield f"{rel}:{node.lineno}", node.value


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _problems(where_texts: Iterator[tuple[str, str]]) -> list[str]:
    return [f"{where}: “{variant}” -> “{canonical}”"
            for where, text in where_texts
            for variant, canonical in glossary.non_canonical(text)]


def test_variant_patterns_catch_variants_and_spare_canonical_words() -> None:
    assert glossary.non_canonical("开户行、身份证号码、导出PDF、移交纪检") == [
        ("身份证号码", "身份证号"), ("开户行", "代理银行"), ("移交纪检", "移交纪检监察"),
        ("PDF", "导出 PDF")]
    canonical = " ".join(glossary.VARIANTS) + " 卡折类型 残疾证号 追缴收回（元） 返还发放（元）"
    assert glossary.non_canonical(canonical) == []


def test_code_uses_canonical_wording() -> None:
    problems = _problems(_python_literals())
    assert problems == [], "非规范用语（请用 glossary 中的词）：\n" + "\n".join(problems)


def test_import_field_labels_are_canonical() -> None:
    labels = [(f"kinds.py {kind}.{f.key}", f.label) for kind, fs in KINDS.items() for f in fs]
    labels += [(f"kinds.py {kind}", title) for kind, title in KIND_TITLES.items()]
    assert _problems(iter(labels)) == []


def test_import_aliases_still_accept_every_variant() -> None:
    by_key = {f.key: f for f in ROSTER}
    for header, key in (("开户银行", "bank"), ("开户行", "bank"), ("代理银行", "bank"),
                        ("身份证号码", "id_number"), ("公民身份号码", "id_number"),
                        ("证件号码", "id_number"), ("银行卡号", "card_number"),
                        ("发放标准", "standard"), ("项目名称", "item")):
        assert match_field(header, ROSTER) is by_key[key], header


def test_templates_and_manual_use_canonical_wording() -> None:
    texts: list[tuple[str, str]] = []
    for path in sorted((ROOT / "resources").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts += [(path.relative_to(ROOT).as_posix(), s) for s in _json_strings(data)]
    manual = ROOT / "docs" / "用户手册.md"
    for number, line in enumerate(manual.read_text(encoding="utf-8").splitlines(), 1):
        texts.append((f"docs/用户手册.md:{number}", line))
    problems = _problems(iter(texts))
    assert problems == [], "\n".join(problems)
