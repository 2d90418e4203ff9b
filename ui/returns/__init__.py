"""报表: the returns, their drill-down and signing."""
