"""The tamper-evident audit log (hash chain in ``audit_log``; see :mod:`.triggers`).

Imports nothing (a lower floor's package face, ``docs/ARCHITECTURE.md``): importing any of its
modules runs this file first, and a re-export here tied ``security.users`` -> ``audit.verify`` ->
``audit.tamper`` -> ``security.users`` into a circle at run time. Import the modules:
``audit.chain.record``, ``audit.bulk.bulk_load``, ``audit.verify.verify_chain``.
"""
