"""Printable forms: the 一户一表 household form, pre-filled or blank (issue 3)."""
