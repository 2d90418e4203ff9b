"""``returns list|fill|export`` and ``verify FILE.pdf``."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.returns.drafts import save_draft
from ykt_desktop.returns.engine import FilledReturn, ReturnInputError, fill, set_cell
from ykt_desktop.returns.layout import cell_text, own_level_note
from ykt_desktop.returns.rules import check_rules, failures
from ykt_desktop.returns.service import export_return
from ykt_desktop.returns.signing import default_trust_roots, verify_file
from ykt_desktop.returns.template import get_template, list_templates
from ykt_desktop.unit import require_unit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("returns", help="报表：列出模板、按数据填表并校验、导出 Excel/PDF 并签章")
    rsub = p.add_subparsers(dest="returns_command", metavar="操作")
    q = rsub.add_parser("list", help="列出报表模板")
    add_db_option(q)
    q.set_defaults(func=cmd_list)
    q = rsub.add_parser("fill", help="按数据填表，显示各行数字和勾稽校验结果")
    _common(q)
    q.add_argument("--set", action="append", default=[], metavar="行,栏=值",
                   help="手工填写/修改单元格并存入草稿，如 --set 3,c4=1.50（行号从1起）")
    q.set_defaults(func=cmd_fill)
    q = rsub.add_parser("export", help="导出报表（.xlsx 或 .pdf），--sign 加数字签章")
    _common(q)
    q.add_argument("--out", required=True, help="输出文件 .xlsx 或 .pdf")
    q.add_argument("--sign", action="store_true", help="以本单位密钥签章（仅 PDF）")
    q.add_argument("--signer", default="", help="签署人姓名（签章时必填）")
    q.add_argument("--override-reason", default="", help="勾稽校验未通过仍要签署时的理由")
    q.set_defaults(func=cmd_export)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])

    v = sub.add_parser("verify", help="验证已签章报表 PDF：签署人、单位、时间、是否完好")
    add_db_option(v)
    v.add_argument("file", help="已签章的 PDF")
    v.add_argument("--trust-root", action="append", default=[], metavar="PEM",
                   help="信任的根证书（PEM 文件，可多次）；默认本单位证书及其信任链根证书")
    v.set_defaults(func=cmd_verify)


def _common(q: argparse.ArgumentParser) -> None:
    add_db_option(q)
    q.add_argument("--template", required=True, help="模板代码、名称或 JSON 文件路径")
    q.add_argument("--unit", default=None, help="区划代码（默认本单位）")
    q.add_argument("--period", required=True, help="期间：YYYY 或 YYYY-MM")


def _filled(args: argparse.Namespace) -> tuple[object, FilledReturn]:
    db = open_from_args(args)
    unit = args.unit or require_unit(db).code
    return db, fill(db, get_template(args.template), unit, args.period)


def cmd_list(args: argparse.Namespace) -> int:
    for t in list_templates():
        print(f"{t.key:26} {t.name}（{len(t.columns)}栏，{len(t.rules)}条勾稽规则）")
    return 0


def print_table(filled: FilledReturn) -> None:
    cols = filled.template.columns
    print(filled.title)
    print(f"填表单位：{filled.unit_name}    {filled.template.unit_line}")
    print("\t".join(c.number or c.title[-1] for c in cols))
    for row in filled.rows:
        print("\t".join(cell_text(c, row.cells[c.key].value)
                        + ("*" if row.cells[c.key].edited else "") for c in cols))
    if own_level_note(filled):
        print(own_level_note(filled))


def _apply_sets(filled: FilledReturn, sets: list[str]) -> None:
    data = filled.data_rows()
    for item in sets:
        ref, sep, value = item.partition("=")
        row_no, _, col = ref.partition(",")
        if not sep or not row_no.strip().isdigit() or not col.strip():
            raise ReturnInputError(f"--set 应写成 行号,栏=值，不能是“{item}”")
        index = int(row_no) - 1
        if not 0 <= index < len(data):
            raise ReturnInputError(f"--set 的行号 {row_no} 超出范围（1-{len(data)}）")
        set_cell(filled, data[index].key, col.strip(), value)


def cmd_fill(args: argparse.Namespace) -> int:
    db, filled = _filled(args)
    if args.set:
        _apply_sets(filled, args.set)
        save_draft(db, filled)
    print_table(filled)
    results = check_rules(filled)
    failing = [r for r in results if not r.ok]
    print(f"\n勾稽校验：{len(results)}项，未通过{len(failing)}项（* 为手工填写或修改）")
    for result in failing:
        print(f"  ✗ {result.text}；{result.detail(filled)}")
    return 1 if failing else 0


def cmd_export(args: argparse.Namespace) -> int:
    db, filled = _filled(args)
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    result = export_return(db, filled, args.out, sign=args.sign, signer=args.signer,
                           override_reason=args.override_reason)
    print(f"已导出：{result.path}" + ("（已签章）" if result.signed else ""))
    for failure in failures(filled):
        print(f"  勾稽未通过：{failure.text}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    if args.trust_root:
        roots = [Path(p).read_bytes() for p in args.trust_root]
    else:
        roots = default_trust_roots(open_from_args(args))
    result = verify_file(args.file, roots)
    print(f"文件：{args.file}")
    print(f"签署人：{result.signer or '—'}")
    print(f"单位：{result.unit or '—'}（{result.unit_code or '—'}）")
    print(f"签署时间：{result.signed_at or '—'}")
    print(f"结论：{'完好' if result.ok else '未通过'}——{result.message}")
    return 0 if result.ok else 1
