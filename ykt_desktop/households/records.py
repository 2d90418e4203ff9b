"""The household form's data: one household with its members, cards, statements and visit.

Plain dataclasses, serialisable to a dict (for drafts) and back. Members are referred to by
their position in ``HouseholdRecord.members`` so that a form can refer to people not saved yet.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class CardRecord:
    card_type: str = "social_security"
    bank: str = ""
    card_number: str = ""
    issuer_dept: str = ""
    custodian: str = "owner"
    custodian_name: str = ""
    consent: bool = True
    activated: bool = True
    fee_charged: float = 0.0
    fee_note: str = ""
    notes: str = ""
    id: int | None = None


@dataclass
class MemberRecord:
    name: str = ""
    id_number: str = ""
    relation: str = ""
    status: str = "normal"
    status_date: str | None = None      # death date for 'dead', date moved out for 'moved'
    disability_cert: str = ""
    disability_type: str = ""
    disability_grade: str = ""
    phone: str = ""
    notes: str = ""
    cards: list[CardRecord] = field(default_factory=list)
    person_id: int | None = None


@dataclass
class StatementRecord:
    """What the household says about one item and period (beside the official figures)."""

    member: int                          # index into HouseholdRecord.members
    item_id: int
    period: str
    received: bool | None = None         # None: not asked yet
    amount: float | None = None
    received_date: str | None = None
    card_desc: str = ""
    notes: str = ""
    id: int | None = None


@dataclass
class Attachment:
    filename: str
    mime: str
    data: bytes
    kind: str = "scan"                   # signature / scan / photo
    id: int | None = None


@dataclass
class VisitRecord:
    visit_date: str = ""
    verifiers: str = ""
    result: str = ""                     # '' (not decided), 'verified' or 'unable'
    reason: str = ""
    head_confirmed: bool = False
    signature: Attachment | None = None
    scans: list[Attachment] = field(default_factory=list)
    notes: str = ""
    id: int | None = None


@dataclass
class IssueDraft:
    """A problem raised from the form; registered in the ledger when the household is saved."""

    category: str
    description: str
    amount: float = 0.0
    member: int | None = None
    card: int | None = None              # index into that member's cards
    item_id: int | None = None


@dataclass
class HouseholdRecord:
    village_code: str = ""
    group_code: str | None = None
    hh_no: str = ""
    address: str = ""
    phone: str = ""
    notes: str = ""
    members: list[MemberRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
    visit: VisitRecord = field(default_factory=VisitRecord)
    new_issues: list[IssueDraft] = field(default_factory=list)
    id: int | None = None
    version: str = ""                    # token read at load time (households.version)

    def head_index(self) -> int | None:
        for i, member in enumerate(self.members):
            if member.relation == "户主":
                return i
        return 0 if self.members else None

    def remove_member(self, index: int) -> None:
        """Drop a member with their cards, statements and queued issues; renumber the rest."""
        del self.members[index]
        self.statements = [s for s in self.statements if s.member != index]
        for s in self.statements:
            s.member -= s.member > index
        self.new_issues = [d for d in self.new_issues if d.member != index]
        for d in self.new_issues:
            if d.member is not None and d.member > index:
                d.member -= 1

    def remove_card(self, member: int, card: int) -> None:
        del self.members[member].cards[card]
        self.new_issues = [d for d in self.new_issues
                           if not (d.member == member and d.card == card)]
        for d in self.new_issues:
            if d.member == member and d.card is not None and d.card > card:
                d.card -= 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        visit = data["visit"]
        for att in ([visit["signature"]] if visit["signature"] else []) + visit["scans"]:
            att["data"] = base64.b64encode(att["data"]).decode("ascii")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HouseholdRecord:
        def build(kind: type, values: dict[str, Any]) -> Any:
            known = {f.name for f in fields(kind)}
            return kind(**{k: v for k, v in values.items() if k in known})

        def attachment(values: dict[str, Any]) -> Attachment:
            return build(Attachment, {**values, "data": base64.b64decode(values["data"])})

        members = [build(MemberRecord, {**m, "cards": [build(CardRecord, c)
                                                        for c in m.get("cards", [])]})
                   for m in data.get("members", [])]
        v = dict(data.get("visit") or {})
        v["signature"] = attachment(v["signature"]) if v.get("signature") else None
        v["scans"] = [attachment(a) for a in v.get("scans", [])]
        return build(cls, {
            **data, "members": members, "visit": build(VisitRecord, v),
            "statements": [build(StatementRecord, s) for s in data.get("statements", [])],
            "new_issues": [build(IssueDraft, i) for i in data.get("new_issues", [])],
        })
