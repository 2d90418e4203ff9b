"""Checking a household form before it is saved. Every problem names its place in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import glossary, idcard
from ykt_desktop.errors import UserError
from ykt_desktop.households.placement import person_by_id_number
from ykt_desktop.households.records import CardRecord, HouseholdRecord, MemberRecord, VisitRecord

_PHONE = re.compile(r"^[0-9-]{7,13}$")
_CARD = re.compile(r"^\d{12,19}$")
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Problem:
    where: str        # 户信息 / 成员第2行 / 成员第2行的第1张卡 / 补贴核对第3行 / 入户核查
    field: str        # the field's Chinese label
    message: str

    def __str__(self) -> str:
        return f"{self.where}“{self.field}”：{self.message}"


class HouseholdError(ValueError, UserError):
    """The household form cannot be saved; ``problems`` lists why (Chinese)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems) or "户数据有误")


def parse_date(text: str | None) -> dt.date | None:
    """An ISO date (YYYY-MM-DD); raises ValueError with a Chinese reason."""
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"日期“{text}”应写成 年-月-日，如 2026-03-15") from None
    if day > dt.date.today():
        raise ValueError(f"日期“{text}”在今天之后")
    return day


def check_id(value: str) -> idcard.IdInfo:
    """Parse an ID number typed in the form (15-digit numbers are converted)."""
    return idcard.parse(value)


def validate(db: sqlite_utils.Database, record: HouseholdRecord) -> list[Problem]:
    problems = _household(db, record)
    seen: dict[str, int] = {}
    for i, member in enumerate(record.members):
        problems += _member(db, member, f"成员第{i + 1}行", seen, i)
        for j, card in enumerate(member.cards):
            problems += _card(card, f"成员第{i + 1}行（{member.name}）的第{j + 1}张卡")
    problems += _cards_unique(record)
    problems += _statements(record)
    problems += _visit(record.visit)
    return problems


def validate_or_raise(db: sqlite_utils.Database, record: HouseholdRecord) -> None:
    problems = validate(db, record)
    if problems:
        raise HouseholdError(problems)


def _household(db: sqlite_utils.Database, record: HouseholdRecord) -> list[Problem]:
    out: list[Problem] = []
    where = "户信息"
    village = db.execute("SELECT level FROM regions WHERE code = ?",
                         [record.village_code]).fetchone()
    if not village or village[0] != "village":
        out.append(Problem(where, "村", f"“{record.village_code}”不是本数据库中的村"))
    if record.group_code:
        group = db.execute("SELECT parent_code FROM regions WHERE code = ? AND level = 'group'",
                           [record.group_code]).fetchone()
        if not group or group[0] != record.village_code:
            out.append(Problem(where, "组", f"“{record.group_code}”不是该村的组"))
    if record.phone and not _PHONE.match(record.phone.strip()):
        out.append(Problem(where, "联系电话", f"“{record.phone}”应为7-13位数字"))
    if record.hh_no:
        row = db.execute("SELECT id FROM households WHERE hh_no = ?", [record.hh_no]).fetchone()
        if row and row[0] != record.id:
            out.append(Problem(where, "户编号", f"户编号{record.hh_no}已被其他户使用"))
    if not record.members:
        out.append(Problem(where, "成员", "至少要有一名成员（户主）"))
    heads = sum(1 for m in record.members if m.relation == "户主")
    if record.members and heads != 1:
        out.append(Problem(where, "户主", f"应有且只有一名户主，现有{heads}名"))
    return out


