"""Every shipped template's numbers against independent SQL on the demo county."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.returns_data import add_issues
from ykt_desktop.returns.engine import TOTAL_KEY, fill
from ykt_desktop.returns.figures import fen_to_unit
from ykt_desktop.returns.rules import failures
from ykt_desktop.returns.template import get_template, list_templates

COUNTY = "420999000000"
PERIOD = "2025"


@pytest.fixture
def db(demo_db):
    add_issues(demo_db)
    return demo_db


def one(db, sql, args=()):
    return db.execute(sql, list(args)).fetchone()[0] or 0


def items(db):
    return db.execute("SELECT id, name, basis, standard, channel FROM subsidy_items "
                      "WHERE active = 1 ORDER BY sort, id").fetchall()


def by_item(filled):
    return {r.source.group_key: {k: c.value for k, c in r.cells.items()}
            for r in filled.data_rows()}


def printed(db, table, where, args=(), field="amount"):
    """万元 as the returns print it: each village's 分 rounded 四舍五入, then added."""
    rows = db.execute(f"SELECT village_code, SUM(CAST(ROUND({field} * 100) AS INTEGER)) "
                      f"FROM {table} WHERE {where} GROUP BY village_code", list(args)).fetchall()
    return sum((fen_to_unit(r[1], "万元") for r in rows), Decimal("0.00"))


def item_where(item_id, categories, statuses=None):
    sql = "substr(created_at, 1, 4) = '2025' AND " + (
        "item_id IS NULL" if item_id is None else f"item_id = {int(item_id)}")
    sql += f" AND category IN ({','.join(repr(c) for c in categories)})"
    if statuses:
        sql += f" AND status IN ({','.join(repr(s) for s in statuses)})"
    return sql


def issue_total(db, item_id, categories, field="amount"):
    return printed(db, "issues", item_where(item_id, categories), field=field)


def test_every_template_fills_and_passes_its_rules_on_the_demo(db):
    for template in list_templates():
        filled = fill(db, template, COUNTY, PERIOD)
        assert filled.rows[-1].key == TOTAL_KEY
        assert failures(filled) == [], template.key


def test_tianmen_wenti_tongji_amounts_by_category(db):
    filled = fill(db, get_template("tianmen_wenti_tongji"), COUNTY, PERIOD)
    cells = by_item(filled)
    named = [["tanwu"], ["jieliu"], ["xubao"], ["sicun"], ["kekou"],
             ["chaobiao", "chaobiaozhun", "chaofanwei"], ["buji_shi"], ["buzu_e", "fafang_shibai"],
             ["jiecun"], ["gongshi"], ["fei_yikatong"], ["ying_xiang_wei_xiang"]]
    rest = [r[0] for r in db.execute("SELECT code FROM issue_categories").fetchall()
            if not any(r[0] in group for group in named)]
    assert list(cells) == [i[0] for i in items(db)] + [None]      # 未分项目 last
    assert filled.data_rows()[-1].label == "未分项目"
    for item_id in cells:
        for n, cats in enumerate(named, start=1):
            assert cells[item_id][f"c{n}"] == issue_total(db, item_id, cats)
        assert cells[item_id]["c13"] == issue_total(db, item_id, rest)
    total = filled.rows[-1].cells
    assert total["name"].value == "合计"
    for n in range(1, 14):      # 合计 = the printed rows added
        assert total[f"c{n}"].value == sum(c[f"c{n}"] for c in cells.values())
    # every issue of the year lands in exactly one column, items or not
    assert sum(total[f"c{n}"].value for n in range(1, 14)) == sum(
        issue_total(db, i, [r[0] for r in db.execute("SELECT code FROM issue_categories")])
        for i in cells)


def payments_of(db, item_id):
    return db.execute(
        "SELECT p.person_id, p.household_id, p.amount_due, p.amount_paid, p.status, "
        "COALESCE(h.verify_status, 'pending'), h.head_person_id FROM payments p "
        "LEFT JOIN households h ON h.id = p.household_id "
        "WHERE p.item_id = ? AND p.period LIKE '2025%'", [item_id]).fetchall()


def pay(db, item_id, extra="1"):
    return f"item_id = {int(item_id)} AND period LIKE '2025%' AND {extra}"


