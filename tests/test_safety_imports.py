"""The roster import runs the hostile-input guard before calamine reads the file."""

from __future__ import annotations

import pytest

from tests.imports_helpers import ROSTER_HEADER, roster_rows, table_counts, write_xlsx
from tests.test_safety_files import BOMB_XML, _rewrite
from ykt_desktop.imports.errors import ImportFileError
from ykt_desktop.imports.run import import_file
from ykt_desktop.progress import run


@pytest.mark.parametrize(("replace", "reason"), [
    ({"xl/sharedStrings.xml": BOMB_XML}, "XML 实体"),
    ({"xl/media/zeros.bin": b"\0" * 20_000_000}, "压缩炸弹"),
])
def test_import_refuses_hostile_workbook(demo_db, tmp_path, replace, reason):
    good = write_xlsx(tmp_path / "r.xlsx", ROSTER_HEADER, roster_rows(demo_db, 3))
    bad = _rewrite(good, tmp_path / "bad.xlsx", replace)
    before = table_counts(demo_db)
    with pytest.raises(ImportFileError, match=reason):
        run(import_file(demo_db, "roster", bad))
    assert table_counts(demo_db) == before
