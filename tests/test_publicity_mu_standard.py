"""A per-亩 subsidy (耕地地力保护补贴) shows its rate per 亩 on the notice, not the household's
whole payment as if it were the rate (“1,081.50元/亩” on a printed notice)."""

from __future__ import annotations

from ykt_desktop.publicity.beneficiaries import beneficiaries
from ykt_desktop.publicity.notice import NoticeRequest, build_notice

VILLAGE = "420999100200"


def test_gengdi_standard_is_the_rate_per_mu(demo_db):
    rate, unit = demo_db.execute(
        "SELECT standard, standard_unit FROM subsidy_items WHERE code = 'gengdi'").fetchone()
    stored = {r[0] for r in demo_db.execute(
        "SELECT DISTINCT p.standard FROM payments p JOIN subsidy_items i ON i.id = p.item_id "
        "WHERE i.code = 'gengdi' AND p.status = 'paid'")}
    assert unit == "mu" and stored - {rate}        # payments hold each household's whole sum
    shown = {(b.item_code, b.standard)
             for b in beneficiaries(demo_db, ("gengdi", "dibao"), "2025", VILLAGE)}
    assert {s for code, s in shown if code == "gengdi"} == {rate}
    dibao = {s for code, s in shown if code == "dibao"}
    assert dibao and dibao != {rate}               # other items keep the paid standard
    notice = build_notice(demo_db, NoticeRequest(("gengdi",), "2025", VILLAGE))
    cells = {line.cells[5] for line in notice.lines if line.kind == "row"}
    assert cells == {f"{rate:,.2f}元/亩"}
