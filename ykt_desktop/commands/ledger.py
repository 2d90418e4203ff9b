"""``issues``: the problem ledger (问题台账) from the command line, through the same core functions
as the 问题台账 page — list, show, add, edit, start (已挂号 -> 整改中), evidence, close (销号 with
measure, date, evidence, 追缴 / 返还), reopen (退回重改 with reason), refer (移交纪检监察),
discipline (its outcome) and comment."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.cli_choices import coded, listing
from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.errors import UserError
from ykt_desktop.exchange.return_comments import issue_comments
from ykt_desktop.ledger.issues import (
    NewIssue,
    add_comment,
    add_evidence,
    close_issue,
    create_issue,
    get_issue,
    record_discipline,
    refer_issue,
    reopen_issue,
    start_rectification,
    update_issue,
)
from ykt_desktop.ledger.links import resolve_links
from ykt_desktop.ledger.query import (
    HEADERS,
    IssueFilter,
    event_rows,
    fetch_issue_rows,
    issue_by_number,
    list_issue_ids,
)
from ykt_desktop.security.read_scope import require_readable

EDIT_OPTIONS = {  # option -> (issue field, help)
    "category": ("category", "问题类别代码"), "description": ("description", "问题描述"),
    "amount": ("amount", "涉及金额（元）"), "unit": ("responsible_unit", "责任单位"),
    "person": ("responsible_person", "责任人"), "deadline": ("deadline", "整改期限 YYYY-MM-DD"),
    "recovered": ("recovered_amount", f"{glossary.RECOVERED}（元）"),
    "returned": ("returned_amount", f"{glossary.RETURNED}（元）"),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("issues", help="问题台账：list / show / add / edit / start / evidence / "
                                      "close / reopen / refer / discipline / comment")
    add_db_option(p)
    actions = p.add_subparsers(dest="issues_action", metavar="操作", required=True)
    _register_views(actions)
    _register_edits(actions)
    _register_flow(actions)


def _action(actions: argparse._SubParsersAction, name: str, text: str, func, *,
            issue: bool = True) -> argparse.ArgumentParser:
    q = actions.add_parser(name, help=text, description=text)
    add_db_option(q)
    if issue:
        q.add_argument("issue", help="问题编号（如 420999100200-WT2026000001；本库中唯一时可只写 "
                                     "WT2026000001）或序号")
    q.add_argument("--user", default="", help="登录用户名，即操作人（数据库已建立用户时必填）")
    q.set_defaults(func=func)
    return q


def _register_views(actions: argparse._SubParsersAction) -> None:
    q = _action(actions, "list", "列出问题（可按状态、类别、村、逾期筛选）", cmd_list, issue=False)
    q.add_argument("--status", metavar="状态", type=coded(glossary.ISSUE_STATUS, what="状态",
                                                         extra={"open": "未销号"}),
                   help=f"状态：{listing({**glossary.ISSUE_STATUS, 'open': '未销号'})}")
    q.add_argument("--category", help="问题类别代码")
    q.add_argument("--village", help="村（或乡镇）区划代码")
    q.add_argument("--overdue", action="store_true", help="只看逾期未销号")
    q.add_argument("--limit", type=int, default=50, help="最多列出条数（默认50）")
    _action(actions, "show", "问题详情及全部历史", cmd_show)


def _register_edits(actions: argparse._SubParsersAction) -> None:
    q = _action(actions, "add", "登记一个问题（已挂号）", cmd_add, issue=False)
    q.add_argument("--category", required=True, help="问题类别代码（见 show 或问题台账页）")
    q.add_argument("--description", required=True, help="问题描述")
    q.add_argument("--village",
                   help="所在村区划代码（给出户或人员时由其所在村确定；都不给时为本单位）")
    _link_options(q)
    q.add_argument("--amount", type=float, default=0.0, help="涉及金额（元）")
    q.add_argument("--found-by", default="report", metavar="方式",
                   type=coded(glossary.FOUND_BY, what="发现方式"),
                   help=f"发现方式：{listing(glossary.FOUND_BY)}（默认 群众举报）")
    q = _action(actions, "edit", "修改责任单位、责任人、期限、金额等（历史保留修改前后）", cmd_edit)
    for option, (_field, text) in EDIT_OPTIONS.items():
        q.add_argument(f"--{option}", help=text)
    _link_options(q, edit=True)
    q.add_argument("--note", default="", help="修改说明")
    q = _action(actions, "comment", "给问题加备注", cmd_comment)
    q.add_argument("text", help="备注内容")


def _register_flow(actions: argparse._SubParsersAction) -> None:
    q = _action(actions, "start", "开始整改：已挂号 / 退回重改 -> 整改中", cmd_start)
    q.add_argument("--unit", help="责任单位")
    q.add_argument("--person", help="责任人")
    q.add_argument("--deadline", help="整改期限 YYYY-MM-DD")
    q.add_argument("--note", default="", help="说明")
    q = _action(actions, "evidence", "上传整改佐证材料（照片、扫描件、收条）", cmd_evidence)
    q.add_argument("files", nargs="+", metavar="FILE", help="佐证材料文件")
    q = _action(actions, "close", "销号：整改中 -> 已销号（须填整改措施、完成日期，有佐证材料）",
                cmd_close)
    q.add_argument("--measure", required=True, help="整改措施")
    q.add_argument("--date", required=True, help="整改完成日期 YYYY-MM-DD")
    q.add_argument("--evidence", action="append", default=[], metavar="FILE",
                   help="同时上传的佐证材料（可重复）")
    q.add_argument("--recovered", type=float, help=f"{glossary.RECOVERED}（元）")
    q.add_argument("--returned", type=float, help=f"{glossary.RETURNED}（元）")
    q.add_argument("--note", default="", help="说明")
    q = _action(actions, "reopen", "退回重改：已销号 -> 退回重改（须说明理由）", cmd_reopen)
    q.add_argument("--reason", required=True, help="退回理由")
    q = _action(actions, "refer", "移交纪检监察（移交单位、日期、文号）", cmd_refer)
    q.add_argument("--note", required=True, help="移交情况")
    q = _action(actions, "discipline", "记录移交后的处理结果（处分、通报曝光）", cmd_discipline)
    q.add_argument("--party", type=int, default=0, help="党纪处分人数")
    q.add_argument("--gov", type=int, default=0, help="政务处分人数")
    q.add_argument("--exposed", action="store_true", help="已通报曝光")
    q.add_argument("--exposed-persons", type=int, default=0, help="通报曝光人数")
    q.add_argument("--note", default="", help="说明")


def _link_options(q: argparse.ArgumentParser, *, edit: bool = False) -> None:
    clear = "；填“无”取消" if edit else ""
    q.add_argument("--item",
                   help=f"涉及的补贴项目（代码或名称；不填则列入报表“未分项目”行{clear}）")
    q.add_argument("--id-number", dest="id_number", help=f"涉及人员的身份证号{clear}")
    q.add_argument("--household", help=f"涉及的户编号{clear}")


# --- helpers -----------------------------------------------------------------------------------

def by_user(args: argparse.Namespace) -> str:
    if args.user:
        return args.user
    try:
        return f"命令行/{getpass.getuser()}"
    except (KeyError, OSError):
        return "命令行"


def issue_id(db: sqlite_utils.Database, ref: str) -> int:
    """An issue by its number, its short form (WT2026000001) or its row number."""
    return issue_by_number(db, ref)


def _status_line(db: sqlite_utils.Database, iid: int, done: str) -> int:
    issue = get_issue(db, iid)
    print(f"问题{issue['issue_no']}：{done}，当前状态“"
          f"{glossary.label(glossary.ISSUE_STATUS, issue['status'])}”")
    return 0


# --- views -------------------------------------------------------------------------------------

def cmd_list(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    ids = list_issue_ids(db, IssueFilter(status=args.status, category=args.category,
                                         village_code=args.village, overdue_only=args.overdue))
    rows = fetch_issue_rows(db, ids[:args.limit])
    print(f"共{len(ids)}个问题" + (f"，列出前{args.limit}个" if len(ids) > args.limit else ""))
    for iid in ids[:args.limit]:
        no, cat, status, _found_by, village, person, desc, amount, *_ = rows[iid]
        print(f"{no}  {status:4s} {cat:10s} {village:8s} {person:6s} {amount:>10s}  {desc[:40]}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    db = open_from_args(args)

    iid = issue_id(db, args.issue)
    issue = get_issue(db, iid)
    require_readable(db, issue["village_code"], "问题")      # the session's region (issue 14)
    for header, value in zip(HEADERS, fetch_issue_rows(db, [iid])[iid], strict=True):
        print(f"{header}：{value}")
    print(f"整改措施：{issue['measure']}\n整改完成：{issue['rectified_at'] or ''}")
    print(f"移交情况：{issue['referral_note']}  党纪处分{issue['party_sanctions']}人 "
          f"政务处分{issue['gov_sanctions']}人")
    _print_return_comments(db, iid)
    print("历史：")
    for at, who, action, move, note in event_rows(db, iid):
        print(f"  {at} {who} {action} {move + ' ' if move else ''}{note}")
    return 0


def _print_return_comments(db: sqlite_utils.Database, iid: int) -> None:
    comments = issue_comments(db, iid)
    if comments:
        print("上级退回意见：")
        for c in comments:
            print(f"  {c.line()}（{c.state}）")


# --- edits -------------------------------------------------------------------------------------

def cmd_add(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    links = resolve_links(db, item=args.item or "", id_number=args.id_number or "",
                          hh_no=args.household or "", village=args.village)
    iid = create_issue(db, NewIssue(
        category=args.category, found_by=args.found_by, description=args.description,
        village_code=links.get("village_code"), household_id=links.get("household_id"),
        person_id=links.get("person_id"), item_id=links.get("item_id"), amount=args.amount),
        by_user=by_user(args))
    return _status_line(db, iid, "已登记")


def cmd_edit(args: argparse.Namespace) -> int:
    changes = {field: getattr(args, option) for option, (field, _text) in EDIT_OPTIONS.items()
               if getattr(args, option) is not None}
    linking = (args.item, args.id_number, args.household) != (None, None, None)
    if not changes and not linking:
        raise UserError("请给出要修改的内容，如 --unit 某村委会 --deadline 2026-06-30 --item dibao")
    db = open_from_args(args)
    iid = issue_id(db, args.issue)
    with db.atomic():
        if linking:
            changes.update(resolve_links(db, item=args.item, id_number=args.id_number,
                                         hh_no=args.household, current=get_issue(db, iid)))
        update_issue(db, iid, changes, by_user=by_user(args), note=args.note)
    return _status_line(db, iid, "已修改")


def cmd_comment(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    iid = issue_id(db, args.issue)
    add_comment(db, iid, args.text, by_user=by_user(args))
    return _status_line(db, iid, "已加备注")


# --- the flow ----------------------------------------------------------------------------------

def cmd_start(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    iid = issue_id(db, args.issue)
    start_rectification(db, iid, by_user=by_user(args), note=args.note,
                        responsible_unit=args.unit, responsible_person=args.person,
                        deadline=args.deadline)
    return _status_line(db, iid, "已开始整改")


def _read_files(paths: list[str]) -> list[tuple[str, bytes]]:
    out = []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise UserError(f"佐证材料文件不存在：{name}")
        out.append((path.name, path.read_bytes()))
    return out


def cmd_evidence(args: argparse.Namespace) -> int:
    files = _read_files(args.files)
    db = open_from_args(args)
    iid = issue_id(db, args.issue)
    with db.atomic():
        for name, data in files:
            add_evidence(db, iid, name, data, by_user=by_user(args))
    return _status_line(db, iid, f"已上传佐证材料{len(files)}份")


def cmd_close(args: argparse.Namespace) -> int:
    files = _read_files(args.evidence)
    db = open_from_args(args)
    iid = issue_id(db, args.issue)
    who = by_user(args)
    with db.atomic():   # the evidence and the closing land together or not at all
        for name, data in files:
            add_evidence(db, iid, name, data, by_user=who)
        close_issue(db, iid, measure=args.measure, rectified_at=args.date, by_user=who,
                    recovered_amount=args.recovered, returned_amount=args.returned,
                    note=args.note)
    return _status_line(db, iid, "已销号")


def cmd_reopen(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    iid = issue_id(db, args.issue)
    reopen_issue(db, iid, reason=args.reason, by_user=by_user(args))
    return _status_line(db, iid, "已退回重改")


def cmd_refer(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    iid = issue_id(db, args.issue)
    refer_issue(db, iid, note=args.note, by_user=by_user(args))
    return _status_line(db, iid, "已记录移交纪检监察")


def cmd_discipline(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    iid = issue_id(db, args.issue)
    record_discipline(db, iid, party_sanctions=args.party, gov_sanctions=args.gov,
                      exposed=args.exposed, exposed_persons=args.exposed_persons,
                      note=args.note, by_user=by_user(args))
    return _status_line(db, iid, f"已记录处理结果（党纪处分{args.party}人，政务处分{args.gov}人"
                                 + (f"，通报曝光{args.exposed_persons}人" if args.exposed else "")
                                 + "）")
