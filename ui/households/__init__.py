"""入户核查: the household list, the 一户一表 form and its tabs."""
