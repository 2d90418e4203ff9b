"""Per-kind checks across rows (duplicates, persons on file) and the rows to write."""

from __future__ import annotations

from ykt_desktop.imports.builder_base import Builder
from ykt_desktop.imports.items import candidates, exact_items, item_key, proposal_text
from ykt_desktop.imports.monthly import YearForMonthly
from ykt_desktop.imports.register_builder import RegisterBuilder
from ykt_desktop.imports.resolve import (
    village_lookup,
)
from ykt_desktop.imports.stored_payments import compare_with_stored


class RosterBuilder(Builder):
    TABLE = "payments"
    COLUMNS = ("person_id", "household_id", "village_code", "item_id", "period", "standard",
               "amount_due", "amount_paid", "paid_date", "card_id", "card_number", "bank",
               "status", "source", "batch_id")

    def __post_init__(self) -> None:
        self.items = {**exact_items(self.db), **self.item_map}
        self.item_cache: dict[str, object] = {}
        self.unconfirmed: dict[str, list] = {}    # file name -> [first row, rows, candidates]
        self.yearly = YearForMonthly("period" in self.whole_keys)

    def insert_sql(self, batch_id: int) -> str:
        """The card's id is looked up by the insert itself, through the index on
        ``cards.card_number`` (the lowest id of that number, as :func:`cards_by_number`): no
        dictionary of the unit's 968,739 cards in memory (190 MB) and no lookup pass."""
        marks = [f"?{n}" for n in range(1, len(self.COLUMNS))]
        marks[9] = "(SELECT min(id) FROM cards WHERE card_number = ?11 AND ?11 != '')"
        return (f"INSERT INTO {self.TABLE} ({', '.join(self.COLUMNS)}) "
                f"VALUES ({', '.join(marks)}, {int(batch_id)})")

    def _item(self, text: str):
        if text not in self.item_cache:
            self.item_cache[text] = self.items.get(item_key(text))
        return self.item_cache[text]

    def add(self, row: int, rec: dict) -> None:
        item = self._item(rec["item"])
        if item is None:
            if item_key(rec["item"]) in self.item_map:      # declined by the officer
                self.problem(row, "item", rec["item"], "未确认与补贴项目清单的对应，本行不导入")
            else:
                self._unmatched(row, rec["item"])
            return
        number, reason = rec["id_number"]
        status, amount = rec.get("status") or "paid", rec["amount"]
        card, paid_date = rec.get("card_number") or "", rec.get("paid_date")
        if self.yearly.refuses(self.problem, row, item, rec["period"], paid_date):
            return
        key = (number, item.id, rec["period"], amount, status, paid_date, card)
        if self.duplicate(row, key, "身份证号、项目、期间、金额、状态均相同"):
            return
        std = rec.get("standard")
        if std is None and item.standard_unit != "mu" and item.standard > 0:
            std = item.standard
        due = rec.get("amount_due") or std or amount
        # a compact tuple per row: a million rows must fit in memory comfortably
        self.records.append((row, number, reason, rec.get("name") or "", item.id, rec["period"],
                             std or due, due, amount if status == "paid" else 0.0, paid_date,
                             card, rec.get("bank") or "", status))

    def _unmatched(self, row: int, text: str) -> None:
        """A name with candidates waits for confirmation (the whole file is held back); a
        name with none is a problem of its row."""
        entry = self.unconfirmed.get(text)
        if entry is None:
            found = candidates(self.db, text)
            if not found:
                self.problem(row, "item", text, proposal_text(text, []))
                return
            entry = self.unconfirmed[text] = [row, 0, found]
        entry[1] += 1

    def proposals(self) -> dict[str, list[str]]:
        """{file name: candidate item names} of the names awaiting confirmation."""
        return {text: [i.name for i in e[2]] for text, e in self.unconfirmed.items()}

    def rows(self) -> list[tuple]:
        for text, (first, count, found) in self.unconfirmed.items():
            self.problem(0, "item", text, f"共{count}行（首见第{first}行）"
                         + proposal_text(text, found))
        self.yearly.file_problems(self.problem)
        people = self.people(r[1] for r in self.records)
        self.check_ids(people, ((r[0], r[1], r[2]) for r in self.records))
        out = []
        records, self.records = self.records, []
        for index, (row, number, _, name, item_id, period, std, due, paid, day, card, bank,
                    status) in enumerate(records):
            records[index] = None      # each parsed row freed as its output row is made
            if row in self.report.bad_rows:
                continue
            person = people.get(number)
            if person is None:
                level = "warning" if self.skip_unknown else "error"
                note = "，已跳过" if self.skip_unknown else ""
                self.problem(row, "id_number", number, f"本单位没有此人{note}", level)
                continue
            if name and name != person[1]:
                self.problem(row, "name", name, f"与本单位登记的姓名“{person[1]}”不一致", "warning")
            out.append((row, (person[0], person[2], person[3], item_id, period, std, due, paid,
                              day, None, card, bank, status, "roster")))   # card id: insert_sql
        rows, self.report.already_stored, self.report.conflict_batches = compare_with_stored(
            self.db, out, self.problem, replace_batch=self.replace_batch)
        return rows


