"""初始设置: the set-up wizard and its pages."""
