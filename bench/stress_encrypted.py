"""Background counts racing with writes and backups on an encrypted (SQLCipher) database.

As in the app: several threads each open their own connection and run the pages' counts over
and over (:func:`ykt_desktop.stats.status_counts`, ``overview``, ``summary``), one thread writes
small transactions (household notes, statements) and now and then a backup is taken. Any error
fails the run, ``hmac check failed`` and ``database disk image is malformed`` above all; at the
end the file passes ``PRAGMA integrity_check`` and ``PRAGMA cipher_integrity_check``, and every
committed write is there.

    python bench/stress_encrypted.py --minutes 3 [--readers 3] [--seed 1] [--work /tmp/stress]

The test suite runs a short version (tests/test_faults_stress.py).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ykt_desktop import stats  # noqa: E402
from ykt_desktop.backup import backup_db  # noqa: E402
from ykt_desktop.demo.generator import DemoParams, generate_demo  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.security.encryption import create_encrypted  # noqa: E402
from ykt_desktop.storage import DbHandle, handle_for  # noqa: E402

PASSPHRASE = "Stress-2026-test"
READS = (stats.status_counts, stats.overview, stats.summary, stats.table_counts)


def make_database(folder: Path, *, villages: int = 4, households: int = 60) -> DbHandle:
    """A new encrypted demo county in ``folder`` (removed first); its handle (path and key)."""
    shutil.rmtree(folder, ignore_errors=True)
    path = folder / "stress.db"
    handle = handle_for(path, key=create_encrypted(path, PASSPHRASE).key)
    db = handle.open()
    run(generate_demo(db, DemoParams(villages=villages, households_per_village=households,
                                     seed=5)))
    db.close()
    return handle


class Stress:
    def __init__(self, handle: DbHandle, seconds: float, readers: int, seed: int) -> None:
        self.handle, self.seconds, self.readers, self.seed = handle, seconds, readers, seed
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.reads = self.writes = self.backups = 0
        self.lock = threading.Lock()

    def _guard(self, work) -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - every error is the result of the run
            with self.lock:
                self.errors.append(f"{type(exc).__name__}: {exc}")
            self.stop.set()

    def _reader(self, n: int) -> None:
        rng = random.Random(self.seed * 100 + n)
        while not self.stop.is_set():
            db = self.handle.open(migrate=False)        # its own connection, as a count does
            try:
                for _ in range(rng.randint(1, 4)):
                    rng.choice(READS)(db)
                    with self.lock:
                        self.reads += 1
            finally:
                db.close()

    def _writer(self) -> None:
        rng = random.Random(self.seed)
        db = self.handle.open(migrate=False)
        try:
            ids = [r[0] for r in db.execute("SELECT id FROM households")]
            while not self.stop.is_set():
                with db.atomic():
                    for hid in rng.sample(ids, 5):
                        db.execute("UPDATE households SET notes = ? WHERE id = ?",
                                   [f"stress {self.writes}", hid])
                    db.execute("INSERT INTO statements(household_id, item_id, period, notes) "
                               "VALUES (?, 1, '2031-01', 'stress')", [rng.choice(ids)])
                self.writes += 1
                if self.writes % 40 == 0:
                    backup_db(db, reason="manual")
                    self.backups += 1
        finally:
            db.close()

    def run(self) -> dict:
        threads = [threading.Thread(target=self._guard, args=(lambda n=n: self._reader(n),))
                   for n in range(self.readers)]
        threads.append(threading.Thread(target=self._guard, args=(self._writer,)))
        for thread in threads:
            thread.start()
        self.stop.wait(self.seconds)
        self.stop.set()
        for thread in threads:
            thread.join()
        return {"seconds": self.seconds, "readers": self.readers, "reads": self.reads,
                "writes": self.writes, "backups": self.backups, "errors": self.errors,
                **final_check(self.handle)}


def final_check(handle: DbHandle) -> dict:
    db = handle.open(migrate=False)
    try:
        return {"integrity": db.execute("PRAGMA integrity_check").fetchone()[0],
                "cipher_integrity": [r[0] for r in db.execute("PRAGMA cipher_integrity_check")],
                "stress_statements": db.execute(
                    "SELECT count(*) FROM statements WHERE notes = 'stress'").fetchone()[0]}
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default="/tmp/ykt_stress_encrypted")
    args = parser.parse_args()
    handle = make_database(Path(args.work))
    started = time.perf_counter()
    result = Stress(handle, args.minutes * 60, args.readers, args.seed).run()
    result["wall_s"] = round(time.perf_counter() - started, 1)
    for key, value in result.items():
        print(f"{key:18s} {value}")
    ok = not result["errors"] and result["integrity"] == "ok" and \
        not result["cipher_integrity"] and result["stress_statements"] == result["writes"]
    print("结果：通过" if ok else "结果：失败")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
