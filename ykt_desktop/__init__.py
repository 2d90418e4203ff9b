"""一卡通核查 core: domain, storage, checks, returns, exchange and security.

This package never imports Qt. Every public function takes the database as its
first argument (a ``sqlite_utils.Database`` opened by :func:`ykt_desktop.storage.open_db`).
"""

__version__ = "0.1.0"
APP_NAME = "ykt-desktop"
APP_TITLE = "一卡通核查"
