"""The members of an .xlsx that the reader will open, found the way calamine finds them (review
of issue 14: a sheet at an unusual member escaped the guard's limits).

calamine (python-calamine 0.9, calamine 0.37) takes the workbook's folder from the
``officeDocument`` relationship of ``_rels/.rels`` (``xl/`` when there is none), reads
``<folder>workbook.xml``, ``<folder>_rels/workbook.xml.rels`` and ``<folder>sharedStrings.xml``,
and opens each sheet at ``<folder><Target>`` (``Target`` without its leading ``/`` when it is
absolute), looking every name up without regard to ASCII case and with ``\\`` read as ``/``.
:func:`book_parts` does the same, so the guard's per-sheet limits apply to the very members the
reader opens. Refused: a workbook anywhere but ``xl/`` (Excel and WPS always write
``xl/workbook.xml``), two members whose names differ only in case or slashes (which one the
reader takes is not the guard's to guess) and a workbook or relationship part over
:data:`MAX_SMALL_PART` (they are read whole).
"""

from __future__ import annotations

import posixpath
import zipfile

from ykt_desktop.safety.errors import UnsafeFileError
from ykt_desktop.safety.zip_guard import MB

MAX_SMALL_PART = 16 * MB
SHEET_TYPES = ("worksheet", "chartsheet", "dialogsheet")
OFFICE_DOCUMENT = "/relationships/officeDocument"


def ascii_lower(text: str) -> str:
    """Lower case of ASCII letters only (as Rust's ``to_ascii_lowercase``)."""
    return text.encode("utf-8", "surrogateescape").lower().decode("utf-8", "surrogateescape")


def member_index(infos: list[zipfile.ZipInfo], name: str) -> dict[str, zipfile.ZipInfo]:
    """{ASCII-lowercased name with ``/`` slashes: member}; refuses look-alike duplicates."""
    out: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        key = ascii_lower(info.filename.replace("\\", "/"))
        if key in out:
            raise UnsafeFileError(f"{name}：条目“{info.filename}”和“{out[key].filename}”只差大小写"
                                  f"或斜杠（Excel 不会这样保存），疑似恶意文件，已拒绝")
        out[key] = info
    return out


def lookup(index: dict[str, zipfile.ZipInfo], path: str) -> zipfile.ZipInfo | None:
    return index.get(ascii_lower(path))


def sheet_path(folder: str, target: str) -> str:
    """The path the reader opens for a sheet relationship's ``Target``."""
    return target[1:] if target.startswith("/") else folder + target


def workbook_folder(document_target: str | None, name: str) -> str:
    """``xl/`` from the package relationship's target; any other folder is refused."""
    if document_target is None:
        return "xl/"
    cut = document_target.rfind("/")
    folder = document_target[:cut + 1].removeprefix("/") if cut >= 0 else ""
    if ascii_lower(folder) != "xl/" or posixpath.basename(document_target) == "":
        raise UnsafeFileError(f"{name}：工作簿放在不常见的位置（{document_target}），Excel 和 WPS "
                              f"都保存为 xl/workbook.xml；疑似恶意文件，已拒绝。请在 Excel 中打开后"
                              f"另存为 .xlsx 再导入")
    return folder


def check_small(info: zipfile.ZipInfo | None, name: str) -> None:
    """A part read whole (workbook, relationships) must be small."""
    if info is not None and info.file_size > MAX_SMALL_PART:
        raise UnsafeFileError(f"{name}：{info.filename} 解压后 {info.file_size / MB:,.0f} MB，"
                              f"远大于正常工作簿（上限 {MAX_SMALL_PART // MB} MB），疑似恶意文件，"
                              f"已拒绝")


def is_sheet_type(rel_type: str) -> bool:
    return rel_type.rsplit("/", 1)[-1] in SHEET_TYPES


def office_document(rels_root) -> str | None:
    """The ``Target`` of the package's officeDocument relationship (``_rels/.rels``; the last
    one, as calamine keeps the last)."""
    found = None
    for rel in rels_root.iter() if rels_root is not None else []:
        if local(rel.tag) == "Relationship" and \
                rel.get("Type", "").endswith(OFFICE_DOCUMENT) and rel.get("Target") is not None:
            found = rel.get("Target")
    return found


def local(tag: str) -> str:
    """An element's or attribute's name without its namespace (calamine matches local names)."""
    return tag.rsplit("}", 1)[-1]


def relationships(rels_root) -> dict[str, str]:
    """{Id: Target} of the workbook's sheet relationships (the last of a repeated Id wins)."""
    out: dict[str, str] = {}
    for rel in rels_root.iter() if rels_root is not None else []:
        if local(rel.tag) == "Relationship" and rel.get("Id") is not None:
            out[rel.get("Id")] = rel.get("Target", "") if is_sheet_type(rel.get("Type", "")) \
                else ""
    return out


def sheet_refs(book_root) -> list[tuple[str, str]]:
    """(sheet name, relationship id) of every ``<sheet>`` of workbook.xml."""
    out = []
    for sheet in book_root.iter() if book_root is not None else []:
        if local(sheet.tag) == "sheet":
            rid = ""
            for key, value in sheet.attrib.items():
                if local(key) == "id" or key.endswith(":id"):
                    rid = value
            out.append((sheet.get("name", ""), rid))
    return out
