"""m130_campaign: empty -> latest makes the campaign tables; on a database made before it, the
政策清单 fields are filled from the shipped catalogue and the new problem category is added."""

from __future__ import annotations

from ykt_desktop import migrations
from ykt_desktop.storage import open_db

TABLES = {"samples", "backchecks", "campaign_phases", "campaign_deadlines", "policy_lists",
          "policy_list_postings", "complaints", "self_reports", "form_prints"}


def test_empty_to_latest(tmp_path):
    db = open_db(tmp_path / "new.db")
    assert TABLES <= set(db.table_names())
    assert "visit_time" in db["verifications"].columns_dict
    assert migrations.migrate(db, backup=False) == []
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"audit_complaints_insert", "audit_self_reports_update"} <= names
    db.close()


def test_a_database_from_before_gets_the_policy_fields(tmp_path):
    db = open_db(tmp_path / "old.db", migrate=False)
    for migration_set in migrations.migration_sets():
        if migration_set.name != "ykt.campaign":
            migration_set.apply(db)
    db.execute("INSERT INTO subsidy_items(code, name) VALUES ('dibao', '低保金')")
    db.execute("INSERT INTO subsidy_items(code, name) VALUES ('local_x', '本地项目')")
    db.execute("INSERT INTO issue_categories(code, name, grp) VALUES ('qita', '其他', 'other')")
    migrations.migrate(db, backup=False)
    rows = dict(db.execute("SELECT code, policy_basis FROM subsidy_items"))
    assert rows == {"dibao": "社会救助暂行办法（国务院令第649号）", "local_x": ""}
    assert db.execute("SELECT grp FROM issue_categories WHERE code = 'zouguochang'").fetchone() \
        == ("process",)
    db.close()


def test_new_database_catalogue_has_the_fields(empty_db):
    from ykt_desktop.catalogue import load_default_catalogue

    load_default_catalogue(empty_db)
    basis, target = empty_db.execute("SELECT policy_basis, target FROM subsidy_items WHERE code "
                                     "= 'zhongdu_canji'").fetchone()
    assert "国发〔2015〕52号" in basis and "重度残疾人" in target
    assert empty_db.execute("SELECT 1 FROM issue_categories WHERE code = 'zouguochang'").fetchone()
