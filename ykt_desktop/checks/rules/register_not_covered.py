"""村不漏户、户不漏人: households and persons of the imported 户籍/人口名单 that no 一户一表 holds.

An absence-based check: it judges only the villages the imported register covers, and says so.
"""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule
from ykt_desktop.households.register_gaps import register_households


def find(ctx: CheckContext) -> Iterator[Finding]:
    names = dict(ctx.db.execute("SELECT code, name FROM regions"))
    for hh in register_households(ctx.db):
        place = f"{names.get(hh.village_code, hh.village_code)}{hh.group_name}"
        scope = f"按导入的户籍人口名单（{names.get(hh.village_code, hh.village_code)}）比对"
        people = [f"{p[1]}（{p[2] or '成员'}）" for p in hh.persons]
        if not hh.covered_by:
            yield Finding(
                subject_key=f"户|{hh.village_code}|{hh.register_no}",
                village_code=hh.village_code,
                summary=f"{place}户籍户号{hh.register_no}（{'、'.join(people)}，共"
                        f"{len(hh.persons)}人）没有任何人在一户一表中：漏户（{scope}）",
                evidence={"户号": hh.register_no, "组": hh.group_name, "比对范围": scope,
                          "户籍人员": [{"身份证号": p[0], "姓名": p[1], "与户主关系": p[2]}
                                   for p in hh.persons]})
            continue
        for number, name, relation, _ in hh.missing_persons:
            yield Finding(
                subject_key=f"人|{number}", village_code=hh.village_code,
                summary=f"{name}（{relation or '成员'}）在户籍名单中属于{place}户号"
                        f"{hh.register_no}，该户已有一户一表（{'、'.join(hh.covered_by)}），"
                        f"但此人不在任何一户中：漏人（{scope}）",
                evidence={"身份证号": number, "姓名": name, "户号": hh.register_no,
                          "组": hh.group_name, "已录入的户": hh.covered_by, "比对范围": scope})


RULE = Rule(name="register_not_covered", title="户籍名单漏户漏人",
            description="与导入的户籍人口名单（公安或民政）比对：名单上的户没有任何人录入一户一表"
                        "（漏户），或该户已录入但名单上的某人不在任何一户中（漏人）。只比对名单"
                        "覆盖的村；没有导入名单时不产生结果。",
            find=find, order=170)
