"""Widgets, models, dialogs and jobs that two features or more use, or that name no feature."""
