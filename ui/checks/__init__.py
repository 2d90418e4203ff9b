"""比对与导入: imports of rosters and lists, the checks and their findings."""
