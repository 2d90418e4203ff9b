"""Chinese names of every table and of the audited tables' fields, as an officer reads them
(审计日志, ``info``, messages). Codes stored in a field are turned into words by
:func:`field_value` with the glossary's labels."""

from __future__ import annotations

from ykt_desktop import glossary

TABLE_NAMES = {
    **glossary.PACKAGE_TABLES,
    "findings": "比对结果", "death_list": "死亡名单", "cadre_list": "干部及亲属名单",
    "users": "用户", "audit_log": "审计日志", "submissions": "上报与导入记录",
    "settings": "设置", "unit_keys": "本单位签名密钥", "return_drafts": "报表草稿",
    "backchecks": "复核记录", "complaints": "举报登记", "self_reports": "主动说清",
    "campaign_phases": "工作阶段", "campaign_deadlines": "报送期限", "policy_lists": "政策清单",
    "policy_list_postings": "政策清单张贴记录", "samples": "重点抽查", "pki_trust": "信任的证书",
    "pki_authority": "签发证书", "exchange_comments": "上级退回意见",
    "exchange_deadlines": "上报截止日期", "register_entries": "户籍人口名单",
    "import_batches": "导入批次", "import_mappings": "导入列对应", "import_coverage": "导入范围",
    "household_drafts": "一户一表草稿", "form_prints": "打印的一户一表",
    "incompatible_items": "不相容项目", "check_rule_runs": "比对运行记录",
    "audit_checkpoints": "审计检查点", "audit_chain_findings": "审计链检查结果",
    "audit_heads": "上报链头记录",
}

_COMMON = {"id": "序号", "notes": "备注", "created_at": "建立时间", "updated_at": "修改时间",
           "created_by": "建立人", "village_code": "村", "household_id": "户",
           "person_id": "人员", "item_id": "补贴项目", "period": "期间", "issue_id": "问题",
           "scope_code": "范围", "phone": "电话", "status": "状态", "unit_code": "单位",
           # what an export, sign or restore entry records
           "file": "文件", "title": "标题", "scope": "范围", "items": "补贴项目",
           "lines": "条数", "policy": "号码脱敏规则", "backup": "备份文件", "kept": "保留的原文件"}

FIELD_NAMES: dict[str, dict[str, str]] = {
    # what the audit head check recorded (ykt_desktop.audit.head)
    "audit_log": {"kind": "类别", "at": "链头记下时间", "recorded": "链头记到", "found": "核对时到",
                  "recorded_hash": "链头哈希", "entry": "条目", "file": "链头文件", "why": "原因",
                  "sent": "上报链头", "triggers": "触发器", "schema_version": "数据库结构版本"},
    "households": {"hh_no": "户编号", "group_code": "组", "address": "家庭住址",
                   "head_person_id": "户主", "verify_status": "核查结果",
                   "verify_reason": "无法核查原因", "verified_by": "核查人",
                   "verified_at": "核查日期"},
    "persons": {"id_number": "身份证号", "name": "姓名", "name_initials": "姓名拼音首字母",
                "sex": "性别", "birth_date": "出生日期", "death_date": "死亡日期",
                "status_date": "状态日期", "disability_cert": "残疾证号",
                "disability_type": "残疾类别", "disability_grade": "残疾等级"},
    "members": {"relation": "与户主关系", "sort": "顺序"},
    "cards": {"card_type": "卡折类型", "bank": "代理银行", "card_number": "卡号",
              "issuer_dept": "发卡部门", "custodian": "保管人", "custodian_name": "保管人姓名",
              "consent": "本人同意", "activated": "已激活", "fee_charged": "收取费用",
              "fee_note": "收费说明"},
    "payments": {"standard": "标准", "amount_due": "应发金额", "amount_paid": "实发金额",
                 "paid_date": "发放日期", "card_id": "卡折", "card_number": "卡号",
                 "bank": "银行", "source": "来源", "batch_id": "导入批次"},
    "statements": {"received": "是否领取", "amount": "群众所说金额", "received_date": "领取日期",
                   "card_desc": "卡折说明", "visit_id": "入户核查"},
    "verifications": {"visit_date": "核查日期", "verifiers": "核查人", "result": "核查结果",
                      "reason": "无法核查原因", "head_confirmed": "户主确认",
                      "signature_attachment_id": "签名", "visit_time": "核查时间"},
    "issues": {"issue_no": "问题编号", "category": "问题类别", "found_by": "发现方式",
               "card_id": "卡折", "finding_id": "比对结果", "amount": "涉及金额",
               "description": "问题描述", "responsible_unit": "责任单位",
               "responsible_person": "责任人", "measure": "整改措施", "deadline": "整改期限",
               "rectified_at": "整改完成日期", "closed_at": "销号日期",
               "recovered_amount": "追缴收回", "returned_amount": "返还发放",
               "self_reported_persons": "主动说清人数", "self_returned_amount": "主动上缴资金",
               "referred": "已移交纪检监察", "referral_note": "移交说明",
               "party_sanctions": "党纪处分", "gov_sanctions": "政务处分",
               "exposed": "已通报曝光", "exposed_persons": "通报曝光人数"},
    "issue_events": {"at": "时间", "by_user": "操作人", "action": "操作",
                     "from_status": "原状态", "to_status": "新状态", "note": "说明",
                     "data": "附带数据"},
    "return_drafts": {"template": "报表模板", "cells": "各格数据", "footer": "表尾",
                      "override_reason": "手改理由", "signed_at": "签章时间",
                      "signed_by": "签章人"},
    "users": {"username": "用户名", "display_name": "姓名", "role": "角色",
              "password_hash": "密码", "must_change": "须改密码",
              "failed_attempts": "登录失败次数", "locked_until": "锁定到", "active": "启用"},
    "settings": {"key": "设置项", "value": "设置值"},
    "unit_keys": {"key_pem": "签名私钥", "cert_pem": "证书", "chain_pem": "证书链",
                  "fingerprint": "指纹", "active": "使用中"},
    "backchecks": {"sample_id": "抽查", "checked_on": "复核日期", "checker": "复核人",
                   "original_verifiers": "原核查人", "answers": "复核内容",
                   "differences": "差异", "n_fields": "比对项数", "n_diff": "差异项数"},
    "complaints": {"complaint_no": "举报编号", "channel": "来源渠道", "received_on": "收到日期",
                   "content": "举报内容", "complainant": "举报人",
                   "complainant_contact": "举报人联系方式", "persons_concerned": "被举报人",
                   "handler": "承办人", "handling": "办理情况", "deadline": "答复期限",
                   "replied_on": "答复日期", "reply": "答复内容", "result": "核实结果"},
    "self_reports": {"persons": "人数", "names": "姓名", "amount": "主动上缴资金",
                     "reported_on": "说清日期"},
    "campaign_phases": {"name": "阶段", "start_date": "开始日期", "end_date": "结束日期",
                        "sort": "顺序"},
    "campaign_deadlines": {"title": "报送事项", "due_date": "截止日期", "level": "层级",
                           "recipient": "报送对象", "done_date": "报送日期"},
    "policy_lists": {"title": "标题", "year": "年度", "issuer": "发布单位",
                     "item_codes": "补贴项目", "hotline": "监督电话",
                     "file_attachment_id": "文件"},
    "policy_list_postings": {"policy_list_id": "政策清单", "location": "张贴地点",
                             "posted_from": "张贴开始", "posted_to": "张贴结束",
                             "photo_attachment_id": "照片", "recorded_by": "登记人",
                             "recorded_at": "记录时间"},
}

