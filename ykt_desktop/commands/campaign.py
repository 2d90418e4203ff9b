"""重点抽查 and the calendar on the command line: ``sample-draw``, ``sample-verify``,
``samples``, ``sample-print``, ``backcheck``, ``backcheck-rates``, ``backcheck-issue``,
``calendar``, ``calendar-seed``, ``calendar-phase``, ``calendar-deadline``, ``calendar-done``,
``phase-summary``, ``desk-demo``. The 政策清单, 举报 and 主动说清 commands are in
:mod:`ykt_desktop.commands.campaign_registers`."""

from __future__ import annotations

import argparse
import datetime as dt

from ykt_desktop.campaign import calendar, rates, sample_list, sampling, summary
from ykt_desktop.campaign.backcheck import backchecks, original_answers, record_backcheck
from ykt_desktop.campaign.desk_demo import inject_desk_forms
from ykt_desktop.campaign.errors import CampaignError, iso_day
from ykt_desktop.cli_choices import coded, listing
from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.regions import code_prefix


def add_command(sub: argparse._SubParsersAction, name: str, text: str,
                func) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=text)
    add_db_option(p)
    p.set_defaults(func=func)
    return p


STRATA = {"": "不分层", "township": "按乡镇", "village": "按村", "department": "按部门"}


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "sample-draw", "重点抽查：按比例或数量随机抽取村、户或问题（可分层），"
                "记录种子和抽样框", cmd_draw)
    p.add_argument("--kind", type=coded(sampling.KINDS, what="抽查对象"), default="households",
                   metavar="对象", help=f"抽查对象：{listing(sampling.KINDS)}（默认 户）")
    p.add_argument("--stratify", type=coded(STRATA, what="分层"), default="", metavar="分层",
                   help=f"分层：{listing(STRATA)}（默认不分层）")
    p.add_argument("--ratio", default=None, help="每层抽取比例，如 30%% 或 0.3")
    p.add_argument("--count", type=int, default=None, help="每层抽取数量，如 10")
    p.add_argument("--under", default="", help="只在此区划代码下抽取（默认全部）")
    p.add_argument("--seed", type=int, default=None, help="随机种子（默认随机生成并记录）")
    p.add_argument("--title", default="", help="抽查名称")
    p.add_argument("--out", default=None, help="同时输出抽查名单 .pdf 或 .xlsx")
    p = add_command(sub, "sample-verify", "按记录的种子和抽样框重新抽取，核对名单是否一致",
                cmd_verify)
    p.add_argument("--id", type=int, required=True, help="抽查编号")
    add_command(sub, "samples", "列出已做的抽查", cmd_samples)
    p = add_command(sub, "sample-print", "输出抽查名单（A4 PDF 或 Excel），供入户复核", cmd_print)
    p.add_argument("--id", type=int, required=True, help="抽查编号")
    p.add_argument("--out", required=True, help="输出文件 .pdf 或 .xlsx")
    p = add_command(sub, "backcheck", "登记一户的复核结果，与原一户一表逐项比对", cmd_backcheck)
    p.add_argument("--household", required=True, help="户编号")
    p.add_argument("--sample", type=int, default=None, help="抽查编号")
    p.add_argument("--date", default="", help="复核日期（默认今天）")
    p.add_argument("--checker", default="", help="复核人")
    p.add_argument("--set", action="append", default=[], metavar="项目=复核值",
                   help="复核所见，如 members=4（可重复；不带 --set 时列出可核对的项目）")
    p.add_argument("--notes", default="", help="备注")
    p = add_command(sub, "backcheck-rates", "复核差异率（按村、按原核查人），可导出", cmd_rates)
    p.add_argument("--sample", type=int, default=None, help="只看此抽查")
    p.add_argument("--out", default=None, help="导出 .xlsx 或 .pdf")
    p = add_command(sub, "backcheck-issue", "把复核差异登记为问题（发现方式：抽查）", cmd_to_issue)
    p.add_argument("--id", type=int, required=True, help="复核记录编号")
    p.add_argument("--category", default="qita", help="问题类别代码（默认 qita 其他）")
    _register_calendar(sub)


