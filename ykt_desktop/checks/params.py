"""Rule parameters as editable data: shipped defaults in ``resources/checks/params.json``,
the unit's changes in the setting ``checks.params`` (only the keys it changed)."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from ykt_desktop.paths import resource
from ykt_desktop.record_versions import check_unchanged, setting_version
from ykt_desktop.settings import get_setting, set_setting

SETTING_KEY = "checks.params"


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
        from ykt_desktop.errors import UserError

        raise UserError(f"未知的比对参数：{'、'.join(sorted(unknown))}")
    with db.atomic():
        check_unchanged(expected_version, params_version(db), "比对参数")
        stored = dict(get_setting(db, SETTING_KEY, {}) or {})
        stored.update(changes)
        set_setting(db, SETTING_KEY, stored)
    return load_params(db)


def params_version(db: sqlite_utils.Database) -> str:
    return setting_version(db, SETTING_KEY)
