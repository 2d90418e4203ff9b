"""Imports of reference lists: payment rosters, death lists, cadre-and-relatives lists.

The steps: :func:`~.preview.preview_file` reads the header (below any title rows) and
suggests a column mapping (names and aliases, or the mapping remembered for this source);
:func:`~.run.check_file` validates every row and reports problems before anything is
written; :func:`~.run.import_file` validates again and writes everything in one
transaction, or nothing.
"""
