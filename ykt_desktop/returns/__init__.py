"""Returns (报表): templates as data, filled from the database, checked, exported and signed.

- :mod:`template` loads and validates ``resources/templates/*.json``;
- :mod:`engine` fills rows and cells (:mod:`rows` row sources, :mod:`measures` declared measures);
- :mod:`rules` checks the 勾稽 rules (parsed by :mod:`expr`, never ``eval``);
- :mod:`drill` finds the database rows behind a cell; :mod:`drafts` keeps hand cells;
- :mod:`xlsx_export`, :mod:`pdf_export` write the official look; :mod:`signing` signs (PAdES)
  and verifies.
"""
