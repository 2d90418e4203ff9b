"""The error of the input guards."""

from __future__ import annotations

from ykt_desktop.errors import register_user_error


@register_user_error
class UnsafeFileError(ValueError):
    """A file was refused before parsing; the message is Chinese and names the file."""
