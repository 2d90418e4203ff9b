"""A fresh Debian machine starts the app: ldd on the installed PySide6's platform plugins and the
Qt binaries the app loads finds every library, each library's Debian package is known and checked
with dpkg, and the start/test scripts install those packages (issue 12, item 1)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui.qt_preflight import missing_libraries, missing_message, pyside_folder
from ui.qt_system_libs import APP_BINARIES, DEBIAN_PACKAGES

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="ldd 和 Debian 软件包只在 Linux 上")

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ("xcb", "wayland", "offscreen")
# Packages the scripts need not name: in every `debootstrap --variant=minbase` root, or pulled in
# as dependencies of the packages in scripts/debian-packages.txt (scripts/check_fresh_debian.sh
# runs this test inside such a root after scripts/test.sh installed them).
PULLED_IN = {
    "libc6", "libstdc++6", "libgcc-s1", "zlib1g", "libzstd1", "liblzma5", "liblz4-1",
    "libgcrypt20", "libgpg-error0", "libcap2", "libsystemd0", "libmd0", "libbsd0",
    "libglx0", "libglvnd0", "libxau6", "libxdmcp6", "libbrotli1", "libpng16-16", "libexpat1",
    "libffi8", "libpcre2-8-0", "libcom-err2", "libgssapi-krb5-2", "libk5crypto3", "libkeyutils1",
    "libkrb5-3", "libkrb5support0",
}


def qt_binaries(platform: str) -> list[Path]:
    pyside = pyside_folder()
    assert pyside is not None, "PySide6 没有安装"
    plugin = pyside / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
    return [plugin, *(pyside / name for name in APP_BINARIES)]


def system_libraries(binaries: list[Path]) -> dict[str, str]:
    """Library name -> resolved path, for what ldd finds outside the PySide6 wheel."""
    pyside = str(pyside_folder())
    out = subprocess.run(["ldd", *map(str, binaries)], capture_output=True, text=True,
                         check=True).stdout
    found = {}
    for line in out.splitlines():
        name, _, rest = line.strip().partition(" => ")
        path = rest.split(" (")[0]
        if path.startswith("/") and not path.startswith(pyside):
            found[name] = path
    return found


@pytest.mark.parametrize("platform", PLATFORMS)
def test_ldd_finds_every_library_of_the_platform_plugin(platform: str) -> None:
    missing = missing_libraries(qt_binaries(platform))
    assert not missing, missing_message(platform, missing)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_system_library_has_its_debian_package_and_the_scripts_install_it(
        platform: str) -> None:
    libraries = system_libraries(qt_binaries(platform))
    assert "libc.so.6" in libraries, "ldd 的输出没有读到"
    unknown = sorted(set(libraries) - set(DEBIAN_PACKAGES))
    assert not unknown, f"ui/qt_system_libs.py 缺少这些库的软件包：{unknown}"
    listed = script_packages()
    unlisted = {DEBIAN_PACKAGES[lib] for lib in libraries} - listed - PULLED_IN
    assert not unlisted, f"scripts/debian-packages.txt 缺少：{sorted(unlisted)}"


def script_packages() -> set[str]:
    text = (ROOT / "scripts" / "debian-packages.txt").read_text(encoding="utf-8")
    return {line.split("#")[0].strip() for line in text.splitlines()} - {""}


def test_start_and_test_scripts_install_the_listed_packages() -> None:
    assert "libxcb-icccm4" in script_packages() and "libxcb-keysyms1" in script_packages()
    for script in ("start.sh", "test.sh"):
        text = (ROOT / "scripts" / script).read_text(encoding="utf-8")
        assert "$(sed 's/#.*//' scripts/debian-packages.txt)" in text, script


def test_the_map_matches_the_installed_debian_packages() -> None:
    if shutil.which("dpkg") is None:
        pytest.skip("不是 Debian/Ubuntu：没有 dpkg")
    libraries: dict[str, str] = {}
    for platform in PLATFORMS:
        libraries |= system_libraries(qt_binaries(platform))
    # By file name: dpkg knows some files under /lib, which /usr/lib merged into.
    files = {lib: Path(path).resolve() for lib, path in libraries.items()}
    out = subprocess.run(["dpkg", "-S", *(f"*/{file.name}" for file in files.values())],
                         capture_output=True, text=True, check=True).stdout
    owner = {}
    for line in out.splitlines():
        package, _, file = line.partition(": ")
        owner[Path(file).parent.name, Path(file).name] = package.split(":")[0]
    wrong = {}
    for lib, file in files.items():
        found = owner.get((file.parent.name, file.name), "")
        if found.removesuffix("t64") != DEBIAN_PACKAGES[lib]:
            wrong[lib] = (DEBIAN_PACKAGES[lib], found)
    assert not wrong, f"库 -> (表中的软件包, dpkg -S 的软件包)：{wrong}"


def test_test_scripts_do_not_rerun_failures() -> None:
    """A crash or a failure is found at its cause; pytest-rerunfailures is not installed."""
    for script in ("test.sh", "test.bat"):
        text = (ROOT / "scripts" / script).read_text(encoding="utf-8")
        assert "--reruns" not in text and "--only-rerun" not in text, script
