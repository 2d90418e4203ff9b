"""Imports of reference lists: payment rosters, death lists, cadre-and-relatives lists.

The steps: :func:`~.preview.preview_file` reads the header (below any title rows) and
suggests a column mapping (names and aliases, or the mapping remembered for this source);
:func:`~.run.check_file` validates every row and reports problems before anything is
written; :func:`~.run.import_file` writes everything in one transaction, or nothing: the kept
check as it is while the file and the database are unchanged, or after checking the file
itself. Both run through the one intake job (:mod:`ykt_desktop.intake`).
"""
