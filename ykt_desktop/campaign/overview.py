"""What the 抽查与举报 page and the 概览 page show at a glance."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from ykt_desktop.campaign.calendar import due_and_overdue

TABLES = ("samples", "backchecks", "campaign_phases", "campaign_deadlines", "policy_lists",
          "complaints", "self_reports")


def campaign_record_count(db: sqlite_utils.Database) -> int:
    """Draws, phases, deadlines, 政策清单, complaints and 主动说清 recorded (0 = nothing yet)."""
    return sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)


def calendar_line(db: sqlite_utils.Database, *, today: dt.date | None = None) -> str:
    """'当前阶段：…；逾期未报 N 项：…；7天内到期 N 项：…' ('' when the calendar is empty)."""
    state = due_and_overdue(db, today=today)
    parts = []
    if state["current"]:
        parts.append("当前阶段：" + "、".join(f"{p.name}（至{p.end_date}）"
                                         for p in state["current"]))
    if state["overdue"]:
        parts.append(f"逾期未报 {len(state['overdue'])} 项：" + "、".join(
            f"{d.title}（{d.due_date}）" for d in state["overdue"][:3]))
    if state["soon"]:
        parts.append(f"7天内到期 {len(state['soon'])} 项：" + "、".join(
            f"{d.title}（{d.due_date}）" for d in state["soon"][:3]))
    overdue_replies = db.execute(
        "SELECT count(*) FROM complaints WHERE status <> 'replied' AND deadline < ?",
        [(today or dt.date.today()).isoformat()]).fetchone()[0]
    if overdue_replies:
        parts.append(f"举报逾期未答复 {overdue_replies} 件")
    return "；".join(parts)
