"""A unit enrolled after its head file was signed (issue 15's round trip found it): the new
certificate is for the same key, so the head file it signed before is still the unit's own,
not 被人改动或替换."""

from __future__ import annotations

from ykt_desktop.audit.head import flush, head_file
from ykt_desktop.audit.verify import verify_chain
from ykt_desktop.exchange.chain_demo import enrol_pair
from ykt_desktop.pki import enrol
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db
from ykt_desktop.unit_keys import ensure_unit_key
from ykt_desktop.unit_setup import init_unit


def test_head_signed_before_enrolment_is_still_ours(tmp_path):
    town = open_db(tmp_path / "town.db")
    init_unit(town, level="township", code="420999100000", name="测试镇")
    village_path = tmp_path / "village.db"
    village = open_db(village_path)
    init_unit(village, level="village", code="420999100200", name="测试村")
    ensure_unit_key(village)
    with village.atomic():
        village.execute("INSERT INTO settings(key, value) VALUES ('probe', '1')")
    flush(village)                       # the head file, signed with the self-signed cert
    assert head_file(village_path).exists()
    village.close()
    county = open_db(tmp_path / "county.db")
    init_unit(county, level="county", code="420999000000", name="测试县")
    enrol.init_root(county)
    enrol_pair(county, town)
    village = open_db(village_path)
    enrol_pair(town, village)            # a certificate issued for the same key
    village.close()
    village = open_db(village_path)      # another connection checks the file's signature
    problems = [p.message for p in run(verify_chain(village)).problems]
    village.close()
    assert problems == []
