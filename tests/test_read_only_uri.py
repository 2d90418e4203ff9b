"""Read-only connections (the before-import backup's copy, the start check, restore) open the
file named, whatever its folder is called: ``#``, ``?`` and ``%`` in a path cut or changed the
URI, so a folder like ``一卡通#2`` had the backup copy another, empty file (code review)."""

from __future__ import annotations

import shutil

import pytest

from ykt_desktop.db.connection import connect


@pytest.mark.parametrize("folder", ["一卡通#2", "数据?备份", "百分之%41百", "a b#c%20d"])
def test_read_only_connection_opens_the_file_named(demo_path, tmp_path, folder):
    work = tmp_path / "work"
    target = work / folder / "ykt.db"
    target.parent.mkdir(parents=True)
    shutil.copyfile(demo_path, target)
    conn = connect(target, read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM households").fetchone()[0] > 0
        with pytest.raises(Exception, match="readonly"):
            conn.execute("UPDATE households SET notes = 'x'")
    finally:
        conn.close()
    assert sorted(p.name for p in work.iterdir()) == [folder]   # no stray file beside
