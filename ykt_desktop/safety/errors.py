"""The error of the input guards."""

from __future__ import annotations

from ykt_desktop.errors import UserError


class UnsafeFileError(ValueError, UserError):
    """A file was refused before parsing; the message is Chinese and names the file."""
