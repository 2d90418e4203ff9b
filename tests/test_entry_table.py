"""The keyboard entry table refuses, at class definition, a subclass missing a hook."""

import pytest

from ui.common.entry_table import EntryTable
from ui.households.cards import CardsTab
from ui.households.members import MembersTab
from ui.households.subsidies import SubsidiesTab


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
