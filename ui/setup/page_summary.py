"""Set-up wizard, last page: what 完成 will do, and what to do first afterwards."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

NEXT_STEPS = {
    "village": ["“入户核查”页：先选好村和组，点“新增户”逐户录入；也可以“打印空白表…”，"
                "入户填写后再录入。",
                "每户核查完选“已核查”、请户主签名；发现的问题点“发现问题”挂号。",
                "“上报与导入”页：核查完成后生成上报文件交乡镇。"],
    "township": ["“上报与导入”页：导入各村交来的上报文件，审核、接收或退回。",
                 "“公示”页：生成公示名单，张贴后登记张贴情况。",
                 "“报表”页：按数据填表、签章后上报县里。"],
    "county": ["“比对与导入”页：导入一卡通平台导出的发放名册（花名册）、死亡名单和干部亲属名单，"
               "再运行比对。",
               "“上报与导入”页：导入各乡镇的上报文件；给下级签发证书。",
               "“问题台账”页：跟踪每个问题直到销号；“报表”页汇总上报。"],
}


class SummaryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第 5 步：确认并完成")
        self.setSubTitle("点“完成”后才会写入数据库；点“取消”则什么都不会保存。")
        layout = QVBoxLayout(self)
        self.plan_text = QLabel()
        self.plan_text.setWordWrap(True)
        layout.addWidget(self.plan_text)
        self.next_text = QLabel()
        self.next_text.setWordWrap(True)
        layout.addWidget(self.next_text)
        layout.addStretch()

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard()
        plan = wizard.plan()
        lines = wizard.describe()
        self.plan_text.setText("<b>将要设置：</b><ul>" + "".join(f"<li>{line}</li>"
                                                                 for line in lines) + "</ul>")
        steps = NEXT_STEPS[plan.level]
        login = ("<p>完成后请用刚建立的管理员账户登录。</p>" if plan.users else "")
        self.next_text.setText(login + "<b>完成后首先：</b><ol>"
                               + "".join(f"<li>{s}</li>" for s in steps)
                               + "</ol><p>不知道从哪里开始时，看各页顶部的提示和《用户手册》。</p>")
