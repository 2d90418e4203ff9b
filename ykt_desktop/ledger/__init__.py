"""问题台账: issues and their events (issues), the list and its filters (query),
evidence files (evidence), what an issue is about (links). Imports nothing."""