def _member(db: sqlite_utils.Database, m: MemberRecord, where: str, seen: dict[str, int],
            index: int) -> list[Problem]:
    out: list[Problem] = []
    if not m.name.strip():
        out.append(Problem(where, "姓名", "不能为空"))
    try:
        info = check_id(m.id_number)
    except idcard.IdNumberError as exc:
        out.append(Problem(where, "身份证号", str(exc)))
        info = None
    if info is not None:
        if info.number in seen:
            out.append(Problem(where, "身份证号", f"与成员第{seen[info.number] + 1}行重复"))
        seen[info.number] = index
        known = person_by_id_number(db, info.number)
        if known and known[0] != m.person_id and known[1] != m.name.strip():
            out.append(Problem(where, "身份证号",
                               f"{info.number}已登记为“{known[1]}”，与录入的姓名“{m.name}”不符"))
    if m.status not in glossary.PERSON_STATUS:
        out.append(Problem(where, "状态", f"未知的状态“{m.status}”"))
    out += _status_date(m, where, info)
    if m.phone and not _PHONE.match(m.phone.strip()):
        out.append(Problem(where, "电话", f"“{m.phone}”应为7-13位数字"))
    return out


def _status_date(m: MemberRecord, where: str, info: idcard.IdInfo | None) -> list[Problem]:
    if m.status == "dead" and not m.status_date:
        return [Problem(where, "死亡日期", "状态为死亡时必须填写死亡日期")]
    try:
        day = parse_date(m.status_date)
    except ValueError as exc:
        return [Problem(where, "状态日期", str(exc))]
    if day and info and day < info.birth_date:
        return [Problem(where, "状态日期", f"{day}早于出生日期{info.birth_date}")]
    return []


def _card(card: CardRecord, where: str) -> list[Problem]:
    out: list[Problem] = []
    number = re.sub(r"\s", "", card.card_number)
    if not _CARD.match(number):
        out.append(Problem(where, "卡号", f"“{card.card_number}”应为12-19位数字"))
    if card.card_type not in glossary.CARD_TYPES:
        out.append(Problem(where, "卡折类型", f"未知的卡折类型“{card.card_type}”"))
    if card.custodian not in glossary.CUSTODIANS:
        out.append(Problem(where, "保管情况", f"未知的保管情况“{card.custodian}”"))
    if card.custodian in ("family", "cadre", "other") and not card.custodian_name.strip():
        out.append(Problem(where, "保管人姓名",
                           f"卡由{glossary.CUSTODIANS[card.custodian]}保管时要填写保管人姓名"))
    if card.fee_charged < 0:
        out.append(Problem(where, "收费金额", "不能为负数"))
    return out


def _cards_unique(record: HouseholdRecord) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for i, m in enumerate(record.members):
        for card in m.cards:
            number = re.sub(r"\s", "", card.card_number)
            if number and number in seen:
                out.append(Problem(f"成员第{i + 1}行（{m.name}）", "卡号",
                                   f"卡号{number}在本户重复"))
            seen.add(number)
    return out


def _statements(record: HouseholdRecord) -> list[Problem]:
    out = []
    for i, s in enumerate(record.statements):
        where = f"补贴核对第{i + 1}行"
        if not 0 <= s.member < len(record.members):
            out.append(Problem(where, "成员", "所指的成员不存在"))
        if not _PERIOD.match(s.period or ""):
            out.append(Problem(where, "期间", f"“{s.period}”应写成 2025 或 2025-12"))
        if s.amount is not None and s.amount < 0:
            out.append(Problem(where, "自述金额", "不能为负数"))
        if s.received is False and s.amount:
            out.append(Problem(where, "自述金额", "答“未收到”时金额应为空或0"))
        try:
            parse_date(s.received_date)
        except ValueError as exc:
            out.append(Problem(where, "收到日期", str(exc)))
    return out


def _visit(v: VisitRecord) -> list[Problem]:
    where, out = "入户核查", []
    if v.result not in ("", "verified", "unable"):
        out.append(Problem(where, "核查结果", f"未知的结果“{v.result}”"))
    if v.result and not v.visit_date:
        out.append(Problem(where, "核查日期", "填写了核查结果时必须填写核查日期"))
    if v.result and not v.verifiers.strip():
        out.append(Problem(where, "核查人", "填写了核查结果时必须填写核查人"))
    if v.result == "unable" and not v.reason.strip():
        out.append(Problem(where, "无法核查原因", "无法核查时必须说明原因"))
    try:
        parse_date(v.visit_date)
    except ValueError as exc:
        out.append(Problem(where, "核查日期", str(exc)))
    return out
