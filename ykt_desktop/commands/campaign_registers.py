"""政策清单, 举报 and 主动说清 on the command line: ``policy-list``, ``policy-post``,
``policy-lists``, ``policy-fields``, ``complaint-add``, ``complaint-handle``,
``complaint-reply``, ``complaint-issue``, ``complaints``, ``self-report``, ``self-reports``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ykt_desktop.campaign import complaints, policy_list
from ykt_desktop.campaign.catalogue_fields import set_policy_fields
from ykt_desktop.campaign.self_reports import add_self_report, issue_id_by_number, self_reports
from ykt_desktop.catalogue_year import catalogue_year
from ykt_desktop.commands import open_from_args
from ykt_desktop.commands.campaign import add_command

ISSUE_HELP = ("问题编号（如 420999100200-WT2026000012；本库只有一个问题以 WT2026000012 结尾时"
              "可只写这一段）")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "policy-list", "生成本单位政策清单（A4 PDF 或 Excel）并保存记录",
                    cmd_policy)
    p.add_argument("--scope", required=True, help="单位区划代码（村、乡镇或县）")
    p.add_argument("--out", required=True, help="输出文件 .pdf 或 .xlsx")
    p.add_argument("--year", type=int, default=None, help="年度（默认补贴项目目录年度）")
    p.add_argument("--issuer", default="", help="公布单位（默认为区划名称）")
    p.add_argument("--all-items", action="store_true", help="列出目录中全部项目（默认只列本单位"
                   "有发放记录的项目）")
    p.add_argument("--no-record", action="store_true", help="只生成文件，不保存记录")
    p = add_command(sub, "policy-post", "登记政策清单张贴情况", cmd_post)
    p.add_argument("--id", type=int, required=True, help="政策清单编号")
    p.add_argument("--location", required=True, help="张贴地点，如 村务公开栏")
    p.add_argument("--from", dest="posted_from", required=True, help="张贴开始日期")
    p.add_argument("--to", dest="posted_to", required=True, help="张贴结束日期")
    p.add_argument("--photo", type=Path, default=None, help="张贴照片")
    add_command(sub, "policy-lists", "列出已生成的政策清单和张贴情况", cmd_lists)
    p = add_command(sub, "policy-fields", "修改补贴项目的政策依据、补贴对象、监督电话", cmd_fields)
    p.add_argument("--item", required=True, help="补贴项目代码")
    p.add_argument("--basis", default=None, help="政策依据")
    p.add_argument("--target", default=None, help="补贴对象")
    p.add_argument("--hotline", default=None, help="监督电话")
    _register_complaints(sub)


def _register_complaints(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "complaint-add", "登记一件群众举报", cmd_add)
    p.add_argument("--channel", required=True, help="举报方式：电话/来信/来访/网络/平台")
    p.add_argument("--date", default="", help="受理日期（默认今天）")
    p.add_argument("--content", required=True, help="举报内容")
    p.add_argument("--complainant", default="", help="举报人（默认只对有权限的角色显示）")
    p.add_argument("--contact", default="", help="举报人联系方式")
    p.add_argument("--village", default=None, help="被举报单位（村）区划代码")
    p.add_argument("--persons", default="", help="被举报人")
    p.add_argument("--deadline", default=None, help="答复期限（默认受理后30天）")
    p = add_command(sub, "complaint-handle", "登记举报的办理情况", cmd_handle)
    p.add_argument("--id", type=int, required=True, help="举报编号（complaints 可查）")
    p.add_argument("--handler", required=True, help="承办人")
    p.add_argument("--handling", required=True, help="办理情况")
    p = add_command(sub, "complaint-reply", "登记对举报人的答复和核实结果", cmd_reply)
    p.add_argument("--id", type=int, required=True, help="举报编号")
    p.add_argument("--date", default="", help="答复日期（默认今天）")
    p.add_argument("--reply", required=True, help="答复内容")
    p.add_argument("--result", required=True, help="核实结果：属实/部分属实/不属实")
    p = add_command(sub, "complaint-issue", "把举报登记为问题（发现方式：群众举报）或关联已有问题",
                cmd_issue)
    p.add_argument("--id", type=int, required=True, help="举报编号")
    p.add_argument("--category", default="qita", help="问题类别代码")
    p.add_argument("--issue", default=None, help=ISSUE_HELP)
    p = add_command(sub, "complaints", "列出举报（举报人默认脱敏），标出逾期未答复", cmd_list)
    p.add_argument("--overdue", action="store_true", help="只列逾期未答复的")
    p = add_command(sub, "self-report", "登记主动说清（人数、主动上缴资金），计入问题台账和"
                    "天门附件2", cmd_self_report)
    p.add_argument("--issue", required=True, help=ISSUE_HELP)
    p.add_argument("--persons", type=int, default=0, help="主动说清人数")
    p.add_argument("--amount", type=float, default=0.0, help="主动上缴资金（元）")
    p.add_argument("--date", default="", help="说清日期（默认今天）")
    p.add_argument("--names", default="", help="说清人姓名")
    add_command(sub, "self-reports", "列出主动说清记录", cmd_self_reports)


def _today(text: str) -> str:
    return text or dt.date.today().isoformat()


def cmd_policy(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    year = args.year or catalogue_year(db) or dt.date.today().year
    list_id = policy_list.publish_policy_list(db, args.scope, args.out, year=year,
                                              issuer=args.issuer, all_items=args.all_items,
                                              record=not args.no_record)
    rows = policy_list.policy_rows(db, args.scope, all_items=args.all_items)
    print(f"已生成：{args.out}（{len(rows)}个补贴项目）")
    gaps = policy_list.missing_fields(rows)
    if gaps:
        print(f"提示：{len(gaps)}处未填写，已留空（policy-fields 可补充）：" + "；".join(gaps[:8]))
    if list_id:
        print(f"政策清单编号 {list_id}。张贴后请登记：policy-post --id {list_id} --location ... "
              "--from ... --to ...")
    return 0


def cmd_post(args: argparse.Namespace) -> int:
    posting = policy_list.add_policy_posting(open_from_args(args), args.id,
                                             location=args.location, photo=args.photo,
                                             posted_from=args.posted_from,
                                             posted_to=args.posted_to)
    print(f"已登记张贴记录 {posting}（政策清单 {args.id}）")
    return 0


def cmd_lists(args: argparse.Namespace) -> int:
    rows = policy_list.list_policy_lists(open_from_args(args))
    if not rows:
        print("还没有政策清单（用 policy-list 生成）")
    for r in rows:
        posted = f"已张贴{r['postings']}次，首次{r['first_posted']}" if r["postings"] else "未张贴"
        print(f"{r['id']:>4}  {r['year']}  {r['scope_name']}  {r['items']}项  {posted}")
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    values = {k: v for k, v in (("policy_basis", args.basis), ("target", args.target),
                                ("hotline", args.hotline)) if v is not None}
    set_policy_fields(open_from_args(args), args.item, **values)
    print(f"已修改补贴项目 {args.item}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    cid = complaints.register_complaint(
        db, channel=args.channel, received_on=_today(args.date), content=args.content,
        complainant=args.complainant, contact=args.contact, village_code=args.village,
        persons_concerned=args.persons, deadline=args.deadline)
    c = complaints.get_complaint(db, cid)
    print(f"已登记举报 {c['complaint_no']}（编号 {cid}），答复期限 {c['deadline']}")
    return 0


def cmd_handle(args: argparse.Namespace) -> int:
    complaints.record_handling(open_from_args(args), args.id, handler=args.handler,
                               handling=args.handling)
    print(f"已登记举报 {args.id} 的办理情况")
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    complaints.record_reply(open_from_args(args), args.id, replied_on=_today(args.date),
                            reply=args.reply, result=args.result)
    print(f"已登记举报 {args.id} 的答复")
    return 0


def _issue_id(db, number: str) -> int:
    """An issue by its number, the short form WT… when unique, or its row number."""
    if number.strip().isdigit():
        row = db.execute("SELECT id FROM issues WHERE id = ?", [int(number)]).fetchone()
        if row is not None:
            return row[0]
    return issue_id_by_number(db, number)


def cmd_issue(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    linked = _issue_id(db, args.issue) if args.issue else None
    issue = complaints.complaint_to_issue(db, args.id, category=args.category, issue_id=linked)
    number = db.execute("SELECT issue_no FROM issues WHERE id = ?", [issue]).fetchone()[0]
    print(f"举报 {args.id} 已关联问题 {number}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    rows = complaints.list_complaints(open_from_args(args), overdue_only=args.overdue)
    if not rows:
        print("没有举报记录" if not args.overdue else "没有逾期未答复的举报")
    for r in rows:
        flag = "  逾期未答复" if r["overdue"] else ""
        print(f"{r['id']:>4}  {r['complaint_no']}  {r['received_on']}  "
              f"{complaints.CHANNELS[r['channel']]}  举报人：{r['complainant'] or '匿名'}  "
              f"{complaints.STATUS[r['status']]}  期限{r['deadline']}{flag}  {r['content'][:30]}")
    return 0


def cmd_self_report(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    rid = add_self_report(db, _issue_id(db, args.issue), persons=args.persons,
                          amount=args.amount, reported_on=_today(args.date), names=args.names)
    print(f"已登记主动说清 {rid}（问题 {args.issue}：{args.persons}人，{args.amount:,.2f}元）")
    return 0


def cmd_self_reports(args: argparse.Namespace) -> int:
    rows = self_reports(open_from_args(args))
    if not rows:
        print("还没有主动说清记录（用 self-report 登记）")
    for r in rows:
        print(f"{r['id']:>4}  {r['reported_on']}  {r['issue_no']}  {r['village']}  "
              f"{r['persons']}人  {r['amount']:,.2f}元  {r['names']}")
    return 0
