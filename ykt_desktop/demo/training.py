"""The demo county as a trainee first sees it: generated, and the checks already run.

The training demo opens read-only, so a trainee cannot press 运行全部比对; without findings the
比对与导入 page would stay empty. Running every check once after generating gives them the
problem clues to look at (and the writable practice demo starts the same way).
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.checks.runner import run_checks
from ykt_desktop.demo.generator import DemoParams, DemoResult, generate_demo
from ykt_desktop.progress import Job


def training_demo(db: sqlite_utils.Database, params: DemoParams) -> Job[DemoResult]:
    """Generate the demo county into an empty database, then run every check over it."""
    result = yield from generate_demo(db, params)
    yield from run_checks(db)
    return result
