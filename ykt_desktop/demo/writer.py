"""Bulk writes of the demo county: executemany inside the caller's transaction."""

from __future__ import annotations

import random

import sqlite_utils

from ykt_desktop import idcard
from ykt_desktop.demo import names
from ykt_desktop.demo.params import DemoParams
from ykt_desktop.demo.payments import PAYMENT_COLUMNS
from ykt_desktop.demo.population import Household
from ykt_desktop.demo.village_extras import VillageExtras

BULK_TABLES = ("households", "persons", "members", "cards", "payments", "statements")
DISABILITY_TYPES = ("视力", "听力", "言语", "肢体", "智力", "精神")
GRADES = ("", "一级", "二级", "三级", "四级")
ISSUER = {"social_security": "人力资源和社会保障局", "passbook": "财政局", "bank": "代理银行"}


def drop_indexes(db: sqlite_utils.Database) -> list[str]:
    """Drop the bulk tables' secondary indexes; returns their SQL to rebuild them after."""
    marks = ",".join("?" * len(BULK_TABLES))
    rows = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})", list(BULK_TABLES)).fetchall()
    for name, _ in rows:
        db.execute(f"DROP INDEX {name}")
    return [sql for _, sql in rows]


def create_indexes(db: sqlite_utils.Database, sqls: list[str]) -> None:
    for sql in sqls:
        db.execute(sql)


def insert(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], rows: list) -> None:
    if rows:
        db.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            rows)


def write_village(db: sqlite_utils.Database, households: list[Household], payments: list,
                  extras: VillageExtras) -> None:
    verify = extras.verify
    insert(db, "households", ("id", "hh_no", "village_code", "group_code", "address",
                              "head_person_id", "phone", "verify_status", "verify_reason",
                              "verified_by", "verified_at"),
           [(hh.id, hh.hh_no, hh.village_code, hh.group_code, hh.address, hh.head.id, hh.phone,
             *verify.get(hh.id, ("pending", "", "", None))) for hh in households])
    people = [(hh, p) for hh in households for p in hh.members]
    insert(db, "persons", ("id", "id_number", "name", "name_initials", "sex", "birth_date",
                           "status", "death_date", "disability_cert", "disability_type",
                           "disability_grade", "phone"),
           [_person_row(hh, p) for hh, p in people])
    insert(db, "members", ("household_id", "person_id", "relation", "sort"),
           [(hh.id, p.id, p.relation, i) for hh in households for i, p in enumerate(hh.members)])
    insert(db, "cards", ("id", "person_id", "card_type", "bank", "card_number", "issuer_dept",
                         "custodian", "custodian_name", "consent", "activated", "fee_charged"),
           [(c[0], p.id, c[1], c[3], c[2], ISSUER.get(c[1], ""), *extras.custody[c[0]][:3], 1,
             extras.custody[c[0]][3]) for _, p in people for c in p.cards])
    insert(db, "payments", PAYMENT_COLUMNS, payments)
    _write_extras(db, extras)


def _person_row(hh: Household, p) -> tuple:
    if p.disability_grade:
        kind = (p.id % 6) + 1
        cert = f"{p.id_number}{kind}{p.disability_grade}"
        dtype, grade = DISABILITY_TYPES[kind - 1], GRADES[p.disability_grade]
    else:
        cert = dtype = grade = ""
    phone = hh.phone if p.relation == "户主" else ""
    return (p.id, p.id_number, p.name, names.initials(p.name), p.sex, p.birth.isoformat(),
            p.status, p.death_date.isoformat() if p.status == "dead" else None, cert, dtype,
            grade, phone)


def _write_extras(db: sqlite_utils.Database, extras: VillageExtras) -> None:
    insert(db, "cadre_list", ("id_number", "name", "village_code", "position", "relation",
                              "cadre_id_number"), extras.cadres)
    insert(db, "death_list", ("id_number", "name", "death_date", "source"), extras.deaths)
    insert(db, "statements", ("household_id", "person_id", "item_id", "period", "received",
                              "amount"), extras.statements)
    insert(db, "verifications", ("household_id", "visit_date", "verifiers", "result", "reason",
                                 "head_confirmed", "notes"), extras.visits)
    for hh_id, person_id, card_id, day, who, text in extras.issues:
        number = db.execute("SELECT count(*) + 1 FROM issues").fetchone()[0]
        cur = db.conn.execute(
            "INSERT INTO issues(issue_no, category, status, found_by, village_code, household_id,"
            " person_id, card_id, description, responsible_unit, created_by, created_at) "
            "VALUES (?, 'daiguan', 'registered', 'visit', ?, ?, ?, ?, ?, ?, ?, ?)",
            [f"{extras.spec.code}-WT{day[:4]}{number:06d}", extras.spec.code, hh_id, person_id,
             card_id, text,
             extras.spec.name + "村委会", who, day + " 10:00:00"])
        db.conn.execute(
            "INSERT INTO issue_events(issue_id, at, by_user, action, to_status, note) "
            "VALUES (?, ?, ?, 'create', 'registered', '入户核查发现')",
            [cur.lastrowid, day + " 10:00:00", who])


def write_outsiders(db: sqlite_utils.Database, rng: random.Random, n_persons: int,
                    params: DemoParams) -> None:
    """Death-list entries of people from elsewhere: real lists always contain some."""
    rows = []
    for i in range(max(3, n_persons // 1000)):
        birth = idcard.dt.date(1930 + rng.randrange(60), 1 + rng.randrange(12), 1)
        number = idcard.make("420997", birth, (2 * i + 1) % 1000)
        day = idcard.dt.date(params.year, 1 + rng.randrange(12), 1 + rng.randrange(28))
        rows.append((number, "外县人员", day.isoformat(), "公安"))
    insert(db, "death_list", ("id_number", "name", "death_date", "source"), rows)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    tables = ("regions", "households", "persons", "members", "cards", "payments", "statements",
              "verifications", "issues", "death_list", "cadre_list")
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
