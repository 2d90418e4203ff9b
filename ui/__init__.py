"""PySide6 user interface. Pages and dialogs call :mod:`ykt_desktop`; they never run SQL."""
