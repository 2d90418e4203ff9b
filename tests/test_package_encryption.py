"""Packages are encrypted by default to the unit above (issue 14, item 4)."""

from __future__ import annotations

import re
import zipfile

import pytest

from tests.exchange_support import PERIOD, make_chain, scalar, send
from ykt_desktop.cli import main
from ykt_desktop.exchange.recipient import RecipientUnknown
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("encryption"))


def _id_numbers(path) -> set[str]:
    db = open_db(path)
    try:
        return {r[0] for r in db.execute("SELECT id_number FROM persons WHERE id_number != ''")}
    finally:
        db.close()


def _strings(data: bytes) -> str:
    """What ``strings`` shows: runs of 4+ printable ASCII characters."""
    return "\n".join(m.decode() for m in re.findall(rb"[\x20-\x7e]{4,}", data))


def test_default_package_shows_no_id_number(chain, tmp_path, capsys):
    village = sorted(chain.villages)[0]
    out = tmp_path / "v.ykt"
    assert main(["export-package", "--db", str(chain.villages[village]), "--period", PERIOD,
                 "--out", str(out)]) == 0
    numbers = _id_numbers(chain.villages[village])
    assert len(numbers) > 10
    text = _strings(out.read_bytes())
    assert not [n for n in numbers if n in text]
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["package.p7m", "recipient.json"]
    result = send(chain.townships[chain.parent[village]], out)
    assert result.outcome == "imported"


def test_township_package_opens_at_the_county(chain, tmp_path):
    from tests.exchange_support import export

    town = sorted(chain.townships)[0]
    package = export(chain.townships[town], tmp_path / "t.ykt")
    with zipfile.ZipFile(package) as zf:
        assert "package.p7m" in zf.namelist()
    assert send(chain.county, package).outcome == "imported"
    assert scalar(chain.county, "SELECT count(*) FROM submissions WHERE direction = 'in'") >= 1


def test_plaintext_only_when_asked_with_a_warning(chain, tmp_path, capsys):
    village = sorted(chain.villages)[1]
    out = tmp_path / "plain.ykt"
    assert main(["export-package", "--db", str(chain.villages[village]), "--period", PERIOD,
                 "--out", str(out), "--no-encrypt"]) == 0
    assert "未加密" in capsys.readouterr().err
    with zipfile.ZipFile(out) as zf:
        persons = zf.read("data/persons.jsonl").decode()
    assert any(n in persons for n in _id_numbers(chain.villages[village]))


def test_unknown_receiver_is_refused_in_chinese(tmp_path, capsys):
    from ykt_desktop.exchange.writer import export_package
    from ykt_desktop.unit_setup import init_unit

    db = open_db(tmp_path / "lone.db")
    init_unit(db, level="village", code="420999100299", name="新村")
    with pytest.raises(RecipientUnknown):
        run(export_package(db, tmp_path / "x.ykt", period=PERIOD))
    db.close()
    assert main(["export-package", "--db", str(tmp_path / "lone.db"), "--period", PERIOD,
                 "--out", str(tmp_path / "x.ykt")]) == 2
    assert "--no-encrypt" in capsys.readouterr().err
    assert not (tmp_path / "x.ykt").exists()