def _register_calendar(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "calendar", "工作日程：各阶段和报送期限，标出即将到期和逾期未报",
                cmd_calendar)
    p.add_argument("--today", default="", help="按此日期判断（默认今天）")
    p = add_command(sub, "calendar-seed", "按天门市方案填入阶段和报送期限", cmd_seed)
    p.add_argument("--year", type=int, default=dt.date.today().year, help="年度")
    p.add_argument("--scope", default="", help="适用单位区划代码（默认全部）")
    p = add_command(sub, "calendar-phase", "新增阶段", cmd_phase)
    p.add_argument("--name", required=True, help="阶段名称，如 重点抽查")
    p.add_argument("--from", dest="start", required=True, help="开始日期")
    p.add_argument("--to", dest="end", required=True, help="结束日期")
    p.add_argument("--scope", default="", help="适用单位区划代码（默认全部）")
    p = add_command(sub, "calendar-deadline", "新增报送期限", cmd_deadline)
    p.add_argument("--title", required=True, help="报送事项")
    p.add_argument("--due", required=True, help="报送期限")
    p.add_argument("--level", type=coded(calendar.LEVELS, what="报送层级"), default="county",
                   metavar="层级", help=f"报送层级：{listing(calendar.LEVELS)}（默认 县）")
    p.add_argument("--to", dest="recipient", default="", help="报送对象")
    p = add_command(sub, "calendar-done", "登记某项已报送", cmd_done)
    p.add_argument("--id", type=int, required=True, help="报送事项编号")
    p.add_argument("--date", default="", help="报送日期（默认今天）")
    p = add_command(sub, "phase-summary", "阶段性工作总结的数据（核查户数、问题分类、整改、追缴、"
                "移交），可导出 Excel 或 PDF", cmd_summary)
    p.add_argument("--phase", type=int, default=None, help="阶段编号（calendar 可查）")
    p.add_argument("--from", dest="start", default="", help="开始日期（不用阶段时）")
    p.add_argument("--to", dest="end", default="", help="结束日期（不用阶段时）")
    p.add_argument("--under", default="", help="统计单位区划代码（默认全部）")
    p.add_argument("--out", default=None, help="导出 .xlsx 或 .pdf")
    p = add_command(sub, "desk-demo", "演示：在演示县中注入伪造的入户表格（供比对规则练习）",
                cmd_desk_demo)
    p.add_argument("--seed", type=int, default=16, help="随机种子")


def parse_ratio(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip().rstrip("%")) / (100 if text.strip().endswith("%") else 1)
    except ValueError:
        raise CampaignError(f"抽查比例“{text}”应写成 30% 或 0.3") from None
    return value


