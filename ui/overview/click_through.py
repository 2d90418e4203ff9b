"""概览's charts click through to their rows: an area's households, a category's or status's
issues, an area's issues (money), the 工作日程 tab of 抽查与举报."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from ui.common.region_filter import RegionFilter


def _pick(combo: QComboBox, key: str | None) -> None:
    combo.setCurrentIndex(max(0, combo.findData(key)))


def _region(regions: RegionFilter, code: str) -> None:
    if len(code) > 12:                       # a 组 (a village's own database)
        regions.select_village(code[:12])
        _pick(regions.group, code)
    elif not code:                           # 未分组: the whole village
        return
    elif code.endswith("000"):               # a township
        _pick(regions.township, code)
        _pick(regions.village, None)
    else:
        regions.select_village(code)


def open_bar_rows(window: QWidget, chart: str, key: str) -> QWidget | None:
    """Show the page with the rows behind bar ``key`` of ``chart``; returns that page."""
    show = getattr(window, "show_page_by_key", None)
    if show is None:
        return None
    if chart == "progress":
        page = show("households")
        page.tabs.setCurrentIndex(0)
        _region(page.regions, key)
        return page
    if chart == "calendar":
        page = show("campaign")
        tabs = getattr(page, "tabs", None)
        if tabs is not None:
            for i in range(tabs.count()):
                if tabs.tabText(i).startswith("工作日程"):
                    tabs.setCurrentIndex(i)
        calendar = getattr(page, "calendar", None)
        if calendar is not None and key.isdigit():
            calendar.select_deadline(int(key))
        return page
    page = show("ledger")
    for combo in (page.category, page.status):
        _pick(combo, None)
    if chart == "money":
        _region(page.region, key)
    else:                                    # the whole unit
        _pick(page.region.township, None)
        _pick(page.region.village, None)
    if chart == "categories":
        _pick(page.category, key)
    elif chart == "statuses":
        _pick(page.status, key)
    return page
