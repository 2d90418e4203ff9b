"""Importing a lower unit's package: verify, preview, apply in one transaction, record.

The steps are those of the package source of the one intake pipeline
(:mod:`ykt_desktop.intake.packages`, :mod:`ykt_desktop.intake.package_steps`); they are named
here too for the exchange's other modules, the command line and the UI.
"""

from __future__ import annotations

from ykt_desktop.intake.package_steps import (
    WRITTEN_TABLES,
    ImportResult,
    audit_warnings,
    bulk_audit,
    foreign_keys_off,
    prepare_result,
    verify_package,
)
from ykt_desktop.intake.packages import import_package

__all__ = ["WRITTEN_TABLES", "ImportResult", "audit_warnings", "bulk_audit",
           "foreign_keys_off", "import_package", "prepare_result", "verify_package"]
