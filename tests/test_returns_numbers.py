"""Every shipped template's numbers against independent SQL on the demo county."""

from __future__ import annotations

import pytest

from tests.returns_data import add_issues
from ykt_desktop.returns.engine import TOTAL_KEY, fill
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


def issue_total(db, item_id, categories, field="amount", statuses=None):
    sql = (f"SELECT SUM({field}) FROM issues WHERE item_id = ? AND category IN "
           f"({','.join('?' * len(categories))})")
    args = [item_id, *categories]
    if statuses:
        sql += f" AND status IN ({','.join('?' * len(statuses))})"
        args += statuses
    return one(db, sql, args)


def test_every_template_fills_and_passes_its_rules_on_the_demo(db):
    for template in list_templates():
        filled = fill(db, template, COUNTY, PERIOD)
        assert filled.rows[-1].key == TOTAL_KEY
        assert failures(filled) == [], template.key


def test_tianmen_wenti_tongji_amounts_by_category(db):
    filled = fill(db, get_template("tianmen_wenti_tongji"), COUNTY, PERIOD)
    cells = by_item(filled)
    named = ["tanwu", "jieliu", "xubao", "sicun", "kekou", "chaobiao", "buji_shi", "buzu_e",
             "jiecun", "gongshi", "fei_yikatong", "ying_xiang_wei_xiang"]
    rest = [r[0] for r in db.execute("SELECT code FROM issue_categories").fetchall()
            if r[0] not in named]
    assert len(cells) == len(items(db))
    for item_id, *_ in items(db):
        for n, cat in enumerate(named, start=1):
            assert cells[item_id][f"c{n}"] == pytest.approx(issue_total(db, item_id, [cat]) / 1e4)
        assert cells[item_id]["c13"] == pytest.approx(issue_total(db, item_id, rest) / 1e4)
    total = filled.rows[-1].cells
    assert total["c1"].value == pytest.approx(one(db, "SELECT SUM(amount) FROM issues "
                                                      "WHERE category = 'tanwu'") / 1e4)
    assert total["name"].value == "合计"
    # every issue's money lands in exactly one column
    assert sum(total[f"c{n}"].value for n in range(1, 14)) == pytest.approx(
        one(db, "SELECT SUM(amount) FROM issues") / 1e4)


def payments_of(db, item_id):
    return db.execute(
        "SELECT p.person_id, p.household_id, p.amount_due, p.amount_paid, p.status, "
        "COALESCE(h.verify_status, 'pending'), h.head_person_id FROM payments p "
        "LEFT JOIN households h ON h.id = p.household_id "
        "WHERE p.item_id = ? AND p.period LIKE '2025%'", [item_id]).fetchall()


def test_tongchuan_paicha_numbers(db):
    filled = fill(db, get_template("tongchuan_paicha_tongji"), COUNTY, PERIOD)
    cells = by_item(filled)
    status_of = dict(db.execute("SELECT id, status FROM persons").fetchall())
    issue_subjects = db.execute("SELECT item_id, person_id, household_id FROM issues").fetchall()
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
        paid = sum(r[3] for r in rows if r[4] == "paid")
        assert c["c1"] == len(everyone)
        assert c["c2"] == pytest.approx(sum(r[2] for r in rows) / 1e4)
        assert c["c3"] == pytest.approx(paid / 1e4)
        assert c["c4"] == pytest.approx(paid / 1e4 if channel == "card" else 0)
        assert c["c7"] == standard
        assert c["c8"] == len(checked)
        assert c["c9"] == pytest.approx(sum(r[3] for r in rows if r[4] == "paid"
                                            and r[5] != "pending") / 1e4)
        assert c["c10"] == pytest.approx(one(db, "SELECT SUM(amount) FROM issues "
                                                 "WHERE item_id = ?", [item_id]) / 1e4)
        assert c["c11"] == len({s for r in rows if r[5] == "verified"
                                for s in [subject(r)] if s not in with_issue})
        assert c["c15"] == len({subject(r) for r in rows if r[5] == "unable"})
        assert c["c16"] == len(everyone - checked)
        assert c["c17"] == len(away)
        n_issues = one(db, "SELECT COUNT(*) FROM issues WHERE item_id = ?", [item_id])
        closed = one(db, "SELECT COUNT(*) FROM issues WHERE item_id = ? AND status = 'closed'",
                     [item_id])
        assert (c["c19"], c["c20"], c["c21"]) == (n_issues, closed, n_issues - closed)
    assert filled.rows[-1].cells["c7"].value is None        # 第7栏 standards are not summed


