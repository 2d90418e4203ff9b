"""Returns whose every number can be recomputed (issue 17).

- Two problem categories the 铜川 发现问题统计表 keeps apart: 超标准发放 (第7栏) and 超范围发放
  (第8栏). The combined 超范围超标准发放 stays for issues already registered under it; the
  returns split it by the check rule that found it (see docs/RETURNS.md).
- An issue registered without a village (the command line allowed it) belongs to the unit
  itself: such issues were counted in no return and sent in no package.
"""

from sqlite_utils.migrations import Migrations

migrations = Migrations("ykt.returns_exact")

NEW_CATEGORIES = (("chaobiaozhun", "超标准发放", "money"),
                  ("chaofanwei", "超范围发放", "money"))


@migrations()
def m001_split_categories(db):
    """Add the two categories to a database whose catalogue is loaded (a new one gets them from
    resources/catalogue/issue_categories.csv), right after the combined one."""
    row = db.execute("SELECT sort FROM issue_categories WHERE code = 'chaobiao'").fetchone()
    if row is None:
        return
    for n, (code, name, grp) in enumerate(NEW_CATEGORIES, start=1):
        db.execute("INSERT OR IGNORE INTO issue_categories(code, name, grp, sort) "
                   "VALUES (?, ?, ?, ?)", [code, name, grp, row[0] + n / 10])


@migrations()
def m002_issues_of_the_unit(db):
    db.execute("""
        UPDATE issues SET village_code = (SELECT json_extract(value, '$.code') FROM settings
                                          WHERE key = 'unit')
        WHERE village_code IS NULL
          AND EXISTS (SELECT 1 FROM regions r JOIN settings s ON s.key = 'unit'
                      AND r.code = json_extract(s.value, '$.code'))""")
