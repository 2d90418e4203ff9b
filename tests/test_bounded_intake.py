"""Bounded intake (issue 14, item 5): hostile workbooks refused before a reader sees them,
and seeded random mutations of valid xlsx, csv and .ykt files end in success or a Chinese
error, never a traceback or a partial write. The wall time of the issue's two files is
measured in bench/bench_hostile_xlsx.py (GNU time -v)."""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.imports_helpers import roster_rows, write_xlsx
from tests.make_giant_cell_xlsx import make, shared_string_bomb
from ykt_desktop.errors import UserError
from ykt_desktop.safety import xlsx_guard
from ykt_desktop.safety.errors import UnsafeFileError

ROOT = Path(__file__).resolve().parents[1]
CASES = int(os.environ.get("YKT_FUZZ_CASES", "1200"))      # per file kind; the bench runs more


def test_300_mb_cell_in_a_2_mb_file_refused_in_little_memory(county_db, tmp_path):
    from ykt_desktop.storage import db_path

    xlsx = make(tmp_path / "cell.xlsx", 300)
    assert xlsx.stat().st_size < 3 * 2**20
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run([sys.executable, "-m", "ykt_desktop", "import-roster", str(xlsx),
                           "--db", str(db_path(county_db))], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "超过 32 KB" in proc.stderr and "cell.xlsx" in proc.stderr
    assert peak_mb < 300 or before / 1024 >= 300, peak_mb


def _sheet(tmp_path: Path, body: bytes) -> Path:
    path = make(tmp_path / "base.xlsx", 0)
    out = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = data.replace(b"</sheetData>", body + b"</sheetData>")
            dst.writestr(info.filename, data)
    return out


def test_too_many_rows_refused(tmp_path):
    path = _sheet(tmp_path, b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>')
    with pytest.raises(UnsafeFileError, match="1,048,576 行"):
        xlsx_guard.check_xlsx(path)


def test_giant_tag_refused(tmp_path):
    path = _sheet(tmp_path, b'<row r="2" spans="' + b"9" * 300_000 + b'"></row>')
    with pytest.raises(UnsafeFileError, match="32 KB"):
        xlsx_guard.check_xlsx(path)


def test_total_text_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "MAX_TEXT_BYTES", 1000)
    path = make(tmp_path / "small.xlsx", 0)
    path_big = _sheet(tmp_path, b"".join(b'<row r="%d"></row>' % n for n in range(2, 102)))
    xlsx_guard.check_xlsx(path)
    with pytest.raises(UnsafeFileError, match="超出导入上限"):
        xlsx_guard.check_xlsx(path_big)


def test_shared_string_bomb_refused(tmp_path):
    path = shared_string_bomb(tmp_path / "bomb.xlsx", text_kb=10, cells=30_000)
    assert path.stat().st_size < 500_000
    xlsx_guard.check_xlsx(path, max_expanded=400 * 2**20)       # 300 MB expanded: under
    with pytest.raises(UnsafeFileError, match="共享字符串.*200 MB") as err:
        xlsx_guard.check_xlsx(path, max_expanded=200 * 2**20)
    assert "bomb.xlsx" in str(err.value) and "花名册" in str(err.value)


def _mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        action = rng.random()
        pos = rng.randrange(len(data)) if data else 0
        if action < 0.5 and data:
            data[pos] = rng.randrange(256)
        elif action < 0.7:
            del data[pos:pos + rng.randint(1, 64)]
        elif action < 0.85:
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        else:
            data = data[:pos]
    return bytes(data)


def _chinese(exc: BaseException) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))


def _counts(db) -> tuple:
    return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("persons", "payments", "import_batches", "households"))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_fuzzed_rosters_end_in_success_or_chinese_error(demo_db, tmp_path, suffix):
    from ykt_desktop.imports.preview import preview_file
    from ykt_desktop.imports.run import import_file
    from ykt_desktop.progress import run

    header = ["姓名", "身份证号", "补贴项目", "发放金额", "发放日期"]
    rows = roster_rows(demo_db, 6)
    base = tmp_path / f"base{suffix}"
    if suffix == ".xlsx":
        write_xlsx(base, header, rows)
    else:
        base.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]),
                        encoding="utf-8")
    valid, rng = base.read_bytes(), random.Random(14)
    target, outcomes = tmp_path / f"f{suffix}", {"ok": 0, "refused": 0}
    for case in range(CASES):
        target.write_bytes(_mutate(valid, rng))
        before = _counts(demo_db)
        try:
            preview_file(demo_db, "roster", target, None)
            if case % 8 == 0:
                run(import_file(demo_db, "roster", target, None))
            outcomes["ok"] += 1
        except UserError as exc:
            assert _chinese(exc), (case, exc)
            assert _counts(demo_db) == before, case          # a refusal writes nothing
            outcomes["refused"] += 1
    assert outcomes["refused"] > CASES // 4, outcomes


