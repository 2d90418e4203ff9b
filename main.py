"""一卡通核查 desktop app: ``python main.py [--db PATH] [--demo]``."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
