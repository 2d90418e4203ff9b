"""问题台账: the issue list and the issue dialogs."""
