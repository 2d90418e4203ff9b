"""一户一表 core: save/load in one transaction, validation, duplicate IDs, search, drafts,
candidate issues, migration."""

from __future__ import annotations

import datetime as dt

import pytest

from ykt_desktop import idcard, migrations
from ykt_desktop.households import drafts
from ykt_desktop.households.load import load_household, new_household
from ykt_desktop.households.placement import where_is
from ykt_desktop.households.problems import candidate_issues
from ykt_desktop.households.records import (
    Attachment,
    CardRecord,
    HouseholdRecord,
    IssueDraft,
    MemberRecord,
    StatementRecord,
)
from ykt_desktop.households.save import save_household
from ykt_desktop.households.search import HouseholdFilter, row_fetcher, search_ids
from ykt_desktop.households.subsidies import subsidy_lines
from ykt_desktop.households.validate import HouseholdError, validate
from ykt_desktop.pinyin import initials

NEW_IDS = [idcard.make("420999", dt.date(1950 + i, 3, 1 + i), 2 * i + 1) for i in range(4)]


def first_village(db) -> tuple[str, str]:
    return db.execute("SELECT v.code, g.code FROM regions v JOIN regions g ON g.parent_code = "
                      "v.code WHERE v.level = 'village' ORDER BY v.code, g.code LIMIT 1"
                      ).fetchone()


def four_people(db) -> HouseholdRecord:
    village, group = first_village(db)
    r = new_household(village, group)
    r.address, r.phone = "东风村一组88号", "13800001111"
    for name, relation, number in zip(("张三丰", "李秀英", "张伟", "张芳"),
                                      ("户主", "配偶", "子", "女"), NEW_IDS, strict=True):
        r.members.append(MemberRecord(name=name, id_number=number, relation=relation))
    r.members[0].cards.append(CardRecord(card_type="passbook", bank="中国农业银行",
                                         card_number="6228480000000000123", custodian="cadre",
                                         custodian_name="王书记", consent=False))
    item = db.execute("SELECT id FROM subsidy_items WHERE code = 'gaoling_80'").fetchone()[0]
    r.statements.append(StatementRecord(member=0, item_id=item, period="2025-12",
                                        received=True, amount=100.0))
    r.visit.visit_date, r.visit.verifiers, r.visit.result = "2026-03-01", "李明 张华", "verified"
    r.visit.signature = Attachment("户主签名.png", "image/png", b"\x89PNG-sig", kind="signature")
    r.visit.scans.append(Attachment("表.jpg", "image/jpeg", b"jpeg-bytes"))
    return r


def test_save_and_reload_everything(demo_db):
    r = four_people(demo_db)
    r.new_issues.append(IssueDraft(category="daiguan", description="卡由村干部保管",
                                   member=0, card=0))
    hid = save_household(demo_db, r, by_user="测试员")
    back = load_household(demo_db, hid)
    assert [m.name for m in back.members] == ["张三丰", "李秀英", "张伟", "张芳"]
    assert back.hh_no.startswith(r.village_code) and len(back.hh_no) == 16
    assert back.members[0].cards[0].custodian == "cadre"
    assert back.members[0].cards[0].consent is False
    assert back.statements[0].amount == 100.0 and back.statements[0].received is True
    assert back.visit.signature.data == b"\x89PNG-sig"
    assert [a.filename for a in back.visit.scans] == ["表.jpg"]
    row = demo_db.execute("SELECT verify_status, verified_by, head_person_id FROM households "
                          "WHERE id = ?", [hid]).fetchone()
    assert row[0] == "verified" and row[1] == "李明 张华"
    assert row[2] == back.members[0].person_id
    issue = demo_db.execute("SELECT category, person_id, card_id, created_by, found_by FROM "
                            "issues WHERE household_id = ?", [hid]).fetchone()
    assert issue == ("daiguan", back.members[0].person_id, back.members[0].cards[0].id,
                     "测试员", "visit")
    assert demo_db.execute("SELECT name_initials FROM persons WHERE id = ?",
                           [back.members[0].person_id]).fetchone()[0] == "zsf"
    # saving the reloaded form again changes nothing and raises no second issue
    assert save_household(demo_db, back) == hid
    assert load_household(demo_db, hid) == back
    assert demo_db.execute("SELECT count(*) FROM issues WHERE household_id = ?",
                           [hid]).fetchone()[0] == 1


