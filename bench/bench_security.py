"""Trust and safety costs at county scale, each against the plain-library baseline of the same
work in the same run:

- per-row audit triggers: one UPDATE over every household, audited vs with auditing off;
- ``audit verify``: re-hashing the chain vs plain hashlib over the same rows;
- encryption at rest: inserting persons into an SQLCipher file vs a plain sqlite3 file.

    python bench/bench_security.py [--db /tmp/big.db] [--work /tmp/bench_security]

The source database is never written: it is copied into the work folder first.
"""

from __future__ import annotations

import argparse
import hashlib
import secrets
import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_convention, quick_or_given, report, timed  # noqa: E402
from ykt_desktop.audit.verify import verify_chain  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.storage import connect, open_db  # noqa: E402


def audit_update(db_file: Path) -> dict:
    db = open_db(db_file)
    n = db.execute("SELECT count(*) FROM households").fetchone()[0]
    db.execute("SELECT ykt_session_set('audit', '0')")
    base, _ = timed(lambda: db.execute("UPDATE households SET notes = 'b'") and db.conn.commit())
    db.execute("SELECT ykt_session_set('audit', '1')")
    audited, _ = timed(lambda: db.execute("UPDATE households SET notes = 'a'")
                       and db.conn.commit())
    db.close()
    return {"case": "audited UPDATE", "rows": n, "seconds": audited, "baseline_s": base,
            "rows_per_s": n / audited, "ratio": audited / base}


def verify(db_file: Path) -> dict:
    db = open_db(db_file)
    rows = db.execute("SELECT id, at, by_user, action, table_name, row_id, before, after, "
                      "prev_hash FROM audit_log").fetchall()

    def plain() -> None:
        for row in rows:
            hashlib.sha256(repr(row).encode()).hexdigest()

    base, _ = timed(plain)
    seconds, result = timed(lambda: run(verify_chain(db)))
    db.close()
    assert result.ok
    return {"case": "audit verify", "rows": result.entries, "seconds": seconds,
            "baseline_s": base, "rows_per_s": result.entries / seconds, "ratio": seconds / base}


def encryption(db_file: Path, work: Path) -> dict:
    src = sqlite3.connect(str(db_file))
    rows = src.execute("SELECT id, id_number, name, birth_date FROM persons").fetchall()
    src.close()

    def load(conn) -> None:
        conn.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, idn TEXT UNIQUE, name, birth)")
        conn.executemany("INSERT INTO p VALUES (?, ?, ?, ?)", rows)
        conn.commit()
        conn.close()

    plain = work / "plain.db"
    base, _ = timed(lambda: load(connect(plain)))
    seconds, _ = timed(lambda: load(connect(work / "cipher.db", key=secrets.token_bytes(32))))
    return {"case": "SQLCipher insert", "rows": len(rows), "seconds": seconds,
            "baseline_s": base, "rows_per_s": len(rows) / seconds, "ratio": seconds / base}


def main() -> int:
    parser = argparse.ArgumentParser()
    add_convention(parser)
    parser.add_argument("--work", default="/tmp/bench_security")
    args = parser.parse_args()
    source = quick_or_given(args)
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copy = work / "county.db"
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(copy))
    src.backup(dst)
    src.close()
    dst.close()
    rows = [audit_update(copy), verify(copy), encryption(copy, work)]
    report("security", rows, args.json)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
