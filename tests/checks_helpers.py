"""A tiny hand-made county for rule tests: add people, cards and payments in a few lines."""

from __future__ import annotations

import datetime as dt
import itertools

from ykt_desktop import idcard
from ykt_desktop.regions import add_region

VILLAGE = "420999100200"
_seq = itertools.count(1)


class Tiny:
    def __init__(self, db) -> None:
        self.db = db
        add_region(db, code="420999100000", name="测试镇", level="township",
                   parent_code="420999000000")
        add_region(db, code=VILLAGE, name="测试村", level="village", parent_code="420999100000")
        self.items = {code: iid for iid, code in db.execute("SELECT id, code FROM subsidy_items")}

    def household(self) -> int:
        n = next(_seq)
        return self.db.execute("INSERT INTO households(hh_no, village_code) VALUES (?, ?)",
                               [f"{VILLAGE}{n:04d}", VILLAGE]).lastrowid

    def person(self, hh: int, *, born: dt.date = dt.date(1960, 5, 1), status: str = "normal",
               death: str | None = None, head: bool = False, number: str | None = None) -> tuple:
        number = number or idcard.make("420999", born, next(_seq) % 999)
        pid = self.db.execute(
            "INSERT INTO persons(id_number, name, birth_date, status, death_date) "
            "VALUES (?, ?, ?, ?, ?)", [number, f"人{pid_hint()}", born.isoformat(), status,
                                        death]).lastrowid
        self.db.execute("INSERT INTO members(household_id, person_id, relation) VALUES (?, ?, ?)",
                        [hh, pid, "户主" if head else "子"])
        if head:
            self.db.execute("UPDATE households SET head_person_id = ? WHERE id = ?", [pid, hh])
        return pid, number

    def card(self, pid: int, card_type: str = "social_security", **kw) -> tuple[int, str]:
        number = f"62170000{next(_seq):011d}"
        cols = {"person_id": pid, "card_type": card_type, "card_number": number, "bank": "农商行",
                **kw}
        cid = self.db.execute(
            f"INSERT INTO cards({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            list(cols.values())).lastrowid
        return cid, number

    def pay(self, pid: int, hh: int, code: str, period: str, *, paid: float | None = None,
            std: float | None = None, status: str = "paid", date: str | None = None,
            card: int | None = None) -> None:
        std = 350.0 if std is None else std
        paid = std if paid is None else paid
        if date is None:
            date = f"{period}-10" if len(period) == 7 else f"{period}-06-01"
        self.db.execute(
            "INSERT INTO payments(person_id, household_id, village_code, item_id, period, "
            "standard, amount_due, amount_paid, paid_date, card_id, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [pid, hh, VILLAGE, self.items[code], period, std, std,
             paid if status == "paid" else 0, date, card, status])


_names = itertools.count(1)


def pid_hint() -> int:
    return next(_names)