def test_edit_remove_member_and_card(demo_db):
    hid = save_household(demo_db, four_people(demo_db))
    r = load_household(demo_db, hid)
    removed = r.members[3].person_id
    r.remove_member(3)
    r.members[0].cards[0].custodian, r.members[0].cards[0].custodian_name = "owner", ""
    r.members[1].status, r.members[1].status_date = "dead", "2025-10-01"
    save_household(demo_db, r)
    back = load_household(demo_db, hid)
    assert len(back.members) == 3
    assert back.members[0].cards[0].custodian == "owner"
    assert back.members[1].status == "dead" and back.members[1].status_date == "2025-10-01"
    # a person created by the form and removed again, with no records, is deleted
    assert demo_db.execute("SELECT count(*) FROM persons WHERE id = ?",
                           [removed]).fetchone()[0] == 0


def test_invalid_form_writes_nothing(demo_db):
    r = four_people(demo_db)
    r.members[2].id_number = NEW_IDS[2][:-1] + ("0" if NEW_IDS[2][-1] != "0" else "1")
    before = demo_db.execute("SELECT count(*) FROM households").fetchone()[0]
    with pytest.raises(HouseholdError) as err:
        save_household(demo_db, r)
    assert "成员第3行“身份证号”" in str(err.value) and "校验位错误" in str(err.value)
    assert demo_db.execute("SELECT count(*) FROM households").fetchone()[0] == before
    assert demo_db.execute("SELECT count(*) FROM persons WHERE id_number = ?",
                           [NEW_IDS[0]]).fetchone()[0] == 0


def test_validation_messages(demo_db):
    r = four_people(demo_db)
    r.members[1].relation = "户主"
    r.members[2].status = "dead"
    r.members[0].cards[0].custodian_name = ""
    r.visit.result, r.visit.reason = "unable", ""
    r.statements[0].period = "25年"
    text = "；".join(str(p) for p in validate(demo_db, r))
    assert "应有且只有一名户主，现有2名" in text
    assert "成员第3行“死亡日期”" in text
    assert "保管人姓名" in text
    assert "无法核查时必须说明原因" in text
    assert "补贴核对第1行“期间”" in text


def test_duplicate_id_placement_and_name_conflict(demo_db):
    rows = demo_db.execute(
        "SELECT p.id_number, p.name, h.hh_no, v.name FROM persons p JOIN members m ON "
        "m.person_id = p.id JOIN households h ON h.id = m.household_id JOIN regions v ON "
        "v.code = h.village_code ORDER BY p.id").fetchall()
    other = next(row for row in rows if idcard.is_valid(row[0]))   # the demo injects bad IDs
    found = where_is(demo_db, other[0])
    assert found and found[0].hh_no == other[2]
    assert other[3] in found[0].describe() and other[2] in found[0].describe()
    r = four_people(demo_db)
    r.members[3].id_number = other[0]
    problems = "；".join(str(p) for p in validate(demo_db, r))
    assert f"已登记为“{other[1]}”" in problems
    # the same person (same name) in a second household is allowed: one person, two members
    r.members[3].name = other[1]
    hid = save_household(demo_db, r)
    assert demo_db.execute("SELECT count(*) FROM persons WHERE id_number = ?",
                           [other[0]]).fetchone()[0] == 1
    assert len(where_is(demo_db, other[0])) == 2
    assert len(where_is(demo_db, other[0], exclude_household=hid)) == 1


def test_search_by_initials_name_id_and_filters(demo_db):
    hid = save_household(demo_db, four_people(demo_db))
    assert hid in search_ids(demo_db, HouseholdFilter(text="zsf"))
    assert hid in search_ids(demo_db, HouseholdFilter(text="ZSF"))
    assert hid in search_ids(demo_db, HouseholdFilter(text="张三"))
    assert hid in search_ids(demo_db, HouseholdFilter(text=NEW_IDS[2]))
    assert hid in search_ids(demo_db, HouseholdFilter(text=NEW_IDS[1][-6:]))
    village = first_village(demo_db)[0]
    assert hid in search_ids(demo_db, HouseholdFilter(village=village, status="verified",
                                                      has_problems=False, text="lxy"))
    assert hid not in search_ids(demo_db, HouseholdFilter(status="pending"))
    # against independent SQL: every household with a member whose initials start with "w"
    expected = {r[0] for r in demo_db.execute(
        "SELECT DISTINCT m.household_id FROM members m JOIN persons p ON p.id = m.person_id "
        "WHERE substr(p.name_initials, 1, 1) = 'w'")}
    assert set(search_ids(demo_db, HouseholdFilter(text="w"))) == expected
    town = village[:9] + "000"
    expected = {r[0] for r in demo_db.execute(
        "SELECT id FROM households WHERE substr(village_code, 1, 9) = ? "
        "AND verify_status = 'pending'", [town[:9]])}
    assert set(search_ids(demo_db, HouseholdFilter(township=town, status="pending"))) == expected
    problems = {r[0] for r in demo_db.execute(
        "SELECT household_id FROM issues WHERE status != 'closed' AND household_id IS NOT NULL")}
    assert set(search_ids(demo_db, HouseholdFilter(has_problems=True))) == problems
    row = row_fetcher(demo_db)([hid])[hid]      # no session (command line): whole numbers
    assert row[4] == "张三丰" and "*" not in row[5] and row[6] == 4 and row[9] == "已核查"
    from ykt_desktop.security.session import Session, attach
    attach(demo_db, Session("jj", "inspector"))   # masked by role (tests/test_security_display)
    assert "*" in row_fetcher(demo_db)([hid])[hid][5]


