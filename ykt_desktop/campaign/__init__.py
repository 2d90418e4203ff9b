"""The campaign as the plans run it (issue 16): 重点抽查 and back-checks (:mod:`.sampling`,
:mod:`.backcheck`), the phase calendar (:mod:`.calendar`, :mod:`.summary`), the 政策清单
(:mod:`.policy_list`), the 举报 register (:mod:`.complaints`), 主动说清 (:mod:`.self_reports`)
and the paradata the desk-made-form checks read (:mod:`.paradata`).
"""
