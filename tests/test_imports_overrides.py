"""--mapping overrides only the fields it names; short item names get a proposal (issue 19
review)."""

from __future__ import annotations

from tests.imports_helpers import roster_rows, write_xlsx
from ykt_desktop.cli import main
from ykt_desktop.imports.items import candidates
from ykt_desktop.imports.preview import override_mapping
from ykt_desktop.storage import open_db

HEADER = ["公民身份号码", "姓名", "项目名称", "所属期", "本月款额", "发放日期", "银行卡号",
          "开户行", "发放状态"]


def test_override_keeps_the_automatic_fields():
    auto = {"id_number": "身份证号", "amount": "金额", "paid_date": "日期"}
    assert override_mapping(auto, {"amount": "款额"}) == {
        "id_number": "身份证号", "amount": "款额", "paid_date": "日期"}
    assert override_mapping(auto, {"paid_date": ""}) == {"id_number": "身份证号",
                                                         "amount": "金额"}
    # a header given to another field leaves the field it was guessed for
    assert override_mapping(auto, {"standard": "金额"}) == {
        "id_number": "身份证号", "standard": "金额", "paid_date": "日期"}


def test_cli_mapping_one_field_imports_with_the_rest_recognised(demo_path, tmp_path, capsys):
    db = open_db(demo_path)
    path = write_xlsx(tmp_path / "r.xlsx", HEADER, roster_rows(db, 3))
    db.close()
    code = main(["import-roster", "--db", str(demo_path), str(path),
                 "--mapping", "amount=本月款额"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "已导入发放名册3行" in out and "id_number" in out


def test_short_names_get_a_proposal(demo_db):
    assert [i.code for i in candidates(demo_db, "低保金")] == ["dibao"]
    assert [i.code for i in candidates(demo_db, "五保供养金")] == ["tekun"]
