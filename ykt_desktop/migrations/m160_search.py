"""Household search at county scale (issue 15): indexes for the search box's keystrokes.

ID numbers and 户编号 are searched by their last digits (身份证号后几位, 户编号后几位). A range
on an index of the number written backwards finds any number of last digits, where ``LIKE '%…'``
read all 947,803 persons. The backwards number is an expression of SQLite's own ``substr``, so
every connection (the app, the CLI, the sqlite3 shell) keeps the index without any registered
function. ``households.search`` writes the same expression (a test checks the plan uses it).
Names and pinyin initials are searched by prefix on the indexes of m010/m000.
"""

from sqlite_utils.migrations import Migrations

migrations = Migrations("ykt.search")


def _backwards(column: str, width: int) -> str:
    return "||".join(f"substr({column}, {i}, 1)" for i in range(width, 0, -1))


@migrations()
def m001_backwards_numbers(db):
    """Up to 20 characters backwards (a 15- or 18-digit ID, a 16-digit 户编号, and a mistyped
    longer one all end up whole: positions past the end are empty)."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_persons_id_back ON persons("
               f"{_backwards('id_number', 20)})")
    db.execute("CREATE INDEX IF NOT EXISTS idx_households_no_back ON households("
               f"{_backwards('hh_no', 20)})")
