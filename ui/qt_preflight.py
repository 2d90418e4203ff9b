"""Before Qt starts on Linux: is there a desktop, and are the platform plugin's libraries there?

Qt aborts the process with an English message when its platform plugin cannot load (a missing
libxcb-* library, or no DISPLAY). This runs first, without importing Qt, and returns a Chinese
message naming what is missing and the apt command that installs it.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from ui.qt_preflight_cache import LibraryCache
from ui.qt_system_libs import APP_BINARIES, DEBIAN_PACKAGES

# The environment variable that tells each platform plugin where the desktop is.
DISPLAY_VARIABLES = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY"}


def pyside_folder() -> Path | None:
    """The installed PySide6 package folder, found without importing it."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def platform_candidates(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (QT_QPA_PLATFORM, else the session type)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        names = [part.split(":")[0].strip() for part in chosen.split(";")]
        return [name for name in names if name]
    if environ.get("XDG_SESSION_TYPE") == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def _ldd(binaries: Iterable[Path], ldd: str) -> list[str] | None:
    try:
        result = subprocess.run([ldd, *map(str, binaries)], capture_output=True, text=True,
                                timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None  # no ldd to ask: Qt reports for itself
    return result.stdout.splitlines()


def missing_libraries(binaries: Iterable[Path], *, ldd: str = "ldd") -> list[str]:
    """Libraries that ``ldd`` reports "not found" for any of ``binaries`` (sorted, unique)."""
    lines = _ldd(binaries, ldd) or []
    missing = {line.split("=>")[0].strip() for line in lines
               if line.rstrip().endswith("=> not found")}
    return sorted(missing)


def library_path(binaries: Iterable[Path], name: str, *, ldd: str = "ldd") -> str:
    """Where the loader finds library ``name`` for ``binaries`` (``name`` itself if unknown)."""
    for line in _ldd(binaries, ldd) or []:
        left, _, right = line.partition("=>")
        if left.strip() == name and right.strip().startswith("/"):
            return right.split("(")[0].strip()
    return name


def missing_message(platform: str, missing: list[str]) -> str:
    """The Chinese message naming the missing libraries, their packages and the apt command."""
    lines = [f"一卡通核查无法打开窗口：Qt 图形界面（{platform} 平台插件）"
             "需要的下列系统库没有安装（或文件已损坏）："]
    packages: list[str] = []
    for lib in missing:
        package = DEBIAN_PACKAGES.get(lib)
        if package is None:
            lines.append(f"  {lib}（不知道属于哪个软件包，可用 apt-file search {lib} 查找）")
            continue
        lines.append(f"  {lib}（软件包 {package}）")
        if package not in packages:
            packages.append(package)
    if packages:
        lines += ["请用管理员权限安装后再启动：",
                  f"  sudo apt-get install --reinstall {' '.join(packages)}"]
    lines.append("（sh scripts/start.sh 会自动安装软件所需的全部系统库。）")
    return "\n".join(lines)


def _try_loading(plugin: Path, python: str, *, trace: bool
                 ) -> subprocess.CompletedProcess[str] | None:
    code = "import ctypes, sys\ntry:\n ctypes.CDLL(sys.argv[1])\nexcept OSError as e:\n print(e)"
    env = {**os.environ, "LD_DEBUG": "libs"} if trace else None
    try:
        return subprocess.run([python, "-S", "-c", code, str(plugin)], capture_output=True,
                              text=True, errors="replace", timeout=60, check=False, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return None


def load_error(plugin: Path, *, python: str = sys.executable) -> str | None:
    """What stops the dynamic loader from loading ``plugin`` although ldd found every library (a
    library present but damaged: truncated, not an ELF file, wrong architecture), as
    "LIBRARY: reason", else None. Asked in a child process: a truncated library can kill the
    process that maps it (SIGBUS); the child's loader trace then names the file it was mapping."""
    result = _try_loading(plugin, python, trace=False)
    if result is None:
        return None  # no way to ask: Qt reports for itself
    if result.stdout.strip():
        return result.stdout.strip().splitlines()[-1]
    if result.returncode >= 0:
        return None
    traced = _try_loading(plugin, python, trace=True)       # again, to see which file it was
    tried = [line.split("trying file=", 1)[1].strip() for line in
             (traced.stderr if traced else "").splitlines() if "trying file=" in line]
    culprit = os.path.normpath(tried[-1]) if tried else str(plugin)
    return f"{culprit}: 加载时进程崩溃（信号 {-result.returncode}），文件可能不完整"


def damaged_message(platform: str, error: str, path: str = "") -> str:
    """The Chinese message for a library the loader refuses: which file, why, how to reinstall.
    ``error`` is the loader's text ("NAME: reason"); ``path`` where that library was found."""
    name, _, reason = error.partition(": ")
    path = path or name
    lib = Path(path).name
    package = DEBIAN_PACKAGES.get(lib)
    lines = [f"一卡通核查无法打开窗口：Qt 图形界面（{platform} 平台插件）"
             "需要的系统库已损坏，无法加载：", f"  {path}（{reason or error}）"]
    if package:
        lines += ["请用管理员权限重新安装它所在的软件包后再启动：",
                  f"  sudo apt-get install --reinstall {package}"]
    elif "PySide6" in path or "/Qt/" in path:
        lines += ["这是 PySide6 自带的文件，请重新安装：",
                  "  .venv/bin/python -m pip install --force-reinstall -r requirements.txt"]
    else:
        lines.append(f"可用 dpkg -S {lib} 查出它所在的软件包，"
                     "再用 apt-get install --reinstall 重新安装。")
    return "\n".join(lines)


def no_display_message(variables: list[str]) -> str:
    names = " 和 ".join(variables)
    return (f"一卡通核查无法打开窗口：没有找到图形桌面（环境变量 {names} 没有设置）。\n"
            "请在电脑桌面上打开终端再启动；远程登录时用 ssh -X。\n"
            "不需要窗口的工作可以用命令行：python -m ykt_desktop --help")


def x_server_answers(display: str, *, timeout: float = 3.0) -> bool:
    """Whether anything listens where libxcb connects for ``display`` (its unix sockets, or TCP
    port 6000+N); True for a form of DISPLAY this check does not know."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return True
    targets: list[tuple[socket.AddressFamily, object]] = []
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        targets += [(socket.AF_UNIX, "\0" + path), (socket.AF_UNIX, path)]
    if host != "unix":
        targets.append((socket.AF_INET, (host or "localhost", 6000 + int(number))))
    for family, address in targets:
        try:
            if family == socket.AF_INET:
                socket.create_connection(address, timeout=timeout).close()  # type: ignore[arg-type]
            else:
                with socket.socket(family) as unix:
                    unix.settimeout(timeout)
                    unix.connect(address)  # type: ignore[arg-type]
            return True
        except OSError:
            continue
    return False


def unreachable_message(display: str) -> str:
    return (f"一卡通核查无法打开窗口：连接不上图形桌面（DISPLAY={display}）。\n"
            "图形桌面可能已经关闭，或者这个终端不是在电脑桌面里打开的。请在电脑桌面上打开终端再启动。")


def preflight_message(environ: Mapping[str, str], *, system: str = sys.platform,
                      pyside: Path | None = None, ldd: str = "ldd",
                      cache: LibraryCache | None = None) -> str | None:
    """None when Qt can start a window; otherwise the Chinese message saying what is missing.
    With ``cache``, the libraries' check is skipped when it passed before and none of the files
    it looked at changed since (:mod:`ui.qt_preflight_cache`)."""
    if not system.startswith("linux"):
        return None
    pyside = pyside or pyside_folder()
    if pyside is None:
        return ("一卡通核查无法启动：没有安装 PySide6。"
                "请运行 sh scripts/start.sh，它会安装软件所需的一切。")
    no_display: list[str] = []
    problems: list[str] = []
    for name in platform_candidates(environ):
        plugin = pyside / "Qt" / "plugins" / "platforms" / f"libq{name}.so"
        if not plugin.exists():
            return None  # a plugin this check does not know: Qt lists the available ones
        variable = DISPLAY_VARIABLES.get(name)
        if variable and not environ.get(variable):
            no_display.append(variable)
            continue
        binaries = [plugin, *(pyside / b for b in APP_BINARIES)]
        if cache is None or not cache.good(binaries):
            problem = library_problem(name, binaries, ldd=ldd)
            if problem is not None:
                problems.append(problem)
                continue
            if cache is not None:
                cache.remember(binaries, _ldd(binaries, ldd) or [])
        if name == "xcb" and not x_server_answers(environ["DISPLAY"]):
            problems.append(unreachable_message(environ["DISPLAY"]))
        else:
            return None
    return "\n\n".join(problems) if problems else no_display_message(no_display)


def library_problem(name: str, binaries: list[Path], *, ldd: str = "ldd") -> str | None:
    """The Chinese message for a library of platform plugin ``binaries[0]`` (named ``name``) or
    of the other Qt ``binaries`` that is missing or damaged; None when all load."""
    plugin = binaries[0]
    missing = missing_libraries(binaries, ldd=ldd)
    if missing:
        return missing_message(name, missing)
    error = load_error(plugin)
    if error is None:
        return None
    name_or_path = error.partition(": ")[0]
    where = (name_or_path if "/" in name_or_path
             else library_path([plugin], name_or_path, ldd=ldd))
    return damaged_message(name, error, where)
