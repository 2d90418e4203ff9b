"""Whole or masked numbers per role on every kind of screen row, and exports/signing refused in
the core to roles (or regions) that may not do them."""

from __future__ import annotations

import pytest

from ui.common.lazy_table import LazyTableModel
from ui.households.cards import CardsTab
from ui.households.members import MembersTab
from ykt_desktop.audit.query import AuditFilter, entry_ids
from ykt_desktop.audit.query import fetch as audit_rows
from ykt_desktop.forms_pdf.household_form import print_forms
from ykt_desktop.households.load import load_household
from ykt_desktop.households.search import LIST_HEADERS, row_fetcher
from ykt_desktop.ledger.query import fetch_issue_rows
from ykt_desktop.masking import load_policy, mask_card, mask_id, mask_phone
from ykt_desktop.progress import run
from ykt_desktop.publicity.jobs import build_job, export_job, record_job
from ykt_desktop.publicity.model import NoticeRequest
from ykt_desktop.returns.drill import Drill, drill_rows
from ykt_desktop.returns.engine import fill
from ykt_desktop.returns.service import export_return
from ykt_desktop.returns.template import get_template
from ykt_desktop.security import users
from ykt_desktop.security.display import number_view, show_card, show_id
from ykt_desktop.security.roles import in_scope
from ykt_desktop.security.session import PermissionDenied, Session, attach, detach

COUNTY, TOWNSHIP_A = "420999000000", "420999100000"
VILLAGE_A, VILLAGE_B, VILLAGE_C = "420999100200", "420999100201", "420999101200"
ACCOUNTS = {  # username: (role, unit)
    "admin": ("county_admin", COUNTY),
    "town": ("township_reviewer", TOWNSHIP_A),
    "clerk": ("village_clerk", VILLAGE_A),
    "jj": ("inspector", ""),
}
# (village A, village B in the same township, village C in another township): whole numbers?
WHOLE = {
    "admin": (True, True, True),
    "town": (True, True, False),
    "clerk": (True, False, False),
    "jj": (False, False, False),
}


def _log_in_all(db) -> dict[str, Session]:
    """The four accounts made through the security API; sessions from real log-ins."""
    users.add_user(db, "admin", "county_admin", "Root1234x", unit_code=COUNTY)
    out = {"admin": users.log_in(db, "admin", "Root1234x")[0]}
    for name, (role, unit) in ACCOUNTS.items():
        if name != "admin":
            users.add_user(db, name, role, f"Work{len(name)}567qz", unit_code=unit)
    for name in ACCOUNTS:
        if name != "admin":
            out[name] = users.log_in(db, name, f"Work{len(name)}567qz")[0]
    detach(db)
    return out


def _household(db, village):
    """A household of ``village`` whose head has a phone and one of whose members has a card."""
    return db.execute(
        "SELECT h.id FROM households h JOIN persons p ON p.id = h.head_person_id "
        "WHERE h.village_code = ? AND h.phone != '' AND EXISTS (SELECT 1 FROM members m "
        "JOIN cards c ON c.person_id = m.person_id WHERE m.household_id = h.id) "
        "ORDER BY h.id LIMIT 1", [village]).fetchone()[0]


@pytest.fixture
def logged(demo_db):
    return demo_db, _log_in_all(demo_db)


