"""重点抽查 tab: draw a sample, print it, verify it, enter back-checks, see discrepancy rates."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.campaign.backcheck_dialog import BackcheckDialog
from ui.campaign.common import attempt, combo, line_edit, selected_row, spin
from ui.common.empty_state import EmptyState, set_available
from ui.common.file_dialogs import save_file_name
from ui.common.follow_changes import follow_changes
from ui.common.list_table import ListTableModel
from ui.common.row_select import select_row
from ui.common.table_fit import contents_table
from ui.context import AppContext
from ykt_desktop.campaign import rates, sample_list, sampling
from ykt_desktop.campaign.backcheck import backchecks, record_backcheck
from ykt_desktop.changes import Kind
from ykt_desktop.publicity.choices import scope_choices
from ykt_desktop.regions import code_prefix

SAMPLE_HEADERS = ("编号", "抽查", "抽中/总数", "种子", "已复核", "抽取时间")
RATE_HEADERS = ("", "复核户数", "有差异户数", "户差异率", "核对项数", "差异项数")


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.CAMPAIGN, Kind.UNIT, Kind.HOUSEHOLDS)  # drawn households


class SamplesTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addLayout(self._draw_row())
        self.empty = EmptyState("campaign.samples")
        layout.addWidget(self.empty)
        split = QSplitter()
        self.samples = ListTableModel(SAMPLE_HEADERS)
        self.sample_view = contents_table(self.samples)
        self.sample_view.setSelectionBehavior(self.sample_view.SelectionBehavior.SelectRows)
        self.sample_view.clicked.connect(lambda _: self.show_sample())
        self.drawn = ListTableModel(("序号",) + sample_list.HEADERS["households"][1:7]
                                    + ("复核差异",))
        self.drawn_view = contents_table(self.drawn)
        self.drawn_view.setSelectionBehavior(self.drawn_view.SelectionBehavior.SelectRows)
        self.drawn_view.doubleClicked.connect(lambda _: self.enter_backcheck())
        split.addWidget(self.sample_view)
        split.addWidget(self.drawn_view)
        split.setSizes([520, 800])
        layout.addWidget(split, 3)
        layout.addLayout(self._action_row())
        self.rate_models = {by: ListTableModel((label, *RATE_HEADERS[1:]))
                            for by, label in rates.GROUPS.items()}
        self.rates = self.rate_models["village"]
        self.rate_view = contents_table(self.rates)
        layout.addWidget(self.rate_view, 2)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def _draw_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.kind = combo("抽查对象：村、户或问题", [(v, k) for k, v in sampling.KINDS.items()])
        self.kind.setCurrentIndex(1)
        self.stratify = combo("分层：每个乡镇（村、部门）内各自按比例或数量抽取",
                              [(v, k) for k, v in sampling.STRATA.items()])
        self.stratify.setCurrentIndex(2)
        self.how = combo("按比例（如贵德方案覆盖率不低于30%）或按每层数量（如每县抽10个村）",
                         [("按比例", "ratio"), ("每层数量", "count")])
        self.amount = spin("比例（%）或每层数量", 1, 100, 30)
        self.under = QComboBox()
        self.under.setToolTip("只在此乡镇或村内抽取（默认全部）")
        self.seed = line_edit("随机种子：留空则随机生成并记录；填写记录中的种子可重现同一名单")
        self.seed.setPlaceholderText("种子（可空）")
        self.draw_button = QPushButton("抽取")
        self.draw_button.setToolTip("按所选条件随机抽取，种子、抽样框和参数记入审计日志")
        self.draw_button.clicked.connect(self.draw)
        for label, widget in (("对象", self.kind), ("分层", self.stratify), ("", self.how),
                              ("", self.amount), ("范围", self.under), ("", self.seed)):
            if label:
                row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.draw_button)
        row.addStretch()
        return row

    def _action_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        specs = (("print", "打印名单…", "把所选抽查的名单导出为 A4 PDF 或 Excel，带到现场复核",
                  self.print_list),
                 ("verify", "重新抽取核对", "按记录的种子和抽样框重新抽取，核对名单是否一致",
                  self.verify),
                 ("check", "登记复核…", "对所选户登记复核所见，与原一户一表逐项比对（也可双击）",
                  self.enter_backcheck),
                 ("issue", "差异登记为问题", "把所选户的复核差异登记到问题台账（发现方式：抽查）",
                  self.to_issue),
                 ("export", "导出差异率…", "把按村、按原核查人的复核差异率导出为 Excel 或 PDF",
                  self.export_rates))
        self.buttons = {}
        for key, text, tip, slot in specs:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch()
        self.by = combo("差异率按村或按原核查人统计",
                        [("按村", "village"), ("按原核查人", "verifier")])
        self.by.currentIndexChanged.connect(lambda _: self.show_rates())
        row.addWidget(QLabel("复核差异率"))
        row.addWidget(self.by)
        return row

    def reload(self) -> None:
        current = self.under.currentData()
        self.under.clear()
        self.under.addItem("全部", "")
        for code, label, level in scope_choices(self.ctx.db):
            if level in ("township", "village"):
                self.under.addItem(label, code)
        self.under.setCurrentIndex(max(0, self.under.findData(current)))
        self.rows = sampling.list_samples(self.ctx.db)
        self.samples.set_rows([(r["id"], r["title"], f"{r['n']}/{r['frame_size']}", r["seed"],
                                r["checked"], r["created_at"]) for r in self.rows])
        self.empty.update_for(len(self.rows))
        set_available(self.draw_button, not self.ctx.read_only, "read_only")
        if self.rows and selected_row(self.sample_view) is None:
            select_row(self.sample_view, 0)
        self.show_sample()

    def current_id(self) -> int | None:
        row = selected_row(self.sample_view)
        return self.rows[row]["id"] if row is not None and row < len(self.rows) else None

    def show_sample(self) -> None:
        sample_id = self.current_id()
        has = sample_id is not None
        for key in ("print", "verify", "check", "issue"):
            set_available(self.buttons[key], has and (key in ("print", "verify")
                                                      or not self.ctx.read_only),
                          "selection" if not has else "read_only")
        if not has:
            self.drawn.set_rows([])
            self.show_rates()
            return
        diffs = {b["household_id"]: b for b in backchecks(self.ctx.db, sample_id=sample_id)}
        sample, _ = sampling.load_sample(self.ctx.db, sample_id)
        rows = sample_list.sample_rows(self.ctx.db, sample_id)
        if sample.spec.kind == "households":
            rows = [(*r[:7], self._diff_text(diffs.get(hid)))
                    for r, hid in zip(rows, sample.drawn, strict=True)]
        self.drawn.set_rows(rows)
        self.show_rates()

    @staticmethod
    def _diff_text(bc: dict | None) -> str:
        if bc is None:
            return "未复核"
        text = f"{bc['n_diff']}/{bc['n_fields']}项不一致" if bc["n_diff"] else "一致"
        return text + (f"（已登记{bc['issue_no']}）" if bc["issue_no"] else "")

    def show_rates(self) -> None:
        by = self.by.currentData()
        if self.rates is not self.rate_models[by]:
            self.rates = self.rate_models[by]
            self.rate_view.setModel(self.rates)
        self.rates.set_rows([(r.name, r.households, r.differing, f"{r.rate:.1%}", r.fields,
                              r.fields_differing) for r in rates.discrepancy_rates(
            self.ctx.db, by=by, sample_id=self.current_id())])
        set_available(self.buttons["export"], self.rates.rowCount() > 0, "selection")

    def draw(self) -> None:
        ratio = self.amount.value() / 100 if self.how.currentData() == "ratio" else None
        count = self.amount.value() if ratio is None else None
        under = self.under.currentData() or ""
        spec = sampling.DrawSpec(self.kind.currentData(), self.stratify.currentData(), ratio,
                                 count, code_prefix(under) if under else "")
        seed_text = self.seed.text().strip()
        if seed_text and not seed_text.isdigit():
            QMessageBox.warning(self, "抽取", f"种子“{seed_text}”应为整数")
            return
        done = attempt(self, "抽取", lambda: sampling.draw_sample(
            self.ctx.db, spec, seed=int(seed_text) if seed_text else None))
        if done is not None:
            self.ctx.notify_changed(sampling.draw_sample.changes)
            select_row(self.sample_view, 0)
            self.show_sample()

    def print_list(self) -> None:
        sample_id = self.current_id()
        path, _ = save_file_name(self, "打印抽查名单", f"抽查名单{sample_id}.pdf",
                                 "PDF (*.pdf);;Excel (*.xlsx)")
        if path and attempt(self, "打印名单", lambda: sample_list.export_sample(
                self.ctx.db, sample_id, path)):
            QMessageBox.information(self, "打印名单", f"已导出：{path}")

    def verify(self) -> None:
        result = attempt(self, "重新抽取核对",
                         lambda: sampling.verify_sample(self.ctx.db, self.current_id()))
        if result is None:
            return
        text = (f"按种子 {result['seed']} 重新抽取：" + ("名单一致。" if result["ok"]
                                                       else "名单不一致！"))
        text += "".join(f"\n与审计日志不符：{p}" for p in result["audit_problems"])
        if not result["frame_intact"]:
            text += "\n记录的抽样框与校验值不符！"
        if not result["frame_unchanged"]:
            text += "\n当前数据已与抽取时不同，核对以记录的抽样框为准。"
        QMessageBox.information(self, "重新抽取核对", text)

    def _household(self) -> int | None:
        sample_id, row = self.current_id(), selected_row(self.drawn_view)
        sample, _ = sampling.load_sample(self.ctx.db, sample_id)
        if sample.spec.kind != "households":
            QMessageBox.information(self, "登记复核", "复核按户登记：请选择抽户的抽查")
            return None
        if row is None:
            QMessageBox.information(self, "登记复核", "请先在右边的名单中选择一户")
            return None
        return sample.drawn[row]

    def enter_backcheck(self) -> None:
        hid = self._household()
        if hid is not None and not self.ctx.read_only:
            if BackcheckDialog(self.ctx.db, hid, self.current_id(), parent=self).exec():
                self.ctx.notify_changed(record_backcheck.changes)

    def to_issue(self) -> None:
        hid = self._household()
        bc = next((b for b in backchecks(self.ctx.db, sample_id=self.current_id())
                   if b["household_id"] == hid), None) if hid is not None else None
        if hid is not None and bc is None:
            QMessageBox.information(self, "差异登记为问题", "这户还没有复核记录")
        elif bc is not None and attempt(self, "差异登记为问题",
                                        lambda: rates.backcheck_to_issue(self.ctx.db, bc["id"])):
            self.ctx.notify_changed(rates.backcheck_to_issue.changes)

    def export_rates(self) -> None:
        path, _ = save_file_name(self, "导出复核差异率", "复核差异率.xlsx",
                                 "Excel (*.xlsx);;PDF (*.pdf)")
        if path and attempt(self, "导出差异率", lambda: rates.export_rates(
                self.ctx.db, path, sample_id=self.current_id())):
            QMessageBox.information(self, "导出差异率", f"已导出：{path}")
