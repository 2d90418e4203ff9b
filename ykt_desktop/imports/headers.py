"""Finding the header row (below any title rows) and matching headers to fields."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ykt_desktop.imports.kinds import Field

SCAN_ROWS = 30


def norm_header(value: object) -> str:
    """Header text for matching: NFKC, no spaces, brackets, asterisks or unit marks."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"[\s*＊:：()（）\[\]【】/]", "", text)
    return text.lower()


def header_texts(row: Sequence[object]) -> list[str]:
    """Header cells as shown in messages: a line break typed in a cell (身份证\n号码) dropped."""
    return ["" if v is None else re.sub(r"\s*\n\s*", "", str(v)).strip() for v in row]


def match_field(header: str, kind_fields: Sequence[Field]) -> Field | None:
    key = norm_header(header)
    if not key:
        return None
    for f in kind_fields:
        if key in {norm_header(a) for a in f.aliases} or key == norm_header(f.label):
            return f
    return None


def score_row(row: Sequence[object], kind_fields: Sequence[Field]) -> int:
    seen = {f.key for v in row if (f := match_field(str(v or ""), kind_fields))}
    return len(seen) + sum(2 for f in kind_fields if f.required and f.key in seen)


def find_header_row(rows: Sequence[Sequence[object]], kind_fields: Sequence[Field]) -> int | None:
    """Index of the row that looks most like a header (title rows above are skipped)."""
    best, best_score = None, 0
    for index, row in enumerate(rows[:SCAN_ROWS]):
        score = score_row(row, kind_fields)
        if score > best_score:
            best, best_score = index, score
    return best if best_score >= 2 else None


def suggest_mapping(headers: Sequence[str], kind_fields: Sequence[Field]) -> dict[str, str]:
    """{field key: header text} for every header that matches a field name or alias."""
    mapping: dict[str, str] = {}
    for header in headers:
        f = match_field(header, kind_fields)
        if f and f.key not in mapping:
            mapping[f.key] = header
    return mapping


def signature(headers: Sequence[str]) -> str:
    """The shape of a file: its normalised headers in order (identifies a source)."""
    return "|".join(norm_header(h) for h in headers if norm_header(h))