def test_tongchuan_paicha_numbers(db):
    filled = fill(db, get_template("tongchuan_paicha_tongji"), COUNTY, PERIOD)
    cells = by_item(filled)
    status_of = dict(db.execute("SELECT id, status FROM persons").fetchall())
    issue_subjects = db.execute("SELECT item_id, person_id, household_id FROM issues "
                                "WHERE created_at LIKE '2025%'").fetchall()
    verified = "household_id IN (SELECT id FROM households WHERE verify_status <> 'pending')"
    for item_id, _name, basis, standard, channel in items(db):
        rows = payments_of(db, item_id)
        subject = (lambda r: ("h", r[1])) if basis == "household" else (lambda r: ("p", r[0]))
        everyone = {subject(r) for r in rows}
        checked = {subject(r) for r in rows if r[5] != "pending"}
        with_issue = {subject(r) for r in rows if any(
            i[0] == item_id and (i[1] == r[0] or i[2] == r[1]) for i in issue_subjects)}
        person = (lambda r: r[6]) if basis == "household" else (lambda r: r[0])
        away = {subject(r) for r in rows if r[5] == "pending"
                and status_of.get(person(r)) in ("moved", "missing", "prison")}
        c = cells[item_id]
        paid = printed(db, "payments", pay(db, item_id, "status = 'paid'"), field="amount_paid")
        assert c["c1"] == len(everyone)
        assert c["c2"] == printed(db, "payments", pay(db, item_id), field="amount_due")
        assert c["c3"] == paid
        assert c["c4"] == (paid if channel == "card" else 0)
        assert c["c7"] == Decimal(str(standard)).quantize(Decimal("0.01"))
        assert c["c8"] == len(checked)
        assert c["c9"] == printed(db, "payments", pay(db, item_id, f"status = 'paid' AND "
                                                                    f"{verified}"),
                                  field="amount_paid")
        assert c["c10"] == printed(db, "issues", f"item_id = {item_id} AND "
                                                 f"created_at LIKE '2025%'")
        assert c["c11"] == len({s for r in rows if r[5] == "verified"
                                for s in [subject(r)] if s not in with_issue})
        assert c["c15"] == len({subject(r) for r in rows if r[5] == "unable"})
        assert c["c16"] == len(everyone - checked)
        assert c["c17"] == len(away)
        n_issues = one(db, "SELECT COUNT(*) FROM issues WHERE item_id = ? AND created_at LIKE "
                           "'2025%'", [item_id])
        closed = one(db, "SELECT COUNT(*) FROM issues WHERE item_id = ? AND status = 'closed' "
                         "AND created_at LIKE '2025%'", [item_id])
        assert (c["c19"], c["c20"], c["c21"]) == (n_issues, closed, n_issues - closed)
    assert filled.rows[-1].cells["c7"].value is None        # 第7栏 standards are not summed
    assert filled.rows[-1].cells["c19"].value == one(
        db, "SELECT COUNT(*) FROM issues WHERE created_at LIKE '2025%'")


def test_tongchuan_faxian_numbers(db):
    filled = fill(db, get_template("tongchuan_faxian_wenti"), COUNTY, PERIOD)
    cells = by_item(filled)
    year = "created_at LIKE '2025%'"
    for item_id in cells:
        c = cells[item_id]
        where = ("item_id IS NULL" if item_id is None else f"item_id = {item_id}") + f" AND {year}"
        assert c["c1"] == issue_total(db, item_id, ["tanwu"])
        assert c["c7"] == printed(db, "issues", f"{where} AND (category = 'chaobiaozhun' OR "
                                                f"(category = 'chaobiao' AND finding_id IN "
                                                f"(SELECT id FROM findings WHERE rule = "
                                                f"'over_standard')))")
        assert c["c8"] == printed(db, "issues", f"{where} AND (category = 'chaofanwei' OR "
                                                f"(category = 'chaobiao' AND finding_id IS NULL))")
        assert c["c11"] == issue_total(db, item_id, ["buzu_e", "fafang_shibai"])
        assert c["c13"] == one(db, f"SELECT COUNT(DISTINCT COALESCE('c' || card_id, 'i' || id)) "
                                   f"FROM issues WHERE {where} AND category = 'daiguan'")
        gongshi = one(db, f"SELECT COUNT(*) FROM issues WHERE {where} AND category = 'gongshi'")
        assert c["c14"] == ("是" if gongshi else "")
        assert c["c16"] == one(db, f"SELECT COUNT(DISTINCT person_id) FROM issues WHERE {where} "
                                   f"AND category = 'ying_tui_wei_tui'")
        fees = db.execute(f"SELECT description, amount FROM issues WHERE {where} AND "
                          f"category = 'shoufei'").fetchall()
        assert c["c18"] == ",".join(f"{d} {a:.2f}元" for d, a in fees)
        assert c["c19"] is None
        assert "c20" not in c               # the app's own sum column is not on the form
    assert any(v["c14"] == "是" for v in cells.values())
    assert any(v["c18"] for v in cells.values())
    assert filled.rows[-1].cells["c13"].value == 2


