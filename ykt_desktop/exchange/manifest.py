"""The manifest: what a package claims to be and every file's size and SHA-256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

FORMAT = "ykt-package"
VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
ENVELOPE = "package.p7m"
RECIPIENT = "recipient.json"


@dataclass
class Manifest:
    kind: str                      # submission | return
    unit: dict                     # {"code", "level", "name"} of the signing unit
    period: str
    created_at: str                # ISO time with microseconds (ordering of submissions)
    files: dict[str, dict] = field(default_factory=dict)   # name -> {"size", "sha256"}
    counts: dict[str, int] = field(default_factory=dict)
    audit_head: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        body = {"format": FORMAT, "version": VERSION, "kind": self.kind, "unit": self.unit,
                "period": self.period, "created_at": self.created_at, "files": self.files,
                "counts": self.counts, "audit_head": self.audit_head, "extra": self.extra}
        return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        body = json.loads(data.decode("utf-8"))
        if body.get("format") != FORMAT:
            raise ValueError("format")
        return cls(kind=body["kind"], unit=body["unit"], period=body["period"],
                   created_at=body["created_at"], files=body["files"], counts=body["counts"],
                   audit_head=body.get("audit_head", {}), extra=body.get("extra", {}))


def file_entry(data: bytes) -> dict:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
