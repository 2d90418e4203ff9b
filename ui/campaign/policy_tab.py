"""政策清单 tab: the unit's subsidy items as a printable list; its postings; what is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.campaign.common import (
    KEEP_OPEN,
    FormDialog,
    attempt,
    date_edit,
    line_edit,
    selected_row,
    spin,
)
from ui.common import stale_reload
from ui.common.empty_state import EmptyState, set_available
from ui.common.file_dialogs import save_file_name
from ui.common.follow_changes import follow_changes
from ui.common.list_table import ListTableModel
from ui.common.table_fit import contents_table, fit_columns
from ui.context import AppContext
from ykt_desktop.campaign import policy_list
from ykt_desktop.campaign.catalogue_fields import policy_fields, set_policy_fields
from ykt_desktop.catalogue_year import catalogue_year
from ykt_desktop.changes import Kind
from ykt_desktop.publicity.choices import scope_choices
from ykt_desktop.record_versions import StaleRecordError

LIST_HEADERS = ("编号", "单位", "年度", "项目数", "张贴次数", "首次张贴", "生成时间")


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.CAMPAIGN, Kind.UNIT)


class PolicyTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.scope = QComboBox()
        self.scope.setToolTip("公布政策清单的单位（村、乡镇）")
        self.scope.currentIndexChanged.connect(lambda _: self.preview())
        self.year = spin("政策清单的年度（默认补贴项目目录年度）", 2019, 2099,
                         catalogue_year(ctx.db) or dt.date.today().year)
        self.all_items = QCheckBox("列出全部项目")
        self.all_items.setToolTip("不勾选时只列本单位有发放记录的项目；没有发放记录时列全部")
        self.all_items.toggled.connect(lambda _: self.preview())
        self.make = QPushButton("生成政策清单…")
        self.make.setToolTip("导出为 A4 PDF（张贴用）或 Excel，并保存政策清单记录")
        self.make.clicked.connect(self.publish)
        self.post = QPushButton("登记张贴…")
        self.post.setToolTip("登记所选政策清单的张贴地点和起止日期（可附照片）")
        self.post.clicked.connect(self.add_posting)
        self.edit = QPushButton("编辑项目信息…")
        self.edit.setToolTip("补充或修改所选补贴项目的政策依据、补贴对象、监督电话（也可双击）")
        self.edit.clicked.connect(self.edit_item)
        for widget in (QLabel("单位"), self.scope, QLabel("年度"), self.year, self.all_items,
                       self.make, self.post, self.edit):
            row.addWidget(widget)
        row.addStretch()
        layout.addLayout(row)
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        layout.addWidget(self.gaps)
        self.items = ListTableModel(policy_list.HEADER)
        self.item_view = contents_table(self.items)
        self.item_view.setSelectionBehavior(self.item_view.SelectionBehavior.SelectRows)
        self.item_view.doubleClicked.connect(lambda _: self.edit_item())
        fit_columns(self.item_view, stretch=2, widths={0: 40, 1: 170, 2: 330, 3: 210, 4: 95,
                                                         5: 110, 6: 80, 7: 110})
        layout.addWidget(self.item_view, 3)
        self.empty = EmptyState("campaign.policy")
        layout.addWidget(self.empty)
        self.lists = ListTableModel(LIST_HEADERS)
        self.list_view = contents_table(self.lists)
        self.list_view.setSelectionBehavior(self.list_view.SelectionBehavior.SelectRows)
        layout.addWidget(QLabel("已生成的政策清单"))
        layout.addWidget(self.list_view, 2)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def reload(self) -> None:
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        for code, label, level in scope_choices(self.ctx.db):
            if level in ("township", "village"):
                self.scope.addItem(label, code)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        self.scope.blockSignals(False)
        self.rows = policy_list.list_policy_lists(self.ctx.db)
        self.lists.set_rows([(r["id"], r["scope_name"], r["year"], r["items"], r["postings"],
                              r["first_posted"] or "未张贴", r["created_at"]) for r in self.rows])
        self.empty.update_for(len(self.rows))
        has_scope = self.scope.count() > 0
        set_available(self.make, has_scope, "village")
        set_available(self.edit, not self.ctx.read_only, "read_only")
        set_available(self.post, not self.ctx.read_only and bool(self.rows),
                      "read_only" if self.ctx.read_only else "selection")
        self.preview()

    def preview(self) -> None:
        code = self.scope.currentData()
        rows = policy_list.policy_rows(self.ctx.db, code, all_items=self.all_items.isChecked()) \
            if code else []
        self.items.set_rows([r[1:] for r in rows])
        self.item_codes = [r[0] for r in rows]
        self._own_phone = [policy_list.own_hotline(self.ctx.db, r[0]) for r in rows]
        gaps = policy_list.missing_fields(rows)
        self.gaps.setText(f"有 {len(gaps)} 处没有填写（打印时留空）：" + "；".join(gaps[:6])
                          + "……选中项目点“编辑项目信息…”补充。" if gaps else "")

    def edit_item(self) -> None:
        row = selected_row(self.item_view)
        if row is None or self.ctx.read_only:
            if row is None:
                QMessageBox.information(self, "编辑项目信息", "请先在上面的清单中选择一个补贴项目")
            return
        code, shown = self.item_codes[row], self.items.row(row)
        saved, version = policy_fields(self.ctx.db, code)      # as saved now, not as previewed
        rows = [("policy_basis", "政策依据", line_edit("文件名称和文号", saved["policy_basis"])),
                ("target", "补贴对象", line_edit("谁可以享受", saved["target"])),
                ("hotline", "监督电话", line_edit("本项目的监督电话；空则印乡镇监督电话",
                                               saved["hotline"]))]
        state = {"version": version}

        def submit(values: dict) -> object:
            try:
                set_policy_fields(self.ctx.db, code, expected_version=state["version"], **values)
            except StaleRecordError as exc:     # changed elsewhere since: ask, never overwrite
                if stale_reload.ask_reload(dialog, exc):
                    fresh, state["version"] = policy_fields(self.ctx.db, code)
                    for key, widget in dialog.widgets.items():
                        widget.setText(fresh[key])
                return KEEP_OPEN
            return True

        dialog = FormDialog(self, f"编辑项目信息：{shown[1]}", rows, submit)
        self.edit_dialog = dialog
        if dialog.exec():
            self.ctx.notify_changed(set_policy_fields.changes)

    def publish(self) -> None:
        code = self.scope.currentData()
        path, _ = save_file_name(self, "生成政策清单", f"{self.scope.currentText().strip()}"
                                 "政策清单.pdf", "PDF (*.pdf);;Excel (*.xlsx)")
        if not path:
            return
        done = attempt(self, "生成政策清单", lambda: policy_list.publish_policy_list(
            self.ctx.db, code, path, year=self.year.value(), all_items=self.all_items.isChecked(),
            record=not self.ctx.read_only) or True)
        if done:
            QMessageBox.information(self, "生成政策清单", f"已导出：{path}" + (
                "" if self.ctx.read_only else "。张贴后请选中它点“登记张贴…”。"))
            self.ctx.notify_changed(policy_list.publish_policy_list.changes)

    def add_posting(self) -> None:
        row = selected_row(self.list_view)
        if row is None:
            QMessageBox.information(self, "登记张贴", "请先在“已生成的政策清单”中选择一份")
            return
        list_id = self.rows[row]["id"]
        photo = line_edit("张贴照片的文件路径（可空）")
        rows = [("location", "张贴地点", line_edit("如 村务公开栏")),
                ("start", "张贴开始", date_edit("张贴开始日期")),
                ("end", "张贴结束", date_edit("张贴结束日期")), ("photo", "照片", photo)]
        if FormDialog(self, "登记张贴", rows, lambda v: policy_list.add_policy_posting(
                self.ctx.db, list_id, location=v["location"], posted_from=v["start"],
                posted_to=v["end"], photo=Path(v["photo"]) if v["photo"] else None)).exec():
            self.ctx.notify_changed(policy_list.add_policy_posting.changes)
