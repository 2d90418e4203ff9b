"""Template files: shipped ones load; a county's edited copy is validated with clear messages;
drafts and drill-down."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest

from tests.returns_data import add_issues
from ykt_desktop.returns.drafts import load_draft, save_draft
from ykt_desktop.returns.drill import drill, drill_rows
from ykt_desktop.returns.engine import TOTAL_KEY, fill, set_cell
from ykt_desktop.returns.figures import fen_to_unit
from ykt_desktop.returns.template import (
    TemplateError,
    get_template,
    list_templates,
    load_template_file,
    templates_dir,
)

COUNTY = "420999000000"
SHIPPED = {"tianmen_wenti_tongji", "tianmen_wenti_huizong", "tongchuan_paicha_tongji",
           "tongchuan_faxian_wenti", "wenti_qingdan", "zhenggai_qingdan", "weibanka_taizhang",
           "fafang_shibai_taizhang"}


def test_shipped_templates():
    templates = {t.key: t for t in list_templates()}
    assert set(templates) == SHIPPED
    paicha = templates["tongchuan_paicha_tongji"]
    numbers = [c.number for c in paicha.columns if c.number.isdigit()]
    assert numbers == [str(n) for n in range(1, 22)]
    assert [r.text for r in paicha.rules] == ["c3 = c4 + c5 + c6", "c8 = c11 + c14 + c15",
                                             "c16 = c17 + c18", "c16 = c1 - c8",
                                             "c19 = c20 + c21"]
    assert not paicha.column("c7").total
    tianmen = templates["tianmen_wenti_tongji"]
    assert [c.title[-1] for c in tianmen.columns][2:6] == ["贪污侵占", "截留挪用", "虚报冒领",
                                                          "私存私分"]
    for template in templates.values():
        assert template.footer[:2] == ("填表单位（盖章）", "负责人")


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["columns"][4].update(measure="nope"), "measure“nope”不认识"),
    (lambda d: d["rules"].append({"rule": "c3 == c99"}), "不存在的栏目“c99”"),
    (lambda d: d["rules"].append({"rule": "c3 == name"}), "文字栏目"),
    (lambda d: d["rules"].append({"rule": "c3 === c4"}), "第6条规则"),
    (lambda d: d["columns"][1].pop("field"), "缺少 field"),
    (lambda d: d["rows"].update(source="x"), "rows.source"),
    (lambda d: d["columns"][5].update(format="percent"), "format“percent”"),
])
def test_a_countys_edited_copy_is_checked(tmp_path, change, message):
    data = json.loads((templates_dir() / "tongchuan_paicha_tongji.json").read_text("utf-8"))
    change(data)
    path = tmp_path / "my_county.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        load_template_file(path)
    assert "my_county.json" in str(err.value) and message in str(err.value)


def test_broken_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"key": "x",\n  "name": }', encoding="utf-8")
    with pytest.raises(TemplateError, match="bad.json 第2行第11列"):
        load_template_file(path)


def test_copied_template_in_own_folder(demo_db, tmp_path):
    tmp_path = tmp_path / "templates"
    tmp_path.mkdir()
    shutil.copy(templates_dir() / "wenti_qingdan.json", tmp_path / "a.json")
    data = json.loads((tmp_path / "a.json").read_text("utf-8"))
    data.update(key="my_list", name="我县问题清单", title="我县问题清单")
    data["columns"] = [c for c in data["columns"] if c["key"] != "id_number"]
    (tmp_path / "a.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    mine = get_template("我县问题清单", tmp_path)
    filled = fill(demo_db, mine, COUNTY, "2025")
    assert "id_number" not in filled.rows[-1].cells
    assert get_template(str(tmp_path / "a.json")).key == "my_list"
    (tmp_path / "b.json").write_text("{", encoding="utf-8")
    problems: list[str] = []
    assert [t.key for t in list_templates(tmp_path, errors=problems)] == ["my_list"]
    assert "b.json" in problems[0]


def test_drafts_keep_hand_cells_and_footer(demo_db):
    template = get_template("tongchuan_faxian_wenti")
    filled = fill(demo_db, template, COUNTY, "2025")
    row = filled.data_rows()[2]
    set_cell(filled, row.key, "c19", "未开展上门服务")
    set_cell(filled, row.key, "c1", "0.3")
    filled.footer = {"负责人": "王五", "填表人": "赵六"}
    save_draft(demo_db, filled)
    again = fill(demo_db, template, COUNTY, "2025")
    cells = again.row(row.key).cells
    assert cells["c19"].value == "未开展上门服务" and cells["c19"].edited
    assert cells["c1"].value == Decimal("0.30") and cells["c1"].computed == 0
    assert cells["c1"].edited
    assert again.rows[-1].cells["c1"].value == Decimal("0.30")
    assert again.footer["负责人"] == "王五"
    assert load_draft(demo_db, template.key, COUNTY, "2025")["status"] == "draft"
    assert fill(demo_db, template, COUNTY, "2024").row(row.key).cells["c19"].value is None
    set_cell(again, row.key, "c1", "0")                              # back to the data
    save_draft(demo_db, again)
    assert list(load_draft(demo_db, template.key, COUNTY, "2025")["cells"]) == [
        f"{row.key}|c19"]


def test_drill_down_to_database_rows(demo_db):
    ids = add_issues(demo_db)
    filled = fill(demo_db, get_template("tianmen_wenti_tongji"), COUNTY, "2025")
    dibao = next(r for r in filled.data_rows() if r.label == "城乡居民最低生活保障金")
    found = drill(demo_db, filled, dibao.key, "c1")                 # 贪污侵占
    assert found.kind == "issues" and found.ids == [ids[0]]
    headers, rows = drill_rows(demo_db, found)
    assert headers[0] == "问题编号" and rows[0][1] == "贪污侵占"
    everything = drill(demo_db, filled, TOTAL_KEY, "c13")
    other = {r[0] for r in demo_db.execute(
        "SELECT id FROM issues WHERE category IN ('qita', 'daiguan', 'ying_tui_wei_tui', "
        "'yirenduoka', 'shoufei', 'youqin', 'renkafenli', 'zouguochang')").fetchall()}
    assert set(everything.ids) == other

    paicha = fill(demo_db, get_template("tongchuan_paicha_tongji"), COUNTY, "2025")
    first = paicha.data_rows()[0]
    money = drill(demo_db, paicha, first.key, "c3")
    assert money.kind == "payments"
    per_village = demo_db.execute(
        "SELECT SUM(CAST(ROUND(amount_paid * 100) AS INTEGER)) FROM payments WHERE id IN ({}) "
        "GROUP BY village_code".format(",".join("?" * len(money.ids))), money.ids).fetchall()
    assert sum(fen_to_unit(r[0], "万元") for r in per_village) == first.cells["c3"].value
    from ykt_desktop.security.session import Session, attach, detach
    attach(demo_db, Session("jj", "inspector"))     # masked by role (tests/test_security_display)
    headers, rows = drill_rows(demo_db, money)
    assert "身份证号" in headers and all("*" in r[2] for r in rows)
    detach(demo_db)
    people = drill(demo_db, paicha, first.key, "c8")
    assert people.kind == "households" and len(people.ids) == first.cells["c8"].value

    listing = fill(demo_db, get_template("wenti_qingdan"), COUNTY, "2025")
    assert drill(demo_db, listing, listing.data_rows()[1].key, "amount").ids == [ids[1]]
    assert drill(demo_db, filled, dibao.key, "name").ids == []
