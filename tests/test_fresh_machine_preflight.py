"""When Qt cannot open a window (no desktop, a missing system library), main.py says so in
Chinese before Qt aborts with its English message (issue 12, item 1)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ui.qt_preflight import (
    damaged_message,
    library_path,
    load_error,
    missing_libraries,
    missing_message,
    platform_candidates,
    preflight_message,
    pyside_folder,
    x_server_answers,
)

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="Qt 的 xcb/wayland 平台插件只在 Linux 上")
DESKTOP_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")


def fake_ldd(tmp_path: Path, *missing: str) -> str:
    """An ldd that reports ``missing`` as not found, whatever it is asked about."""
    script = tmp_path / "ldd"
    lines = "".join(f"\\t{lib} => not found\\n" for lib in missing)
    script.write_text(f"#!/bin/sh\nprintf '\\tlibc.so.6 => /lib/libc.so.6\\n{lines}'\n")
    script.chmod(0o755)
    return str(script)


def test_which_platform_plugins_qt_tries() -> None:
    assert platform_candidates({}) == ["xcb"]
    assert platform_candidates({"XDG_SESSION_TYPE": "wayland"}) == ["wayland", "xcb"]
    assert platform_candidates({"QT_QPA_PLATFORM": "offscreen"}) == ["offscreen"]
    assert platform_candidates({"QT_QPA_PLATFORM": "wayland;xcb:x=1"}) == ["wayland", "xcb"]


def test_not_linux_is_not_checked() -> None:
    assert preflight_message({}, system="win32") is None


def test_no_desktop_is_named_in_chinese() -> None:
    message = preflight_message({}, system="linux")
    assert message is not None
    assert "没有找到图形桌面" in message and "DISPLAY 没有设置" in message
    wayland = preflight_message({"XDG_SESSION_TYPE": "wayland"}, system="linux")
    assert wayland is not None and "WAYLAND_DISPLAY 和 DISPLAY 没有设置" in wayland


def listening_display() -> tuple[socket.socket, str]:
    """A TCP socket where an X server on 127.0.0.1 would listen, and its DISPLAY."""
    server = socket.create_server(("127.0.0.1", 0))
    return server, f"127.0.0.1:{server.getsockname()[1] - 6000}"


def test_this_machine_passes() -> None:
    server, display = listening_display()
    with server:
        assert preflight_message({"DISPLAY": display}, system="linux") is None
    assert preflight_message({"QT_QPA_PLATFORM": "offscreen"}, system="linux") is None


def test_a_desktop_that_does_not_answer_is_named() -> None:
    server, display = listening_display()
    server.close()
    message = preflight_message({"DISPLAY": display}, system="linux")
    assert message is not None
    assert f"连接不上图形桌面（DISPLAY={display}）" in message
    assert x_server_answers("unknown-form") and x_server_answers(":x")


def test_missing_libraries_name_their_packages_and_the_apt_command(tmp_path: Path) -> None:
    ldd = fake_ldd(tmp_path, "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfoo.so.3")
    message = preflight_message({"DISPLAY": ":0"}, system="linux", ldd=ldd)  # before any X
    assert message is not None
    assert "xcb 平台插件" in message and "系统库没有安装" in message
    assert "libxcb-icccm.so.4（软件包 libxcb-icccm4）" in message
    assert "sudo apt-get install --reinstall libxcb-icccm4 libxcb-keysyms1" in message
    assert "libfoo.so.3（不知道属于哪个软件包，可用 apt-file search libfoo.so.3 查找）" in message
    assert "libc.so.6" not in message


def test_a_plugin_whose_library_is_missing_is_caught_by_the_real_ldd(tmp_path: Path) -> None:
    """A copy of the xcb plugin that needs a library no machine has: ldd reports it."""
    pyside = pyside_folder()
    assert pyside is not None
    qt = tmp_path / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").symlink_to(pyside / "Qt" / "lib")  # the plugin's RUNPATH is $ORIGIN/../../lib
    plugin = (pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so").read_bytes()
    assert plugin.count(b"libxcb-icccm.so.4\0") == 1
    patched = qt / "plugins" / "platforms" / "libqxcb.so"
    patched.write_bytes(plugin.replace(b"libxcb-icccm.so.4\0", b"libxcb-iccXm.so.4\0"))
    assert missing_libraries([patched]) == ["libxcb-iccXm.so.4"]


def test_main_py_without_a_desktop_says_so_in_chinese_and_exits_1(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in DESKTOP_VARIABLES}
    env["HOME"] = str(tmp_path)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--demo"], env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=120,
                            cwd=ROOT, check=False)
    assert result.returncode == 1, result.stderr
    assert "一卡通核查无法打开窗口：没有找到图形桌面" in result.stderr
    assert "qt.qpa" not in result.stderr and "Could not" not in result.stderr
    assert not (tmp_path / "data").exists()  # stopped before anything was made


def test_missing_ldd_leaves_the_verdict_to_qt(tmp_path: Path) -> None:
    assert missing_libraries([Path("/bin/sh")], ldd=str(tmp_path / "no-ldd")) == []


def _plugin_beside(tmp_path: Path, damage) -> tuple[Path, Path]:
    """A copy of the xcb plugin whose lib folder holds links to PySide6's libraries, except
    libQt6XcbQpa.so.6, which ``damage(real_bytes)`` makes."""
    pyside = pyside_folder()
    assert pyside is not None
    qt = tmp_path / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").mkdir()
    for lib in (pyside / "Qt" / "lib").iterdir():
        if lib.name != "libQt6XcbQpa.so.6":
            (qt / "lib" / lib.name).symlink_to(lib)
    bad = qt / "lib" / "libQt6XcbQpa.so.6"
    bad.write_bytes(damage((pyside / "Qt" / "lib" / "libQt6XcbQpa.so.6").read_bytes()))
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    plugin.write_bytes((pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so").read_bytes())
    return plugin, bad


def test_a_truncated_library_is_named_in_chinese_with_the_reinstall_command(tmp_path: Path):
    """A library cut short (an interrupted download, a disk error): ldd itself dies silently and
    the loader kills the process with SIGBUS; the preflight names the file and the cure."""
    plugin, bad = _plugin_beside(tmp_path, lambda real: real[:300_000])
    assert missing_libraries([plugin]) == []
    error = load_error(plugin)
    assert error is not None and error.startswith(f"{bad}: 加载时进程崩溃")
    message = damaged_message("xcb", error, str(bad))
    assert "系统库已损坏" in message and str(bad) in message
    assert "pip install --force-reinstall" in message
    assert load_error(pyside_folder() / "Qt" / "plugins" / "platforms" / "libqxcb.so") is None


def test_a_junk_library_is_reported_as_missing_or_damaged_with_reinstall(tmp_path: Path):
    """A file of the right name that is not a library at all: the loader skips it, so ldd says
    "not found"; the message covers both and apt's --reinstall cures both."""
    plugin, _ = _plugin_beside(tmp_path, lambda real: b"\x7fELF" + b"\0" * 60)
    assert missing_libraries([plugin]) == ["libQt6XcbQpa.so.6"]
    message = missing_message("xcb", ["libxcb-icccm.so.4"])
    assert "没有安装（或文件已损坏）" in message
    assert "sudo apt-get install --reinstall libxcb-icccm4" in message


def test_a_damaged_debian_library_names_its_package() -> None:
    message = damaged_message("xcb", "/usr/lib/x86_64-linux-gnu/libxcb-icccm.so.4: invalid ELF "
                                     "header")
    assert "sudo apt-get install --reinstall libxcb-icccm4" in message
    assert "invalid ELF header" in message


def test_where_the_loader_finds_a_library() -> None:
    plugin = pyside_folder() / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    where = library_path([plugin], "libQt6Core.so.6")
    assert where.startswith("/") and where.endswith("/libQt6Core.so.6") and Path(where).exists()
    assert library_path([plugin], "libnothing.so.9") == "libnothing.so.9"