def test_household_list_member_and_card_tabs(qtbot, logged):
    db, sessions = logged
    policy = load_policy(db)
    homes = [_household(db, v) for v in (VILLAGE_A, VILLAGE_B, VILLAGE_C)]
    heads = {hid: db.execute("SELECT p.id_number, h.phone FROM households h JOIN persons p "
                             "ON p.id = h.head_person_id WHERE h.id = ?", [hid]).fetchone()
             for hid in homes}
    for name, session in sessions.items():
        attach(db, session)
        model = LazyTableModel(LIST_HEADERS, row_fetcher(db))
        model.set_ids(homes)
        for row, (hid, whole) in enumerate(zip(homes, WHOLE[name], strict=True)):
            idn, phone = heads[hid]
            shown_id = model.data(model.index(row, LIST_HEADERS.index("户主身份证号")))
            shown_phone = model.data(model.index(row, LIST_HEADERS.index("联系电话")))
            village = (VILLAGE_A, VILLAGE_B, VILLAGE_C)[row]
            if not in_scope(session.role, session.unit_code, village):    # not read at all
                assert shown_id is None and shown_phone is None, (name, row)
            else:
                assert shown_id == (idn if whole else mask_id(idn, policy)), (name, row)
                assert shown_phone == (phone if whole else mask_phone(phone, policy)), (name, row)
            record = load_household(db, hid)
            members = MembersTab(db, record)
            cards = CardsTab(record, members.numbers)
            qtbot.addWidget(members)
            qtbot.addWidget(cards)
            first = record.members[0]
            assert members.rows()[0][2] == (first.id_number if whole
                                            else mask_id(first.id_number, policy))
            members.show_entry(0)
            assert members.id_number.text() == members.rows()[0][2]
            assert members.id_number.isReadOnly() is not whole    # masked is never edited
            assert ("脱敏" in members.id_number.feedback.text()) is not whole
            shown = " ".join(str(value) for row in members.rows() for value in row)
            assert all((m.id_number in shown) is whole for m in record.members), name
            number = cards.rows()[0][3]
            card = next(c for m in record.members for c in m.cards)
            assert number == (card.card_number if whole else mask_card(card.card_number, policy))
            assert "*" in number or whole


def test_ledger_audit_and_drill_rows(logged):
    db, sessions = logged
    policy = load_policy(db)
    idn, pid = db.execute("SELECT p.id_number, p.id FROM persons p JOIN members m "
                          "ON m.person_id = p.id JOIN households h ON h.id = m.household_id "
                          "WHERE h.village_code = ? LIMIT 1", [VILLAGE_A]).fetchone()
    issue = db.execute("INSERT INTO issues(issue_no, category, village_code, description) "
                       "VALUES ('T-1', (SELECT min(code) FROM issue_categories), ?, ?)",
                       [VILLAGE_A, f"身份证{idn}重复领取"]).lastrowid
    db.execute("UPDATE persons SET notes = 'checked' WHERE id = ?", [pid])
    audit_id = entry_ids(db, AuditFilter(table_name="persons", action="update"))[0]
    for name, session in sessions.items():
        attach(db, session)
        whole_here = WHOLE[name][0]
        description = fetch_issue_rows(db, [issue])[issue][6]
        assert (idn in description) is whole_here, name
        assert (mask_id(idn, policy) in description or whole_here), name
        # an audit entry's region is not known: whole only for the county administrator
        record = audit_rows(db, [audit_id])[audit_id][5]      # 记录: the person, masked
        assert (idn in record) is (name == "admin"), name
        _, rows = drill_rows(db, Drill("persons", [pid]), region_code=VILLAGE_A)
        assert rows[0][1] == (idn if whole_here else mask_id(idn, policy)), name
        _, rows = drill_rows(db, Drill("persons", [pid]))        # unit not known
        assert (rows[0][1] == idn) is (name == "admin"), name
    detach(db)
    assert show_id(db, idn) == idn and number_view(db).full()    # no session: command line
    assert show_card(db, "6228480000000000001") == "6228480000000000001"


def _county_return(db):
    return fill(db, get_template("tianmen_wenti_tongji"), COUNTY, "2025")


def test_inspector_export_and_sign_refused_in_core(logged, tmp_path):
    db, sessions = logged
    filled = _county_return(db)
    built = run(build_job(db, NoticeRequest(("dibao",), "2025", VILLAGE_A)))
    attach(db, sessions["jj"])
    attempts = {
        "return.xlsx": lambda p: export_return(db, filled, p),
        "notice.pdf": lambda p: run(export_job(db, built, p)),
        "printed": lambda p: run(record_job(db, built)),
        "forms.pdf": lambda p: run(print_forms(db, p, village=VILLAGE_A)),
    }
    for filename, attempt in attempts.items():
        out = tmp_path / filename
        with pytest.raises(PermissionDenied, match="权限不足：只读检查员 jj 不能导出数据"):
            attempt(out)
        assert not out.exists() and not out.with_name(out.name + ".part").exists()
    with pytest.raises(PermissionDenied, match="只读检查员 jj 不能签章"):
        export_return(db, filled, tmp_path / "signed.pdf", sign=True, signer="纪检")
    assert not (tmp_path / "signed.pdf").exists()
    assert db.execute("SELECT count(*) FROM publicity").fetchone()[0] == 0