# codes stored in a field, shown with the glossary's words
_VALUE_LABELS = {"verify_status": glossary.VERIFY_STATUS, "result": glossary.VERIFY_STATUS,
                 "status": glossary.ISSUE_STATUS, "from_status": glossary.ISSUE_STATUS,
                 "to_status": glossary.ISSUE_STATUS, "found_by": glossary.FOUND_BY,
                 "sex": glossary.SEX, "card_type": glossary.CARD_TYPES,
                 "custodian": glossary.CUSTODIANS, "role": glossary.ROLES}
_STATUS_BY_TABLE = {"persons": glossary.PERSON_STATUS, "payments": glossary.PAYMENT_STATUS,
                    "issues": glossary.ISSUE_STATUS}


# a bulk load's one summary entry is filed under its kind (audit.bulk_load)
BULK_KINDS = {"demo": "演示县数据", "package": "上报文件", "import-roster": "导入发放名册",
              "import-deaths": "导入死亡名单", "import-cadres": "导入干部及亲属名单",
              "import-register": "导入户籍人口名单", "import-regions": "导入下级名单"}
SUMMARY_FIELDS = {"kind": "类别", "tables": "各表记录数", "seed": "种子", "file": "文件",
                  "unit": "单位", "period": "期间", "signer": "签名者", "sha256": "文件指纹"}


def table_name(table: str) -> str:
    return TABLE_NAMES.get(table) or BULK_KINDS.get(table) or table


def counts_change(tables: dict) -> str:
    """A bulk load's {"households": {"before": [n, ...], "after": [m, ...]}} as 户 0→60，…"""
    parts = []
    for table, change in tables.items():
        try:
            before, after = change["before"][0], change["after"][0]
        except (KeyError, IndexError, TypeError):
            continue
        parts.append(f"{table_name(table)} {before:,}→{after:,}")
    return "，".join(parts)


def field_name(table: str, field: str) -> str:
    if table in BULK_KINDS:
        return SUMMARY_FIELDS.get(field, field)
    return FIELD_NAMES.get(table, {}).get(field) or _COMMON.get(field, field)


def field_value(table: str, field: str, value: object) -> str:
    """A stored value in words: codes through the glossary, None as empty, 0/1 flags as 否/是."""
    if value is None or value == "":
        return "（空）"
    if field == "tables" and isinstance(value, dict):
        return counts_change(value)
    if field == "kind" and isinstance(value, str):
        return BULK_KINDS.get(value, value)
    labels = _STATUS_BY_TABLE.get(table) if field == "status" else _VALUE_LABELS.get(field)
    if labels and isinstance(value, str) and value in labels:
        return labels[value]
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
