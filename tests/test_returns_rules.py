"""The 勾稽 rule parser (never eval) and every shipped rule failing and passing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.returns_data import add_issues
from ykt_desktop.returns.engine import ReturnInputError, fill, set_cell
from ykt_desktop.returns.expr import RuleSyntaxError, compare, evaluate, parse_rule
from ykt_desktop.returns.rules import check_rules, failing_cells, failures
from ykt_desktop.returns.template import list_templates

COUNTY = "420999000000"


def value(text, cells):
    rule = parse_rule(text)
    left = evaluate(rule.left, cells.__getitem__)
    right = evaluate(rule.right, cells.__getitem__)
    return compare(rule.op, left, right, 0.005)


def test_parser_reads_the_forms_notation():
    cells = {"c1": 10, "c3": 6, "c4": 1, "c5": 2, "c6": 3, "c8": 4, "c16": 6}
    assert value("c3 == c4 + c5 + c6", cells)
    assert value("c3 = c4+c5+c6", cells)
    assert value("c16 = c1 - c8", cells)
    assert not value("c16 = c1 + c8", cells)
    assert value("c3 * 2 >= (c4 + c5) * 3 + c6 - 1", cells)
    assert value("-c4 < 0", cells)
    assert value("c4 / 0 == 0", cells)
    assert parse_rule("c3 == c4 + c5").names() == ["c3", "c4", "c5"]


@pytest.mark.parametrize("text", [
    "__import__('os').system('echo hi') == 0", "c3 == c4 +", "c3 c4", "(c3 == c4", "c3 + c4",
    "c3 == c4 == c5", "c3 ; c4", "", "c3 == c4 ** 2",
])
def test_parser_refuses_anything_else(text):
    with pytest.raises(RuleSyntaxError) as err:
        parse_rule(text)
    assert "规则" in str(err.value)


def _break(filled, rule, row):
    """Make ``rule`` fail on ``row`` by typing a wrong number into its left-hand column."""
    key = rule.comparison.names()[0]
    current = float(row.cells[key].value or 0)
    wrong = -5 if rule.comparison.op == ">=" else current + 1000
    set_cell(filled, row.key, key, str(wrong))


def test_every_editable_rule_fails_and_passes(demo_db):
    add_issues(demo_db)
    checked = 0
    for template in list_templates():
        filled = fill(demo_db, template, COUNTY, "2025", use_draft=False)
        for rule in template.rules:
            left = template.column(rule.comparison.names()[0])
            if not left.editable:
                continue
            row = next(r for r in filled.data_rows() if rule.rows != "total")
            before = row.cells[left.key].value
            assert not [r for r in failures(filled) if r.rule is rule]
            _break(filled, rule, row)
            failed = [r for r in failures(filled) if r.rule is rule]
            assert any(r.row_key == row.key for r in failed), (template.key, rule.text)
            assert (row.key, left.key) in failing_cells(filled)
            text = next(r for r in failed if r.row_key == row.key).text
            assert row.label in text and "不成立" in text
            set_cell(filled, row.key, left.key, before)
            assert not [r for r in failures(filled) if r.rule is rule]
            checked += 1
    assert checked >= 20


def test_list_rules_fail_on_bad_ledger_data(demo_db):
    ids = add_issues(demo_db)
    templates = {t.key: t for t in list_templates()}
    demo_db.execute("UPDATE issues SET recovered_amount = amount + 100 WHERE id = ?", [ids[0]])
    demo_db.execute("UPDATE issues SET amount = -1 WHERE id = ?", [ids[2]])
    rect = fill(demo_db, templates["zhenggai_qingdan"], COUNTY, "2025")
    # recovered above the amount; a negative amount is below any recovery, and a stored
    # negative amount fails on the last row (money is never negative, issue 17 review)
    assert [r.row_key for r in failures(rect)] == [f"issue:{ids[0]}", f"issue:{ids[2]}",
                                                   "total"]
    listing = fill(demo_db, templates["wenti_qingdan"], COUNTY, "2025")
    assert [r.row_key for r in failures(listing)] == [f"issue:{ids[2]}", "total"]
    assert failures(listing)[-1].text.endswith("的涉及金额为负数（-1.00元），"
                                               "请在问题台账或发放记录中更正")
    demo_db.execute("UPDATE issues SET recovered_amount = 0, returned_amount = 0, amount = 5 "
                    "WHERE id IN (?, ?)",
                    [ids[0], ids[2]])
    assert not failures(fill(demo_db, templates["zhenggai_qingdan"], COUNTY, "2025"))
    assert not failures(fill(demo_db, templates["wenti_qingdan"], COUNTY, "2025"))


def test_total_row_rule_and_cell_typing(demo_db):
    template = next(t for t in list_templates() if t.key == "tongchuan_paicha_tongji")
    filled = fill(demo_db, template, COUNTY, "2025")
    row = filled.data_rows()[0]
    set_cell(filled, row.key, "c4", str(row.cells["c4"].value + Decimal("0.5")))
    bad = {r.row_key for r in failures(filled) if r.rule.text.startswith("c3")}
    assert bad == {row.key, "total"}                 # the 合计 row is checked too
    assert len(check_rules(filled)) == len(template.rules) * len(filled.rows)
    with pytest.raises(ReturnInputError, match="应填数字"):
        set_cell(filled, row.key, "c4", "一百")
    with pytest.raises(ReturnInputError, match="合计行"):
        set_cell(filled, "total", "c4", "1")
    with pytest.raises(ReturnInputError, match="不能手工填写"):
        set_cell(filled, row.key, "seq", "1")
