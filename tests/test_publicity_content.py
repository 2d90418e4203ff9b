"""The notice's lines, subtotals and totals against independent SQL on the demo county."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from ykt_desktop.masking import DEFAULT_POLICY, mask_id
from ykt_desktop.publicity.model import NoticeRequest, PublicityError
from ykt_desktop.publicity.notice import build_notice

TOWNSHIP = "420999100000"
VILLAGE = "420999100200"
ITEMS = ("dibao", "gaoling_80", "kunnan_canji", "gengdi")


def expected(db, items, period_sql, args, scope_sql, scope_args):
    """(name, masked id, item name, count, amount) per person and item, written independently."""
    marks = ",".join("?" * len(items))
    rows = db.execute(f"""
        SELECT pe.name, pe.id_number, i.name, COUNT(*), ROUND(SUM(p.amount_paid), 2)
        FROM payments p JOIN persons pe ON pe.id = p.person_id
        JOIN subsidy_items i ON i.id = p.item_id
        WHERE p.status = 'paid' AND i.code IN ({marks}) AND {period_sql} AND {scope_sql}
        GROUP BY pe.id, i.id""", [*items, *args, *scope_args]).fetchall()
    return Counter((n, mask_id(idn), item, c, a) for n, idn, item, c, a in rows)


def got(notice):
    return Counter((c[1], c[2], c[4], line.count, line.amount)
                   for line in notice.lines if line.kind == "row"
                   for c in [line.cells])


def test_month_village_matches_sql(demo_db):
    notice = build_notice(demo_db, NoticeRequest(ITEMS, "2025-07", VILLAGE,
                                                 start_date=date(2025, 8, 1)))
    want = expected(demo_db, ITEMS, "(p.period = '2025-07' OR (p.period = '2025' AND "
                    "p.paid_date LIKE '2025-07-%'))", [], "p.village_code = ?", [VILLAGE])
    assert got(notice) == want
    assert notice.row_count == sum(want.values())
    assert notice.total_amount == pytest.approx(sum(k[4] * n for k, n in want.items()))
    assert notice.title == "东风村2025年7月惠民惠农财政补贴资金发放情况公示"
    assert notice.issuer == "东风村村民委员会"
    assert (notice.start, notice.end) == (date(2025, 8, 1), date(2025, 8, 7))


def test_year_township_matches_sql_and_subtotals_add_up(demo_db):
    notice = build_notice(demo_db, NoticeRequest(ITEMS, "2025", TOWNSHIP))
    want = expected(demo_db, ITEMS, "p.period LIKE '2025%'", [], "p.village_code LIKE ?",
                    ["420999100%"])
    assert got(notice) == want
    villages = {row[0] for row in demo_db.execute(
        "SELECT code FROM regions WHERE parent_code = ?", [TOWNSHIP])}
    assert len(villages) == 2
    group_sum = 0.0
    village_totals = []
    for line in notice.lines:
        if line.kind == "row":
            group_sum += line.amount
        elif line.kind == "subtotal" and line.cells[0].endswith("小计"):
            assert line.amount == pytest.approx(group_sum)
            group_sum = 0.0
        elif line.kind == "subtotal":
            village_totals.append(line.amount)
    assert len(village_totals) == 2
    assert sum(village_totals) == pytest.approx(notice.total_amount)
    assert notice.lines[-1].kind == "total"
    assert notice.lines[-1].amount == pytest.approx(notice.total_amount)


def test_group_scope_and_only_paid(demo_db):
    group = demo_db.execute("SELECT code FROM regions WHERE level = 'group' AND parent_code = ? "
                            "ORDER BY code LIMIT 1", [VILLAGE]).fetchone()[0]
    notice = build_notice(demo_db, NoticeRequest(("gengdi",), "2025", group))
    want = demo_db.execute("""
        SELECT COUNT(*) FROM payments p JOIN households h ON h.id = p.household_id
        JOIN subsidy_items i ON i.id = p.item_id
        WHERE i.code = 'gengdi' AND p.status = 'paid' AND h.group_code = ?""", [group]).fetchone()
    assert notice.row_count == want[0] > 0
    assert {line.cells[3] for line in notice.lines if line.kind == "row"} == {"一组"}
    failed = demo_db.execute("""
        SELECT pe.id_number, p.village_code FROM payments p JOIN persons pe ON pe.id = p.person_id
        JOIN subsidy_items i ON i.id = p.item_id
        WHERE i.code = 'dibao' AND p.period = '2025-10' AND p.status = 'failed'""").fetchone()
    month = build_notice(demo_db, NoticeRequest(("dibao",), "2025-10", failed[1]))
    shown = {line.cells[2] for line in month.lines if line.kind == "row"}
    paid_too = demo_db.execute("""
        SELECT COUNT(*) FROM payments p JOIN persons pe ON pe.id = p.person_id
        WHERE pe.id_number = ? AND p.period = '2025-10' AND p.status = 'paid'
          AND p.item_id = (SELECT id FROM subsidy_items WHERE code = 'dibao')""",
        [failed[0]]).fetchone()[0]
    assert (mask_id(failed[0], DEFAULT_POLICY) in shown) == bool(paid_too)


@pytest.mark.parametrize(("items", "period", "scope", "message"), [
    ((), "2025", VILLAGE, "至少选择"),
    (("nosuch",), "2025", VILLAGE, "不存在"),
    (("dibao",), "2025-13", VILLAGE, "格式不对"),
    (("dibao",), "2025", "420999000000", "不能是整个县"),
    (("dibao",), "2025", "999999999999", "找不到区划"),
    (("dibao",), "2019", VILLAGE, "没有发放成功"),
])
def test_bad_requests_are_refused_in_chinese(demo_db, items, period, scope, message):
    with pytest.raises(PublicityError, match=message):
        build_notice(demo_db, NoticeRequest(items, period, scope))


def test_short_posting_period_is_refused(demo_db):
    with pytest.raises(PublicityError, match="不得少于7天"):
        build_notice(demo_db, NoticeRequest(("dibao",), "2025", VILLAGE, days=5))


def test_payment_without_village_code_follows_its_household(demo_db):
    before = build_notice(demo_db, NoticeRequest(("gengdi",), "2025", VILLAGE))
    pid = demo_db.execute("SELECT p.id FROM payments p JOIN households h ON h.id = p.household_id "
                          "WHERE h.village_code = ? AND p.status = 'paid' AND p.item_id = "
                          "(SELECT id FROM subsidy_items WHERE code = 'gengdi') LIMIT 1",
                          [VILLAGE]).fetchone()[0]
    demo_db.execute("UPDATE payments SET village_code = NULL WHERE id = ?", [pid])
    after = build_notice(demo_db, NoticeRequest(("gengdi",), "2025", VILLAGE))
    assert after.row_count == before.row_count
    assert after.total_amount == pytest.approx(before.total_amount)
