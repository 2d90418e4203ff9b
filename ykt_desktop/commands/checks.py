"""``import-roster``, ``import-deaths``, ``import-cadres`` and ``check`` (``issues`` is in
ledger.py, ``findings`` in findings.py)."""

from __future__ import annotations

import argparse
import json
import sys
import time

from ykt_desktop.checks.params import load_params, save_params
from ykt_desktop.checks.registry import all_rules
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.checks.score import score_run
from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.demo.truth import read_truth, truth_path
from ykt_desktop.errors import UserError
from ykt_desktop.imports.errors import ImportRefused
from ykt_desktop.imports.items import parse_item_map
from ykt_desktop.imports.kinds import KIND_TITLES
from ykt_desktop.imports.preview import Preview, override_mapping, parse_mapping_arg
from ykt_desktop.imports.report_files import write_bad_rows, write_problem_list
from ykt_desktop.imports.run import check_file, import_file
from ykt_desktop.progress import Progress, run
from ykt_desktop.storage import db_path

IMPORTS = {"import-roster": "roster", "import-deaths": "deaths", "import-cadres": "cadres",
           "import-register": "register"}


def register(sub: argparse._SubParsersAction) -> None:
    for command, kind in IMPORTS.items():
        p = sub.add_parser(command, help=f"导入{KIND_TITLES[kind]}（.xlsx/.xls/.csv）")
        add_db_option(p)
        p.add_argument("file", help="要导入的文件")
        p.add_argument("--sheet", help="工作表名称（默认第一个有数据的工作表）")
        p.add_argument("--mapping",
                       help="列对应：字段=表头,... 或 JSON，只改写给出的字段，其余仍按表头自动"
                            "识别或沿用上次；字段= 表示不导入该字段")
        p.add_argument("--check-only", action="store_true", help="只检查并列出问题，不写入")
        p.add_argument("--user", default="", help="登录用户名，即操作人（数据库已建立用户时必填）")
        p.add_argument("--good-rows-only", action="store_true",
                       help="只导入没有问题的行（问题行跳过并记入导入批次；默认有问题整份不导入）")
        p.add_argument("--report", metavar="文件",
                       help="把全部问题清单另存为 .xlsx 或 .csv")
        p.add_argument("--bad-rows", metavar="文件",
                       help="把有问题的行按原文件的列另存为 .xlsx（加“问题”“行号”两列），"
                            "退回发放部门")
        if kind == "roster":
            p.add_argument("--item-map", action="append", metavar="文件中的名称=清单中的名称",
                           help="确认补贴项目的对应（文件中的名称与补贴项目清单不完全一致时），"
                                "如 高龄津贴=高龄津贴（80-89周岁）；可重复")
            p.add_argument("--skip-unknown", action="store_true",
                           help="跳过本单位没有的人员（默认视为错误，整份不导入）")
            p.add_argument("--item",
                           help="整表的补贴项目（文件中没有项目列时，如 城乡居民最低生活保障金）")
            p.add_argument("--period", help="整表的发放期间（文件中没有期间列时，如 2026-01）")
            p.add_argument("--replace-batch", type=int, metavar="批次号",
                           help="本文件是该批次更正后的名册：该批次已导入的发放记录不再比对，"
                                "导入时删除，换成本文件的行")
        if kind in ("deaths", "register"):
            p.add_argument("--source", default="", help="名单来源：民政 / 殡葬 / 公安")
        p.set_defaults(func=cmd_import, kind=kind)

    p = sub.add_parser("check", help="运行比对规则，结果列为待确认的问题线索")
    add_db_option(p)
    p.add_argument("--rule", action="append", metavar="规则",
                   help="只运行这条规则，写规则名称（如“死亡人员仍在领取”，名称见 --list；"
                        "可重复；默认全部）")
    p.add_argument("--score", action="store_true", help="按演示数据的标准答案计算查准率和查全率")
    p.add_argument("--list", action="store_true", help="列出全部规则及说明")
    p.add_argument("--params", action="store_true", help="显示比对参数（年龄段、容差、互斥等）")
    p.add_argument("--set", action="append", metavar="参数=值",
                   help="修改比对参数并保存，值为 JSON，如 amount_tolerance=0.5")
    p.set_defaults(func=cmd_check)