def cmd_draw(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    spec = sampling.DrawSpec(args.kind, args.stratify, parse_ratio(args.ratio), args.count,
                             code_prefix(args.under) if args.under else "")
    s = sampling.draw_sample(db, spec, seed=args.seed, title=args.title)
    print(f"抽查编号 {s.id}：从 {s.frame_size} 个{sampling.KINDS[spec.kind]}中抽中 "
          f"{len(s.drawn)} 个；随机种子 {s.seed}；抽样框校验值 {s.frame_sha256[:16]}…")
    for row in sample_list.sample_rows(db, s.id):
        print("  " + "  ".join(str(v) for v in row))
    if args.out:
        print(f"已输出：{sample_list.export_sample(db, s.id, args.out)}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    result = sampling.verify_sample(db, args.id)
    print(f"按种子 {result['seed']} 重新抽取：" + ("名单一致" if result["ok"]
                                                 else "名单不一致！"))
    print("记录的抽样框完整" if result["frame_intact"] else "记录的抽样框与校验值不符！")
    for problem in result["audit_problems"]:
        print(f"与审计日志不符：{problem}")
    if not result["frame_unchanged"]:
        print("提示：当前数据的抽样框已与抽取时不同（新增或删除了记录），核对以记录的抽样框为准")
    return 0 if result["ok"] else 1


def cmd_samples(args: argparse.Namespace) -> int:
    rows = sampling.list_samples(open_from_args(args))
    if not rows:
        print("还没有抽查（用 sample-draw 抽取）")
    for r in rows:
        print(f"{r['id']:>4}  {r['created_at']}  {r['title']}  抽中{r['n']}/{r['frame_size']}  "
              f"种子{r['seed']}  已复核{r['checked']}户")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    print(f"已输出：{sample_list.export_sample(open_from_args(args), args.id, args.out)}")
    return 0


def _household_id(db, hh_no: str) -> int:
    row = db.execute("SELECT id FROM households WHERE hh_no = ?", [hh_no.strip()]).fetchone()
    if row is None:
        raise CampaignError(f"没有户编号为“{hh_no}”的户")
    return row[0]


def cmd_backcheck(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    hid = _household_id(db, args.household)
    if not args.set:
        for key, (label, value) in original_answers(db, hid).items():
            print(f"{key}\t{label}\t原表：{value}")
        return 0
    answers = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            raise CampaignError(f"--set “{item}”应写成 项目=复核值")
        answers[key.strip()] = value.strip()
    bc = record_backcheck(db, hid, sample_id=args.sample, checker=args.checker,
                          checked_on=args.date or dt.date.today().isoformat(),
                          answers=answers, notes=args.notes)
    row = next(r for r in backchecks(db, sample_id=args.sample) if r["id"] == bc)
    print(f"复核记录 {bc}：核对{row['n_fields']}项，差异{row['n_diff']}项")
    for d in row["differences"]:
        print(f"  {d['label']}：原表“{d['original']}”，复核“{d['found']}”")
    return 0


def cmd_rates(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    for by, label in rates.GROUPS.items():
        print(f"按{label}：")
        for r in rates.discrepancy_rates(db, by=by, sample_id=args.sample):
            print(f"  {r.name}  复核{r.households}户  有差异{r.differing}户  {r.rate:.1%}")
    if args.out:
        print(f"已导出：{rates.export_rates(db, args.out, sample_id=args.sample)}")
    return 0


def cmd_to_issue(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    issue = rates.backcheck_to_issue(db, args.id, category=args.category)
    number = db.execute("SELECT issue_no FROM issues WHERE id = ?", [issue]).fetchone()[0]
    print(f"已登记问题 {number}（发现方式：抽查）")
    return 0


def _today(text: str) -> dt.date:
    return dt.date.fromisoformat(iso_day(text, "日期")) if text else dt.date.today()


def cmd_calendar(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    today = _today(args.today)
    items = calendar.phases(db)
    if not items and not calendar.deadlines(db):
        print("工作日程为空（calendar-seed 可按天门市方案填入）")
    for p in items:
        print(f"阶段 {p.id:>3}  {p.start_date} 至 {p.end_date}  {p.name}  {p.state(today)}")
    for d in calendar.deadlines(db):
        print(f"报送 {d.id:>3}  {d.due_date}  {d.title}（{calendar.LEVELS[d.level]}→"
              f"{d.recipient or '上级'}）  {d.state(today)}")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    n = calendar.seed_tianmen(open_from_args(args), args.year, scope_code=args.scope)
    print(f"已按天门市方案填入{args.year}年的工作日程（{n}项）")
    return 0


def cmd_phase(args: argparse.Namespace) -> int:
    pid = calendar.add_phase(open_from_args(args), name=args.name, start=args.start,
                             end=args.end, scope_code=args.scope)
    print(f"已新增阶段 {pid}")
    return 0


def cmd_deadline(args: argparse.Namespace) -> int:
    did = calendar.add_deadline(open_from_args(args), title=args.title, due=args.due,
                                level=args.level, recipient=args.recipient)
    print(f"已新增报送事项 {did}")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    calendar.mark_done(open_from_args(args), args.id,
                       done=args.date or dt.date.today().isoformat())
    print(f"已登记报送事项 {args.id} 已报送")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    if args.phase is not None:
        name, start, end = summary.phase_range(db, args.phase)
    elif args.start and args.end:
        name, start, end = "", args.start, args.end
    else:
        raise CampaignError("请用 --phase 指定阶段，或用 --from 和 --to 指定期间")
    under = code_prefix(args.under) if args.under else ""
    s = summary.summarize(db, start=start, end=end, under=under, title=name)
    for table in summary.summary_document(s).tables:
        print(table.title + "：")
        for row in table.rows:
            print("  " + "  ".join(str(v) for v in row))
    if args.out:
        print(f"已导出：{summary.export_summary(db, s, args.out)}")
    return 0


def cmd_desk_demo(args: argparse.Namespace) -> int:
    truth = inject_desk_forms(open_from_args(args), seed=args.seed)
    village = next(iter(truth["_village"]))
    print(f"已在村 {village} 注入伪造的入户表格；运行 check 后以下规则应有结果：" +
          "、".join(k for k in truth if not k.startswith("_")))
    return 0
