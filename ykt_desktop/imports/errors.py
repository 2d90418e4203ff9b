"""Errors and the validation report of an import (Chinese, naming file, sheet, row, column)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ykt_desktop.errors import UserError

MAX_LISTED = 100_000     # problems kept for the list and the report file


class ImportFileError(ValueError, UserError):
    """The file cannot be read or mapped at all; the message is Chinese."""


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str
    row: int            # row number as the spreadsheet shows it (1-based); 0 for the file
    column: str         # header text and column letter, e.g. "身份证号（B列）"
    value: str
    reason: str
    level: str = "error"  # error: blocks the import; warning: imported, reported

    def text(self) -> str:
        where = f"{self.file}，工作表“{self.sheet}”" if self.sheet else self.file
        if self.row:
            where += f"，第{self.row}行"
        if self.column:
            where += f"，{self.column}"
        value = f"“{self.value}”" if self.value else ""
        return f"{where}：{value}{self.reason}"


@dataclass
class Report:
    file: str
    sheet: str
    kind: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    bad_rows: dict[int, list[str]] = field(default_factory=dict)   # row -> reasons (all)
    already_stored: int = 0     # roster rows already in the database, not written again
    conflict_batches: set[int] = field(default_factory=set)   # stored batches rows contradict

    def add(self, problem: Problem) -> None:
        if problem.level == "error":
            self.errors += 1
            if problem.row:
                reason = (f"{problem.column}：" if problem.column else "") + (
                    f"“{problem.value}”" if problem.value else "") + problem.reason
                self.bad_rows.setdefault(problem.row, []).append(reason)
        else:
            self.warnings += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    @property
    def file_errors(self) -> list[Problem]:
        """Errors of the whole file (no row): they refuse it even with good rows only."""
        return [p for p in self.problems if p.level == "error" and not p.row]

    def summary(self, limit: int = 5) -> str:
        head = (f"{self.file}：共{self.rows}行，{self.errors}处错误，{self.warnings}处提示")
        errors = [p.text() for p in self.problems if p.level == "error"][:limit]
        more = "\n……" if self.errors > limit else ""
        return head + ("\n" + "\n".join(errors) + more if errors else "")


class ImportRefused(ValueError, UserError):
    """Validation found errors; nothing was written. ``report`` lists every problem."""

    def __init__(self, report: Report, *, good_rows: int = 0, header_row: int = 0) -> None:
        hint = (f"\n其余{good_rows:,}行没有问题：可以只导入这些行（命令行加 --good-rows-only，"
                "导入对话框中点“导入”后选择），问题行可另存为文件退回（--bad-rows 文件.xlsx）"
                if good_rows else "")
        super().__init__(f"未导入，数据库未改动。{report.summary()}{hint}")
        self.report = report
        self.good_rows = good_rows
        self.header_row = header_row


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
