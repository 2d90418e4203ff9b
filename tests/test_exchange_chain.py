"""Round trip villages -> townships -> county: the county holds exactly the villages' data."""

from __future__ import annotations

import pytest
from exchange_support import PERIOD, copy_chain, export, make_chain, scalar, send

from ykt_desktop.ledger.issues import NewIssue, add_comment, create_issue
from ykt_desktop.storage import open_db


@pytest.fixture(scope="module")
def base_chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("exchange-chain"))


@pytest.fixture
def chain(base_chain, tmp_path):
    return copy_chain(base_chain, tmp_path / "chain")


def _village_with_extras(chain) -> tuple[str, str, str]:
    """Add an issue with history and an attachment to one village; put one of its persons into
    a household of a village of the other township (one ID in two townships)."""
    a, other = next(iter(chain.villages)), None
    for code, town in chain.parent.items():
        if town != chain.parent[a]:
            other = code
    db = open_db(chain.villages[a])
    hh_id, hh_no = db.execute("SELECT id, hh_no FROM households ORDER BY id LIMIT 1").fetchone()
    person = db.execute("SELECT p.* FROM persons p JOIN members m ON m.person_id = p.id "
                        "WHERE m.household_id = ? LIMIT 1", [hh_id]).fetchone()
    issue_id = create_issue(db, NewIssue(category=db.execute(
        "SELECT code FROM issue_categories LIMIT 1").fetchone()[0], description="冒领测试",
        village_code=a, household_id=hh_id, amount=120.0))
    add_comment(db, issue_id, "已约谈")
    with db.atomic():
        db.execute("INSERT INTO attachments(kind, filename, mime, size, sha256, data, "
                   "owner_table, owner_id) VALUES ('scan','a.png','image/png',3,'x',?, "
                   "'households', ?)", [b"abc", hh_id])
    cols = [c[0] for c in db.execute("SELECT * FROM persons LIMIT 0").description][1:]
    card_cols = [c[0] for c in db.execute("SELECT * FROM cards LIMIT 0").description][2:]
    cards = db.execute(f"SELECT {', '.join(card_cols)} FROM cards WHERE person_id = ?",
                       [person[0]]).fetchall()
    assert cards
    db.close()
    db = open_db(chain.villages[other])
    with db.atomic():
        db.execute(f"INSERT INTO persons({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                   list(person[1:]))
        pid = db.execute("SELECT id FROM persons WHERE id_number = ?", [person[1]]).fetchone()[0]
        other_hh = db.execute("SELECT id FROM households ORDER BY id LIMIT 1").fetchone()[0]
        db.execute("INSERT INTO members(household_id, person_id, relation) VALUES (?, ?, '其他')",
                   [other_hh, pid])
        for card in cards:
            db.execute(f"INSERT INTO cards(person_id, {', '.join(card_cols)}) "
                       f"VALUES (?, {', '.join('?' * len(card_cols))})", [pid, *card])
    db.close()
    return a, hh_no, person[1]


def _up(chain, folder):
    for code, path in chain.villages.items():
        result = send(chain.townships[chain.parent[code]], export(path, folder / f"{code}.ykt"))
        assert result.outcome == "imported"
    packages = {}
    for code, path in chain.townships.items():
        packages[code] = export(path, folder / f"{code}.ykt")
        assert send(chain.county, packages[code]).outcome == "imported"
    return packages


def _sum_villages(chain, sql):
    return sum(scalar(p, sql) or 0 for p in chain.villages.values())


def test_county_totals_equal_the_villages(chain, tmp_path):
    village, hh_no, shared_id = _village_with_extras(chain)
    _up(chain, tmp_path)
    county = chain.county
    for sql in ("SELECT count(*) FROM households", "SELECT count(*) FROM members",
                "SELECT count(*) FROM payments", "SELECT round(sum(amount_paid), 2) FROM payments",
                "SELECT count(*) FROM statements", "SELECT count(*) FROM verifications",
                "SELECT count(*) FROM issues", "SELECT count(*) FROM issue_events",
                "SELECT count(*) FROM attachments"):
        assert scalar(county, sql) == pytest.approx(_sum_villages(chain, sql)), sql
    per_item = ("SELECT round(sum(amount_paid), 2) FROM payments y JOIN subsidy_items s "
                "ON s.id = y.item_id WHERE s.code = ?")
    db = open_db(county)
    codes = [r[0] for r in db.execute("SELECT DISTINCT s.code FROM payments y "
                                      "JOIN subsidy_items s ON s.id = y.item_id")]
    db.close()
    assert len(codes) >= 3
    for code in codes:
        expected = sum(scalar(p, per_item, [code]) or 0 for p in chain.villages.values())
        assert scalar(county, per_item, [code]) == pytest.approx(expected)
    # one ID in two townships: one persons row, two membership rows
    assert scalar(county, "SELECT count(*) FROM persons WHERE id_number = ?", [shared_id]) == 1
    assert scalar(county, "SELECT count(*) FROM members m JOIN persons p ON p.id = m.person_id "
                          "WHERE p.id_number = ?", [shared_id]) == 2
    distinct, card_keys = set(), set()
    for p in chain.villages.values():
        db = open_db(p)
        distinct |= {r[0] for r in db.execute("SELECT id_number FROM persons")}
        card_keys |= set(db.execute("SELECT c.card_number, p.id_number FROM cards c "
                                    "JOIN persons p ON p.id = c.person_id").fetchall())
        db.close()
    assert scalar(county, "SELECT count(*) FROM persons") == len(distinct)
    assert scalar(county, "SELECT count(*) FROM cards") == len(card_keys)
    db = open_db(county)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()
    # the issue keeps its history under a number that names the village
    assert scalar(county, "SELECT issue_no FROM issues").startswith(f"{village}-WT")
    assert scalar(county, "SELECT count(*) FROM attachments a JOIN households h "
                          "ON h.id = a.owner_id AND a.owner_table = 'households' "
                          "WHERE h.hh_no = ?", [hh_no]) == 1


def test_duplicate_import_changes_nothing_and_reexport_shows_no_change(chain, tmp_path):
    packages = _up(chain, tmp_path)
    town, package = next(iter(packages.items()))
    before = [scalar(chain.county, f"SELECT count(*) FROM {t}")
              for t in ("persons", "households", "payments", "submissions", "audit_log")]
    again = send(chain.county, package)
    assert again.outcome == "duplicate"
    after = [scalar(chain.county, f"SELECT count(*) FROM {t}")
             for t in ("persons", "households", "payments", "submissions", "audit_log")]
    assert after == before
    fresh = send(chain.county, export(chain.townships[town], tmp_path / "again.ykt"),
                 preview_only=True)
    assert fresh.outcome == "preview" and not fresh.preview.any


def test_removed_household_and_changed_person_show_in_preview(chain, tmp_path):
    village = next(iter(chain.villages))
    town = chain.townships[chain.parent[village]]
    send(town, export(chain.villages[village], tmp_path / "first.ykt"))
    db = open_db(chain.villages[village])
    with db.atomic():
        gone = db.execute("SELECT id FROM households ORDER BY id DESC LIMIT 1").fetchone()[0]
        db.execute("DELETE FROM statements WHERE household_id = ?", [gone])
        db.execute("DELETE FROM payments WHERE household_id = ?", [gone])
        db.execute("DELETE FROM households WHERE id = ?", [gone])
        db.execute("UPDATE persons SET phone = '13900000000' WHERE id = "
                   "(SELECT min(person_id) FROM members)")
    db.close()
    result = send(town, export(chain.villages[village], tmp_path / "second.ykt"))
    hh, persons = result.preview.total("households"), result.preview.total("persons")
    assert (hh.added, hh.changed, hh.removed) == (0, 0, 1)
    assert persons.changed == 1
    assert scalar(town, "SELECT count(*) FROM households") == scalar(
        chain.villages[village], "SELECT count(*) FROM households")
    assert scalar(town, "SELECT count(*) FROM payments") == scalar(
        chain.villages[village], "SELECT count(*) FROM payments")
    assert PERIOD in scalar(town, "SELECT group_concat(period) FROM submissions")


def test_signed_returns_travel_in_the_package_and_verify_up_the_chain(chain, tmp_path):
    from ykt_desktop.exchange.received_returns import received_returns
    from ykt_desktop.returns.engine import fill
    from ykt_desktop.returns.service import export_return
    from ykt_desktop.returns.template import get_template

    village = next(iter(chain.villages))
    db = open_db(chain.villages[village])
    filled = fill(db, get_template("tongchuan_paicha_tongji"), village, PERIOD[:4])
    export_return(db, filled, tmp_path / "排查统计.pdf", sign=True, signer="李四",
                  override_reason="测试")
    db.close()
    package = export(chain.villages[village], tmp_path / "v.ykt", plaintext=True)
    import zipfile

    with zipfile.ZipFile(package) as zf:
        assert "returns/排查统计.pdf" in zf.namelist()
    result = send(chain.townships[chain.parent[village]], package)
    assert [(c.name, c.ok) for c in result.returns] == [("排查统计.pdf", True)], result.returns
    town = open_db(chain.townships[chain.parent[village]])
    assert [name for _, name in received_returns(town, result.submission_id)] == ["排查统计.pdf"]
    town.close()


def test_batch_import_of_all_townships_equals_one_by_one(chain, tmp_path, monkeypatch):
    from ykt_desktop.exchange import batch
    from ykt_desktop.exchange.batch import import_batch
    from ykt_desktop.progress import run

    monkeypatch.setattr(batch, "MIN_ROWS", 0)   # small data: still drop and rebuild indexes

    for code, path in chain.villages.items():
        send(chain.townships[chain.parent[code]], export(path, tmp_path / f"{code}.ykt"))
    packages = [export(p, tmp_path / f"{c}.ykt") for c, p in chain.townships.items()]
    junk = tmp_path / "junk.ykt"
    junk.write_bytes(b"not a package")
    db = open_db(chain.county)
    results = run(import_batch(db, [*packages, junk]))
    assert [r.outcome for r in results[:-1]] == ["imported"] * len(packages)
    assert getattr(results[-1], "reason", "") == "not_package"
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_persons_name", "idx_payments_item", "idx_cards_number"} <= indexes
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    again = run(import_batch(db, packages))
    assert [r.outcome for r in again] == ["duplicate"] * len(packages)
    db.close()
    for sql in ("SELECT count(*) FROM households", "SELECT count(*) FROM members",
                "SELECT count(*) FROM payments", "SELECT round(sum(amount_paid), 2) FROM payments"):
        assert scalar(chain.county, sql) == pytest.approx(_sum_villages(chain, sql)), sql
