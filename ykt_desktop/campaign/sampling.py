"""重点抽查: a reproducible random draw of villages, households or issues.

The frame (every id that could be drawn, with its stratum) is read in id order, hashed, and
kept with the seed and the parameters in the ``samples`` row and in the audit log. The draw is
``random.Random(seed)`` sampling each stratum in turn (strata in sorted order), so drawing
again from the recorded frame and seed gives the same list (:func:`verify_sample`).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import secrets
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.audit.chain import record as record_audit
from ykt_desktop.campaign.errors import CampaignError
from ykt_desktop.changes import Kind, writes
from ykt_desktop.security.session import session_user

KINDS = {"villages": "村", "households": "户", "issues": "问题"}
STRATA = {"": "不分层", "township": "按乡镇", "village": "按村", "department": "按部门"}
ALLOWED_STRATA = {"villages": ("", "township"), "households": ("", "township", "village"),
                  "issues": ("", "township", "village", "department")}
FRAME_SQL = {
    "villages": "SELECT code, code FROM regions WHERE level = 'village' AND code LIKE ? "
                "ORDER BY code",
    "households": "SELECT id, village_code FROM households WHERE village_code LIKE ? ORDER BY id",
    "issues": "SELECT i.id, coalesce(i.village_code, ''), coalesce(nullif(s.department, ''), "
              "nullif(i.responsible_unit, ''), '未指明部门') FROM issues i "
              "LEFT JOIN subsidy_items s ON s.id = i.item_id "
              "WHERE coalesce(i.village_code, '') LIKE ? ORDER BY i.id",
}


@dataclass(frozen=True)
class DrawSpec:
    kind: str
    stratify: str = ""
    ratio: float | None = None
    per_stratum: int | None = None
    under: str = ""

    def check(self) -> None:
        if self.kind not in KINDS:
            raise CampaignError(f"抽查对象应为 {'、'.join(KINDS)} 之一，不是“{self.kind}”")
        if self.stratify not in ALLOWED_STRATA[self.kind]:
            allowed = "、".join(STRATA[s] for s in ALLOWED_STRATA[self.kind])
            raise CampaignError(f"抽{KINDS[self.kind]}只能{allowed}分层")
        if (self.ratio is None) == (self.per_stratum is None):
            raise CampaignError("请给出抽查比例（如 30%）或每层抽取数量，二者选一")
        if self.ratio is not None and not 0 < self.ratio <= 1:
            raise CampaignError(f"抽查比例应在 0 到 100% 之间，不是 {self.ratio:.0%}")
        if self.per_stratum is not None and self.per_stratum < 1:
            raise CampaignError("每层抽取数量至少为 1")


@dataclass(frozen=True)
class Sample:
    id: int
    spec: DrawSpec
    seed: int
    frame_size: int
    frame_sha256: str
    drawn: list[int]


def frame(db: sqlite_utils.Database, spec: DrawSpec) -> list[tuple[int | str, str]]:
    """(id, stratum) of everything that could be drawn, in id order."""
    rows = db.execute(FRAME_SQL[spec.kind], [spec.under + "%"]).fetchall()
    return [(row[0], _stratum(spec, row)) for row in rows]


def _stratum(spec: DrawSpec, row: tuple) -> str:
    if spec.stratify == "township":
        return str(row[1])[:9]
    if spec.stratify == "village":
        return str(row[1])
    if spec.stratify == "department":
        return str(row[2])
    return ""


def frame_hash(items: list[tuple[int | str, str]]) -> str:
    text = json.dumps([list(x) for x in items], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draw(items: list[tuple[int | str, str]], spec: DrawSpec, seed: int) -> list[int | str]:
    """The drawn ids: each stratum (sorted) sampled in turn by one ``random.Random(seed)``."""
    rng = random.Random(seed)
    strata: dict[str, list[int | str]] = {}
    for ident, stratum in items:
        strata.setdefault(stratum, []).append(ident)
    out: list[int | str] = []
    for stratum in sorted(strata):
        members = strata[stratum]
        want = spec.per_stratum if spec.per_stratum is not None else math.ceil(
            spec.ratio * len(members) - 1e-9)
        out.extend(rng.sample(members, min(want, len(members))))
    return out


@writes(Kind.CAMPAIGN)
def draw_sample(db: sqlite_utils.Database, spec: DrawSpec, *, seed: int | None = None,
                title: str = "") -> Sample:
    """Draw, record the draw (``samples`` row and audit entry), return it."""
    spec.check()
    items = frame(db, spec)
    if not items:
        raise CampaignError(f"区划 {spec.under or '全部'} 下没有可抽取的{KINDS[spec.kind]}")
    seed = secrets.randbelow(10**9) if seed is None else int(seed)
    drawn = draw(items, spec, seed)
    digest = frame_hash(items)
    params = {"kind": spec.kind, "stratify": spec.stratify, "ratio": spec.ratio,
              "per_stratum": spec.per_stratum, "under": spec.under, "seed": seed,
              "frame": [list(x) for x in items]}
    with db.atomic():
        cur = db.execute(
            "INSERT INTO samples(title, kind, stratify, ratio, per_stratum, seed, under_code, "
            "frame_size, frame_sha256, params, drawn, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [title or default_title(spec), spec.kind, spec.stratify, spec.ratio, spec.per_stratum,
             seed, spec.under, len(items), digest, json.dumps(params, ensure_ascii=False),
             json.dumps(drawn, ensure_ascii=False), session_user(db)])
        sample_id = int(cur.lastrowid)
        record_audit(db, "sample_draw", table_name="samples", row_id=sample_id,
                     after={**params, "frame_sha256": digest, "drawn": drawn,
                            "record_sha256": record_hash(seed, digest, params, drawn)})
    return Sample(sample_id, spec, seed, len(items), digest, drawn)


def record_hash(seed: int, digest: str, params: dict, drawn: list) -> str:
    """SHA-256 of the whole draw record (seed, frame hash, parameters, drawn list)."""
    text = json.dumps({"seed": seed, "frame_sha256": digest, "params": params, "drawn": drawn},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_title(spec: DrawSpec) -> str:
    each = "每层" if spec.stratify else "共"
    how = (f"{spec.ratio:.0%}" if spec.ratio is not None else f"{each}{spec.per_stratum}个")
    return f"重点抽查（{KINDS[spec.kind]}，{STRATA[spec.stratify]}，{how}）"


def load_sample(db: sqlite_utils.Database, sample_id: int) -> tuple[Sample, dict]:
    row = db.execute("SELECT kind, stratify, ratio, per_stratum, under_code, seed, frame_size, "
                     "frame_sha256, drawn, params FROM samples WHERE id = ?",
                     [sample_id]).fetchone()
    if row is None:
        raise CampaignError(f"没有编号为 {sample_id} 的抽查")
    spec = DrawSpec(row[0], row[1], row[2], row[3], row[4])
    return Sample(sample_id, spec, row[5], row[6], row[7], json.loads(row[8])), json.loads(row[9])


def verify_sample(db: sqlite_utils.Database, sample_id: int) -> dict:
    """Draw again from the recorded frame and seed; compare the row with its audit entry.

    The ``sample_draw`` audit entry (hash-chained, checkpoint-signed) written at draw time is
    the reference: a row re-seeded or with a doctored frame no longer matches it.
    """
    sample, params = load_sample(db, sample_id)
    recorded = [tuple(x) for x in params.get("frame", [])]
    again = draw(recorded, sample.spec, sample.seed)
    current = frame(db, sample.spec)
    problems = audit_problems(db, sample, params)
    return {"same_list": again == sample.drawn,
            "frame_intact": frame_hash(recorded) == sample.frame_sha256,
            "frame_unchanged": frame_hash(current) == sample.frame_sha256,
            "audit_problems": problems, "ok": not problems and again == sample.drawn
            and frame_hash(recorded) == sample.frame_sha256,
            "drawn": again, "seed": sample.seed}


def _draw_entry(db: sqlite_utils.Database, sample_id: int) -> dict | None:
    row = db.execute("SELECT after FROM audit_log WHERE action = 'sample_draw' AND "
                     "table_name = 'samples' AND row_id = ? ORDER BY id LIMIT 1",
                     [sample_id]).fetchone()
    return json.loads(row[0]) if row and row[0] else None


def audit_problems(db: sqlite_utils.Database, sample: Sample, params: dict) -> list[str]:
    """Chinese messages for every way the ``samples`` row differs from its draw-time entry."""
    entry = _draw_entry(db, sample.id)
    if entry is None:
        return [f"抽查 {sample.id} 在审计日志中没有抽取记录，无法确认种子和名单未被改动"]
    out = []
    checks = (("seed", sample.seed, "种子"), ("frame_sha256", sample.frame_sha256, "抽样框校验值"),
              ("drawn", sample.drawn, "抽中名单"))
    for key, value, label in checks:
        if entry.get(key) != value:
            shown = f"（记录：{entry.get(key)}，现在：{value}）" if key == "seed" else ""
            out.append(f"抽查 {sample.id} 的{label}与抽取时审计日志记录的不同{shown}")
    want = entry.get("record_sha256")
    if want and want != record_hash(sample.seed, sample.frame_sha256, params, sample.drawn):
        out.append(f"抽查 {sample.id} 的抽取记录（种子、抽样框、参数、名单）"
                   "与审计日志记录的校验值不符")
    out += _stray_backchecks(db, sample)
    return out


def _stray_backchecks(db: sqlite_utils.Database, sample: Sample) -> list[str]:
    if sample.spec.kind == "issues":
        return []
    rows = db.execute("SELECT b.id, b.household_id, coalesce(h.hh_no, ''), b.village_code "
                      "FROM backchecks b LEFT JOIN households h ON h.id = b.household_id "
                      "WHERE b.sample_id = ? ORDER BY b.id", [sample.id]).fetchall()
    drawn, col = set(sample.drawn), 1 if sample.spec.kind == "households" else 3
    return [f"复核记录 {r[0]} 的户（户编号 {r[2] or r[1]}）不在抽查 {sample.id} 的抽中名单中"
            for r in rows if r[col] not in drawn]


def list_samples(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT s.id, s.title, s.kind, s.stratify, s.ratio, s.per_stratum, "
                         "s.seed, s.under_code, s.frame_size, json_array_length(s.drawn) AS n, "
                         "s.created_by, s.created_at, (SELECT count(*) FROM backchecks b "
                         "WHERE b.sample_id = s.id) AS checked FROM samples s ORDER BY s.id DESC"))
