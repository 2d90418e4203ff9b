"""The look: one style sheet, the bundled CJK font, Qt's own Chinese translations."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from ykt_desktop.fonts import CJK_FONT_FILE
from ykt_desktop.paths import resource

STYLE = """
QListWidget#nav { background: #1f3a5f; color: #ffffff; border: none; font-size: 15px;
                 outline: 0; }
QListWidget#nav::item { padding: 10px 14px; }
QListWidget#nav::item:selected { background: #c8102e; color: #ffffff; }
QLabel#pageTitle { font-size: 20px; font-weight: bold; color: #1f3a5f; padding: 4px 0; }
QLabel#emptyState { color: #805b00; background: #fff7e0; border: 1px solid #f0d890;
                    padding: 8px; }
QFrame#tile { background: #f3f6fa; border: 1px solid #d5dde8; border-radius: 4px; }
QLabel#tileValue { font-size: 18px; font-weight: bold; color: #1f3a5f; }
QLabel#error { color: #b00020; }
QLabel#demoBanner { background: #fde8c8; color: #7a3e00; border-bottom: 1px solid #e8b070;
                    padding: 6px 10px; font-weight: bold; }
"""


def apply_style(app: QApplication) -> None:
    family = _load_cjk_font()
    font = QFont(family, 10) if family else app.font()
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLE)
    icon = resource("icons", "app.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    _install_translations(app)


def _load_cjk_font() -> str | None:
    if not CJK_FONT_FILE.exists():
        return None
    font_id = QFontDatabase.addApplicationFont(str(CJK_FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def _install_translations(app: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
        app._qt_translator = translator
    # what qtbase_zh_CN lacks (resources/translations/qt_extra_zh_CN.ts, built with
    # pyside6-lrelease): a plain catalogue, no Python code called for every tr()
    extra = QTranslator(app)
    if extra.load(str(resource("translations", "qt_extra_zh_CN.qm"))):
        app.installTranslator(extra)
        app._qt_extra_translator = extra
