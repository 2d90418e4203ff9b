"""The tamper-evident audit log (hash chain in ``audit_log``; see :mod:`.triggers`)."""

from ykt_desktop.audit.bulk import bulk_load
from ykt_desktop.audit.chain import chain_head, record
from ykt_desktop.audit.verify import head_is_ancestor, verify_chain

__all__ = ["bulk_load", "chain_head", "head_is_ancestor", "record", "verify_chain"]
