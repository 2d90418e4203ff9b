"""The Qt preflight's library verdict kept between starts (issue 15, cold start).

Asking ``ldd`` and loading the platform plugin in a child process (:mod:`ui.qt_preflight`) cost
0.1-0.3 s at every start. When they found nothing wrong, the files they looked at are written
down here: the Qt binaries and every library ``ldd`` resolved for them, each with its size and
modification time (and ``LD_LIBRARY_PATH``, which changes where libraries are found). At the
next start the check is skipped only if every one of those files is still there unchanged; a
library reinstalled, truncated, replaced or deleted, or an upgraded PySide6, runs the full check
again, so a damaged file is still named. Only a good verdict is kept; problems are checked anew
at every start. No Qt import here: this runs before Qt.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from ykt_desktop import APP_NAME

FORMAT = 1


def default_file() -> Path:
    """``qt-preflight.json`` in the user's cache folder (not the data folder: it is a cache)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "qt-preflight.json"


def resolved_paths(ldd_lines: Iterable[str]) -> list[str]:
    """Every file path in ``ldd``'s output: the binaries' headers and the libraries found."""
    paths = []
    for line in ldd_lines:
        left, _, right = line.partition("=>")
        word = (right or left).strip().split(" (")[0].strip().rstrip(":")
        if word.startswith("/"):
            paths.append(os.path.normpath(word))
    return sorted(set(paths))


def _stamp(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


class LibraryCache:
    """The good verdicts kept in ``path``, one per platform plugin."""

    def __init__(self, path: Path, environ: Mapping[str, str]) -> None:
        self.path = path
        self.library_path = environ.get("LD_LIBRARY_PATH", "")

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) and data.get("format") == FORMAT else {}

    def good(self, binaries: list[Path]) -> bool:
        """Whether the libraries of ``binaries`` were found good and no file changed since."""
        entry = self._read().get("plugins", {}).get(str(binaries[0]))
        if not isinstance(entry, dict) or entry.get("ld_library_path") != self.library_path:
            return False
        if entry.get("binaries") != [str(b) for b in binaries]:
            return False
        files = entry.get("files")
        return bool(files) and all(_stamp(p) == s for p, s in files.items())

    def remember(self, binaries: list[Path], ldd_lines: Iterable[str]) -> None:
        """Keep the good verdict for ``binaries`` (best effort: a folder that cannot be written
        only means the check runs again next time)."""
        files = {p: _stamp(p) for p in resolved_paths(ldd_lines)}
        files.update({str(b): _stamp(str(b)) for b in binaries})
        data = self._read() or {"format": FORMAT}
        data.setdefault("plugins", {})[str(binaries[0])] = {
            "ld_library_path": self.library_path, "binaries": [str(b) for b in binaries],
            "files": files}
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            temp.unlink(missing_ok=True)
