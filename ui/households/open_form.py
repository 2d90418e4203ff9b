"""One 一户一表 per household: every place that opens a household's form goes through
:func:`open_household_form`, which brings a form already open for that household to the front
instead of opening a second one (two forms of one household could overwrite each other).
A form is deleted once closed (``WA_DeleteOnClose``): do not keep using it after closing."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from ui.context import AppContext

if TYPE_CHECKING:      # lazy: imported when a form first opens (issue 15: start-up and first visit)
    from ui.households.form import HouseholdFormDialog

# the forms open per application context (one database), by household id
_OPEN: weakref.WeakKeyDictionary[AppContext, dict[int, HouseholdFormDialog]] = (
    weakref.WeakKeyDictionary())


def open_forms(ctx: AppContext) -> dict[int, HouseholdFormDialog]:
    """The household forms open now, by household id (closed ones leave on ``finished``; one
    deleted with its parent is dropped here)."""
    forms = _OPEN.setdefault(ctx, {})
    for hid, form in list(forms.items()):
        if not isValid(form):
            del forms[hid]
    return forms


def open_household_form(ctx: AppContext, household_id: int | None, *,
                        parent: QWidget | None = None, village_code: str = "",
                        group_code: str | None = None) -> HouseholdFormDialog:
    """Open the household's form, or bring its open form to the front; ``None``: a new one."""
    if household_id is not None:
        existing = open_forms(ctx).get(household_id)
        if existing is not None:
            bring_to_front(existing)
            return existing
    # lazy: the form (and what it imports) loads when first opened (issue 15)
    from ui.households.form import HouseholdFormDialog

    dialog = HouseholdFormDialog(ctx, household_id, village_code=village_code,
                                 group_code=group_code, parent=parent)
    # a closed form is freed (~350 widgets), not kept as a hidden child of the page
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if household_id is not None:
        _OPEN[ctx][household_id] = dialog   # before any question below can re-enter
    dialog.saved.connect(lambda hid: _remember(ctx, hid, dialog))
    dialog.finished.connect(lambda _r: _forget(ctx, dialog))
    dialog.finished.connect(dialog.deleteLater)     # accept/reject as well as close
    dialog.offer_draft()
    dialog.show()
    return dialog


def bring_to_front(dialog: HouseholdFormDialog) -> None:
    if dialog.windowState() & Qt.WindowState.WindowMinimized:
        dialog.showNormal()
    dialog.raise_()
    dialog.activateWindow()


def _remember(ctx: AppContext, household_id: int, dialog: HouseholdFormDialog) -> None:
    """A new household's form, once saved, is that household's form."""
    _OPEN.setdefault(ctx, {})[household_id] = dialog


def _forget(ctx: AppContext, dialog: HouseholdFormDialog) -> None:
    forms = _OPEN.get(ctx, {})
    for hid in [h for h, d in forms.items() if d is dialog]:
        del forms[hid]
