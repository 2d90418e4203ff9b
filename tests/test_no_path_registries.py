"""No hidden state keyed by file path (issue 13): what a database's key, session and read-only
state are travels with its :class:`~ykt_desktop.db.handle.DbHandle` (or an explicit ``key=``),
never in a module-level dict or set that remembers paths.

Two checks over the modules that opened, backed up and restored files by path: no module starts
an empty dict, set or list at module level (a registry to be filled later), and after a whole
encrypted round (create, open, count on a second connection, back up, restore) no module-level
container anywhere in them holds a path of that round.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

from ykt_desktop import backup, recovery
from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.progress import run
from ykt_desktop.security.encryption import create_encrypted
from ykt_desktop.storage import handle_of, open_db

ROOT = Path(__file__).resolve().parents[1] / "ykt_desktop"
PACKAGES = ("ykt_desktop.db", "ykt_desktop.security")
MODULES = ("ykt_desktop.storage", "ykt_desktop.backup", "ykt_desktop.backup_files",
           "ykt_desktop.backup_manifest", "ykt_desktop.backup_unit", "ykt_desktop.recovery",
           "ykt_desktop.recovery_restore")
EMPTY_CALLS = {"dict", "set", "list", "defaultdict", "OrderedDict", "WeakValueDictionary",
               "WeakKeyDictionary", "WeakSet"}


def watched_modules() -> list[str]:
    names = list(MODULES)
    for package in PACKAGES:
        found = importlib.import_module(package)
        names += [package] + [f"{package}.{m.name}" for m in pkgutil.iter_modules(found.__path__)]
    return sorted(names)


def _source(name: str) -> Path:
    module = importlib.import_module(name)
    return Path(module.__file__)


def _is_empty_container(node: ast.expr | None) -> bool:
    if isinstance(node, ast.Dict | ast.Set | ast.List) and not (
            getattr(node, "keys", None) or getattr(node, "elts", None)):
        return True
    if isinstance(node, ast.Call) and not node.args and not node.keywords:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name in EMPTY_CALLS
    return False


def empty_registries(path: Path) -> list[str]:
    """Module-level names bound to an empty dict/set/list: a registry waiting to be filled."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets, value = [], None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        if _is_empty_container(value):
            found += [f"{path.name}:{node.lineno} {ast.unparse(t)}" for t in targets]
    return found


def test_no_module_starts_an_empty_registry():
    found = [hit for name in watched_modules() for hit in empty_registries(_source(name))]
    assert not found, "module-level containers to be filled at run time:\n" + "\n".join(found)


def test_the_registry_check_sees_a_registry(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("_KEYS: dict[str, bytes] = {}\nSEEN = set()\nKEEP = {'a': 1}\n")
    assert empty_registries(bad) == ["bad.py:1 _KEYS", "bad.py:2 SEEN"]


def _holds_path(value: object, marks: tuple[str, ...], depth: int = 0) -> bool:
    if isinstance(value, str | Path):
        return any(mark in str(value) for mark in marks)
    if depth > 2:
        return False
    if isinstance(value, dict):
        return any(_holds_path(k, marks, depth + 1) or _holds_path(v, marks, depth + 1)
                   for k, v in value.items())
    if isinstance(value, set | frozenset | list | tuple):
        return any(_holds_path(v, marks, depth + 1) for v in value)
    return False


def test_an_encrypted_round_leaves_no_path_in_module_state(tmp_path):
    path = tmp_path / "registry-probe" / "ykt.db"
    key = create_encrypted(path, "Registry-2026").key
    db = open_db(path, key=key)
    run(generate_demo(db, DemoParams(villages=1, households_per_village=5, seed=3)))
    assert handle_of(db).key == key
    second = handle_of(db).connect()        # a count's connection: the key from the handle
    second.execute("SELECT count(*) FROM households").fetchone()
    second.close()
    saved = backup.backup_db(db, reason="manual")
    db.close()
    recovery.restore(path, saved, key=key)
    marks = (str(tmp_path), "registry-probe")
    found = [f"{name}.{attr}" for name in watched_modules()
             for attr, value in vars(importlib.import_module(name)).items()
             if not attr.startswith("__") and _holds_path(value, marks)]
    assert not found, f"module state that remembers the round's paths: {found}"
