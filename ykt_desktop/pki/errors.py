"""The PKI's user-facing error."""

from __future__ import annotations

from ykt_desktop.errors import UserError


class PkiError(ValueError, UserError):
    """A certificate or request cannot be used; the message is Chinese."""
