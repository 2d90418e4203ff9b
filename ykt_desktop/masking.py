"""Masking of sensitive numbers by a configurable policy (个人信息保护法 §28).

The default shows an ID number's first 3 and last 4 digits, a card's last 4 digits, a phone's
first 3 and last 4, and never disability type or grade nor a full address. A county may change
the policy (stored under the ``masking_policy`` setting); every output names the policy it used.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import sqlite_utils

from ykt_desktop.settings import get_setting, set_setting

MASK = "*"


@dataclass(frozen=True)
class MaskingPolicy:
    id_head: int = 3
    id_tail: int = 4
    card_head: int = 0
    card_tail: int = 4
    phone_head: int = 3
    phone_tail: int = 4
    show_disability: bool = False
    show_address: bool = False

    def describe(self) -> str:
        """One line in Chinese, printed on notices and exports."""
        return (
            f"脱敏规则：身份证号显示前{self.id_head}位和后{self.id_tail}位；"
            f"卡号显示后{self.card_tail}位"
            + (f"及前{self.card_head}位" if self.card_head else "")
            + f"；电话显示前{self.phone_head}位和后{self.phone_tail}位"
            + ("" if self.show_disability else "；不显示残疾类别和等级")
            + ("" if self.show_address else "；不显示详细地址")
        )

    def to_dict(self) -> dict:
        return asdict(self)


DEFAULT_POLICY = MaskingPolicy()
# Limits a county cannot exceed: a public notice must never reveal a whole number.
MAX_ID_SHOWN = 10
MAX_CARD_SHOWN = 8
MAX_PHONE_SHOWN = 8


def load_policy(db: sqlite_utils.Database) -> MaskingPolicy:
    stored = get_setting(db, "masking_policy") or {}
    known = {f.name for f in fields(MaskingPolicy)}
    return MaskingPolicy(**{k: v for k, v in stored.items() if k in known})


def validate_policy(policy: MaskingPolicy) -> None:
    """Refuse a policy that would reveal too much (ValueError with a Chinese message)."""
    counts = {"身份证号": (policy.id_head, policy.id_tail), "卡号": (policy.card_head,
              policy.card_tail), "电话": (policy.phone_head, policy.phone_tail)}
    for what, pair in counts.items():
        if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in pair):
            raise ValueError(f"{what}显示位数应为不小于0的整数")
    if policy.id_head + policy.id_tail > MAX_ID_SHOWN:
        raise ValueError(f"身份证号最多显示{MAX_ID_SHOWN}位")
    if policy.card_head + policy.card_tail > MAX_CARD_SHOWN:
        raise ValueError(f"卡号最多显示{MAX_CARD_SHOWN}位")
    if policy.phone_head + policy.phone_tail > MAX_PHONE_SHOWN:
        raise ValueError(f"电话最多显示{MAX_PHONE_SHOWN}位")


def save_policy(db: sqlite_utils.Database, policy: MaskingPolicy) -> None:
    validate_policy(policy)
    set_setting(db, "masking_policy", policy.to_dict())


def mask_middle(value: str | None, head: int, tail: int) -> str:
    """Keep ``head`` leading and ``tail`` trailing characters, star the rest."""
    text = (value or "").strip()
    if not text:
        return ""
    if head + tail >= len(text):
        head, tail = min(head, len(text) // 3), min(tail, len(text) // 3)
    hidden = len(text) - head - tail
    return text[:head] + MASK * hidden + (text[-tail:] if tail else "")


def mask_id(number: str | None, policy: MaskingPolicy = DEFAULT_POLICY) -> str:
    return mask_middle(number, policy.id_head, policy.id_tail)


def mask_card(number: str | None, policy: MaskingPolicy = DEFAULT_POLICY) -> str:
    return mask_middle(number, policy.card_head, policy.card_tail)


def mask_phone(number: str | None, policy: MaskingPolicy = DEFAULT_POLICY) -> str:
    return mask_middle(number, policy.phone_head, policy.phone_tail)