@pytest.mark.parametrize("action", ["export", "sign"])
def test_each_role_through_the_core_export(logged, tmp_path, action):
    """The role x action table (tests/test_security_roles.EXPECTED) holds in the core function."""
    from tests.test_security_roles import EXPECTED

    db, sessions = logged
    village = fill(db, get_template("tianmen_wenti_tongji"), VILLAGE_A, "2025")
    for name, session in sessions.items():
        attach(db, session)
        out = tmp_path / f"{name}.{'pdf' if action == 'sign' else 'xlsx'}"
        if action in EXPECTED[session.role]:
            result = export_return(db, village, out, sign=action == "sign", signer=name)
            assert out.exists() and result.signed is (action == "sign")
        else:
            with pytest.raises(PermissionDenied, match="权限不足"):
                export_return(db, village, out, sign=action == "sign", signer=name)
            assert not out.exists()


def test_exports_and_signing_confined_to_the_region(logged, tmp_path):
    db, sessions = logged
    county = _county_return(db)
    village = fill(db, get_template("tianmen_wenti_tongji"), VILLAGE_A, "2025")
    attach(db, sessions["clerk"])
    with pytest.raises(PermissionDenied, match=f"只能处理本单位（{VILLAGE_A}）"):
        export_return(db, county, tmp_path / "county.xlsx")
    with pytest.raises(PermissionDenied, match="不能导出数据"):
        run(print_forms(db, tmp_path / "b.pdf", village=VILLAGE_B))
    with pytest.raises(PermissionDenied, match="不能导出数据"):
        run(print_forms(db, tmp_path / "mixed.pdf",
                        household_ids=[_household(db, VILLAGE_A), _household(db, VILLAGE_B)]))
    assert export_return(db, village, tmp_path / "v.xlsx").path.exists()
    assert run(print_forms(db, tmp_path / "a.pdf", village=VILLAGE_A, full_ids=True)) > 0
    attach(db, sessions["town"])
    with pytest.raises(PermissionDenied, match=f"只能处理本单位（{TOWNSHIP_A}）.*不能签章"):
        export_return(db, county, tmp_path / "c.pdf", sign=True, signer="乡审核员")
    with pytest.raises(PermissionDenied, match=f"只能处理本单位（{TOWNSHIP_A}）"):
        run(print_forms(db, tmp_path / "c.pdf", village=VILLAGE_C, full_ids=True))
    assert export_return(db, village, tmp_path / "v.pdf").path.exists()


def test_publicity_page_refuses_printing_to_the_inspector(qtbot, logged, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.context import AppContext
    from ui.publicity.page import PublicityPage

    db, sessions = logged
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    page = PublicityPage(AppContext(db))
    qtbot.addWidget(page)
    page.built = run(build_job(db, NoticeRequest(("dibao",), "2025", VILLAGE_A)))
    attach(db, sessions["clerk"])
    assert page._may_print() and not shown
    attach(db, sessions["jj"])
    page.print_direct()                  # refused before any print dialog opens
    assert shown and "只读检查员 jj 不能导出数据" in shown[0]


def test_packages_and_sent_back_returns_refused_in_core(logged, tmp_path):
    from ykt_desktop.exchange.correction import Comment, write_return
    from ykt_desktop.exchange.writer import export_package

    db, sessions = logged
    comment = [Comment("package", "", "请补充")]
    attach(db, sessions["jj"])
    with pytest.raises(PermissionDenied, match="只读检查员 jj 不能导出数据"):
        run(export_package(db, tmp_path / "p.ykt", period="2025"))
    with pytest.raises(PermissionDenied, match="不能审核"):
        write_return(db, VILLAGE_A, "2025", comment, tmp_path / "r.ykt")
    attach(db, sessions["clerk"])       # the county's own package is not the clerk's to send
    with pytest.raises(PermissionDenied, match=f"只能处理本单位（{VILLAGE_A}）"):
        run(export_package(db, tmp_path / "p.ykt", period="2025"))
    assert not (tmp_path / "p.ykt").exists() and not (tmp_path / "r.ykt").exists()
