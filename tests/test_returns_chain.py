"""A township's signed return verifies at the county through the enrolment chain; a county
that never enrolled it does not trust it."""

from __future__ import annotations

from ykt_desktop.pki import enrol
from ykt_desktop.returns.engine import fill
from ykt_desktop.returns.service import export_return
from ykt_desktop.returns.signing import default_trust_roots, verify_file
from ykt_desktop.returns.template import get_template
from ykt_desktop.storage import open_db
from ykt_desktop.unit_setup import init_unit


def test_enrolled_township_signature_verifies_at_the_county(tmp_path):
    county = open_db(tmp_path / "county.db")
    init_unit(county, level="county", code="420999000000", name="演示县")
    enrol.init_root(county)
    town = open_db(tmp_path / "town.db")
    init_unit(town, level="township", code="420999100000", name="城关镇")
    enrol.install(town, enrol.issue(county, enrol.make_request(town)))
    filled = fill(town, get_template("weibanka_taizhang"), "420999100000", "2025")
    out = tmp_path / "signed.pdf"
    export_return(town, filled, out, sign=True, signer="李四")

    at_county = verify_file(out, default_trust_roots(county))
    assert at_county.ok and at_county.unit == "城关镇" and at_county.signer == "李四"
    assert verify_file(out, default_trust_roots(town)).ok
    stranger = open_db(tmp_path / "other.db")
    init_unit(stranger, level="county", code="420888000000", name="别县")
    assert verify_file(out, default_trust_roots(stranger)).status == "untrusted"
    for db in (county, town, stranger):
        db.close()