def test_pinyin_initials():
    assert initials("张三丰") == "zsf"
    assert initials("李 秀英") == "lxy"


def test_subsidy_lines_and_mismatch(demo_db):
    row = demo_db.execute(
        "SELECT s.household_id, s.person_id, s.item_id, s.period FROM statements s "
        "JOIN payments p ON p.person_id = s.person_id AND p.item_id = s.item_id "
        "AND p.period = s.period AND p.amount_paid > 0 LIMIT 1").fetchone()
    r = load_household(demo_db, row[0])
    member = [m.person_id for m in r.members].index(row[1])
    lines = [ln for ln in subsidy_lines(demo_db, r) if (ln.member, ln.item_id, ln.period) ==
             (member, row[2], row[3])]
    assert len(lines) == 1 and lines[0].official is not None
    s = r.statements[lines[0].statement]
    s.received, s.amount = True, lines[0].official.paid
    assert lines[0].mismatch(r) == ""
    s.amount = lines[0].official.paid / 2
    assert "平台显示发放" in lines[0].mismatch(r)
    s.received, s.amount = False, None
    assert "自述未收到" in lines[0].mismatch(r)
    kinds = {d.category for d in candidate_issues(demo_db, r)}
    assert "kekou" in kinds


def test_candidate_issues_from_the_form(demo_db):
    r = four_people(demo_db)
    r.members[1].cards.append(CardRecord(card_number="6222020000000000999", fee_charged=20.0))
    found = candidate_issues(demo_db, r)
    cats = sorted(d.category for d in found)
    assert cats == ["daiguan", "fei_yikatong", "shoufei"]  # stated 100, no platform record
    daiguan = next(d for d in found if d.category == "daiguan")
    assert "王书记" in daiguan.description and daiguan.card == 0 and daiguan.member == 0
    r.new_issues.append(daiguan)
    assert "daiguan" not in {d.category for d in candidate_issues(demo_db, r)}


def test_issue_already_registered_is_not_offered_again(demo_db):
    r = four_people(demo_db)
    r.members[1].cards.append(CardRecord(card_number="6222020000000000777", custodian="cadre",
                                         custodian_name="李会计", consent=False))
    offered = [d for d in candidate_issues(demo_db, r) if d.category == "daiguan"]
    assert [(d.member, d.card) for d in offered] == [(0, 0), (1, 0)]
    r.new_issues.append(offered[0])
    back = load_household(demo_db, save_household(demo_db, r, by_user="测试员"))
    assert back.new_issues == []
    again = candidate_issues(demo_db, back)
    # member 0's card is registered (same category and card): not offered; member 1's card is
    # another subject and the statement mismatch another category: both still offered
    assert sorted((d.category, d.member) for d in again) == [("daiguan", 1),
                                                             ("fei_yikatong", 0)]
    # an issue of the same category on another person does not hide this one
    assert {d.member for d in candidate_issues(demo_db, back) if d.category == "daiguan"} == {1}


def test_dead_but_paid_is_offered(demo_db):
    row = demo_db.execute(
        "SELECT m.household_id, p.person_id, min(p.period) FROM payments p JOIN members m ON "
        "m.person_id = p.person_id WHERE length(p.period) = 7 AND p.amount_paid > 0 "
        "GROUP BY p.person_id LIMIT 1").fetchone()
    r = load_household(demo_db, row[0])
    m = next(m for m in r.members if m.person_id == row[1])
    m.status, m.status_date = "dead", row[2] + "-01"
    found = [d for d in candidate_issues(demo_db, r) if d.category == "ying_tui_wei_tui"]
    assert found and found[0].amount > 0 and "死亡" in found[0].description


def test_drafts_round_trip(demo_db):
    r = four_people(demo_db)
    key = drafts.draft_key(None, "测试员")
    drafts.save_draft(demo_db, key, r, user="测试员")
    back, when = drafts.load_draft(demo_db, key)
    assert back == r and when
    drafts.delete_draft(demo_db, key)
    assert drafts.load_draft(demo_db, key) is None


def test_household_migration_applies_from_empty_and_twice(empty_db):
    assert "household_drafts" in empty_db.table_names()
    assert migrations.migrate(empty_db) == []
    for s in migrations.migration_sets():
        s.apply(empty_db)
    assert "household_drafts" in empty_db.table_names()
