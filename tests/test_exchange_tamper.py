"""Every kind of damage to a package is refused with the right reason, and nothing is written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from exchange_support import PERIOD, copy_chain, export, make_chain, scalar, send, sibling_of

from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.recipient import RecipientUnknown
from ykt_desktop.exchange.writer import write_package
from ykt_desktop.pki import enrol
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db
from ykt_desktop.unit_keys import ensure_unit_key
from ykt_desktop.unit_setup import init_unit


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exchange-tamper")
    chain = make_chain(folder)
    village = next(iter(chain.villages))
    db = open_db(chain.villages[village])
    unit = {"code": village, "level": "village", "name": "东风村"}
    package = folder / "with-return.ykt"
    run(write_package(db, package, scope_code=village, key=ensure_unit_key(db), period=PERIOD,
                      unit=unit,
                      returns={"报表.pdf": b"%PDF-1.7 signed return", "报表.xlsx": b"PK"}))
    db.close()
    return chain, village, package


def _rewrite(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        members = {name: zin.read(name) for name in zin.namelist()}
        for name, data in change(members).items():
            zout.writestr(name, data)
    return target


def _flip(data: bytes, at: int | None = None) -> bytes:
    buf = bytearray(data)
    buf[len(buf) // 2 if at is None else at] ^= 0x01
    return bytes(buf)


CASES = {
    "data": (lambda m: {**m, "data/persons.jsonl": m["data/persons.jsonl"].replace(
        b'"F"', b'"M"', 1)}, "tampered", "data/persons.jsonl"),
    "return": (lambda m: {**m, "returns/报表.pdf": m["returns/报表.pdf"] + b" "}, "tampered",
               "returns/报表.pdf"),
    "manifest": (lambda m: {**m, "manifest.json": m["manifest.json"].replace(
        PERIOD.encode(), b"2099-01")}, "signature", "manifest.json"),
    "signature": (lambda m: {**m, "manifest.sig": _flip(m["manifest.sig"], -20)}, "signature",
                  "manifest.sig"),
    "extra": (lambda m: {**m, "data/extra.jsonl": b"{}"}, "extra", "data/extra.jsonl"),
    "missing": (lambda m: {k: v for k, v in m.items() if k != "data/cards.jsonl"}, "missing",
                "data/cards.jsonl"),
    "missing-return": (lambda m: {k: v for k, v in m.items() if k != "returns/报表.xlsx"},
                       "missing", "returns/报表.xlsx"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampered_part_is_refused_with_its_reason(setup, tmp_path, case):
    chain, village, package = setup
    change, reason, named = CASES[case]
    bad = _rewrite(package, tmp_path / f"{case}.ykt", change)
    town = chain.townships[chain.parent[village]]
    with pytest.raises(PackageError) as err:
        send(town, bad)
    assert err.value.reason == reason
    assert named in str(err.value)
    assert scalar(town, "SELECT count(*) FROM households") == 0


def test_raw_byte_edits_truncation_and_other_files(setup, tmp_path):
    chain, village, package = setup
    town = chain.townships[chain.parent[village]]
    data = package.read_bytes()
    hexed = tmp_path / "hex.ykt"
    hexed.write_bytes(_flip(data, len(data) // 3))
    with pytest.raises(PackageError) as err:
        send(town, hexed)
    assert err.value.reason in ("tampered", "damaged", "signature")
    cut = tmp_path / "cut.ykt"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(PackageError) as err:
        send(town, cut)
    assert err.value.reason == "damaged"
    text = tmp_path / "notes.ykt"
    text.write_text("不是数据包", encoding="utf-8")
    with pytest.raises(PackageError) as err:
        send(town, text)
    assert err.value.reason == "not_package"
    assert scalar(town, "SELECT count(*) FROM submissions") == 0


def test_wrong_unit_outside_region_and_untrusted(setup, tmp_path):
    chain, village, _ = setup
    chain = copy_chain(chain, tmp_path / "c")
    town = chain.townships[chain.parent[village]]
    sibling = sibling_of(chain, village)
    db = open_db(chain.villages[village])
    claim = tmp_path / "claim.ykt"
    run(write_package(db, claim, scope_code=village, key=ensure_unit_key(db), period=PERIOD,
                      unit={"code": sibling, "level": "village", "name": "南风村"}))
    db.close()
    with pytest.raises(PackageError) as err:
        send(town, claim)
    assert err.value.reason == "wrong_unit"
    elsewhere = next(c for c, t in chain.parent.items() if t != chain.parent[village])
    with pytest.raises(PackageError) as err:
        send(town, export(chain.villages[elsewhere], tmp_path / "elsewhere.ykt", plaintext=True))
    assert err.value.reason == "outside_region"
    with pytest.raises(PackageError) as err:
        send(chain.county, export(chain.villages[village], tmp_path / "skip.ykt",
                                  plaintext=True))
    assert err.value.reason == "outside_region" and "直接下级" in str(err.value)
    lone = open_db(tmp_path / "lone.db")
    init_unit(lone, level="village", code=village[:9] + "299", name="新村")
    lone_cert = enrol.own_certificate_pem(lone)
    lone.close()
    with pytest.raises(RecipientUnknown, match="--no-encrypt"):      # not enrolled: no receiver
        export(tmp_path / "lone.db", tmp_path / "lone.ykt")
    package = export(tmp_path / "lone.db", tmp_path / "lone.ykt", plaintext=True)
    with pytest.raises(PackageError) as err:
        send(town, package)
    assert err.value.reason == "untrusted" and "未登记签名" in str(err.value)
    tdb = open_db(town)
    enrol.trust_key_file(tdb, lone_cert)
    tdb.close()
    result = send(town, package)
    assert result.outcome == "imported" and "核对指纹后信任" in result.signer


def test_replay_of_an_older_package_is_refused(setup, tmp_path):
    chain, village, _ = setup
    chain = copy_chain(chain, tmp_path / "c")
    town = chain.townships[chain.parent[village]]
    old = export(chain.villages[village], tmp_path / "old.ykt")
    new = export(chain.villages[village], tmp_path / "new.ykt")
    assert send(town, new).outcome == "imported"
    with pytest.raises(PackageError) as err:
        send(town, old)
    assert err.value.reason == "older"
    assert send(town, new).outcome == "duplicate"


def test_encrypted_package_opens_only_for_its_recipient(setup, tmp_path):
    chain, village, _ = setup
    chain = copy_chain(chain, tmp_path / "c")
    town = chain.townships[chain.parent[village]]
    from ykt_desktop.exchange.writer import export_package
    from ykt_desktop.pki.certs import load_pem_bundle

    tdb = open_db(town)
    recipient = load_pem_bundle(enrol.own_certificate_pem(tdb), what="证书")[0]
    tdb.close()
    vdb = open_db(chain.villages[village])
    sealed = tmp_path / "sealed.ykt"
    run(export_package(vdb, sealed, period=PERIOD, encrypt_to=recipient))
    vdb.close()
    with zipfile.ZipFile(sealed) as zf:
        assert "data/persons.jsonl" not in zf.namelist()
    other = next(p for c, p in chain.townships.items() if p != town)
    with pytest.raises(PackageError) as err:
        send(other, sealed)
    assert err.value.reason == "encrypted"
    assert send(town, sealed).outcome == "imported"


def test_hostile_zip_is_refused_before_reading(setup, tmp_path):
    chain, village, package = setup
    town = chain.townships[chain.parent[village]]
    bomb = tmp_path / "bomb.ykt"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", b"{}")
        zf.writestr("data/persons.jsonl", b"0" * (50 * 1024 * 1024))
    with pytest.raises(PackageError) as err:
        send(town, bomb)
    assert err.value.reason == "unsafe"
    sneaky = tmp_path / "sneaky.ykt"
    with zipfile.ZipFile(package) as zin, zipfile.ZipFile(sneaky, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, zin.read(name))
        zout.writestr("../evil.txt", b"x")
    with pytest.raises(PackageError) as err:
        send(town, sneaky)
    assert err.value.reason == "unsafe"


def test_signed_but_inconsistent_package_is_refused_whole(setup, tmp_path):
    """A correctly signed package whose rows do not fit together lands not at all."""
    import json

    from ykt_desktop.exchange import cms
    from ykt_desktop.exchange.manifest import Manifest, file_entry

    chain, village, package = setup
    chain = copy_chain(chain, tmp_path / "c")
    town = chain.townships[chain.parent[village]]
    db = open_db(chain.villages[village])
    key = ensure_unit_key(db)
    db.close()

    def change(members):
        rows = members["data/members.jsonl"] + json.dumps(
            ["no-such-household", "110101199001011237", "子", 9]).encode() + b"\n"
        manifest = Manifest.from_bytes(members["manifest.json"])
        manifest.files["data/members.jsonl"] = file_entry(rows)
        body = manifest.to_bytes()
        return {**members, "data/members.jsonl": rows, "manifest.json": body,
                "manifest.sig": cms.sign_detached(body, key)}

    bad = _rewrite(package, tmp_path / "inconsistent.ykt", change)
    with pytest.raises(PackageError) as err:
        send(town, bad)
    assert "前后不一致" in str(err.value)
    assert scalar(town, "SELECT count(*) FROM persons") == 0
    assert scalar(town, "SELECT count(*) FROM submissions") == 0
