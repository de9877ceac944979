import sys

from build_scripts.cli import main

if __name__ == "__main__":  # the chart renderer's worker processes re-import this module
    sys.exit(main())