def test_fuzzed_packages_end_in_success_or_chinese_error(tmp_path):
    from tests.exchange_support import export, make_chain
    from ykt_desktop.exchange.importer import import_package
    from ykt_desktop.progress import run
    from ykt_desktop.storage import open_db

    chain = make_chain(tmp_path / "chain")
    village = sorted(chain.villages)[0]
    town = open_db(chain.townships[chain.parent[village]])
    rng, target = random.Random(14), tmp_path / "f.ykt"
    # plaintext and encrypted (review 2 of issue 14: a damaged recipient.json gave a
    # traceback); each mutated as raw bytes and member by member inside a valid zip
    for plaintext in (True, False):
        valid = export(chain.villages[village], tmp_path / "v.ykt",
                       plaintext=plaintext).read_bytes()
        for case in range(CASES // 4):
            target.write_bytes(_mutate(valid, rng) if case % 2 else _mutate_member(valid, rng))
            try:
                run(import_package(town, target, preview_only=True))
            except UserError as exc:
                assert _chinese(exc), (plaintext, case, exc)
    town.close()


def _mutate_member(data: bytes, rng: random.Random) -> bytes:
    """One member of the zip mutated, the zip itself rewritten valid (its checks pass)."""
    import io
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    victim = rng.choice(source.namelist())
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in source.namelist():
            body = source.read(name)
            zf.writestr(name, _mutate(body, rng) if name == victim else body)
    return out.getvalue()


def test_csv_giant_line_refused_in_chinese_before_reading(tmp_path):
    """Review of issue 14: a CSV line over the cell limit is refused while streaming, naming
    the file and the row, in Chinese (no csv-module English)."""
    from ykt_desktop.imports.reader import open_rows

    path = tmp_path / "花名册.csv"
    path.write_bytes("户编号,姓名\n1,张三\n2,".encode() + b"x" * 3_000_000 + b"\n")
    with pytest.raises(UserError) as err:
        rows = open_rows(path)
        list(rows.rows)
    text = str(err.value)
    assert "花名册.csv" in text and "第 3 行" in text and "256 KB" in text
    assert not any("a" <= ch.lower() <= "z" for ch in text.replace("KB", "").replace("csv", ""))


def test_csv_long_quoted_field_over_many_lines_is_chinese(tmp_path):
    from ykt_desktop.imports.reader import open_rows

    path = tmp_path / "长字段.csv"
    field = "\n".join(["y" * 1000] * 200)            # 200 KB in one field, short lines
    path.write_text(f'户编号,姓名\n1,"{field}"\n', encoding="utf-8")
    with pytest.raises(UserError) as err:
        list(open_rows(path).rows)
    assert "长字段.csv" in str(err.value) and "field" not in str(err.value)


def test_package_member_with_an_unknown_compression_method_is_chinese(tmp_path):
    """The fuzz above hit it in CI (the package bytes differ every run): a member whose zip
    compression method was changed made zipfile raise NotImplementedError, a traceback."""
    import struct
    import zipfile

    from tests.exchange_support import export, make_chain
    from ykt_desktop.exchange.importer import import_package
    from ykt_desktop.progress import run
    from ykt_desktop.storage import open_db

    chain = make_chain(tmp_path / "chain")
    village = sorted(chain.villages)[0]
    town = open_db(chain.townships[chain.parent[village]])
    data = bytearray(export(chain.villages[village], tmp_path / "v.ykt",
                            plaintext=True).read_bytes())
    victim = next(i for i in zipfile.ZipFile(tmp_path / "v.ykt").infolist()
                  if i.filename.startswith("data/"))
    # compression method 99: at byte 8 of the local header and byte 10 of the central record
    struct.pack_into("<H", data, victim.header_offset + 8, 99)
    struct.pack_into("<H", data, _central_entry(data, victim.filename) + 10, 99)
    bad = tmp_path / "bad.ykt"
    bad.write_bytes(bytes(data))
    with pytest.raises(UserError) as err:
        run(import_package(town, bad, preview_only=True))
    assert _chinese(err.value) and victim.filename in str(err.value)
    town.close()


def _central_entry(data: bytearray, name: str) -> int:
    """Offset of ``name``'s central directory record."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        size = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + size].decode() == name:
            return at
        at = data.find(b"PK\x01\x02", at + 46)
    raise AssertionError(name)


def test_a_folder_given_as_a_list_is_named_a_folder(tmp_path):
    """``import-cadres /tmp`` said 找不到文件 for a folder that exists (issue 14 review 8)."""
    from ykt_desktop.imports.errors import ImportFileError
    from ykt_desktop.imports.reader import open_rows

    with pytest.raises(ImportFileError, match="是文件夹，请给出文件"):
        open_rows(tmp_path)
