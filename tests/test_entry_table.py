"""The keyboard entry table refuses, at class definition, a subclass missing a hook."""

import pytest

from ui.dialogs.household_cards import CardsTab
from ui.dialogs.household_members import MembersTab
from ui.dialogs.household_subsidies import SubsidiesTab
from ui.widgets.entry_table import EntryTable


def test_household_tabs_define_every_hook():
    for tab in (CardsTab, MembersTab, SubsidiesTab):
        for hook in EntryTable.HOOKS:
            assert hook in vars(tab), (tab.__name__, hook)


def test_subclass_missing_a_hook_is_refused():
    with pytest.raises(TypeError, match="read_entry"):
        class Incomplete(EntryTable):  # noqa: F841
            def build_fields(self): ...
            def rows(self): return []
            def show_entry(self, row): ...
            def store(self, row, value): ...
            def delete(self, row): return ""
