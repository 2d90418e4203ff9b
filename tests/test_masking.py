import pytest

from ykt_desktop import masking
from ykt_desktop.masking import MaskingPolicy


def test_default_id_mask_keeps_first_three_and_last_four():
    assert masking.mask_id("42099919800101001X") == "420" + "*" * 11 + "001X"


def test_card_shows_last_four_only():
    assert masking.mask_card("6228480000000000123") == "*" * 15 + "0123"


def test_phone_middle_hidden():
    assert masking.mask_phone("13912345678") == "139****5678"


def test_empty_values():
    assert masking.mask_id("") == ""
    assert masking.mask_card(None) == ""


def test_short_values_never_shown_whole():
    assert masking.mask_id("1234") != "1234"


def test_policy_round_trip_and_limits(county_db):
    policy = MaskingPolicy(id_head=6, id_tail=4)
    masking.save_policy(county_db, policy)
    assert masking.load_policy(county_db) == policy
    assert masking.mask_id("42099919800101001X", policy) == "420999********001X"
    with pytest.raises(ValueError):
        masking.save_policy(county_db, MaskingPolicy(id_head=10, id_tail=8))
    assert "前6位" in policy.describe()