def test_tianmen_huizong_by_township_and_by_village(db):
    filled = fill(db, get_template("tianmen_wenti_huizong"), COUNTY, PERIOD)
    towns = db.execute("SELECT code, name FROM regions WHERE level = 'township' "
                       "ORDER BY sort, code").fetchall()
    assert [r.label for r in filled.data_rows()] == [t[1] for t in towns]
    for row, (code, _) in zip(filled.data_rows(), towns, strict=True):
        like = code[:9] + "%"
        c = {k: v.value for k, v in row.cells.items()}
        assert c["c1"] == one(db, "SELECT COUNT(DISTINCT m.person_id) FROM members m JOIN "
                                  "households h ON h.id = m.household_id "
                                  "WHERE h.village_code LIKE ?", [like])
        assert c["c3"] == one(db, "SELECT COUNT(*) FROM regions WHERE level = 'village' "
                                  "AND code LIKE ?", [like])
        assert c["c5"] == one(db, "SELECT COUNT(*) FROM households WHERE village_code LIKE ? "
                                  "AND verify_status <> 'pending'", [like])
        assert c["c8"] == one(db, "SELECT COUNT(DISTINCT c.id) FROM cards c JOIN members m ON "
                                  "m.person_id = c.person_id JOIN households h ON h.id = "
                                  "m.household_id WHERE h.village_code LIKE ? AND "
                                  "(c.custodian IN ('cadre','other','lost') OR c.consent = 0)",
                              [like])
        assert c["c16"] == printed(db, "issues", f"village_code LIKE '{like}' AND "
                                                 "created_at LIKE '2025%'",
                                   field="recovered_amount")
    total = filled.rows[-1].cells
    assert total["c11"].value == one(db, "SELECT SUM(referred) FROM issues")
    # 合计 adds the rows as the form does (a person in households of two townships counts twice)
    assert total["c1"].value == sum(one(
        db, "SELECT COUNT(DISTINCT m.person_id) FROM members m JOIN households h ON h.id = "
            "m.household_id WHERE h.village_code LIKE ?", [t[0][:9] + "%"]) for t in towns)
    # a township unit gets one row per village, from the same tables (aggregation upward)
    town = towns[0][0]
    village_fill = fill(db, get_template("tianmen_wenti_huizong"), town, PERIOD)
    villages = db.execute("SELECT code FROM regions WHERE level = 'village' AND parent_code = ? "
                          "ORDER BY sort, code", [town]).fetchall()
    assert len(village_fill.data_rows()) == len(villages)
    assert sum(r.cells["c17"].value for r in village_fill.data_rows()) == printed(
        db, "issues", f"village_code LIKE '{town[:9]}%'", field="returned_amount")


def test_issue_lists_and_ledgers(db):
    issues = fill(db, get_template("wenti_qingdan"), COUNTY, PERIOD)
    expected = db.execute("SELECT issue_no, amount FROM issues ORDER BY issue_no").fetchall()
    assert [(r.cells["issue_no"].value, float(r.cells["amount"].value))
            for r in issues.data_rows()] == expected
    assert issues.rows[-1].cells["amount"].value == sum(Decimal(str(e[1])) for e in expected)
    rect = fill(db, get_template("zhenggai_qingdan"), COUNTY, PERIOD)
    closed = [r.cells["closed"].value for r in rect.data_rows()]
    assert closed.count("是") == one(db, "SELECT COUNT(*) FROM issues WHERE status = 'closed'")

    failed = fill(db, get_template("fafang_shibai_taizhang"), COUNTY, PERIOD)
    rows = db.execute("SELECT p.amount_due, p.card_number FROM payments p WHERE p.status = "
                      "'failed' AND p.period LIKE '2025%' ORDER BY p.village_code, p.period, "
                      "p.id").fetchall()
    assert [(float(r.cells["amount"].value), r.cells["card"].value)
            for r in failed.data_rows()] == rows

    no_card = fill(db, get_template("weibanka_taizhang"), COUNTY, PERIOD)
    expected_ids = {r[0] for r in db.execute(
        "SELECT DISTINCT ps.id_number FROM payments p JOIN persons ps ON ps.id = p.person_id "
        "WHERE p.period LIKE '2025%' AND ps.id NOT IN (SELECT person_id FROM cards WHERE "
        "card_type = 'social_security' AND activated = 1)").fetchall()}
    assert {r.cells["id_number"].value for r in no_card.data_rows()} == expected_ids
    assert expected_ids


def test_scoped_by_region_prefix(db):
    village = db.execute("SELECT code FROM regions WHERE level = 'village' ORDER BY code "
                         "LIMIT 1").fetchone()[0]
    filled = fill(db, get_template("wenti_qingdan"), village, PERIOD)
    assert len(filled.data_rows()) == one(db, "SELECT COUNT(*) FROM issues WHERE "
                                              "village_code = ?", [village])
    other = fill(db, get_template("tongchuan_paicha_tongji"), village, PERIOD)
    assert other.rows[-1].cells["c2"].value == sum(printed(    # 合计 = the printed items added
        db, "payments", f"village_code = '{village}' AND period LIKE '2025%' AND item_id = {i}",
        field="amount_due") for i, *_ in items(db))
