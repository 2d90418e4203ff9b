"""Audit values an officer can read: money to the 分 with thousands, 0/1 flags as 是/否, a
setting by its Chinese name, an issue event's attached data (比对规则 by its title, edited
fields by their Chinese names), a certificate as subject, fingerprint and validity instead of
its PEM text."""

from __future__ import annotations

import json
from collections.abc import Callable

from ykt_desktop import glossary
from ykt_desktop.pki.certs import common_name, load_pem_bundle, short_fp, unit_code_of
from ykt_desktop.unit_keys import fingerprint

MONEY_FIELDS = frozenset({"amount", "recovered_amount", "returned_amount", "amount_due",
                          "amount_paid", "standard", "self_returned_amount", "主动上缴资金"})
FLAG_FIELDS = frozenset({"must_change", "active", "referred", "exposed", "consent", "activated",
                         "head_confirmed", "fee_charged", "通报曝光"})
CERT_FIELDS = frozenset({"cert_pem", "chain_pem"})
SETTING_NAMES = {"unit": "本单位", "masking_policy": "号码脱敏规则", "checks.params": "比对参数",
                 "catalogue_year": "补贴目录年度", "publicity_hotlines": "公示监督电话",
                 "publicity_min_days": "公示最少天数"}
UNIT_FIELDS = {"level": "层级", "code": "代码", "name": "名称",
               # a 公示's masking policy (publicity export entries)
               "id_head": "身份证号显示前几位", "id_tail": "身份证号显示后几位",
               "card_head": "卡号显示前几位", "card_tail": "卡号显示后几位",
               "phone_head": "电话显示前几位", "phone_tail": "电话显示后几位",
               "show_disability": "显示残疾信息", "show_address": "显示住址"}
EVENT_KEYS = {"attachment_id": "佐证材料序号", "sha256": "文件指纹", "size": "大小",
              "比对规则": "比对规则", "对象": "身份证号"}
Text = Callable[[str], str]      # masks digit runs as the reader's role requires


def money(value: object) -> str:
    try:
        return f"{float(value):,.2f}"        # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def flag(value: object) -> str:
    return "是" if value in (1, True, "1") else "否" if value in (0, False, "0") else str(value)


# A head-file finding's category and reason (audit_head_problem entries, ykt_desktop.audit.head)
HEAD_PROBLEM_WORDS = {
    "kind": {"truncated": "日志末尾被截断", "rewritten": "日志被改写",
             "checkpoints": "签名检查点被删除", "sent_deleted": "上报链头记录被删除",
             "missing": "链头文件不见了", "forged": "链头文件被改动或替换",
             "schema": "数据库结构在本软件之外被改动"},
    "why": {"bad_signature": "签名无效", "foreign_key": "不是本单位的密钥所签",
            "unsigned": "没有签名", "unreadable": "无法读取"},
}


def head_problem_word(key: str, value: object) -> str | None:
    return HEAD_PROBLEM_WORDS.get(key, {}).get(str(value))


def scalar(key: str, value: object) -> str | None:
    """A money or flag field in words; None when ``key`` is neither."""
    if key in MONEY_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return money(value)
    if key in FLAG_FIELDS and value in (0, 1, True, False):
        return flag(value)
    return None


def setting_name(key: object) -> str:
    return SETTING_NAMES.get(str(key), str(key))


def setting_value(value: object) -> str:
    """A stored setting (JSON text): the unit as 县 演示县（420999000000）, a dict as 名：值."""
    data = _json(value)
    if isinstance(data, dict) and {"level", "code", "name"} <= data.keys():
        level = glossary.LEVELS.get(data["level"], data["level"])
        return f"{level} {data['name']}（{data['code']}）"
    if isinstance(data, dict):
        return "；".join(f"{UNIT_FIELDS.get(k, k)}：{_plain(v)}" for k, v in data.items())
    return _plain(data)


def event_data(value: object, *, text: Text, field: Callable[[str], str],
               rules: Callable[[], dict[str, str]]) -> str:
    """An issue event's ``data``: {"before": {...}, "after": {...}} as 字段：前 → 后, a check's
    {"比对规则": "dead_paid", ...} with the rule's title, other keys by their Chinese names."""
    data = _json(value)
    if not isinstance(data, dict):
        return text(_plain(data))
    if {"before", "after"} <= data.keys() and isinstance(data["after"], dict):
        old = data["before"] if isinstance(data["before"], dict) else {}
        return "；".join(f"{field(k)}：{_field_value(k, old.get(k))} → {_field_value(k, v)}"
                        for k, v in data["after"].items())
    parts = []
    for key, item in data.items():
        if key == "比对规则":
            shown = rules().get(str(item), str(item))
        elif key == "证据" and isinstance(item, dict):
            shown = str(item.get("说明") or _plain(item))
        elif key == "size" and isinstance(item, int):
            shown = f"{item / 1024:,.1f} KB"
        else:
            shown = _field_value(key, item)
        parts.append(f"{EVENT_KEYS.get(key) or field(key)}：{text(shown)}")
    return "；".join(parts)


def certificate(pem: object) -> str:
    """A certificate (or chain) as 主体、指纹、有效期 — never the PEM text."""
    try:
        certs = load_pem_bundle(str(pem), what="证书")
    except ValueError:
        return "（不是有效的证书）"
    return "；".join(
        f"{_subject(c)} 指纹 {short_fp(fingerprint(c))} 有效期 "
        f"{c.not_valid_before_utc.date()} 至 {c.not_valid_after_utc.date()}" for c in certs)


def _subject(cert) -> str:
    code = unit_code_of(cert)
    return f"{common_name(cert)}（{code}）" if code else common_name(cert)


def _field_value(key: str, value: object) -> str:
    if value is None or value == "":
        return "（空）"
    return scalar(key, value) or _plain(value)


def nested(value: object) -> str:
    """A list or dict value in words (not JSON)."""
    return _plain(value)


def _plain(value: object) -> str:
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{UNIT_FIELDS.get(k, k)}：{_plain(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "是" if value else "否"
    return "（空）" if value is None else str(value)


def _json(value: object) -> object:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
