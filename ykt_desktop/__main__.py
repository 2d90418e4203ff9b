import sys

from ykt_desktop.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):     # a worker process of the bundled CLI (the checks)
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
