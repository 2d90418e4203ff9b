"""The database floor: raw connections (:mod:`.connection`), the SQL functions every connection
carries (:mod:`.functions`) and the handle that opens, migrates and hands out connections
(:mod:`.handle`). Imports only run downward: connection <- schema (migrations, audit triggers)
<- handle <- domain <- commands and ui (``tests/test_layers.py``).

This file imports nothing, so importing ``ykt_desktop.db.connection`` loads nothing above it.
"""
