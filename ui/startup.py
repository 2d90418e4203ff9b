"""Opening the database at start: location check, encryption set-up or unlock, damage check
with an offer to restore the newest good backup, login, and the start/daily backups.

Before the window shows only the fast check runs (the file opens, its schema reads); the
whole-file check and the backups run in the background after (``ui.startup_checks``, issue 15).
Dialogs are imported when needed: most starts show none of them."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

__all__ = ["log_in", "offer_restore", "open_database", "run_startup_backups"]

from ui.context import AppContext
from ui.startup_checks import offer_restore, start_background_checks
from ykt_desktop import APP_TITLE
from ykt_desktop.errors import UserError
from ykt_desktop.recovery import check_location, open_check
from ykt_desktop.security import session as sessions
from ykt_desktop.security.roles import READ_ONLY_ROLES
from ykt_desktop.security.users import has_users
from ykt_desktop.storage import is_encrypted, open_db, set_session


def open_database(path: Path, *, new_file_setup: bool = True,
                  head_later: bool = False) -> sqlite_utils.Database | None:
    """The opened database, or None when the user gave up (a message was shown).
    ``head_later``: the audit head file is checked after the window shows
    (:func:`ui.startup_head.check_head_later`)."""
    try:
        check_location(path)
        key = None
        if new_file_setup and (not path.exists() or path.stat().st_size == 0):
            # lazy: a dialog only some starts show (issue 15)
            from ui.security.encryption_setup import EncryptionSetupDialog

            setup = EncryptionSetupDialog(path)
            if setup.exec() != QDialog.DialogCode.Accepted:
                return None
            key = setup.key
        if is_encrypted(path) and key is None:
            # lazy: a dialog only some starts show (issue 15)
            from ui.security.unlock_db import UnlockDialog

            unlock = UnlockDialog(path)
            if unlock.exec() != QDialog.DialogCode.Accepted:
                return None
            key = unlock.key
        status = open_check(path, key=key)  # the whole file: ui.startup_checks, after the window
        if not status.intact and not offer_restore(status):
            return None
        return open_db(path, key=key, head=not head_later)
    except UserError as exc:
        QMessageBox.critical(None, APP_TITLE, str(exc))
        return None


def log_in(ctx: AppContext) -> bool:
    """Ask for a login when the database has users; False when the user quit."""
    if not has_users(ctx.db):
        return True
    # lazy: a dialog only some starts show (issue 15)
    from ui.security.change_password import ChangePasswordDialog
    from ui.security.login import LoginDialog  # lazy: a dialog only some starts show (issue 15)

    dialog = LoginDialog(ctx.db)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.session is None:
        return False
    session = dialog.session
    if dialog.must_change:
        forced = ChangePasswordDialog(ctx.db, session.username, forced=True)
        if forced.exec() != QDialog.DialogCode.Accepted:
            sessions.detach(ctx.db)
            return False
    set_session(ctx.db, session)        # and on every connection its jobs open
    ctx.user = session.display_name or session.username
    ctx.read_only = session.role in READ_ONLY_ROLES
    return True


def run_startup_backups(window: QWidget, ctx: AppContext) -> None:
    """The whole-file check, then the start and daily backups, in the background (the window
    answers meanwhile; a line in the status bar tells how far)."""
    start_background_checks(window, ctx, backups=True)
