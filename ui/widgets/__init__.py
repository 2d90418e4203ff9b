"""Reusable widgets: signature pad, ID number field, Enter-to-submit, region filter."""