def _progress(step: Progress) -> None:
    print(f"\r{step.message}    ", end="", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    kind = args.kind
    whole = {key: getattr(args, key, None) for key in ("item", "period")
             if getattr(args, key, None)}
    item_map = parse_item_map(getattr(args, "item_map", None))

    def on_preview(preview: Preview) -> dict[str, str] | None:
        """Shown from the file's one read, before its rows are checked."""
        mapping = (override_mapping(preview.mapping, parse_mapping_arg(args.mapping))
                   if args.mapping else None)
        _print_preview(preview, mapping, whole, item_map)
        return mapping

    options = {"sheet": args.sheet, "skip_unknown": getattr(args, "skip_unknown", False),
               "default_source": getattr(args, "source", ""), "whole_file": whole,
               "item_map": item_map, "replace_batch": getattr(args, "replace_batch", None),
               "on_preview": on_preview}
    if args.check_only:
        checked = run(check_file(db, kind, args.file, **options), _progress)
        print(file=sys.stderr)
        _print_report(checked.report)
        _save_files(args, checked.report, checked.header_row)
        return 0 if checked.report.ok else 1
    return _import(db, args, kind, options)


def _print_preview(preview: Preview, mapping: dict[str, str] | None, whole: dict[str, str],
                   item_map: dict[str, str]) -> None:
    used = mapping if mapping is not None else preview.mapping
    print(f"{preview.path.name}：工作表“{preview.sheet}”，第{preview.header_row}行是表头"
          + ("（沿用上次的列对应）" if preview.remembered and not mapping else ""))
    for key, header in used.items():
        print(f"  {key:16s} <- {header}")
    for key, value in whole.items():
        print(f"  {key:16s} =  {value}（整表指定）")
    guessed = {k: v for k, v in preview.guesses.items() if k not in whole}
    if guessed:
        print("  按标题推测：" + "，".join(f"--{k} {v}" for k, v in guessed.items())
              + "（核对无误后加上这些选项再导入）")
    for source, target in item_map.items():
        print(f"  项目对应         {source} -> {target}（已确认）")


def _import(db, args: argparse.Namespace, kind: str, options: dict) -> int:
    started = time.perf_counter()
    try:
        result = run(import_file(db, kind, args.file, good_rows_only=args.good_rows_only,
                                 by_user=args.user, **options), _progress)
    except ImportRefused as refused:
        print(file=sys.stderr)
        _print_report(refused.report)
        _save_files(args, refused.report, refused.header_row)
        raise
    print(file=sys.stderr)
    _print_report(result.report)
    _save_files(args, result.report, result.header_row)
    skipped, stored = len(result.report.bad_rows), result.report.already_stored
    replaced = options["replace_batch"]
    print(f"已导入{KIND_TITLES[kind]}{result.rows:,}行（批次{result.batch_id}）"
          + (f"，替换了批次{replaced}" if replaced else "")
          + (f"，{stored:,}行已在数据库中未再导入" if stored else "")
          + (f"，跳过有问题的{skipped:,}行（已记入该批次）" if skipped else "")
          + f"，用时{time.perf_counter() - started:.1f}秒")
    return 0


def _save_files(args: argparse.Namespace, report, header_row: int) -> None:
    """``--report`` and ``--bad-rows``: the problem list and the problem rows as files."""
    if args.report:
        count = write_problem_list(report, args.report)
        print(f"问题清单已保存：{args.report}（{count:,}条）")
    if args.bad_rows:
        count = write_bad_rows(report, args.file, args.bad_rows, header_row=header_row,
                               sheet=report.sheet)
        print(f"问题行已保存：{args.bad_rows}（{count:,}行，原文件的列加“问题”“行号”）")


def _print_report(report) -> None:
    print(f"检查：{report.rows:,}行，错误{report.errors}处（涉及{len(report.bad_rows):,}行），"
          f"提示{report.warnings}处")
    for problem in report.problems[:30]:
        mark = "错误" if problem.level == "error" else "提示"
        print(f"  [{mark}] {problem.text()}")
    if len(report.problems) > 30:
        print(f"  ……另有{report.errors + report.warnings - 30}处（全部问题可用 --report 文件 "
              "另存为 .xlsx 或 .csv）")


def cmd_check(args: argparse.Namespace) -> int:
    if args.list:
        for rule in all_rules():
            print(f"{rule.title}：{rule.description}（--rule 写名称或 {rule.name}）")
        return 0
    db = open_from_args(args)
    if args.set or args.params:
        return _params(db, args.set or [])
    truth = None
    if args.score:
        path = truth_path(db_path(db)) if db_path(db) else None
        if not path or not path.exists():
            raise UserError(f"没有标准答案文件 {path}（只有演示县数据库才有）")
        truth = read_truth(path)
    result = run(run_checks(db, args.rule), _progress)
    print(file=sys.stderr)
    print(f"{_pad('规则', 22)} {'发现':>7s} {'新增':>7s} {'涉及金额':>14s} {'用时（秒）':>9s}")
    for r in result.results:
        print(f"{_pad(r.title, 22)} {r.found:7,d} {r.new:7,d} {r.amount:14,.2f} "
              f"{r.seconds:9.2f}")
    print(f"合计用时 {result.seconds:.1f} 秒")
    if truth is not None:
        _print_scores(result, truth)
    return 0


def _params(db, assignments: list[str]) -> int:
    changes = {}
    for text in assignments:
        key, sep, value = text.partition("=")
        if not sep:
            raise UserError(f"参数应写成 名称=值：{text}")
        try:
            changes[key.strip()] = json.loads(value)
        except ValueError:
            changes[key.strip()] = value
    params = save_params(db, changes) if changes else load_params(db)
    print(json.dumps(params, ensure_ascii=False, indent=1))
    return 0


def _pad(text: str, columns: int) -> str:
    """``text`` padded to ``columns`` terminal columns (a Chinese character takes two)."""
    width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(0, columns - width)


def _print_scores(result, truth: dict[str, set[str]]) -> None:
    print(f"\n{_pad('规则', 22)} {'应发现':>7s} {'发现':>7s} {'命中':>7s} {'查准率':>8s} "
          f"{'查全率':>8s}")
    keys = {r.rule: r.keys for r in result.results}
    titles = {r.rule: r.title for r in result.results}
    for s in score_run(result, truth):
        print(f"{_pad(titles.get(s.rule, s.rule), 22)} {s.expected:7d} {s.found:7d} "
              f"{s.true_positive:7d} {s.precision:8.1%} {s.recall:8.1%}")
        for key in sorted(truth[s.rule] - keys[s.rule])[:3]:
            print(f"    漏报 {key}")
        for key in sorted(keys[s.rule] - truth[s.rule])[:3]:
            print(f"    误报 {key}")
