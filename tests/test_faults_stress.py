"""Background counts racing with writes and backups on an encrypted database: no ``hmac check
failed``, no malformed page, every committed write kept (the short version of
bench/stress_encrypted.py; connections are per thread and checked so, YKT_DEBUG=1)."""

from __future__ import annotations

from bench.stress_encrypted import Stress, make_database


def test_counts_and_writes_on_an_encrypted_database(tmp_path):
    handle = make_database(tmp_path / "stress", villages=3, households=40)
    result = Stress(handle, seconds=15, readers=3, seed=4).run()
    assert result["errors"] == []
    assert result["integrity"] == "ok" and result["cipher_integrity"] == []
    assert result["writes"] > 40 and result["reads"] > 40 and result["backups"] >= 1
    assert result["stress_statements"] == result["writes"]