class DeathsBuilder(Builder):
    TABLE = "death_list"
    COLUMNS = ("id_number", "name", "death_date", "source", "batch_id")

    def add(self, row: int, rec: dict) -> None:
        if not self.duplicate(row, (rec["id_number"][0],), "同一身份证号"):
            self.records.append((row, rec))

    def rows(self) -> list[tuple]:
        people = self.people(r["id_number"][0] for _, r in self.records)
        self.check_ids(people)
        listed = {n for n, in self.db.execute("SELECT DISTINCT id_number FROM death_list")}
        out = []
        for row, rec in self.records:
            number = rec["id_number"][0]
            if row in self.report.bad_rows:
                continue
            if number in listed:
                self.problem(row, "id_number", number, "已在死亡名单中，本行跳过", "warning")
                continue
            out.append((number, rec.get("name") or (people.get(number) or ("", ""))[1],
                        rec["death_date"], rec.get("source") or self.default_source))
        return out


class CadresBuilder(Builder):
    TABLE = "cadre_list"
    COLUMNS = ("id_number", "name", "village_code", "position", "relation", "cadre_id_number",
               "batch_id")

    def add(self, row: int, rec: dict) -> None:
        cadre = (rec.get("cadre_id_number") or ("", ""))[0]
        if not self.duplicate(row, (rec["id_number"][0], cadre), "同一人、同一干部"):
            self.records.append((row, rec))

    def rows(self) -> list[tuple]:
        people = self.people(r["id_number"][0] for _, r in self.records)
        self.check_ids(people)
        villages = village_lookup(self.db)
        out = []
        for row, rec in self.records:
            number = rec["id_number"][0]
            if row in self.report.bad_rows:
                continue
            village = villages.get(rec.get("village") or "")
            if rec.get("village") and village is None:
                self.problem(row, "village", rec["village"], "不是本单位的村，村字段留空",
                             "warning")
            if village is None and number in people:
                village = people[number][3]
            cadre = rec.get("cadre_id_number") or ("", "")
            if cadre[1]:
                self.problem(row, "cadre_id_number", cadre[0], f"无效：{cadre[1]}", "warning")
            out.append((number, rec.get("name") or (people.get(number) or ("", ""))[1], village,
                        rec.get("position") or "", rec.get("relation") or "", cadre[0]))
        return out


BUILDERS: dict[str, type[Builder]] = {
    "roster": RosterBuilder, "deaths": DeathsBuilder, "cadres": CadresBuilder,
    "register": RegisterBuilder,
}


def builder_for(kind: str) -> type[Builder]:
    return BUILDERS[kind]
