"""Word pools for demo data: names, places, banks. Nothing here is a real person."""

from __future__ import annotations

import random

from ykt_desktop.pinyin import initial, initials  # noqa: F401 - re-exported for the demo

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
# Rough weights: the common surnames are much more frequent.
SURNAME_WEIGHTS = tuple(max(1, 30 - i // 2) for i in range(len(SURNAMES)))
MALE_CHARS = "伟强军勇杰涛明超刚平辉建国华文斌志红峰林鹏海波宇浩亮春生德成永福旺兴"
FEMALE_CHARS = "芳娟敏静丽艳娜秀英桂兰霞玲燕梅琴萍红凤云莲珍翠花雪慧婷佳"
TOWNSHIP_NAMES = (
    "城关镇", "河口镇", "东岳镇", "石桥乡", "柳林镇", "白沙乡", "新华镇", "青山乡", "红星镇",
    "双河镇", "长岭乡", "永安镇", "太平乡", "龙泉镇", "马坪乡", "黄岗镇", "杨林乡", "清水镇",
    "大埠乡", "高桥镇", "官庄乡", "三合镇", "兴隆乡", "五里镇", "西湖乡",
)
VILLAGE_FIRST = "东西南北新长永兴太和平安福寿金银石柳桃李杨梅花竹松青白红黄"
VILLAGE_SECOND = "风岭湾坪桥河山岗冲坝塘庄林湖田沟港园堰岭"
GROUP_NAMES = tuple(f"{n}组" for n in "一二三四五六七八九十")
BANKS = (
    ("中国农业银行", "622848"),
    ("中国邮政储蓄银行", "621799"),
    ("农村商业银行", "623059"),
    ("中国建设银行", "621700"),
    ("中国工商银行", "622202"),
)
CADRE_POSITIONS = ("村党支部书记", "村委会主任", "村委会副主任", "村监委会主任", "村报账员")
UNABLE_REASONS = ("举家外出务工", "户主长期住院", "房屋无人居住，电话联系不上")
VERIFIERS = ("李明 张华", "王强 刘芳", "陈刚 赵敏", "周涛 孙丽")


def person_name(rng: random.Random, surname: str, sex: str) -> str:
    pool = MALE_CHARS if sex == "M" else FEMALE_CHARS
    given = rng.choice(pool) if rng.random() < 0.35 else rng.choice(pool) + rng.choice(pool)
    return surname + given


def surname(rng: random.Random) -> str:
    return rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]


def village_name(index: int) -> str:
    first = VILLAGE_FIRST[index % len(VILLAGE_FIRST)]
    second = VILLAGE_SECOND[(index // len(VILLAGE_FIRST)) % len(VILLAGE_SECOND)]
    cycle = index // (len(VILLAGE_FIRST) * len(VILLAGE_SECOND))
    return f"{first}{second}{'' if cycle == 0 else cycle + 1}村"


def township_name(index: int) -> str:
    base = TOWNSHIP_NAMES[index % len(TOWNSHIP_NAMES)]
    cycle = index // len(TOWNSHIP_NAMES)
    return base if cycle == 0 else base[:-1] + f"{cycle + 1}" + base[-1]


def luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def card_number(bin6: str, serial: int) -> str:
    """A 19-digit card number with a valid Luhn check digit."""
    body = f"{bin6}{serial:012d}"
    return body + luhn_digit(body)
