"""One intake pipeline for every file that comes in (issue 13).

Sources: payment rosters, death, cadre and register lists (:mod:`.lists`), packages from a
lower unit (:mod:`.packages`), return files from the upper unit (:mod:`.returns`). Each defines
a read step (the one parse), a check step (no writes; its result is kept) and a write step;
the shared job (:mod:`.job`) owns file identity and duplicate detection (:mod:`.identity`),
the before-import backup (:mod:`.backup_step`), the transaction, the audit pause and the
batch record.
"""
