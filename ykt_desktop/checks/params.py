"""Rule parameters as editable data: shipped defaults in ``resources/checks/params.json``,
the unit's changes in the setting ``checks.params`` (only the keys it changed)."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from ykt_desktop.db.database import write_transaction
from ykt_desktop.errors import UserError
from ykt_desktop.paths import resource
from ykt_desktop.record_versions import check_unchanged, setting_version
from ykt_desktop.settings import get_setting, set_setting

SETTING_KEY = "checks.params"
# Numeric parameters: (whole number?, least, greatest or None, what it is in words).
NUMBERS: dict[str, tuple[bool, float, float | None, str]] = {
    "amount_tolerance": (False, 0, None, "金额容差（元）"),
    "statement_tolerance": (False, 0, None, "对账单金额容差（元）"),
    "late_grace_days": (True, 0, 3650, "发放时限宽限天数"),
    "min_subsidy_cards": (True, 2, 100, "一人多卡的卡数下限"),
    "desk_max_visits_per_day": (True, 1, 1000, "每名核查人每天入户上限"),
    "desk_max_visits_per_hour": (True, 1, 1000, "每名核查人每小时入户上限"),
    "desk_min_answers": (True, 1, 1000, "雷同表格至少作答项数"),
    "desk_backcheck_max_rate": (False, 0, 1, "复核差异率上限（0–1）"),
    "desk_backcheck_min_households": (True, 1, 100000, "复核差异率的最少复核户数"),
}
LISTS = ("age_band_items", "subsidy_card_types", "held_custodians", "failed_statuses")


def default_params() -> dict[str, Any]:
    data = json.loads(resource("checks", "params.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def load_params(db: sqlite_utils.Database) -> dict[str, Any]:
    params = default_params()
    for key, value in (get_setting(db, SETTING_KEY, {}) or {}).items():
        if isinstance(value, dict) and isinstance(params.get(key), dict):
            params[key] = {**params[key], **value}
        else:
            params[key] = value
    return params


def save_params(db: sqlite_utils.Database, changes: dict[str, Any], *,
                expected_version: str | None = None) -> dict[str, Any]:
    """Store the unit's parameter changes (merged with earlier ones); returns the result.
    With ``expected_version`` (``params_version`` when the editor loaded them), parameters
    changed since are not overwritten: ``StaleRecordError``."""
    unknown = set(changes) - set(default_params())
    if unknown:
        raise UserError(f"未知的比对参数：{'、'.join(sorted(unknown))}")
    with write_transaction(db):
        check_unchanged(expected_version, params_version(db), "比对参数")
        stored = dict(get_setting(db, SETTING_KEY, {}) or {})
        stored.update(changes)
        validate({**default_params(), **changes})
        set_setting(db, SETTING_KEY, stored)
    return load_params(db)


def validate(params: dict[str, Any]) -> None:
    """Refuse (Chinese, naming the parameter and what is allowed) a value no rule can use."""
    problems = [_number_problem(key, params[key]) for key in NUMBERS if key in params]
    for key in LISTS:
        value = params.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"参数 {key} 应是文字列表，如 [\"a\", \"b\"]，不是 {value!r}")
    cats = params.get("categories", {})
    if not isinstance(cats, dict) or not all(isinstance(v, str) for v in cats.values()):
        problems.append("参数 categories 应是“规则: 问题类别代码”的对应表")
    problems = [p for p in problems if p]
    if problems:
        raise UserError("比对参数有误：" + "；".join(problems))


def _number_problem(key: str, value: Any) -> str:
    whole, least, most, what = NUMBERS[key]
    span = f"{least}–{most}" if most is not None else f"不小于 {least}"
    kind = "整数" if whole else "数"
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok and whole and float(value) != int(value):
        ok = False
    if ok and (value < least or (most is not None and value > most)):
        ok = False
    return "" if ok else f"参数 {key}（{what}）应是{span}的{kind}，不是 {value!r}"


def params_version(db: sqlite_utils.Database) -> str:
    return setting_version(db, SETTING_KEY)
