"""Region limits on reads (review of issue 14: ``progress`` showed the county's counts to a
village clerk). On the small demo county (东风村 A and 南风村 B in 城关镇, 西风村 in 河口镇), with
checks run, issues, complaints, a 主动说清 and two samples in every village, a 村级录入员 of A
runs every command line read; nothing of B or 西风村 may show: no code, no village or township
name, no name of a person living only there. Files written for reading (PDF) are read back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import copy_db
from ykt_desktop.cli import main
from ykt_desktop.cli_login import LOGIN
from ykt_desktop.security import passwords, users
from ykt_desktop.storage import open_db

A, B, C = "420999100200", "420999100201", "420999101200"
PASSWORD = "Pass1234x"
SETUP = [["check"], ["calendar-seed"],
         *(["issues", "add", "--category", "qita", "--description", f"问题{v}", "--village", v]
           for v in (A, B, C)),
         *(["complaint-add", "--channel", "电话", "--content", f"举报{v}", "--village", v]
           for v in (A, B, C)),
         ["sample-draw", "--count", "6"], ["sample-draw", "--kind", "villages", "--count", "3"],
         ["sample-draw", "--kind", "issues", "--count", "3"]]
# Every read of the command line, as a village clerk would type it ({issue}/{finding}: of B).
READS = {
    "samples": [[]], "backcheck-rates": [[]], "calendar": [[]], "policy-lists": [[]],
    "complaints": [[]], "self-reports": [[]], "submissions": [[]],
    "board": [["--period", "2026"]], "findings list": [["--limit", "1000"]],
    "progress": [[], ["--missing", "households"], ["--missing", "members"],
                 ["--missing", "items"], ["--missing", "register"], ["--register"],
                 ["--township", "420999100000"]],
    "issues list": [["--limit", "1000"]], "publicity-status": [[]], "users list": [[]],
    "phase-summary": [["--from", "2026-01-01", "--to", "2026-12-31"]],
    "sample-print": [["--id", "1", "--out", "{tmp}/s1.pdf"], ["--id", "2", "--out",
                     "{tmp}/s2.pdf"], ["--id", "3", "--out", "{tmp}/s3.pdf"]],
    "summary-pdf": [["--out", "{tmp}/summary.pdf"]],
    "print-forms": [["--village", A, "--out", "{tmp}/forms.pdf", "--quiet"]],
}
# Asked for B by name: refused in Chinese, nothing of B shown.
REFUSED = {"progress": ["--village", B], "issues show": ["{issue}"],
           "findings show": ["{finding}"], "print-forms": ["--village", B, "--out", "{tmp}/b.pdf"]}
# The other commands that need a login are writes, imports, packages, certificates, user and
# audit commands (the audit is refused to a clerk), the checks themselves, and the unit's own
# returns (报表, not yet limited for a clerk: see the manual, chapter 12).


@pytest.fixture(scope="module", autouse=True)
def cheap_hashes():
    from argon2 import PasswordHasher

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER",
                      PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


def _run(argv: list[str], db_file: Path, user: str, capsys) -> tuple[int, str]:
    try:
        code = main([*argv, "--db", str(db_file), "--user", user])
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture(scope="module")
def county(demo_template: Path, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("read_scope")
    db_file = copy_db(demo_template, folder / "scope.db")
    db = open_db(db_file)
    users.add_user(db, "admin", "county_admin", PASSWORD, unit_code="420999000000",
                   must_change=False)
    users.add_user(db, "clerk", "village_clerk", PASSWORD, unit_code=A, must_change=False)
    db.close()
    return {"db": db_file, "folder": folder}


def _others(db_file: Path) -> tuple[list[str], list[str]]:
    """Marks of B and 西风村; the texts of A's own findings (a person of A also registered in
    another village is A's finding and names the other household)."""
    from ykt_desktop.checks.decide import fetch_finding_rows

    db = open_db(db_file)
    names = "SELECT p.name FROM members m JOIN persons p ON p.id = m.person_id " \
            "JOIN households h ON h.id = m.household_id WHERE h.village_code {} ?"
    mine = {r[0] for r in db.execute(names.format("="), [A])}
    theirs = {r[0] for r in db.execute(names.format("!="), [A])}
    marks = [B, C, "南风村", "西风村", "河口镇", *sorted(n for n in theirs - mine if len(n) >= 3)]
    ids = [r[0] for r in db.execute("SELECT id FROM findings WHERE village_code = ?", [A])]
    own = [row[4][:50] for row in fetch_finding_rows(db, ids).values()]
    db.close()
    return marks, own


def _pdf_text(path: str) -> str:
    if not Path(path).exists():
        return ""
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                          text=True).stdout


def test_a_village_clerk_reads_nothing_of_another_village(county, capsys, monkeypatch):
    db_file, tmp = county["db"], county["folder"]
    monkeypatch.setenv("YKT_PASSWORD", PASSWORD)
    for argv in SETUP:
        assert _run(argv, db_file, "admin", capsys)[0] == 0, argv
    db = open_db(db_file)
    issue_b = db.execute("SELECT issue_no FROM issues WHERE village_code = ?", [B]).fetchone()[0]
    finding_b = db.execute("SELECT id FROM findings WHERE village_code = ?", [B]).fetchone()[0]
    db.close()
    assert _run(["self-report", "--issue", issue_b, "--persons", "1", "--names", "南风某"],
                db_file, "admin", capsys)[0] == 0
    marks, own = _others(db_file)
    walked = 0
    for command, variants in READS.items():
        for extra in variants:
            argv = [*command.split(), *(a.format(tmp=tmp) for a in extra)]
            code, text = _run(argv, db_file, "clerk", capsys)
            assert code == 0, (argv, text)
            for arg in argv:
                if arg.endswith(".pdf"):
                    text += _pdf_text(arg)
            for line in own:
                text = text.replace(line, "")
            assert not [m for m in marks if m in text], (argv, text[:2000])
            walked += 1
    assert walked == sum(len(v) for v in READS.values())
    values = {"issue": issue_b, "finding": str(finding_b), "tmp": tmp}
    for command, extra in REFUSED.items():
        argv = [*command.split(), *(a.format(**values) for a in extra)]
        code, text = _run(argv, db_file, "clerk", capsys)
        assert code == 2 and "权限不足" in text and "Traceback" not in text, (argv, text)
        assert not [m for m in marks if m in text and m != B], (argv, text)


def test_the_walked_commands_are_commands_that_need_a_login():
    assert (set(READS) | set(REFUSED)) <= LOGIN, (set(READS) | set(REFUSED)) - LOGIN
