"""One module per check rule, each defining ``RULE = Rule(...)``.

A new check is added by dropping a module here (see :mod:`ykt_desktop.checks.registry`);
nothing else needs editing.
"""
