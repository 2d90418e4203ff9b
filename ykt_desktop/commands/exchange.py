"""``pki``, ``export-package``, ``import-package``, ``return-package``, ``import-return``,
``accept-package``, ``board``, ``submissions`` and ``slice-unit``: submissions up the chain."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ykt_desktop import glossary
from ykt_desktop.commands import add_db_option, open_from_args
from ykt_desktop.errors import CliError
from ykt_desktop.exchange import board as board_mod
from ykt_desktop.exchange import history
from ykt_desktop.exchange.aggregate import check_sum_of_children
from ykt_desktop.exchange.batch import import_batch
from ykt_desktop.exchange.correction import Comment, comments_for, import_return, write_return
from ykt_desktop.exchange.importer import ImportResult, import_package
from ykt_desktop.exchange.preview import KINDS
from ykt_desktop.exchange.recipient import PLAINTEXT_WARNING
from ykt_desktop.exchange.split import slice_unit
from ykt_desktop.exchange.writer import export_package
from ykt_desktop.pki import enrol
from ykt_desktop.pki.certs import describe, load_pem_bundle
from ykt_desktop.pki.trust import trust_list
from ykt_desktop.progress import Progress, run
from ykt_desktop.returns.template import get_template

KIND_LABELS = {"households": "户", "persons": "人", "issues": "问题"}


def _show(step: Progress) -> None:
    print(f"\r[{step.done}/{step.total}] {step.message}      ", end="", file=sys.stderr)


def register(sub: argparse._SubParsersAction) -> None:
    _register_pki(sub)
    p = sub.add_parser("export-package", help="生成本单位的上报文件（.ykt，已签名）")
    add_db_option(p)
    p.add_argument("--period", required=True, help="上报期间，如 2025-12")
    p.add_argument("--out", required=True, help="输出文件 .ykt")
    p.add_argument("--encrypt-to", metavar="CERT",
                   help="加密给这个证书文件的单位（默认加密给上级：登记证书时已知）")
    p.add_argument("--no-encrypt", action="store_true",
                   help="不加密（文件中有完整身份证号和卡号，不建议）")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import-package", help="校验并导入下级的上报文件")
    add_db_option(p)
    p.add_argument("files", nargs="+", metavar="FILE", help="一个或多个 .ykt 文件")
    p.add_argument("--preview", action="store_true", help="只校验并显示将发生的变化，不导入")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("return-package", help="退回下级的上报（带意见，签名文件）")
    add_db_option(p)
    p.add_argument("--unit", required=True, help="被退回单位的区划代码")
    p.add_argument("--period", required=True)
    p.add_argument("--comment", default="", help="整体意见")
    p.add_argument("--household", action="append", default=[], metavar="户编号:意见")
    p.add_argument("--issue", action="append", default=[], metavar="问题编号:意见")
    p.add_argument("--out", required=True, help="输出的退回文件")
    p.set_defaults(func=cmd_return)

    p = sub.add_parser("import-return", help="导入上级的退回文件，查看意见")
    add_db_option(p)
    p.add_argument("file")
    p.set_defaults(func=cmd_import_return)

    p = sub.add_parser("accept-package", help="接收（确认）下级某期的上报")
    add_db_option(p)
    p.add_argument("--unit", required=True)
    p.add_argument("--period", required=True)
    p.set_defaults(func=cmd_accept)

    p = sub.add_parser("aggregate-check", help="核对：本级报表 = 各下级报表之和")
    add_db_option(p)
    p.add_argument("--template", required=True, help="报表模板（键、文件名或中文名）")
    p.add_argument("--period", required=True, help="期间，如 2025 或 2025-12")
    p.set_defaults(func=cmd_aggregate)

    p = sub.add_parser("board", help="上报完成情况（未报/已报/已退回/已接收/逾期）")
    add_db_option(p)
    p.add_argument("--period", required=True)
    p.add_argument("--due", help="设定本期截止日期 YYYY-MM-DD")
    p.set_defaults(func=cmd_board)

    p = sub.add_parser("submissions", help="上报与导入的历史记录")
    add_db_option(p)
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("slice-unit", help="从演示县数据库切出一个乡镇或村的数据库")
    add_db_option(p)
    p.add_argument("--code", required=True, help="乡镇或村的区划代码")
    p.add_argument("--out", required=True, help="新数据库文件")
    p.set_defaults(func=cmd_slice)


def _register_pki(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pki", help="证书：建立根证书、申请、签发、安装、信任")
    pki = p.add_subparsers(dest="pki_command", metavar="操作", required=True)
    q = pki.add_parser("init-root", help="（县）建立本县根证书")
    add_db_option(q)
    q.set_defaults(func=cmd_init_root)
    q = pki.add_parser("request", help="写出本单位的证书申请文件")
    add_db_option(q)
    q.add_argument("--out", required=True)
    q.set_defaults(func=cmd_request)
    q = pki.add_parser("issue", help="为下级的申请签发证书")
    add_db_option(q)
    q.add_argument("request")
    q.add_argument("--out", required=True)
    q.set_defaults(func=cmd_issue)
    q = pki.add_parser("install", help="安装上级签发的证书文件")
    add_db_option(q)
    q.add_argument("certificate")
    q.set_defaults(func=cmd_install)
    q = pki.add_parser("trust", help="信任一个未登记单位的证书（核对指纹后）")
    add_db_option(q)
    q.add_argument("certificate", nargs="?")
    q.add_argument("--note", default="")
    q.set_defaults(func=cmd_trust)
    q = pki.add_parser("show", help="显示本单位证书（可 --out 写出给上级用于加密）")
    add_db_option(q)
    q.add_argument("--out")
    q.set_defaults(func=cmd_show)


def cmd_init_root(args: argparse.Namespace) -> int:
    cert = enrol.init_root(open_from_args(args))
    print(f"根证书：{describe(cert)}")
    return 0


def cmd_request(args: argparse.Namespace) -> int:
    Path(args.out).write_bytes(enrol.make_request(open_from_args(args)))
    print(f"已写出证书申请：{args.out}（交上级单位签发）")
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    bundle = enrol.issue(open_from_args(args), Path(args.request).read_bytes())
    Path(args.out).write_bytes(bundle)
    print(f"已签发：{describe(load_pem_bundle(bundle, what='证书')[0])} -> {args.out}")
    return 0


def cmd_install(args: argparse.Namespace) -> int:
    leaf = enrol.install(open_from_args(args), Path(args.certificate).read_bytes())
    print(f"已安装证书：{describe(leaf)}")
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    if args.certificate:
        fp = enrol.trust_key_file(db, Path(args.certificate).read_bytes(), note=args.note)
        print(f"已信任：指纹 {fp}")
    for row in trust_list(db):
        kind = "根证书" if row["kind"] == "root" else "未登记签名"
        print(f"{kind}\t{row['subject']}（{row['unit_code']}）\t{row['fingerprint']}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    data = enrol.own_certificate_pem(db)
    if args.out:
        Path(args.out).write_bytes(data)
    print(f"本单位证书：{describe(load_pem_bundle(data, what='证书')[0])}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    recipient = None
    if args.encrypt_to:
        recipient = load_pem_bundle(Path(args.encrypt_to).read_bytes(), what="接收单位证书")[0]
    if args.no_encrypt and recipient is not None:
        raise CliError("--no-encrypt 与 --encrypt-to 不能同时使用")
    manifest = run(export_package(db, args.out, period=args.period, encrypt_to=recipient,
                                  plaintext=args.no_encrypt), _show)
    print(file=sys.stderr)
    if args.no_encrypt:
        print(PLAINTEXT_WARNING, file=sys.stderr)
    counts = glossary.counts_text(manifest.counts)
    print(f"已生成上报文件：{args.out}（{manifest.unit['name']} {args.period}；{counts}）")
    return 0


def print_preview(result: ImportResult) -> None:
    preview = result.preview
    if preview is None:
        return
    for code, per in preview.villages.items():
        parts = [f"{KIND_LABELS[k]} 新增{c.added} 变更{c.changed} 删除{c.removed}"
                 for k in KINDS if (c := per[k]).any]
        if parts:
            print(f"  {preview.names.get(code, code)}（{code}）：" + "；".join(parts))
    if not preview.any:
        print("  户、人员、问题均无变化")


def cmd_import(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    if args.preview or len(args.files) == 1:
        results = [run(import_package(db, f, preview_only=args.preview), _show)
                   for f in args.files]
    else:
        results = run(import_batch(db, args.files), _show)
    print(file=sys.stderr)
    refused = 0
    for result in results:
        if isinstance(result, Exception):
            refused += 1
            print(f"错误：{result}")
            continue
        _report(result)
    return 2 if refused else 0


def _report(result: ImportResult) -> None:
    print(f"校验通过：{result.unit_name}（{result.unit_code}） {result.period}，"
          f"签名者 {result.signer}")
    if result.outcome == "duplicate":
        print(result.message)
        return
    print("变化预览：")
    print_preview(result)
    for check in result.returns:
        print(f"  报表 {check.name}：{'✓' if check.ok else '✗'} {check.message}")
    for warning in result.warnings:
        print(f"  注意：{warning}")
    if result.outcome == "imported":
        counts = glossary.counts_text(result.counts)
        print(f"已导入（一个事务）：{counts}")


def cmd_return(args: argparse.Namespace) -> int:
    comments = [Comment("package", "", args.comment)] if args.comment else []
    for table, values in (("households", args.household), ("issues", args.issue)):
        for value in values:
            key, sep, text = value.partition(":")
            if not sep:
                key, sep, text = value.partition("：")
            comments.append(Comment(table, key.strip(), text.strip()))
    write_return(open_from_args(args), args.unit, args.period, comments, args.out)
    print(f"已退回 {args.unit} {args.period}：{len(comments)} 条意见 -> {args.out}")
    return 0


def cmd_import_return(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    added = import_return(db, args.file)
    print(f"已导入上级退回意见 {added} 条" if added else "该退回文件已导入过，未作改动")
    for c in comments_for(db):
        target = {"package": "整体", "households": "户", "issues": "问题"}[c["target_table"]]
        print(f"  [{target} {c['target_key']}] {c['comment']}（{c['author']}，{c['period']}）")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    board_mod.accept(open_from_args(args), args.unit, args.period)
    print(f"已接收 {args.unit} {args.period}")
    return 0


def cmd_board(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    if args.due:
        board_mod.set_deadline(db, args.period, args.due)
    due = board_mod.deadline(db, args.period)
    print(f"{args.period} 上报完成情况" + (f"（截止 {due}）" if due else ""))
    for row in board_mod.board(db, args.period):
        indent = "    " if row.via else ""
        print(f"{indent}{row.name}（{row.unit_code}）\t{row.status_label}\t{row.last_time}\t"
              f"{row.signer}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    for s in history.history(open_from_args(args)):
        print(f"{s.id}\t{glossary.label(glossary.SUBMISSION_DIRECTION, s.direction)}\t"
              f"{s.unit_code}\t{s.period}\t"
              f"{glossary.label(glossary.SUBMISSION_STATUS, s.status)}\t{s.received_at}\t"
              f"{s.filename}\t{s.signer}")
    return 0


def cmd_slice(args: argparse.Namespace) -> int:
    source = open_from_args(args)
    counts = run(slice_unit(source, args.code, args.out), _show)
    print(file=sys.stderr)
    print(f"已建立 {args.out}：" + glossary.counts_text(counts))
    return 0


def cmd_aggregate(args: argparse.Namespace) -> int:
    db = open_from_args(args)
    template = get_template(args.template)
    mismatches = run(check_sum_of_children(db, template, args.period), _show)
    print(file=sys.stderr)
    if not mismatches:
        print(f"{template.name} {args.period}：本级数与各下级之和一致")
        return 0
    print(f"{template.name} {args.period}：{len(mismatches)} 处不一致")
    for m in mismatches:
        print(f"  {m.describe()}")
    return 1
