"""Every user-facing error is a ``UserError`` (issue 13): no registry, no decorator.

The list below is the set of classes that ``errors.USER_ERRORS`` held before (its seven
built-in members and the 28 classes decorated with ``register_user_error``), so a class that
silently loses its base shows up here; the UI and the CLI catch exactly ``UserError``.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from ykt_desktop import cli
from ykt_desktop.errors import CliError, UserError

ROOT = Path(__file__).resolve().parents[1]

FORMERLY_REGISTERED = [
    "ykt_desktop.atomic_files:WriteFailed", "ykt_desktop.backup:BackupError",
    "ykt_desktop.demo.generator:DemoError", "ykt_desktop.idcard:IdNumberError",
    "ykt_desktop.regions:RegionError", "ykt_desktop.storage:DatabaseError",
    "ykt_desktop.storage:DatabaseLocked", "ykt_desktop.unit:UnitError",
    "ykt_desktop.campaign.errors:CampaignError", "ykt_desktop.ledger.issues:LedgerError",
    "ykt_desktop.db_lock:DatabaseInUse", "ykt_desktop.db_lock:LockFileError",
    "ykt_desktop.audit.query:AuditQueryError", "ykt_desktop.initial_setup:SetupError",
    "ykt_desktop.region_list:RegionListError", "ykt_desktop.safety.errors:UnsafeFileError",
    "ykt_desktop.pki.errors:PkiError", "ykt_desktop.recovery:RecoveryError",
    "ykt_desktop.exchange.errors:PackageError", "ykt_desktop.exchange.recipient:RecipientUnknown",
    "ykt_desktop.returns.expr:RuleSyntaxError", "ykt_desktop.returns.engine:ReturnInputError",
    "ykt_desktop.returns.signing:SigningError", "ykt_desktop.returns.template:TemplateError",
    "ykt_desktop.imports.errors:ImportFileError", "ykt_desktop.imports.errors:ImportRefused",
    "ykt_desktop.households.validate:HouseholdError",
    "ykt_desktop.catalogue_year:CatalogueYearError", "ykt_desktop.publicity.model:PublicityError",
    "ykt_desktop.catalogue_eligibility:EligibilityError", "ykt_desktop.security.users:LoginError",
    "ykt_desktop.security.users:UserAdminError", "ykt_desktop.security.encryption:EncryptionError",
    "ykt_desktop.security.session:PermissionDenied",
    "ykt_desktop.record_versions:StaleRecordError",
]
# the base each kept: code that catches ValueError or OSError still catches them
KEPT_BASES = {"IdNumberError": ValueError, "LedgerError": ValueError, "WriteFailed": OSError,
              "LockFileError": OSError, "ImportFileError": ValueError, "PackageError": ValueError}


def _cls(spec: str) -> type:
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize("spec", FORMERLY_REGISTERED)
def test_every_formerly_registered_error_is_a_user_error(spec):
    cls = _cls(spec)
    assert issubclass(cls, UserError), spec
    if cls.__name__ in KEPT_BASES:
        assert issubclass(cls, KEPT_BASES[cls.__name__])


def test_unexpected_exceptions_are_not_user_errors():
    for exc in (ValueError("x"), KeyError("k"), OSError(2, "no"), RuntimeError("bug"),
                ZeroDivisionError()):
        assert not isinstance(exc, UserError)
    assert issubclass(CliError, UserError)


def test_cli_prints_a_user_error_and_not_a_bug():
    assert cli._is_user_error(UserError("数据库尚未设置本单位"))
    assert cli._is_user_error(_cls("ykt_desktop.ledger.issues:LedgerError")("整改期限格式不对"))
    assert not cli._is_user_error(TypeError("an unexpected fault"))


def test_errors_is_a_leaf_and_there_is_no_registry():
    tree = ast.parse((ROOT / "ykt_desktop" / "errors.py").read_text(encoding="utf-8"))
    imported = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert all(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in imported)
    for path in [*ROOT.joinpath("ykt_desktop").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "USER_ERRORS" not in text and "register_user_error" not in text, path
