"""The return-file source: a 退回文件 from the upper unit (comments on our submission).

Read: open, verify, and check it is for us from our upper unit. Check: its comments; the same
file again is a no-op (0 comments). Write: the comments and the submission records, with the
batch record of the intake. No before-import backup and no audit pause: it only adds a few
comment rows and replaces nothing.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop.exchange.reader import OpenPackage
from ykt_desktop.exchange.return_steps import open_return, read_comments, store_comments
from ykt_desktop.intake.identity import Previous
from ykt_desktop.intake.job import Stamp, intake
from ykt_desktop.progress import Job, Progress, run
from ykt_desktop.unit import require_unit


@dataclass
class ReturnCheck:
    pkg: OpenPackage
    payload: dict
    stamp: Stamp | None = None


@dataclass
class ReturnSource:
    path: Path
    opened: list[OpenPackage] = field(default_factory=list)
    kind = "return"
    backup = bulk = False

    def options(self) -> tuple:
        return ("return",)

    def read(self, db: sqlite_utils.Database) -> Job[OpenPackage]:
        yield Progress(0, 1, "校验退回文件")
        pkg = open_return(db, self.path)
        self.opened.append(pkg)
        return pkg

    def check(self, db: sqlite_utils.Database, pkg: OpenPackage, stamp: Stamp
              ) -> Job[ReturnCheck]:
        yield from ()
        return ReturnCheck(pkg, read_comments(pkg))

    def worth_backup(self, previous: Previous | None) -> bool:
        return False

    def refuse(self, checked: ReturnCheck) -> int | None:
        """The same file again: nothing stored (0 new comments)."""
        return 0 if checked.stamp.previous is not None else None

    def outside(self, db: sqlite_utils.Database) -> nullcontext:
        return nullcontext()

    def batch(self, checked: ReturnCheck) -> dict:
        return {"rows": len(checked.payload.get("comments", []))}

    def audit(self, checked: ReturnCheck) -> tuple[str, dict]:
        return "return", {"file": checked.pkg.path.name}

    def write(self, db: sqlite_utils.Database, checked: ReturnCheck, batch_id: int) -> Job[int]:
        yield from ()
        pkg = checked.pkg
        return store_comments(db, pkg.sha256, pkg.manifest, checked.payload,
                              require_unit(db).code, pkg.path.name)

    def close(self) -> None:
        for pkg in self.opened:
            pkg.close()


def receive_return(db: sqlite_utils.Database, path: Path | str) -> int:
    """Import a return file; how many new comments were stored (0: the same file again)."""
    source = ReturnSource(Path(path))
    try:
        return run(intake(db, source))
    finally:
        source.close()
