"""The Qt preflight's good verdict is kept between starts and checked again as soon as a file it
looked at changes: a library damaged after a good start is still named (issue 15, cold start)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import ui.qt_preflight as preflight
from ui.qt_preflight import preflight_message, pyside_folder
from ui.qt_preflight_cache import LibraryCache, resolved_paths

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="Qt 的平台插件库检查只在 Linux 上")
OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


def _fake_pyside(tmp_path: Path) -> tuple[Path, Path]:
    """A PySide6 folder whose offscreen plugin is a copy and whose Qt libraries are links to
    the real ones, except libQt6Gui.so.6, a copy that the test can damage."""
    real = pyside_folder()
    assert real is not None
    qt = tmp_path / "PySide6" / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").mkdir()
    for lib in (real / "Qt" / "lib").iterdir():
        if lib.name != "libQt6Gui.so.6":
            (qt / "lib" / lib.name).symlink_to(lib)
    gui = qt / "lib" / "libQt6Gui.so.6"
    gui.write_bytes((real / "Qt" / "lib" / "libQt6Gui.so.6").read_bytes())
    plugin = qt / "plugins" / "platforms" / "libqoffscreen.so"
    plugin.write_bytes((real / "Qt" / "plugins" / "platforms" / "libqoffscreen.so").read_bytes())
    return tmp_path / "PySide6", gui


def _no_check(*_args, **_kwargs):
    raise AssertionError("the libraries were checked again although nothing changed")


def test_a_good_verdict_is_kept_until_a_library_changes(tmp_path: Path, monkeypatch) -> None:
    pyside, gui = _fake_pyside(tmp_path)
    cache = LibraryCache(tmp_path / "cache" / "qt-preflight.json", OFFSCREEN)
    assert preflight_message(OFFSCREEN, system="linux", pyside=pyside, cache=cache) is None
    assert cache.path.exists()
    with monkeypatch.context() as patched:
        patched.setattr(preflight, "missing_libraries", _no_check)
        patched.setattr(preflight, "load_error", _no_check)
        assert preflight_message(OFFSCREEN, system="linux", pyside=pyside, cache=cache) is None
    gui.write_bytes(gui.read_bytes()[:300_000])     # cut short after a good start
    message = preflight_message(OFFSCREEN, system="linux", pyside=pyside, cache=cache)
    assert message is not None and "libQt6Gui.so.6" in message
    assert "已损坏" in message and "force-reinstall" in message


def test_a_problem_is_never_kept(tmp_path: Path) -> None:
    pyside, gui = _fake_pyside(tmp_path)
    gui.write_bytes(b"\x7fELF" + b"\0" * 60)
    cache = LibraryCache(tmp_path / "qt-preflight.json", OFFSCREEN)
    for _ in range(2):
        message = preflight_message(OFFSCREEN, system="linux", pyside=pyside, cache=cache)
        assert message is not None and "libQt6Gui.so.6" in message
    assert not cache.path.exists()


def test_another_library_path_or_a_touched_file_checks_again(tmp_path: Path) -> None:
    pyside, gui = _fake_pyside(tmp_path)
    path = tmp_path / "qt-preflight.json"
    binaries = [pyside / "Qt" / "plugins" / "platforms" / "libqoffscreen.so"]
    LibraryCache(path, OFFSCREEN).remember(binaries, [f"\tlibQt6Gui.so.6 => {gui} (0x1)"])
    assert LibraryCache(path, OFFSCREEN).good(binaries)
    assert not LibraryCache(path, {**OFFSCREEN, "LD_LIBRARY_PATH": "/opt"}).good(binaries)
    os.utime(gui, ns=(0, 0))
    assert not LibraryCache(path, OFFSCREEN).good(binaries)
    path.write_text("{not json", encoding="utf-8")
    assert not LibraryCache(path, OFFSCREEN).good(binaries)


def test_every_path_in_ldd_output_is_watched() -> None:
    lines = ["/opt/a.so:", "\tlinux-vdso.so.1 (0x7)", "\tlibc.so.6 => /lib/x/libc.so.6 (0x7)",
             "\t/lib64/ld-linux-x86-64.so.2 (0x7)", "\tlibgone.so.1 => not found",
             "\tlibQt6Gui.so.6 => /q/plugins/platforms/../../lib/libQt6Gui.so.6 (0x7)"]
    assert resolved_paths(lines) == ["/lib/x/libc.so.6", "/lib64/ld-linux-x86-64.so.2",
                                     "/opt/a.so", "/q/lib/libQt6Gui.so.6"]
