"""A realistic demo county with injected anomalies and their ground truth (see generator.py)."""
