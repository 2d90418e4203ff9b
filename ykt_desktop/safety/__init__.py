"""Guards against hostile and broken input files (zip bombs, XML entity bombs, lying sheet
dimensions, huge files, non-Excel files with an Excel name, truncated files, formula cells).

Readers call :func:`check_xlsx` (or :func:`check_zip` for zip packages) before handing a file to
a parser; both raise :class:`UnsafeFileError` with a Chinese message naming the file, sheet and
cell.
"""

from ykt_desktop.safety.errors import UnsafeFileError
from ykt_desktop.safety.xlsx_guard import XlsxReport, check_xlsx
from ykt_desktop.safety.zip_guard import ZipLimits, check_zip

__all__ = ["UnsafeFileError", "XlsxReport", "ZipLimits", "check_xlsx", "check_zip"]
