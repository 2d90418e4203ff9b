"""The PKI's user-facing error."""

from __future__ import annotations

from ykt_desktop.errors import register_user_error


@register_user_error
class PkiError(ValueError):
    """A certificate or request cannot be used; the message is Chinese."""
