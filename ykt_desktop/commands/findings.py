"""``findings``: the results of the checks (比对结果, candidate issues) from the command line,
through the same core functions as the 比对与导入 page — list, show, confirm (it becomes a
registered issue, 已挂号), dismiss (with the reason, kept) and restore (back to 待确认)."""

from __future__ import annotations

import argparse
import datetime as dt
import json

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.checks.decide import (
    FINDING_HEADERS,
    FindingFilter,
    confirm_finding,
    dismiss_finding,
    fetch_finding_rows,
    get_finding,
    list_finding_ids,
    restore_finding,
)
from ykt_desktop.cli_choices import coded, listing
from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.commands.ledger import by_user
from ykt_desktop.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("findings", help="比对结果（问题线索）：list / show / confirm / dismiss / "
                                        "restore")
    add_db_option(p)
    actions = p.add_subparsers(dest="findings_action", metavar="操作", required=True)
    q = _action(actions, "list", "列出比对结果（默认只列待确认的）", cmd_list, ids=False)
    q.add_argument("--rule", help="只看这条规则（规则名见 check --list）")
    q.add_argument("--status", default="candidate", metavar="状态",
                   type=coded(glossary.FINDING_STATUS, what="状态", extra={"all": "全部"}),
                   help=f"状态：{listing({**glossary.FINDING_STATUS, 'all': '全部'})}"
                        "（默认 待确认）")
    q.add_argument("--village", help="村（或乡镇）区划代码")
    q.add_argument("--limit", type=int, default=50, help="最多列出条数（默认50）")
    _action(actions, "show", "比对结果详情及证据", cmd_show, many=False)
    q = _action(actions, "confirm", "确认：登记为问题（已挂号），可一次确认多条", cmd_confirm)
    q.add_argument("--category", help="问题类别代码（默认按规则对应的类别）")
    q.add_argument("--description", help="问题描述（默认按规则和证据生成）")
    q.add_argument("--unit", default="", help="责任单位")
    q.add_argument("--person", default="", help="责任人")
    q.add_argument("--deadline", help="整改期限 YYYY-MM-DD")
    q = _action(actions, "dismiss", "排除：不是问题（须说明理由，理由保留）", cmd_dismiss)
    q.add_argument("--reason", required=True, help="排除理由")
    _action(actions, "restore", "把已排除的比对结果恢复为待确认", cmd_restore)


def _action(actions: argparse._SubParsersAction, name: str, text: str, func, *,
            ids: bool = True, many: bool = True) -> argparse.ArgumentParser:
    q = actions.add_parser(name, help=text, description=text)
    add_db_option(q)
    if ids:
        q.add_argument("ids", nargs="+" if many else 1, type=_finding_id, metavar="ID",
                       help="比对结果序号（findings list 第一列）")
    q.add_argument("--user", default="", help="登录用户名，即操作人（数据库已建立用户时必填）")
    q.set_defaults(func=func)
    return q


def _finding_id(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"比对结果序号应为数字：{text}")
    return int(text)


def cmd_list(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    status = None if args.status == "all" else args.status
    ids = list_finding_ids(db, FindingFilter(rule=args.rule, status=status,
                                             village_code=args.village))
    rows = fetch_finding_rows(db, ids[:args.limit])
    label = "全部" if status is None else glossary.label(glossary.FINDING_STATUS, status)
    print(f"{label}比对结果共{len(ids)}条" +
          (f"，列出前{args.limit}条" if len(ids) > args.limit else ""))
    for fid in ids[:args.limit]:
        rule, state, village, subject, summary, amount, *_ = rows[fid]
        print(f"{fid:>6d}  {state:3s} {rule:12s} {village:8s} {subject:8s} {amount:>10s}  "
              f"{summary[:50]}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    fid = args.ids[0]
    finding = get_finding(db, fid)
    for header, value in zip(FINDING_HEADERS, fetch_finding_rows(db, [fid])[fid], strict=True):
        print(f"{header}：{value}")
    print(f"规则代码：{finding['rule']}\n对象键：{finding['subject_key']}")
    if finding["status"] == "confirmed" and finding["issue_id"]:
        print(f"已登记为问题：{_issue_no(db, finding['issue_id'])}")
    if finding["status"] == "dismissed":
        print(f"排除理由：{finding['dismiss_reason']}（{finding['decided_by']}，"
              f"{finding['decided_at']}）")
    print("证据：")
    print(json.dumps(finding["evidence"], ensure_ascii=False, indent=1))
    return 0


def _issue_no(db: sqlite_utils.Database, issue_id: int) -> str:
    row = db.execute("SELECT issue_no FROM issues WHERE id = ?", [issue_id]).fetchone()
    return row[0] if row else str(issue_id)


def cmd_confirm(args: argparse.Namespace) -> int:
    if args.deadline:
        try:
            dt.date.fromisoformat(args.deadline)
        except ValueError:
            raise UserError(f"整改期限“{args.deadline}”不是有效日期（应为 YYYY-MM-DD）") from None
    db = open_from_args(args)
    with db.atomic():   # several findings: all registered or none
        issued = [(fid, confirm_finding(
            db, fid, by_user=by_user(args), category=args.category,
            description=args.description, responsible_unit=args.unit,
            responsible_person=args.person, deadline=args.deadline)) for fid in args.ids]
    for fid, issue_id in issued:
        print(f"比对结果 {fid} 已确认，登记为问题 {_issue_no(db, issue_id)}（已挂号）")
    return 0


def cmd_dismiss(args: argparse.Namespace) -> int:
    if not args.reason.strip():
        raise UserError("排除比对结果必须说明理由")
    db = open_from_args(args)
    with db.atomic():
        for fid in args.ids:
            dismiss_finding(db, fid, args.reason, by_user=by_user(args))
    print(f"已排除比对结果 {len(args.ids)} 条：{'、'.join(map(str, args.ids))}；"
          f"理由：{args.reason.strip()}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    with db.atomic():
        for fid in args.ids:
            restore_finding(db, fid, by_user=by_user(args))
    print(f"已恢复为待确认：{'、'.join(map(str, args.ids))}")
    return 0