def test_tongchuan_faxian_numbers(db):
    filled = fill(db, get_template("tongchuan_faxian_wenti"), COUNTY, PERIOD)
    cells = by_item(filled)
    for item_id, *_ in items(db):
        rows = payments_of(db, item_id)
        c = cells[item_id]
        assert c["c1"] == pytest.approx(issue_total(db, item_id, ["tanwu"]) / 1e4)
        assert c["c7"] == pytest.approx(sum(max(r[3] - r[2], 0) for r in rows
                                            if r[4] == "paid") / 1e4)
        assert c["c11"] == pytest.approx(sum(max(r[2] - r[3], 0) for r in rows
                                             if r[4] == "paid") / 1e4)
        assert c["c13"] == one(db, "SELECT COUNT(*) FROM issues WHERE item_id = ? "
                                   "AND category = 'daiguan'", [item_id])
        gongshi = one(db, "SELECT COUNT(*) FROM issues WHERE item_id = ? AND category = "
                          "'gongshi'", [item_id])
        assert c["c14"] == ("是" if gongshi else "")
        assert c["c16"] == one(db, "SELECT COUNT(DISTINCT person_id) FROM issues WHERE "
                                   "item_id = ? AND category = 'ying_tui_wei_tui'", [item_id])
        fees = db.execute("SELECT COUNT(*), SUM(amount) FROM issues WHERE item_id = ? AND "
                          "category = 'shoufei'", [item_id]).fetchone()
        assert c["c18"] == (f"{fees[0]}项，{fees[1]:.2f}元" if fees[0] else "")
        assert c["c19"] is None
        assert c["c20"] == pytest.approx(sum(c[f"c{n}"] for n in range(1, 13)))
    assert any(v["c14"] == "是" for v in cells.values())
    assert any(v["c18"] for v in cells.values())


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
        assert c["c16"] == pytest.approx(one(db, "SELECT SUM(recovered_amount) FROM issues "
                                                 "WHERE village_code LIKE ?", [like]) / 1e4)
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
    assert sum(r.cells["c17"].value for r in village_fill.data_rows()) == pytest.approx(
        one(db, "SELECT SUM(returned_amount) FROM issues WHERE village_code LIKE ?",
            [town[:9] + "%"]) / 1e4)


def test_issue_lists_and_ledgers(db):
    issues = fill(db, get_template("wenti_qingdan"), COUNTY, PERIOD)
    expected = db.execute("SELECT issue_no, amount FROM issues ORDER BY issue_no").fetchall()
    assert [(r.cells["issue_no"].value, r.cells["amount"].value)
            for r in issues.data_rows()] == expected
    assert issues.rows[-1].cells["amount"].value == pytest.approx(sum(e[1] for e in expected))
    rect = fill(db, get_template("zhenggai_qingdan"), COUNTY, PERIOD)
    closed = [r.cells["closed"].value for r in rect.data_rows()]
    assert closed.count("是") == one(db, "SELECT COUNT(*) FROM issues WHERE status = 'closed'")

    failed = fill(db, get_template("fafang_shibai_taizhang"), COUNTY, PERIOD)
    rows = db.execute("SELECT p.amount_due, p.card_number FROM payments p WHERE p.status = "
                      "'failed' AND p.period LIKE '2025%' ORDER BY p.village_code, p.period, "
                      "p.id").fetchall()
    assert [(r.cells["amount"].value, r.cells["card"].value) for r in failed.data_rows()] == rows

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
    assert other.rows[-1].cells["c2"].value == pytest.approx(one(
        db, "SELECT SUM(amount_due) FROM payments WHERE village_code = ? AND period LIKE "
            "'2025%'", [village]) / 1e4)
