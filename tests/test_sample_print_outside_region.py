"""A drawn list printed by a user whose region holds none of the drawn households (tally run 17:
a village clerk's sample-print raised IndexError when the draw fell outside the village)."""

from __future__ import annotations

from tests.conftest import copy_db
from ykt_desktop.campaign import sample_list
from ykt_desktop.cli import main
from ykt_desktop.storage import open_db


def test_print_with_no_drawn_row_in_the_region(demo_path, tmp_path, monkeypatch, capsys):
    db_file = copy_db(demo_path, tmp_path / "c.db")
    assert main(["sample-draw", "--count", "6", "--db", str(db_file)]) == 0
    monkeypatch.setattr(sample_list, "sample_rows", lambda db, sample_id: [])   # none visible
    db = open_db(db_file)
    try:
        document = sample_list.sample_document(db, 1)
    finally:
        db.close()
    assert document.tables[0].rows == []
